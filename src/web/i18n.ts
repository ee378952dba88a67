import type { SiteSettings } from '../content/site-settings.ts';
import { ar, type Messages } from './locales/ar.ts';
import { en } from './locales/en.ts';

const CATALOGUES: Record<string, Messages> = { ar, en };

/** The language served when a locale's own has no strings. */
const FALLBACK_LANGUAGE = 'ar';

/**
 * Languages (BCP 47 primary subtags) that have UI strings: one per locale
 * file of `web/locales/`. The site's locale setting must name one of them,
 * with any region (`ar-LY`, `ar-EG`, `en-GB`: Intl formats dates and numbers
 * by the whole tag, the strings are the language's).
 */
export const UI_LANGUAGES: readonly string[] = Object.freeze(Object.keys(CATALOGUES));

function languageOf(locale: string): string | undefined {
  try {
    return new Intl.Locale(locale).language.toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether `locale` is a well-formed BCP 47 tag whose language has UI strings ({@link UI_LANGUAGES}). */
export function hasUiStrings(locale: string): boolean {
  const language = languageOf(locale);
  return language !== undefined && Object.hasOwn(CATALOGUES, language);
}

/**
 * The language whose strings are served for `locale`: its own when it has
 * strings, else Arabic. Pages take `lang` and `dir` from it, so they never
 * claim a language their strings are not in.
 */
export function uiLanguage(locale: string): string {
  return hasUiStrings(locale) ? (languageOf(locale) as string) : FALLBACK_LANGUAGE;
}

/** The message catalogue for a BCP 47 locale (by its language; Arabic when it has none). */
export function messagesFor(locale: string): Messages {
  return CATALOGUES[uiLanguage(locale)] ?? ar;
}

/** Fills `{name}` placeholders of a message. */
export function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/gu, (m, key: string) => (key in values ? String(values[key]) : m));
}

const locales = new Map<string, string>();

/** The Intl locale of the site: its locale with the digits setting (`-u-nu-`) and `calendar` (`-u-ca-`) as extensions. */
export function intlLocale(settings: Pick<SiteSettings, 'locale' | 'digits'>, calendar?: string): string {
  const key = `${settings.locale}|${settings.digits}|${calendar ?? ''}`;
  let tag = locales.get(key);
  if (tag === undefined) {
    const base = new Intl.Locale(settings.locale);
    tag = new Intl.Locale(base.baseName, { numberingSystem: settings.digits, ...(calendar ? { calendar } : {}) }).toString();
    locales.set(key, tag);
  }
  return tag;
}

/** Writing direction of a locale's script (Arabic, Hebrew, Persian, Urdu: rtl). */
export function directionOf(locale: string): 'rtl' | 'ltr' {
  return /^(ar|fa|he|ur|ps|ckb|dv|yi)(-|$)/iu.test(locale) ? 'rtl' : 'ltr';
}

/** Formats an integer with the site's digits. */
export function formatNumber(n: number, settings: Pick<SiteSettings, 'locale' | 'digits'>): string {
  return new Intl.NumberFormat(intlLocale(settings), { useGrouping: true }).format(n);
}
