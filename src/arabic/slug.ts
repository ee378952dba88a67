import { stripHarakat, stripInvisibles, stripTatweel } from './marks.ts';

/** Longest slug, in Unicode code points (not bytes, not UTF-16 units). */
export const MAX_SLUG_LENGTH = 80;

/**
 * Turns a headline or name into a URL slug that keeps Arabic letters.
 *
 * Rules: NFC; harakat, tatweel, zero-width and bidi marks removed; Latin
 * lowercased; every run of characters that are not letters, digits or
 * combining marks (spaces, punctuation, symbols, emoji) becomes one hyphen;
 * at most {@link MAX_SLUG_LENGTH} code points, cut after the last whole word
 * that fits (a single longer word is cut hard). Returns `''` when nothing is
 * left: callers fall back to the id (see {@link slugOrFallback}).
 *
 * @example slugify('عاجل: انقطاع الكهرباء في طرابلس') === 'عاجل-انقطاع-الكهرباء-في-طرابلس'
 */
export function slugify(text: string, maxLength: number = MAX_SLUG_LENGTH): string {
  const cleaned = stripInvisibles(stripTatweel(stripHarakat(text.normalize('NFC')))).toLowerCase();
  // A word starts with a letter or digit; marks that follow emoji (U+FE0F…) are not words.
  const words = cleaned.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
  let slug = '';
  let length = 0;
  for (const word of words) {
    const wordLength = [...word].length;
    const added = slug === '' ? wordLength : wordLength + 1;
    if (length + added > maxLength) {
      if (slug === '') slug = [...word].slice(0, maxLength).join('');
      break;
    }
    slug = slug === '' ? word : `${slug}-${word}`;
    length += added;
  }
  return slug;
}

/** {@link slugify}, or `fallback` (usually the id as text) when that is empty. */
export function slugOrFallback(text: string, fallback: string): string {
  const slug = slugify(text);
  return slug === '' ? fallback : slug;
}

/**
 * Makes `base` unique by appending `-2`, `-3`, … while `taken(candidate)` says
 * it is in use; the suffix is kept inside {@link MAX_SLUG_LENGTH} by trimming
 * the base on a word boundary.
 */
export async function uniqueSlug(base: string, taken: (candidate: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const room = MAX_SLUG_LENGTH - suffix.length;
    const trimmed = [...base].length > room ? slugify(base, room) || [...base].slice(0, room).join('') : base;
    const candidate = `${trimmed}${suffix}`;
    if (!(await taken(candidate))) return candidate;
  }
}
