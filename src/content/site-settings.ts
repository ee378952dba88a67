import { z } from 'zod';
import { isTimeZone } from '../core/time-zone.ts';

/** Numbering system for dates and counts on the site (a setting, not a side effect of the locale). */
export const DIGITS = ['latn', 'arab'] as const;
/** Calendars shown in datelines: Gregorian, Hijri (Umm al-Qura), or both side by side. */
export const CALENDARS = ['gregory', 'islamic-umalqura', 'both'] as const;

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** Schema of the site settings (stored in the database, editable later in the admin). */
export const siteSettingsSchema = z.object({
  site_name: z.string().trim().min(1).max(120),
  tagline: z.string().max(200),
  /** BCP 47 tag used with Intl, e.g. `ar-LY`. */
  locale: z.string().refine(isLocale, 'not a BCP 47 locale tag'),
  digits: z.enum(DIGITS),
  calendar: z.enum(CALENDARS),
  /** IANA zone in which dates are shown and entered, e.g. `Africa/Tripoli`. */
  time_zone: z.string().refine(isTimeZone, 'not an IANA time zone'),
  copyright_holder: z.string().trim().min(1).max(200),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

/** Settings of a new site. */
export const DEFAULT_SITE_SETTINGS: Readonly<SiteSettings> = Object.freeze({
  site_name: 'جريدة',
  tagline: 'أخبار ليبيا والعالم',
  locale: 'ar-LY',
  digits: 'latn',
  calendar: 'gregory',
  time_zone: 'Africa/Tripoli',
  copyright_holder: 'جريدة',
});
