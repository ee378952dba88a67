/**
 * Arabic marks that carry no lexical identity for URLs and matching.
 *
 * Ranges follow the Unicode Arabic block: harakat and Quranic annotation marks
 * U+064B–U+065F, superscript alef U+0670, honorific signs U+0610–U+061A, and
 * Quranic marks U+06D6–U+06ED (the same ranges Lucene's ArabicNormalizer and
 * ICU's Arabic transliterator treat as diacritics). Tatweel U+0640 is only a
 * stretching glyph. Removing these from precomposed text never touches hamza
 * (أ إ ؤ ئ are single code points in NFC), which is why callers must NFC first
 * and never decompose.
 */
const HARAKAT = '\\u064B-\\u065F\\u0670\\u0610-\\u061A\\u06D6-\\u06ED';
const TATWEEL = '\\u0640';
/** Zero-width characters and bidi controls (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+FEFF). */
const INVISIBLES = '\\u200B-\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFEFF';

const HARAKAT_RE = new RegExp(`[${HARAKAT}]`, 'gu');
const TATWEEL_RE = new RegExp(`[${TATWEEL}]`, 'gu');
const INVISIBLES_RE = new RegExp(`[${INVISIBLES}]`, 'gu');

/** Removes harakat and Quranic marks (see module doc for the ranges). */
export function stripHarakat(text: string): string {
  return text.replace(HARAKAT_RE, '');
}

/** Removes tatweel (kashida), U+0640. */
export function stripTatweel(text: string): string {
  return text.replace(TATWEEL_RE, '');
}

/** Removes zero-width characters and bidi control marks. */
export function stripInvisibles(text: string): string {
  return text.replace(INVISIBLES_RE, '');
}
