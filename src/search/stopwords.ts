import { FUNCTION_WORDS } from '../arabic/lexicon.ts';
import { normalizeArabic } from '../arabic/normalize.ts';

/**
 * Arabic function words and question words, in normalized spelling (see
 * `normalizeArabic`): they carry no topic, match most articles and slow
 * OR-queries down. Dropped from queries unless a query has nothing else.
 * Based on the common short lists used with light10 (prepositions,
 * conjunctions, pronouns, demonstratives, auxiliaries, interrogatives).
 */
const WORDS = `
في من الى على عن مع ان او ام ثم حتى اذا اذ لو لا لم لن ما ماذا متى اين كيف لماذا كم هل اي
هذا هذه ذلك تلك هؤلاء اولئك هنا هناك الذي التي الذين اللذان اللتان اللواتي
هو هي هم هن انا نحن انت انتم انه انها انهم
كان كانت كانوا يكون تكون قد لقد كل بعض غير مثل بين عند عندما منذ بعد قبل خلال حيث عبر ضد نحو لدى
الا اما ايضا وقد وان وفي ومن وعلى والى وعن ولا ولم وما وهو وهي كما لكن بل او
فيه فيها منه منها عليه عليها اليه اليها عنه عنها به بها له لها لهم
the a an of in on at to for and or is are was were be by with from as that this it
`;

// Written in dictionary spelling; compared in normalized form (على → علي), with the analyzer's function words.
const STOPWORDS: ReadonlySet<string> = new Set([
  ...WORDS.split(/\s+/u).filter((w) => w !== '').map(normalizeArabic),
  ...FUNCTION_WORDS,
]);

/** Whether a normalized token is a stopword. */
export function isStopword(norm: string): boolean {
  return STOPWORDS.has(norm);
}
