import { uiLanguage } from '../web/i18n.ts';
import { ar, type AdminMessages } from './locales/ar.ts';
import { en } from './locales/en.ts';

const CATALOGUES: Record<string, AdminMessages> = { ar, en };

/**
 * The language whose back-office strings are served for a BCP 47 locale:
 * the site's UI language when the back office has strings for it, else
 * Arabic. Admin pages take `lang` and `dir` from it.
 */
export function adminLanguage(locale: string): string {
  const language = uiLanguage(locale);
  return Object.hasOwn(CATALOGUES, language) ? language : 'ar';
}

/** The admin catalogue for a BCP 47 locale (see {@link adminLanguage}). */
export function adminMessagesFor(locale: string): AdminMessages {
  return CATALOGUES[adminLanguage(locale)] ?? ar;
}
