import { z } from 'zod';
import { isTimeZone } from '../core/time-zone.ts';
// The languages that have UI strings are the locale files of the reader site (web/locales).
import { hasUiStrings } from '../web/i18n.ts';

/** Numbering system for dates and counts on the site (a setting, not a side effect of the locale). */
export const DIGITS = ['latn', 'arab'] as const;
/** What feed items carry: the article's whole body, or only its excerpt. */
export const FEED_CONTENT = ['full', 'excerpt'] as const;
/** Calendars shown in datelines: Gregorian, Hijri (Umm al-Qura), or both side by side. */
export const CALENDARS = ['gregory', 'islamic-umalqura', 'both'] as const;

/** A well-formed BCP 47 tag whose language has UI strings (`ar-LY`, `ar-EG`, `en-GB`; never `fr` over Arabic strings). */
function isUiLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1 && hasUiStrings(tag);
  } catch {
    return false;
  }
}

/** Schema of the site settings (stored in the database, editable later in the admin). */
export const siteSettingsSchema = z.object({
  site_name: z.string().trim().min(1).max(120),
  tagline: z.string().max(200),
  /** BCP 47 tag used with Intl, e.g. `ar-LY`; its language must have UI strings (`UI_LANGUAGES` of `web/i18n.ts`). */
  locale: z.string().refine(isUiLocale, 'not a BCP 47 tag of a language with UI strings'),
  digits: z.enum(DIGITS),
  calendar: z.enum(CALENDARS),
  /** IANA zone in which dates are shown and entered, e.g. `Africa/Tripoli`. */
  time_zone: z.string().refine(isTimeZone, 'not an IANA time zone'),
  copyright_holder: z.string().trim().min(1).max(200),
  /** What feed items carry: the whole body (`full`) or only the excerpt (`excerpt`). */
  feed_content: z.enum(FEED_CONTENT),
  /**
   * The publisher's logo for structured data, feeds and share cards: a site
   * path (`/assets/logo.png`) or an absolute http(s) URL; PNG or JPEG, at
   * least 112×112 px (Google's structured-data guidelines for logos).
   */
  logo_url: z.string().trim().regex(/^(\/(?!\/)|https?:\/\/)\S+$/u, 'a site path or an http(s) URL').max(2000),
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
  feed_content: 'full',
  logo_url: '/assets/logo.png',
});

/**
 * The settings of a site from what is stored (any keys, possibly written by
 * an older version) over the defaults, validated. A stored locale whose
 * language has no UI strings (accepted before the check existed) gives way to
 * the default locale instead of stopping the site: its pages were served in
 * the default's strings anyway.
 * @throws ZodError when another stored value is invalid.
 */
export function storedSiteSettings(stored: Record<string, unknown>): SiteSettings {
  const merged: Record<string, unknown> = { ...DEFAULT_SITE_SETTINGS, ...stored };
  if (typeof merged.locale !== 'string' || !isUiLocale(merged.locale)) merged.locale = DEFAULT_SITE_SETTINGS.locale;
  return siteSettingsSchema.parse(merged);
}
