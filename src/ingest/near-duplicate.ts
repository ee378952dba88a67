/**
 * Near-duplicate detection for feed items: the same story sent by two
 * outlets (an agency text lightly rewritten) should become one story with
 * several sources, not two articles. Each text becomes the set of its word
 * shingles over analyzed Arabic (normalized, light-stemmed, function words
 * dropped, so spelling variants and clitics do not hide a shared sentence),
 * summarized by a MinHash signature (Broder 1997): the share of equal
 * positions in two signatures estimates the Jaccard similarity of the two
 * shingle sets. Candidates are found by LSH banding (Leskovec, Rajaraman &
 * Ullman, "Mining of Massive Datasets", ch. 3.4): signatures that agree on a
 * whole band share a stored key. Two outlets' reports of one event come out
 * within hours of each other, while the same affair's next event (a
 * follow-up, the reply to a statement, the next match) comes a day or more
 * later with much the same words; so the similarity is discounted linearly
 * with the time between the items, to nothing at the story window, as in
 * the on-line event detection of Yang, Pierce & Carbonell ("A Study on
 * Retrospective and On-Line Event Detection", SIGIR 1998, §3.2: a time
 * window with decaying weights). docs/adr/017-near-duplicate-stories.md.
 */
import { stemmedTerms } from '../arabic/analyzer.ts';
import { isStopword } from '../search/stopwords.ts';

/** Hash functions per signature. */
export const MINHASH_SIZE = 128;
/**
 * Rows per LSH band: 64 bands of 2 make a pair a candidate with probability
 * 1 − (1 − J²)⁶⁴: ≈ 0.57 at J = 0.115 (the lowest similarity {@link SAME_STORY_SCORE}
 * accepts, for items published at the same moment), 0.81 at 0.16, 0.93 at 0.2.
 * In the bench 20 of the 21 labelled same-story pairs the score accepts share a
 * band key. More bands would lift that but store more keys per article.
 */
export const BAND_ROWS = 2;
/** Words per shingle. */
export const SHINGLE_WORDS = 1;
/** Words of a text read: the lead carries the story; long texts cost more and add commentary. */
export const MAX_WORDS = 120;
/**
 * Estimated Jaccard similarity at or above which two texts are the same
 * story when time is not taken into account ({@link similarity} alone):
 * the best F1 of a sweep on 186 hand-labelled cross-outlet pairs from the
 * corpus feeds (30 same-story; precision 0.46, recall 0.60 there).
 * Superseded by {@link storyScore} with {@link SAME_STORY_SCORE}, which
 * does better on the same pairs and on held-out halves of them.
 */
export const SAME_STORY_THRESHOLD = 0.16;
/**
 * Hours over which {@link storyScore} falls from the plain similarity to
 * nothing: the story window (two days), beyond which items are never
 * compared. Not tuned: it is the window the grouping already had.
 */
export const STORY_DECAY_HOURS = 48;
/**
 * Time-discounted score ({@link storyScore}) at or above which two items
 * are the same story: the best F1 of a sweep on the labelled pairs
 * (precision 0.64, recall 0.70, against 0.46 / 0.60 for the similarity
 * alone); chosen on one half of the pairs, it also beats the similarity
 * alone on the other half, both ways round. `npm run bench`, section (e);
 * docs/adr/017-near-duplicate-stories.md.
 */
export const SAME_STORY_SCORE = 0.115;
/**
 * Content words at the start of a story text (its headline, then about the
 * first sentence) that {@link openingsAgree} compares.
 */
export const OPENING_WORDS = 25;
/**
 * Fewest content words the openings of two items must share, both as words
 * of the two openings and as headline words of either found in the other's
 * opening, for {@link openingsAgree}. Not tuned on the labelled pairs (no
 * same-story pair has fewer than 4 / 3): every false merge of the corpus
 * feeds that it removes shares at most 2, as two stories of one topic share
 * only the topic's words (a country, "the national team") at the top.
 */
export const MIN_OPENING_OVERLAP = 3;

/** Fewest shingles a text needs to be compared at all (headline-only items are too short to judge). */
export const MIN_SHINGLES = 8;

/** Deterministic odd multipliers and offsets of the hash family (from a fixed LCG, so signatures are stable across runs and versions). */
const COEFFS: ReadonlyArray<readonly [number, number]> = (() => {
  const out: Array<[number, number]> = [];
  let seed = 0x9e3779b9;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed;
  };
  for (let i = 0; i < MINHASH_SIZE; i++) out.push([next() | 1, next()]);
  return out;
})();

/** 32-bit FNV-1a of a string's UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 32-bit finalizer of MurmurHash3: spreads the affine hashes' bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The analyzed words of `text` that carry content (stems, function words dropped), at most {@link MAX_WORDS}. */
export function contentTerms(text: string): string[] {
  return stemmedTerms(text)
    .filter((t) => !isStopword(t) && t.length > 1)
    .slice(0, MAX_WORDS);
}

/** The distinct shingles of `text`, hashed. */
export function shingleHashes(text: string): Set<number> {
  const terms = contentTerms(text);
  const out = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= terms.length; i++) out.add(fnv1a(terms.slice(i, i + SHINGLE_WORDS).join(' ')));
  return out;
}

/**
 * The MinHash signature of `text` ({@link MINHASH_SIZE} unsigned 32-bit
 * values), or undefined when the text has fewer than {@link MIN_SHINGLES} shingles.
 */
export function minhash(text: string): Uint32Array | undefined {
  const shingles = shingleHashes(text);
  if (shingles.size < MIN_SHINGLES) return undefined;
  const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
  for (const x of shingles) {
    for (let i = 0; i < MINHASH_SIZE; i++) {
      const [a, b] = COEFFS[i] as readonly [number, number];
      const h = mix((Math.imul(a, x) + b) >>> 0);
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures: the share of equal positions (0…1). */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < MINHASH_SIZE; i++) if (a[i] === b[i]) same++;
  return same / MINHASH_SIZE;
}

/**
 * The same-story score of two items from their signatures and publication
 * instants (ISO strings): the estimated Jaccard similarity times
 * `1 − |Δt| / STORY_DECAY_HOURS`, and 0 when they are further apart than
 * that or a date cannot be read. Compared with {@link SAME_STORY_SCORE}.
 */
export function storyScore(a: Uint32Array, aPublishedAt: string, b: Uint32Array, bPublishedAt: string): number {
  const hours = Math.abs(Date.parse(aPublishedAt) - Date.parse(bPublishedAt)) / 3_600_000;
  if (!Number.isFinite(hours) || hours >= STORY_DECAY_HOURS) return 0;
  return similarity(a, b) * (1 - hours / STORY_DECAY_HOURS);
}

/** The LSH band keys of a signature (`<band>:<hex>`): two texts that share a key are candidates. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let band = 0; band * BAND_ROWS < MINHASH_SIZE; band++) {
    const rows = [...sig.subarray(band * BAND_ROWS, (band + 1) * BAND_ROWS)].map((v) => v.toString(16).padStart(8, '0'));
    keys.push(`${band}:${rows.join('')}`);
  }
  return keys;
}

/** A signature as stored (hex). */
export function encodeSignature(sig: Uint32Array): string {
  return [...sig].map((v) => v.toString(16).padStart(8, '0')).join('');
}

/** A stored signature read back. */
export function decodeSignature(hex: string): Uint32Array {
  const sig = new Uint32Array(MINHASH_SIZE);
  for (let i = 0; i < MINHASH_SIZE; i++) sig[i] = Number.parseInt(hex.slice(i * 8, i * 8 + 8), 16);
  return sig;
}

/** A story's headline and its whole text ({@link storyText}-style: headline, newline, body text). */
export interface StoryTexts {
  headline: string;
  text: string;
}

/**
 * The second check after {@link storyScore}: whether two items' openings
 * agree, i.e. their first {@link OPENING_WORDS} content words share at least
 * {@link MIN_OPENING_OVERLAP}, and as many headline words of either appear in
 * the other's opening. Same-story reports lead with the event (its names,
 * place and verb) even when retitled; the bag-of-words score alone also
 * accepts two stories of one affair whose common words sit lower in the text
 * (a match report and a ratings story of one World Cup). docs/adr/017.
 */
export function openingsAgree(a: StoryTexts, b: StoryTexts): boolean {
  const openA = new Set(contentTerms(a.text).slice(0, OPENING_WORDS));
  const openB = new Set(contentTerms(b.text).slice(0, OPENING_WORDS));
  let shared = 0;
  for (const t of openA) if (openB.has(t)) shared++;
  if (shared < MIN_OPENING_OVERLAP) return false;
  let headline = 0;
  for (const t of new Set(contentTerms(a.headline))) if (openB.has(t)) headline++;
  for (const t of new Set(contentTerms(b.headline))) if (openA.has(t)) headline++;
  return headline >= MIN_OPENING_OVERLAP;
}
