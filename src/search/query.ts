import { analyze } from '../arabic/analyzer.ts';
import { isStopword } from './stopwords.ts';

/** One query word: its normalized form (exact matches) and its light stem (recall). */
export interface QueryTerm {
  norm: string;
  stem: string;
}

/** A user query after analysis. Terms and phrases hold only letters and digits. */
export interface ParsedQuery {
  /** Words to find, stopwords removed (unless the query has nothing else), at most {@link MAX_TERMS}. */
  terms: QueryTerm[];
  /** Quoted phrases, as normalized words in order (each at least two words). */
  phrases: string[][];
}

/** Longest query text looked at, in UTF-16 units; the rest is ignored. */
export const MAX_QUERY_LENGTH = 1000;
/** Most terms taken from one query. */
export const MAX_TERMS = 24;

/** Quotes a reader may type around a phrase: ASCII, curly and Arabic guillemets. */
const PHRASE = /["“”«»]([^"“”«»]*)["“”«»]/gu;

/**
 * Parses what a reader typed into terms and phrases. Never throws: empty,
 * punctuation-only, FTS syntax, lone surrogates or harakat-only input give an
 * empty query. Terms are analyzed as documents are (normalize, light stem), so
 * `الشَّعب` finds `الشعب` and `بدمج` finds `دمج`.
 */
export function parseQuery(raw: string): ParsedQuery {
  // Lone surrogates would not survive encoding; a cut at the limit must not leave one either.
  const text = raw.slice(0, MAX_QUERY_LENGTH).toWellFormed();
  const phrases: string[][] = [];
  const rest = text.replace(PHRASE, (_, inner: string) => {
    const words = analyze(inner).map((t) => t.norm);
    if (words.length >= 2) phrases.push(words);
    return ` ${inner} `;
  });
  const seen = new Set<string>();
  const all: QueryTerm[] = [];
  for (const token of analyze(rest)) {
    if (seen.has(token.stem)) continue;
    seen.add(token.stem);
    all.push({ norm: token.norm, stem: token.stem });
  }
  const content = all.filter((t) => !isStopword(t.norm));
  return { terms: (content.length > 0 ? content : all).slice(0, MAX_TERMS), phrases: phrases.slice(0, 4) };
}

/** Whether the query holds anything to look for. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.terms.length === 0 && q.phrases.length === 0;
}
