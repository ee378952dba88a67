import { Temporal } from 'temporal-polyfill';
import { invalid } from './errors.ts';

/** Whether Intl knows `tz` as an IANA time zone (e.g. `Africa/Tripoli`). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** ASCII digits for Arabic-Indic (U+0660…) and Persian (U+06F0…) ones, as some keyboards type them. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/gu, (d) => String((d.codePointAt(0) ?? 0) & 0xf));
}

/** What a `<input type="datetime-local">` sends: `YYYY-MM-DDTHH:MM`, optionally `:SS` (a space may stand for `T`). */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/u;

/**
 * The UTC instant (ISO 8601, `…Z`) of a wall-clock date-time as entered in
 * `timeZone`, e.g. `localToUtc('2026-11-29T14:30', 'Africa/Tripoli')` →
 * `2026-11-29T12:30:00.000Z`. Arabic-Indic digits are accepted. A time that
 * does not exist on that day (skipped by a daylight-saving change) moves
 * forward by the gap; one that occurs twice is the earlier instant
 * (Temporal's `compatible` disambiguation, as RFC 5545 does for calendars).
 *
 * @throws JaridaError `VALIDATION` (details `field: 'published_at'`) when the
 *   text is not such a date-time or names no real day (`2026-02-30T10:00`).
 */
export function localToUtc(local: string, timeZone: string, field = 'published_at'): string {
  const text = asciiDigits(local.trim());
  const m = LOCAL_DATE_TIME.exec(text);
  if (!m) throw invalid(`${field} is not a date and time (YYYY-MM-DDTHH:MM): ${JSON.stringify(local)}`, { field });
  let plain: Temporal.PlainDateTime;
  try {
    plain = Temporal.PlainDateTime.from(
      { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: Number(m[6] ?? 0) },
      { overflow: 'reject' },
    );
  } catch {
    throw invalid(`${field} names no real date and time: ${JSON.stringify(local)}`, { field });
  }
  return new Date(plain.toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds).toISOString();
}

/**
 * The wall-clock date-time in `timeZone` of a UTC instant, as a
 * `<input type="datetime-local">` value (`YYYY-MM-DDTHH:MM`, ASCII digits;
 * seconds are dropped). The inverse of {@link localToUtc} for times that
 * exist once.
 */
export function utcToLocal(iso: string, timeZone: string): string {
  const ms = new Date(iso).getTime();
  if (Number.isNaN(ms)) throw new TypeError(`not an instant: ${JSON.stringify(iso)}`);
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}
