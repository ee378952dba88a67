import { normalizeArabic } from './normalize.ts';

/** A word of a text, with its place in that text. */
export interface Token {
  /** UTF-16 offset of the first unit of the word in the original text. */
  start: number;
  /** UTF-16 offset just past the word: `text.slice(start, end) === raw`. */
  end: number;
  /** original slice */
  raw: string;
  /**
   * normalizeArabic(raw). In the rare case where NFKC turns one compatibility
   * character into several words (ﷺ → صلى الله عليه وسلم, ⑴ → (1)), each of
   * those words is a token of its own, all with the span of the original word.
   * Holds only letters, digits and combining marks: no space, punctuation or
   * invisible character.
   */
  norm: string;
}

/** Not part of a word: spaces, punctuation, symbols, emoji, ZWSP, unpaired surrogates. */
const SEPARATOR = 0;
/** Starts or continues a word: \p{L} (tatweel included, it is Lm) and \p{N}. */
const WORD = 1;
/** Continues a word, also at its end: combining marks \p{M} (harakat, shadda, U+FE0F…). */
const MARK = 2;
/**
 * Continues a word only when more of the word follows: format characters
 * \p{Cf} other than U+200B (ZWJ, ZWNJ, bidi marks, soft hyphen, U+FEFF), which
 * Unicode's word-boundary rules ignore inside a word (UAX #29, rule WB4).
 * ZERO WIDTH SPACE is a word boundary by definition (UAX #29 excludes it from Format).
 */
const FORMAT = 3;
/** High surrogate: classify the astral code point. */
const HIGH = 4;

const CLASS = new Uint8Array(0x10000);
{
  const word = /[\p{L}\p{N}]/u;
  const mark = /\p{M}/u;
  const format = /\p{Cf}/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) {
      CLASS[c] = c <= 0xdbff ? HIGH : SEPARATOR;
      continue;
    }
    if (c < 0x80) {
      CLASS[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? WORD : SEPARATOR;
      continue;
    }
    const ch = String.fromCharCode(c);
    CLASS[c] = word.test(ch) ? WORD : mark.test(ch) ? MARK : format.test(ch) && c !== 0x200b ? FORMAT : SEPARATOR;
  }
}

const ASTRAL_CLASS = /^(?:([\p{L}\p{N}])|(\p{M})|(\p{Cf}))$/u;
/** Astral code points seen so far (letters of historic scripts, math alphanumerics, emoji…). */
const astralCache = new Map<number, number>();

function astralClass(text: string, i: number): number {
  const cp = text.codePointAt(i)!;
  let cls = astralCache.get(cp);
  if (cls === undefined) {
    const m = ASTRAL_CLASS.exec(String.fromCodePoint(cp));
    cls = m === null ? SEPARATOR : m[1] !== undefined ? WORD : m[2] !== undefined ? MARK : FORMAT;
    if (astralCache.size < 4096) astralCache.set(cp, cls);
  }
  return cls;
}

/** Class of the code point at `i` and its length in units (2 for a valid surrogate pair). */
function classAt(text: string, i: number, c: number): number {
  const cls = CLASS[c]!;
  if (cls !== HIGH) return cls;
  const lo = text.charCodeAt(i + 1);
  if (!(lo >= 0xdc00 && lo <= 0xdfff)) return SEPARATOR; // unpaired high surrogate
  return astralClass(text, i);
}

/** Receives each word of a text (see {@link scanWords}). */
export type WordSink = (start: number, end: number, raw: string, norm: string) => void;

/**
 * Splits `norm` (a normalized word that NFKC expanded into several words) on
 * separators and passes each piece on.
 */
function emitPieces(start: number, end: number, raw: string, norm: string, sink: WordSink): void {
  let from = -1;
  for (let i = 0; i <= norm.length; i++) {
    let cls = SEPARATOR;
    let width = 1;
    if (i < norm.length) {
      const c = norm.charCodeAt(i);
      cls = classAt(norm, i, c);
      if (CLASS[c] === HIGH && cls !== SEPARATOR) width = 2;
    }
    if (cls === SEPARATOR || cls === FORMAT) {
      if (from >= 0) sink(start, end, raw, norm.slice(from, i));
      from = -1;
    } else if (from < 0) {
      from = i;
    }
    i += width - 1;
  }
}

/** Whether every unit of `norm` is part of a word (the common case: no NFKC expansion). */
function isOneWord(norm: string): boolean {
  for (let i = 0; i < norm.length; i++) {
    const cls = CLASS[norm.charCodeAt(i)]!;
    if (cls === SEPARATOR || cls === FORMAT) return false;
    if (cls === HIGH) return false; // astral: let emitPieces check it properly
  }
  return true;
}

/**
 * Calls `sink` for each word of `text`, in order; the building block of
 * {@link tokenize} and the analyzer (no token objects are made here).
 *
 * A word is a maximal run that starts with a letter or digit (\p{L}, \p{N})
 * and goes on over letters, digits, combining marks (\p{M}: harakat never
 * split a word, `الشَّعب` is one word) and tatweel; zero-width joiners and
 * non-joiners, bidi marks and other format characters are taken in only
 * between two parts of the word (UAX #29, rule WB4), never at its ends.
 * Everything else separates words: spaces, punctuation, `_`, symbols, emoji
 * (🇱🇾, 👨‍👩‍👧), ZERO WIDTH SPACE. Words whose normalized form is empty
 * (a lone tatweel) are skipped. One pass over the UTF-16 units with a
 * precomputed class table; offsets are into `text` as given.
 */
export function scanWords(text: string, sink: WordSink): void {
  const n = text.length;
  let start = -1;
  let end = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let cls = CLASS[c]!;
    let width = 1;
    if (cls === HIGH) {
      cls = classAt(text, i, c);
      if (cls !== SEPARATOR) width = 2;
    }
    if (start < 0) {
      if (cls === WORD) {
        start = i;
        end = i + width;
      }
    } else if (cls === WORD || cls === MARK) {
      end = i + width;
    } else if (cls === SEPARATOR) {
      emit(text, start, end, sink);
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) emit(text, start, end, sink);
}

function emit(text: string, start: number, end: number, sink: WordSink): void {
  const raw = text.slice(start, end);
  const norm = normalizeArabic(raw);
  if (norm === '') return;
  if (isOneWord(norm)) sink(start, end, raw, norm);
  else emitPieces(start, end, raw, norm, sink);
}

/**
 * Splits `text` into words with their offsets in `text` (UTF-16 units, so
 * `text.slice(t.start, t.end) === t.raw`) and their normalized form; see
 * {@link scanWords} for what a word is.
 *
 * @example tokenize('الشَّعب يريد')[0] // { start: 0, end: 7, raw: 'الشَّعب', norm: 'الشعب' }
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWords(text, (start, end, raw, norm) => {
    tokens.push({ start, end, raw, norm });
  });
  return tokens;
}
