/**
 * Arabic search normalization: the spelling every indexed and queried word is
 * reduced to before stemming.
 *
 * Order: Unicode NFKC first (UAX #15 compatibility composition, as ICU's
 * NFKC_Casefold and Lucene's ICUNormalizer2Filter: presentation forms and
 * lam-alef ligatures become plain letters, decomposed hamza is recomposed),
 * then one pass that drops marks and invisibles, folds letter variants and
 * digits and lowercases (as Lucene's LowerCaseFilter, `toLowerCase` per unit).
 * Never NFD-then-strip: decomposing splits أ ؤ ئ into a letter plus U+0654,
 * and stripping that mark would turn ؤ into و and ئ into ي.
 *
 * The pass is table-driven (one lookup per UTF-16 unit, built once at load);
 * text made only of ASCII and Arabic-block letters, which is NFKC-stable
 * once its marks are dropped, skips the `String.prototype.normalize` call.
 */

/** Drop this unit. */
const DROP = 1;
/** Replace this unit by `FOLD[unit]`. */
const MAP = 2;
/** This unit may change under NFKC (or compose with a neighbour): take the slow path. */
const NEEDS_NFKC = 4;
/** High surrogate: the code point is astral. */
const HIGH = 8;

const FLAGS = new Uint8Array(0x10000);
const FOLD = new Uint16Array(0x10000);

/**
 * Harakat and Quranic annotation marks U+064B–U+065F, superscript alef U+0670,
 * honorific signs U+0610–U+061A, Quranic marks U+06D6–U+06ED: the ranges of
 * `src/arabic/marks.ts` (there as regexes for slugs; a test checks the two agree).
 * A superset of the FATHATAN…SUKUN list of Lucene's ArabicNormalizer.
 */
const HARAKAT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x064b, 0x065f],
  [0x0670, 0x0670],
  [0x0610, 0x061a],
  [0x06d6, 0x06ed],
];

/** Tatweel (kashida) U+0640, a stretching glyph, removed as in Lucene's ArabicNormalizer. */
const TATWEEL = 0x0640;

/**
 * Invisible and framing characters, removed:
 * - zero-width characters and bidi controls (U+200B–U+200F, U+202A–U+202E,
 *   U+2066–U+2069, U+FEFF), as `stripInvisibles` in `marks.ts`, widened to every
 *   Default_Ignorable_Code_Point (soft hyphen, Arabic letter mark U+061C, word
 *   joiner, variation selectors, tags…) as ICU's NFKC_Casefold removes them;
 * - other format characters (\p{Cf}: the Arabic number sign U+0600–U+0605, end
 *   of ayah U+06DD…), which the tokenizer treats as transparent inside a word
 *   (Unicode UAX #29, rule WB4), so a term never keeps one;
 * - enclosing marks (\p{Me}, e.g. the keycap U+20E3 of 1️⃣), which only frame a
 *   glyph: the digit inside stays the digit.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Me}]/u;

/**
 * Letter folds.
 * - آ أ إ → ا: alef folding as in Lucene's ArabicNormalizer (ALEF_MADDA, ALEF_HAMZA_ABOVE, ALEF_HAMZA_BELOW).
 * - ٱ (alef wasla, U+0671) → ا: the Quranic spelling of a plain alef; same fold, an extension of Lucene's list.
 * - ى → ي: dotless yeh (alef maksura) folding as in Lucene's ArabicNormalizer.
 * - ة → ه: teh marbuta folding as in Lucene's ArabicNormalizer.
 * - ی (Farsi yeh U+06CC) → ي and ک (keheh U+06A9) → ك: as in Lucene's PersianNormalizer
 *   (Persian keyboards and some Gulf/Levant sites type these in Arabic text).
 */
const LETTER_FOLDS: ReadonlyArray<readonly [number, number]> = [
  [0x0622, 0x0627],
  [0x0623, 0x0627],
  [0x0625, 0x0627],
  [0x0671, 0x0627],
  [0x0649, 0x064a],
  [0x0629, 0x0647],
  [0x06cc, 0x064a],
  [0x06a9, 0x0643],
];

/**
 * Arabic-Indic digits U+0660–U+0669 and extended (Persian/Urdu) digits
 * U+06F0–U+06F9 become ASCII 0–9, so ٢٠٢٣ and 2023 are one term (digit folding
 * as in Lucene's DecimalDigitFilter, restricted to these two blocks).
 */
const DIGIT_BLOCKS = [0x0660, 0x06f0] as const;

/**
 * Units that are NFKC-stable and compose with nothing: ASCII, the Arabic block
 * (U+0600–U+06FF) except the composing marks U+0653–U+0655 (madda and hamza
 * above/below, which form آ أ إ ؤ ئ ۀ ۂ ۓ with a preceding letter) and the
 * high-hamza letters U+0675–U+0678 (compatibility decompositions), Arabic
 * Supplement U+0750–U+077F, and the invisibles dropped anyway. A string made of
 * these alone needs no `normalize('NFKC')` call: its marks are dropped, so
 * their canonical order does not matter.
 */
function isNfkcInert(c: number): boolean {
  if (c < 0x80) return true;
  if (c >= 0x0600 && c <= 0x06ff) return !(c >= 0x0653 && c <= 0x0655) && !(c >= 0x0675 && c <= 0x0678);
  if (c >= 0x0750 && c <= 0x077f) return true;
  return c === 0x00ad || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff;
}

function buildTables(): void {
  for (let c = 0; c < 0x10000; c++) {
    FOLD[c] = c;
    if (c >= 0xd800 && c <= 0xdbff) {
      FLAGS[c] = HIGH;
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) continue; // lone low surrogate: kept as is
    const ch = String.fromCharCode(c);
    let flags = 0;
    // Anything else may change, compose (e + U+0301, Hangul jamo) or reorder: slow path.
    if (!isNfkcInert(c)) flags |= NEEDS_NFKC;
    const lower = ch.toLowerCase();
    if (lower.length === 1 && lower !== ch) {
      FOLD[c] = lower.charCodeAt(0);
      flags |= MAP;
    } else if (c === 0x0130) {
      // İ lowercases to i + U+0307 (two units); for search it is i.
      FOLD[c] = 0x69;
      flags |= MAP;
    }
    FLAGS[c] = flags;
  }
  for (const [from, to] of HARAKAT_RANGES) for (let c = from; c <= to; c++) FLAGS[c]! |= DROP;
  FLAGS[TATWEEL]! |= DROP;
  for (let c = 0x80; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (INVISIBLE.test(ch)) FLAGS[c]! |= DROP;
  }
  for (const [from, to] of LETTER_FOLDS) {
    FOLD[from] = to;
    FLAGS[from]! |= MAP;
  }
  for (const block of DIGIT_BLOCKS) {
    for (let d = 0; d < 10; d++) {
      FOLD[block + d] = 0x30 + d;
      FLAGS[block + d]! |= MAP;
    }
  }
}
buildTables();

/** One-unit strings of `FOLD`, made once so the hot loop allocates nothing for a fold. */
const FOLD_STRING: string[] = [];
for (let c = 0; c < 0x10000; c++) if (FLAGS[c]! & MAP) FOLD_STRING[c] = String.fromCharCode(FOLD[c]!);


/**
 * The folding pass over `s`. With `composed` false, returns `null` as soon as
 * a unit needs NFKC (the caller then normalizes and runs again).
 */
function fold(s: string, composed: boolean): string | null {
  const n = s.length;
  let out = '';
  let from = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const f = FLAGS[c]!;
    if (f === 0) continue;
    if (f & HIGH) {
      if (!composed) return null;
      const lo = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (lo < 0xdc00 || lo > 0xdfff) continue; // lone high surrogate: kept
      const pair = s.slice(i, i + 2);
      if (INVISIBLE.test(pair)) {
        out += s.slice(from, i);
        from = i + 2;
      } else {
        const lower = pair.toLowerCase(); // Deseret, Osage, Adlam…
        if (lower !== pair) {
          out += s.slice(from, i) + lower;
          from = i + 2;
        }
      }
      i++;
      continue;
    }
    if (f & NEEDS_NFKC && !composed) return null;
    if (f & DROP) {
      out += s.slice(from, i);
      from = i + 1;
    } else if (f & MAP) {
      out += s.slice(from, i) + FOLD_STRING[c]!;
      from = i + 1;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/**
 * Normalizes Arabic (and any) text for search: NFKC; harakat, Quranic marks,
 * tatweel, zero-width characters, bidi controls and other default-ignorables
 * removed; آ أ إ ٱ → ا, ى → ي, ة → ه, ی → ي, ک → ك; Arabic-Indic and Persian
 * digits → ASCII; lowercased (Latin and every other cased script; İ → i).
 * Hamza on و and ي (ؤ ئ) and bare hamza ء are kept. Spaces and punctuation
 * are kept as they are (NFKC may still change them, e.g. NBSP → space), and
 * NFKC may lengthen the text (ﷺ → صلى الله عليه وسلم): use the tokenizer for
 * offsets into the original.
 *
 * @example normalizeArabic('إِدارةُ المُستشفى') === 'اداره المستشفي'
 */
export function normalizeArabic(text: string): string {
  return fold(text, false) ?? (fold(text.normalize('NFKC'), true) as string);
}
