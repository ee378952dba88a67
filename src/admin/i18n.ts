import { ar, type AdminMessages } from './locales/ar.ts';
import { en } from './locales/en.ts';

const CATALOGUES: Record<string, AdminMessages> = { ar, en };

/** The admin catalogue for a BCP 47 locale (by its language; Arabic when unknown). */
export function adminMessagesFor(locale: string): AdminMessages {
  return CATALOGUES[locale.split('-')[0]?.toLowerCase() ?? 'ar'] ?? ar;
}
