import type { SiteSettings } from '../content/site-settings.ts';
import { ar, type Messages } from './locales/ar.ts';
import { en } from './locales/en.ts';

const CATALOGUES: Record<string, Messages> = { ar, en };

/** The message catalogue for a BCP 47 locale (by its language; Arabic when unknown). */
export function messagesFor(locale: string): Messages {
  return CATALOGUES[locale.split('-')[0]?.toLowerCase() ?? 'ar'] ?? ar;
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
