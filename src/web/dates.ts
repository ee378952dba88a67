import type { SiteSettings } from '../content/site-settings.ts';
import { intlLocale } from './i18n.ts';

type DateSettings = Pick<SiteSettings, 'locale' | 'digits' | 'calendar' | 'time_zone'>;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

/**
 * The offset of `timeZone` at `date` as `+HH:MM` (from Intl's `longOffset`
 * time-zone name, e.g. `GMT+02:00`; `GMT` alone means `+00:00`).
 */
export function zoneOffset(date: Date, timeZone: string): string {
  const part = formatter('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/u.exec(part ?? '');
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/**
 * Machine-readable instant for `<time datetime>`: ISO 8601 in ASCII digits,
 * as wall time in the site's zone with its offset, e.g. `2023-08-23T02:00:00+02:00`.
 */
export function machineDate(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const parts = Object.fromEntries(
    formatter('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      numberingSystem: 'latn',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${zoneOffset(date, timeZone)}`;
}

/**
 * Human date (and time when `withTime`) in the site's locale, digits, calendar
 * and zone, through Intl. With calendar `both`, the Gregorian date is followed
 * by the Hijri (Umm al-Qura) one.
 */
export function displayDate(iso: string, settings: DateSettings, withTime = false): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = {
    timeZone: settings.time_zone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: 'numeric', minute: '2-digit' } : {}),
  };
  const calendars = settings.calendar === 'both' ? ['gregory', 'islamic-umalqura'] : [settings.calendar];
  return calendars
    .map((calendar, i) => formatter(intlLocale(settings, calendar), i === 0 ? options : { ...options, hour: undefined, minute: undefined }).format(date))
    .join(' — ');
}

/** The year of `iso` in the site's zone, digits and (first) calendar, for the footer. */
export function displayYear(iso: string, settings: DateSettings): string {
  const calendar = settings.calendar === 'both' ? 'gregory' : settings.calendar;
  return formatter(intlLocale(settings, calendar), { year: 'numeric', timeZone: settings.time_zone }).format(new Date(iso));
}
