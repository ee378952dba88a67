/**
 * Time zones as editors read them: Intl's localized name («توقيت شرق أوروبا
 * الرسمي») with the IANA id (`Africa/Tripoli`) beside it, since many zones
 * share a name and the id is what the settings store.
 */

/** U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE: keeps a Latin id (and its slash) whole inside Arabic text. */
function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

function nameOf(locale: string, timeZone: string, style: 'longGeneric' | 'long'): string | undefined {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(new Date(0)).find((p) => p.type === 'timeZoneName')?.value;
}

/**
 * The localized name of an IANA zone in `locale` (a BCP 47 tag, digits
 * included): the generic name, which does not change with daylight saving
 * time; for zones that have only an offset as generic name (`UTC`), the long
 * one when it is a real name. Undefined for a zone this Node.js does not know.
 */
export function timeZoneName(locale: string, timeZone: string): string | undefined {
  try {
    const generic = nameOf(locale, timeZone, 'longGeneric');
    if (generic !== undefined && !/\p{Nd}/u.test(generic)) return generic;
    const long = nameOf(locale, timeZone, 'long');
    return long !== undefined && !/\p{Nd}/u.test(long) ? long : (generic ?? long);
  } catch {
    return undefined;
  }
}

/** `توقيت شرق أوروبا الرسمي (Africa/Tripoli)`: the localized name and the IANA id, isolated for mixed-direction text. */
export function timeZoneLabel(locale: string, timeZone: string): string {
  const name = timeZoneName(locale, timeZone);
  return name === undefined || name === timeZone ? isolate(timeZone) : `${name} (${isolate(timeZone)})`;
}

const optionCache = new Map<string, ReadonlyArray<readonly [string, string]>>();

/**
 * Every IANA zone this Node.js knows as (id, label) pairs for a select, in
 * the order of the ids (grouped by region), labels from {@link timeZoneLabel}.
 * Computed once per locale.
 */
export function timeZoneOptions(locale: string): ReadonlyArray<readonly [string, string]> {
  let options = optionCache.get(locale);
  if (options === undefined) {
    options = Intl.supportedValuesOf('timeZone').map((zone) => [zone, timeZoneLabel(locale, zone)] as const);
    optionCache.set(locale, options);
  }
  return options;
}
