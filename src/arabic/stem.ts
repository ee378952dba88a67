import { FUNCTION_WORDS, NAME_FORMS, RADICAL_INITIAL } from './lexicon.ts';

const ALEF = 0x0627;
const BEH = 0x0628;
const FEH = 0x0641;
const KAF = 0x0643;
const LAM = 0x0644;
const WAW = 0x0648;

/** Proclitic layers still possible in front of a word: a conjunction, then a preposition (then the article, always possible). */
const CONJUNCTION = 1;
const PREPOSITION = 2;
const ALL_LAYERS = CONJUNCTION | PREPOSITION;

/**
 * Article prefixes, tried longest first; one is removed when at least two
 * letters remain. The list of Larkey, Ballesteros & Connell 2007 (light10) as
 * in Lucene's ArabicStemmer (ال وال بال كال فال لل), extended with the
 * conjunction + preposition + article combinations وبال فبال وكال فكال ولل فلل.
 * The length rule is Lucene's `startsWithCheckLength` (len ≥ prefix + 2).
 * `layers`: the proclitic layers the prefix uses besides the article.
 */
export const ARTICLE_PREFIXES: ReadonlyArray<{ readonly text: string; readonly layers: number }> = [
  { text: 'وبال', layers: CONJUNCTION | PREPOSITION },
  { text: 'فبال', layers: CONJUNCTION | PREPOSITION },
  { text: 'وكال', layers: CONJUNCTION | PREPOSITION },
  { text: 'فكال', layers: CONJUNCTION | PREPOSITION },
  { text: 'ولل', layers: CONJUNCTION | PREPOSITION },
  { text: 'فلل', layers: CONJUNCTION | PREPOSITION },
  { text: 'وال', layers: CONJUNCTION },
  { text: 'فال', layers: CONJUNCTION },
  { text: 'بال', layers: PREPOSITION },
  { text: 'كال', layers: PREPOSITION },
  { text: 'لل', layers: PREPOSITION },
  { text: 'ال', layers: 0 },
];

/** {@link ARTICLE_PREFIXES} by their first letter (ا و ف ب ك ل), longest first. */
const ARTICLES_BY_FIRST = new Map<number, Array<{ readonly text: string; readonly layers: number }>>();
for (const prefix of ARTICLE_PREFIXES) {
  const first = prefix.text.charCodeAt(0);
  const list = ARTICLES_BY_FIRST.get(first) ?? [];
  list.push(prefix);
  ARTICLES_BY_FIRST.set(first, list);
}

/**
 * Suffixes, each removed at most once, in this order, when at least two
 * letters remain: light10's list as in Lucene's ArabicStemmer (ها ان ات ون ين
 * يه ية ه ة ي, same order, same `endsWithCheckLength` rule len ≥ suffix + 2),
 * written after normalization, where ة is already ه (so ية is يه and ة is ه).
 * Like Lucene this is one ordered pass, so البلديات loses ات then ي: بلد.
 */
export const SUFFIXES: readonly string[] = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/** {@link SUFFIXES} as [before-last, last] letter codes (0 for one-letter suffixes). */
const SUFFIX_CODES: ReadonlyArray<readonly [number, number]> = SUFFIXES.map((s) => (s.length === 2 ? [s.charCodeAt(0), s.charCodeAt(1)] : [0, s.charCodeAt(0)]));

/** Shortest stem a single-letter proclitic may leave (see {@link stemFrom}). */
const MIN_STEM_AFTER_PROCLITIC = 3;

const TEH = 0x062a;
const HEH = 0x0647;

/**
 * End of `w[start, end)` after light10 suffix removal (see {@link SUFFIXES}),
 * plus one extension: a teh marbuta written ت before the possessive ه / ها
 * goes with them (حكومته → حكوم as حكومة → حكوم; سياراتها → سيار as سيارات),
 * when at least three letters remain (بيته and وقتها keep their ت).
 */
function suffixEnd(w: string, start: number, end: number): number {
  let possessive = false;
  for (const [before, last] of SUFFIX_CODES) {
    const len = end - start;
    if (before === 0) {
      if (len >= 3 && w.charCodeAt(end - 1) === last) {
        possessive ||= last === HEH;
        end -= 1;
      }
    } else if (len >= 4 && w.charCodeAt(end - 1) === last && w.charCodeAt(end - 2) === before) {
      possessive ||= before === HEH;
      end -= 2;
    }
  }
  if (possessive && w.charCodeAt(end - 1) === TEH) {
    if (w.charCodeAt(end - 2) === ALEF && end - 2 - start >= 3) end -= 2;
    else if (end - 1 - start >= 3) end -= 1;
  }
  return end;
}

/** Light10 suffix removal on a whole word (see {@link SUFFIXES}). */
export function stripSuffixes(word: string): string {
  const end = suffixEnd(word, 0, word.length);
  return end === word.length ? word : word.slice(0, end);
}

/**
 * Cheap pre-check for lexicon look-ups: which (first letter, last letter,
 * length) combinations occur in the lexicon (bit 1: a name form, bit 2: a
 * function word), so most words skip building a substring and hashing it.
 */
const LEXICON_SHAPES = new Uint8Array(64 * 64 * 32);
const NAME_BIT = 1;
const FUNCTION_BIT = 2;
function shapeIndex(first: number, last: number, length: number): number {
  const f = first >= 0x0620 && first < 0x0660 ? first - 0x0620 : 63;
  const l = last >= 0x0620 && last < 0x0660 ? last - 0x0620 : 63;
  return (f * 64 + l) * 32 + (length < 31 ? length : 31);
}
for (const form of NAME_FORMS.keys()) LEXICON_SHAPES[shapeIndex(form.charCodeAt(0), form.charCodeAt(form.length - 1), form.length)]! |= NAME_BIT;
for (const word of FUNCTION_WORDS) LEXICON_SHAPES[shapeIndex(word.charCodeAt(0), word.charCodeAt(word.length - 1), word.length)]! |= FUNCTION_BIT;

/** Lexicon bits that `w.slice(start)` (preceded by `first` instead of `w[start]` when given) may have. */
function shapeBits(w: string, start: number, first: number = w.charCodeAt(start)): number {
  return LEXICON_SHAPES[shapeIndex(first, w.charCodeAt(w.length - 1), w.length - start)]!;
}

function isPreposition(c: number): boolean {
  return c === BEH || c === KAF || c === LAM;
}

/**
 * Lexicon look-up of `w.slice(start)` as written or behind its proclitics
 * (only those `layers` still allow):
 * - names and country forms (`NAME_FORMS`) behind a conjunction و/ف and a
 *   preposition ب/ك/ل (وبطرابلس, وللّيبيين; لليمن is ل + اليمن with the
 *   article's alef dropped);
 * - function words (`FUNCTION_WORDS`) as written or behind و (وفي → في),
 *   never behind ف or a preposition, where a look-alike is more often a word
 *   of its own (فعلي "actual" is not ف + على, لبين is not ل + بين).
 */
function lookUp(w: string, start: number, layers: number): string | undefined {
  const length = w.length - start;
  const bits = shapeBits(w, start);
  if (bits !== 0) {
    const word = start === 0 ? w : w.slice(start);
    if (bits & NAME_BIT) {
      const found = NAME_FORMS.get(word);
      if (found !== undefined) return found;
    }
    if (bits & FUNCTION_BIT && layers & PREPOSITION && FUNCTION_WORDS.has(word)) return word;
  }
  let i = start;
  const c0 = w.charCodeAt(start);
  if (layers & CONJUNCTION && (c0 === WAW || c0 === FEH)) {
    if (length < 3) return undefined;
    i = start + 1;
    const restBits = shapeBits(w, i);
    if (restBits !== 0) {
      const rest = w.slice(i);
      if (restBits & NAME_BIT) {
        const found = NAME_FORMS.get(rest);
        if (found !== undefined) return found;
      }
      if (restBits & FUNCTION_BIT && c0 === WAW && FUNCTION_WORDS.has(rest)) return rest;
    }
  }
  const c = w.charCodeAt(i);
  if (layers & PREPOSITION && isPreposition(c) && w.length - i >= 3) {
    if (shapeBits(w, i + 1) & NAME_BIT) {
      const found = NAME_FORMS.get(w.slice(i + 1));
      if (found !== undefined) return found;
    }
    // ل + ال-word drops the article's alef: لليمن is ل + اليمن.
    if (c === LAM && w.charCodeAt(i + 1) === LAM && shapeBits(w, i, ALEF) & NAME_BIT) {
      return NAME_FORMS.get(`ا${w.slice(i + 1)}`);
    }
  }
  return undefined;
}

/**
 * Whether `stem` is in `RADICAL_INITIAL`, also with the alef of tanween fath
 * (كبيرًا is written كبيرا; light10 has no suffix for it, so كبيرا keeps its
 * alef, and its ك must stay too, as in كبير).
 */
function isRadicalInitial(stem: string): boolean {
  return RADICAL_INITIAL.has(stem) || (stem.charCodeAt(stem.length - 1) === ALEF && RADICAL_INITIAL.has(stem.slice(0, -1)));
}

/** Length of the article prefix `w.slice(start)` starts with (0 if none), among those `layers` allow. */
function articleLength(w: string, start: number, layers: number): number {
  const candidates = ARTICLES_BY_FIRST.get(w.charCodeAt(start));
  if (candidates === undefined) return 0;
  const length = w.length - start;
  for (const prefix of candidates) {
    if ((prefix.layers & layers) !== prefix.layers) continue;
    if (length >= prefix.text.length + 2 && w.startsWith(prefix.text, start)) return prefix.text.length;
  }
  return 0;
}

/**
 * The stemmer on `w.slice(start)`, a word of Arabic letters; `layers` are the
 * proclitics that may still precede (a conjunction, then a preposition: never
 * two prepositions, so البلدين is not ب + ل + دين). In order:
 * 1. lexicon (protected names, country ↔ adjective table, function words),
 *    also behind proclitics, see {@link lookUp};
 * 2. an article prefix (see {@link ARTICLE_PREFIXES}); the rest is then
 *    stemmed as a word of its own, so الX and X always share a stem (Lucene
 *    strips one prefix only, so there الوزير → وزير but وزير → زير, and
 *    الالتزام → التزام but التزام → تزام);
 * 3. a single-letter proclitic: the conjunction و (light10, which needs three
 *    letters left) and the prepositions ب ك ل (our extension; light10 has them
 *    only before ال). Removed only when the stem of the rest has at least three
 *    letters; the stem is then the rest's, so X and وX/بX share it (بدمج →
 *    دمج) while بلد, بحث (rest of two letters) and بلديات (rest لديات → لد)
 *    keep their ب. When the letter is known to be a radical (`RADICAL_INITIAL`:
 *    بيان, بطول, وزير, كتاب…) it is kept in front of the rest's stem instead,
 *    which still keeps every inflection together (بيانات, البيان → بيان;
 *    بطوله, بطولات → بطول, not طول "length"). ف alone is never removed (as in
 *    light10): فريق, فازت, فقدت would lose a radical;
 * 4. light10 suffixes (see {@link SUFFIXES}).
 */
function stemFrom(w: string, start: number, layers: number): string {
  const known = lookUp(w, start, layers);
  if (known !== undefined) return known;
  const article = articleLength(w, start, layers);
  if (article > 0) return stemFrom(w, start + article, ALL_LAYERS);
  if (w.length - start >= MIN_STEM_AFTER_PROCLITIC + 1) {
    const c = w.charCodeAt(start);
    let rest: string | undefined;
    if (layers & CONJUNCTION && c === WAW) rest = stemFrom(w, start + 1, PREPOSITION);
    else if (layers & PREPOSITION && isPreposition(c)) rest = stemFrom(w, start + 1, 0);
    if (rest !== undefined && rest.length >= MIN_STEM_AFTER_PROCLITIC) {
      const whole = w.charAt(start) + rest;
      return isRadicalInitial(whole) ? whole : rest;
    }
  }
  const end = suffixEnd(w, start, w.length);
  return start === 0 && end === w.length ? w : w.slice(start, end);
}

/** Letters of the Arabic script (after normalization: no harakat, no Arabic-Indic digits). */
function isArabicLetter(c: number): boolean {
  return (c >= 0x0620 && c <= 0x064a) || (c >= 0x066e && c <= 0x06d5) || (c >= 0x06ee && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0x08a0 && c <= 0x08c9);
}

function isArabicWord(norm: string): boolean {
  if (norm.length === 0) return false;
  for (let i = 0; i < norm.length; i++) if (!isArabicLetter(norm.charCodeAt(i))) return false;
  return true;
}

/**
 * Light stem of one normalized token (`normalizeArabic` output, one word):
 * light10 (Larkey, Ballesteros & Connell 2007) as Lucene's ArabicStemmer
 * implements it, extended for consistency between a word and its prefixed
 * forms and with a lexicon (see {@link stemFrom}). Tokens that are not all
 * Arabic letters (Latin, digits, mixed) are returned unchanged.
 *
 * @example lightStem('والمدرسه') === 'مدرس'
 * @example lightStem('الليبيه') === lightStem('ليبيا') // 'ليبي'
 */
export function lightStem(norm: string): string {
  return isArabicWord(norm) ? stemFrom(norm, 0, ALL_LAYERS) : norm;
}
