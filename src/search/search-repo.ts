import type { ArticleSummary } from '../content/types.ts';
import type { ParsedQuery } from './query.ts';

/** Filters of a search. Instants are UTC ISO strings. */
export interface SearchFilters {
  /** Only these categories (already expanded with their sub-categories). */
  category_ids?: readonly number[];
  /** Published at or after. */
  from?: string;
  /** Published before. */
  to?: string;
  /** Source credit (outlet name), exactly. */
  source?: string;
}

/** One page of a ranked search. */
export interface SearchRequest {
  query: ParsedQuery;
  filters: SearchFilters;
  /** Only articles published at or before this instant. */
  now: string;
  limit: number;
  offset: number;
  /** Favour recent articles (news) on top of text relevance. */
  recency: boolean;
  /**
   * `relevance` (BM25, see {@link SearchRepo.search}) or `newest` (publication
   * order, no scoring: what a query of stopwords alone gets, since every
   * article matches it about equally).
   */
  order: 'relevance' | 'newest';
}

/**
 * Bounds on the work of one search (see {@link COUNT_CAP}, {@link RANK_WINDOW});
 * tests lower them to exercise large result sets with few articles.
 */
export interface SearchLimits {
  /** Matches ranked by relevance, at most. */
  rankWindow: number;
  /** Matches counted exactly, at most. */
  countCap: number;
}

/**
 * Matches counted exactly, at most: past it the total is a lower bound
 * (`total_exact` false; the page says "more than 1,000") and later pages end
 * there, as web search engines stop at about a thousand reachable results.
 * Equal to {@link RANK_WINDOW}, a search then never counts beyond the matches
 * it ranks: a query matching most of the archive costs what one matching a
 * thousand articles does.
 */
export const COUNT_CAP = 1000;

/**
 * Matches ranked by relevance, at most: a query matching more ranks its
 * newest {@link RANK_WINDOW} matches (news readers want recent items first),
 * and the older matches follow them newest first on later pages. BM25 costs a
 * few microseconds per match; this bounds it.
 */
export const RANK_WINDOW = 1000;

export const DEFAULT_SEARCH_LIMITS: Readonly<SearchLimits> = Object.freeze({ rankWindow: RANK_WINDOW, countCap: COUNT_CAP });

/** A page of ranked hits. */
export interface SearchPage {
  items: SearchHit[];
  /** Number of matches, exact up to {@link COUNT_CAP}. */
  total: number;
  /** False when there are more than `total` matches. */
  total_exact: boolean;
}

/** A hit with the text its snippet is cut from. */
export interface SearchHit extends ArticleSummary {
  body: string;
}

/** A related-article candidate. */
export interface SimilarCandidate {
  id: number;
  /** Text relevance, higher is better. */
  score: number;
  category_id: number;
  published_at: string;
  title: string;
}

/**
 * Queries over the search index; each store (SQLite FTS5, PostgreSQL
 * tsvector) implements them over the same analyzer terms.
 */
export interface SearchRepo {
  /**
   * One page of hits and the number of matches. `relevance` order: BM25 with
   * field weights (times the recency factor when asked), over all matches when
   * there are at most {@link RANK_WINDOW}, else over the newest of them, with
   * older matches following newest first.
   */
  search(request: SearchRequest): Promise<SearchPage>;
  /** Newest published articles whose headline has a word starting with `prefix` (normalized) and every stem of `words`. */
  suggest(prefix: string, words: readonly string[], now: string, limit: number): Promise<ArticleSummary[]>;
  /** How many indexed articles hold each term (any field), and about how many articles there are (at least the true number). */
  documentFrequencies(terms: readonly string[]): Promise<{ total: number; df: Map<string, number> }>;
  /** Published articles sharing words with `query`, best first, without `excludeId`. */
  similar(query: ParsedQuery, excludeId: number, now: string, limit: number): Promise<SimilarCandidate[]>;
}
