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
  /** Ranked hits (BM25 with field weights) and the total number of matches. */
  search(request: SearchRequest): Promise<{ items: SearchHit[]; total: number }>;
  /** Newest published articles whose headline has a word starting with `prefix` (normalized) and every stem of `words`. */
  suggest(prefix: string, words: readonly string[], now: string, limit: number): Promise<ArticleSummary[]>;
  /** How many indexed articles hold each term (any field), and about how many articles there are (at least the true number). */
  documentFrequencies(terms: readonly string[]): Promise<{ total: number; df: Map<string, number> }>;
  /** Published articles sharing words with `query`, best first, without `excludeId`. */
  similar(query: ParsedQuery, excludeId: number, now: string, limit: number): Promise<SimilarCandidate[]>;
}
