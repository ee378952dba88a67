import { escapeHtml } from '@kitajs/html';
import { analyze } from '../arabic/analyzer.ts';
import type { ParsedQuery } from './query.ts';

/** A passage of an article's text around the query's words. */
export interface Snippet {
  /** The passage, cut from the original text (harakat as written). */
  text: string;
  /** Matched words as `[start, end)` UTF-16 offsets into `text`, ascending. */
  highlights: Array<[number, number]>;
  /** Whether text was cut before / after the passage. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** Longest snippet, in UTF-16 units. */
export const SNIPPET_LENGTH = 220;
/** Words of context kept before the first match of a window. */
const LEAD_WORDS = 6;

/**
 * Picks the passage of `text` that holds the most distinct query words
 * (then the most matches, then the earliest), at most `maxLength` long.
 * Cuts fall on word boundaries taken from the tokenizer's offsets, so a
 * snippet never splits a word, a grapheme cluster or an emoji. A word matches
 * when its normalized form or its light stem is the query's, so `الرئيس`
 * highlights `الرَّئِيسُ`. Without a match, the text's opening is returned.
 */
export function makeSnippet(text: string, query: ParsedQuery, maxLength = SNIPPET_LENGTH): Snippet {
  const tokens = analyze(text);
  if (tokens.length === 0) return { text: '', highlights: [], cutStart: false, cutEnd: false };
  const norms = new Set(query.terms.map((t) => t.norm));
  const stems = new Set(query.terms.map((t) => t.stem));
  for (const phrase of query.phrases) for (const w of phrase) norms.add(w);
  const matchKey = tokens.map((t) => (stems.has(t.stem) ? t.stem : norms.has(t.norm) ? t.norm : null));

  let best = { from: 0, to: 0, distinct: -1, count: -1 };
  const candidates = matchKey.flatMap((k, i) => (k === null ? [] : [i])).slice(0, 300);
  if (candidates.length === 0) candidates.push(0);
  for (const i of candidates) {
    const from = Math.max(0, i - LEAD_WORDS);
    const start = tokens[from]?.start ?? 0;
    let to = from;
    while (to + 1 < tokens.length && (tokens[to + 1]?.end ?? 0) - start <= maxLength) to++;
    const keys = matchKey.slice(from, to + 1).filter((k): k is string => k !== null);
    const distinct = new Set(keys).size;
    if (distinct > best.distinct || (distinct === best.distinct && keys.length > best.count)) {
      best = { from, to, distinct, count: keys.length };
    }
  }
  const start = tokens[best.from]?.start ?? 0;
  const end = tokens[best.to]?.end ?? text.length;
  const highlights: Array<[number, number]> = [];
  for (let i = best.from; i <= best.to; i++) {
    const t = tokens[i];
    if (t && matchKey[i] !== null) highlights.push([t.start - start, t.end - start]);
  }
  return { text: text.slice(start, end), highlights, cutStart: start > 0, cutEnd: end < text.trimEnd().length };
}

/** A snippet as HTML: text escaped, matches in `<mark>`, `…` where text was cut. */
export function snippetHtml(s: Snippet): string {
  let out = s.cutStart ? '…' : '';
  let at = 0;
  for (const [from, to] of s.highlights) {
    out += `${escapeHtml(s.text.slice(at, from))}<mark>${escapeHtml(s.text.slice(from, to))}</mark>`;
    at = to;
  }
  out += escapeHtml(s.text.slice(at));
  return s.cutEnd ? `${out}…` : out;
}
