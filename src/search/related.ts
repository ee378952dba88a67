import { analyze } from '../arabic/analyzer.ts';
import { bodyText } from '../content/body-html.ts';
import type { CategoryTree } from '../content/category-tree.ts';
import type { Store } from '../content/repos.ts';
import type { Article } from '../content/types.ts';
import type { ParsedQuery } from './query.ts';
import type { SearchRepo, SimilarCandidate } from './search-repo.ts';
import { isStopword } from './stopwords.ts';

/** Size of the stored read-also list. */
export const RELATED_COUNT = 5;
/** Candidates looked at before re-ranking. */
const CANDIDATES = 20;
/** Words of the body's opening used with the headline. */
const LEAD_WORDS = 60;
/** Headlines sharing this share of their words are the same story: never "read also". */
const NEAR_COPY = 0.8;

/** Most words of the related query. */
const QUERY_TERMS = 12;
/** A word in more than this share of articles tells nothing about a story. */
const MAX_DF_SHARE = 0.05;

/**
 * The telling words of a candidate query: words that some other article
 * shares (document frequency ≥ 2) and few do (at most {@link MAX_DF_SHARE} of
 * articles), rarest first — the IDF side of TF-IDF. Also keeps the query
 * cheap: frequent words have the longest posting lists.
 */
export async function tellingTerms(search: SearchRepo, query: ParsedQuery, cache?: DfCache): Promise<ParsedQuery> {
  const { total, df } = cache ? await cache.lookUp(search, query.terms.map((t) => t.stem)) : await search.documentFrequencies(query.terms.map((t) => t.stem));
  const max = Math.max(2, total * MAX_DF_SHARE);
  const terms = query.terms
    .filter((t) => (df.get(t.stem) ?? 0) >= 2 && (df.get(t.stem) ?? 0) <= max)
    .sort((a, b) => (df.get(a.stem) ?? 0) - (df.get(b.stem) ?? 0))
    .slice(0, QUERY_TERMS);
  return { terms, phrases: [] };
}

/**
 * Document frequencies remembered across many read-also computations (an
 * import's or a reindex's pass over thousands of articles): the same words
 * recur, and reading a frequency walks the term's whole posting list. Within
 * one pass the figures barely move, and they only pick the query's words.
 */
export class DfCache {
  readonly #df = new Map<string, number>();
  #total: number | undefined;

  async lookUp(search: SearchRepo, terms: readonly string[]): Promise<{ total: number; df: Map<string, number> }> {
    const missing = terms.filter((t) => !this.#df.has(t));
    if (missing.length > 0 || this.#total === undefined) {
      const fresh = await search.documentFrequencies(missing);
      for (const t of missing) this.#df.set(t, fresh.df.get(t) ?? 0);
      this.#total = fresh.total;
    }
    return { total: this.#total, df: new Map(terms.map((t) => [t, this.#df.get(t) ?? 0])) };
  }
}

/** The article's headline and lead as a query: distinct content words, headline first. */
export function relatedQuery(article: Pick<Article, 'title' | 'body'>): ParsedQuery {
  const seen = new Set<string>();
  const terms = [];
  const lead = bodyText(article.body).split(/\s+/u).slice(0, LEAD_WORDS).join(' ');
  for (const t of [...analyze(article.title), ...analyze(lead)]) {
    if (isStopword(t.norm) || [...t.stem].length < 2 || seen.has(t.stem)) continue;
    seen.add(t.stem);
    terms.push({ norm: t.norm, stem: t.stem });
  }
  return { terms: terms.slice(0, 40), phrases: [] };
}

function titleStems(title: string): Set<string> {
  return new Set(analyze(title).filter((t) => !isStopword(t.norm)).map((t) => t.stem));
}

/** Whether two headlines share at least {@link NEAR_COPY} of their words (Jaccard over stems). */
export function isNearCopy(a: string, b: string): boolean {
  const x = titleStems(a);
  const y = titleStems(b);
  if (x.size === 0 || y.size === 0) return false;
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / (x.size + y.size - common) >= NEAR_COPY;
}

/**
 * Re-ranks text-similar candidates for `article`: the BM25 score (scaled to
 * the best candidate), plus 0.3 for the same sub-category, 0.15 for the same
 * parent category, plus up to 0.2 for being close in time (fading over a
 * month). Near-copies of the article (same story) are dropped.
 */
export function rankRelated(article: Pick<Article, 'title' | 'category_id' | 'published_at'>, candidates: readonly SimilarCandidate[], categories: CategoryTree): Array<{ id: number; score: number }> {
  const best = Math.max(...candidates.map((c) => c.score), Number.EPSILON);
  const parent = categories.get(article.category_id)?.parent_id ?? article.category_id;
  const at = Date.parse(article.published_at ?? '') || Date.now();
  return candidates
    .filter((c) => !isNearCopy(article.title, c.title))
    .map((c) => {
      const cParent = categories.get(c.category_id)?.parent_id ?? c.category_id;
      const days = Math.abs(at - Date.parse(c.published_at)) / 86_400_000;
      const score =
        c.score / best + (c.category_id === article.category_id ? 0.3 : cParent === parent ? 0.15 : 0) + 0.2 / (1 + days / 30);
      return { id: c.id, score };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, RELATED_COUNT);
}

/**
 * Computes and stores the read-also list of a published article, ranked by
 * text similarity of its headline and lead (BM25 over the index) combined
 * with category and recency; never the article itself, never unpublished,
 * never a near-copy. Run after the article is written (and indexed).
 */
export async function refreshRelated(store: Store, search: SearchRepo, categories: CategoryTree, article: Article, now: string): Promise<void> {
  await refreshRelatedMany(store, search, categories, [article], now);
}

/**
 * {@link refreshRelated} for many articles, with document frequencies shared
 * through `cache` and the lists written in one transaction.
 */
export async function refreshRelatedMany(
  store: Store,
  search: SearchRepo,
  categories: CategoryTree,
  articles: readonly Article[],
  now: string,
  cache?: DfCache,
): Promise<void> {
  const lists: Array<[number, Array<{ id: number; score: number }>]> = [];
  for (const article of articles) {
    if (article.status !== 'published') {
      lists.push([article.id, []]);
      continue;
    }
    const candidates = await search.similar(await tellingTerms(search, relatedQuery(article), cache), article.id, now, CANDIDATES);
    lists.push([article.id, rankRelated(article, candidates, categories)]);
  }
  await store.transaction(async (repos) => {
    for (const [id, ranked] of lists) await repos.index.setRelated(id, ranked);
  });
}
