import { ARTICLE_PREFIXES, lightStem } from './stem.ts';
import { scanWords, type Token } from './tokenize.ts';

/** A token with its light stem. */
export interface AnalyzedToken extends Token {
  /** lightStem(norm): what the search index holds for recall. */
  stem: string;
}

/** Most stems remembered; words follow Zipf's law, so a small cache catches most tokens. */
const STEM_CACHE_SIZE = 50_000;
const stemCache = new Map<string, string>();

/** lightStem, remembered: the same words recur in every article. */
function stemOf(norm: string): string {
  let stem = stemCache.get(norm);
  if (stem === undefined) {
    stem = lightStem(norm);
    // Dropping everything at once is crude but keeps the cache O(1) and bounded.
    if (stemCache.size >= STEM_CACHE_SIZE) stemCache.clear();
    stemCache.set(norm, stem);
  }
  return stem;
}

/**
 * Tokenizes, normalizes and light-stems `text`: the analysis shared by
 * indexing and querying (see `tokenize`, `normalizeArabic`, `lightStem`).
 */
export function analyze(text: string): AnalyzedToken[] {
  const tokens: AnalyzedToken[] = [];
  scanWords(text, (start, end, raw, norm) => {
    tokens.push({ start, end, raw, norm, stem: stemOf(norm) });
  });
  return tokens;
}

/**
 * The stems of `text`'s words in order, for the search index: joined with
 * spaces they form one token per term for SQLite FTS5 `tokenize="ascii"` or
 * PostgreSQL `'simple'`, since a term holds only letters, digits and marks
 * (no space, no ASCII punctuation).
 */
export function stemmedTerms(text: string): string[] {
  const terms: string[] = [];
  scanWords(text, (_start, _end, _raw, norm) => {
    terms.push(stemOf(norm));
  });
  return terms;
}

/** The normalized (unstemmed) words of `text` in order; same guarantees as {@link stemmedTerms}. */
export function normalizedTerms(text: string): string[] {
  const terms: string[] = [];
  scanWords(text, (_start, _end, _raw, norm) => {
    terms.push(norm);
  });
  return terms;
}

/**
 * Proclitics removed from the word being typed: a conjunction و/ف and/or a
 * preposition ب/ك/ل before the article, or the article alone: the stemmer's
 * article prefixes (light10's as in Lucene's ArabicStemmer, plus the
 * combinations), longest first.
 */
const PREFIX_PROCLITICS: readonly string[] = ARTICLE_PREFIXES.map((p) => p.text);

/**
 * The term to prefix-match for the last, unfinished word of a query
 * (suggestions as you type): its normalized form without a leading article
 * combination (و/ف/ب/ك/ل + ال, or ال alone) when at least two letters remain.
 * Not stemmed: the start of a word is not a word, and stemming it would cut
 * letters the reader is still typing. Empty when `lastWordOfQuery` holds no
 * word; when it holds several, the last is used.
 *
 * @example prefixTerm('والبنغ') === 'بنغ'; prefixTerm('بنغ') === 'بنغ'; prefixTerm('ال') === 'ال'
 */
export function prefixTerm(lastWordOfQuery: string): string {
  let last = '';
  scanWords(lastWordOfQuery, (_start, _end, _raw, norm) => {
    last = norm;
  });
  for (const proclitic of PREFIX_PROCLITICS) {
    if (last.length >= proclitic.length + 2 && last.startsWith(proclitic)) return last.slice(proclitic.length);
  }
  return last;
}
