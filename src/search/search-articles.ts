import { analyze, prefixTerm } from '../arabic/analyzer.ts';
import type { ArticleSummary } from '../content/types.ts';
import { isEmptyQuery, type ParsedQuery, parseQuery } from './query.ts';
import type { SearchFilters, SearchHit, SearchRepo } from './search-repo.ts';
import { makeSnippet, type Snippet } from './snippet.ts';
import { bodyText } from '../content/body-html.ts';
import { isStopword } from './stopwords.ts';

/** Most results per page. */
export const MAX_PAGE_SIZE = 50;

/** A search as the site and API ask for it. */
export interface SearchParams {
  q: string;
  filters: SearchFilters;
  /** 1-based. */
  page: number;
  limit: number;
  /** Favour recent news (the site's default). */
  recency?: boolean;
}

/** One result: the article and a snippet of its text around the query's words. */
export interface SearchResult {
  article: SearchHit;
  snippet: Snippet;
}

/** A page of results. */
export interface SearchResults {
  query: string;
  parsed: ParsedQuery;
  /** Number of matches, exact unless `total_exact` is false (then a lower bound, see `COUNT_CAP`). */
  total: number;
  total_exact: boolean;
  page: number;
  pages: number;
  results: SearchResult[];
}

/**
 * Searches published articles: the query analyzed as the articles were
 * (normalization, light stemming); articles holding all its words, or when
 * none does, any of them; ranked by BM25 with field weights
 * (headline first) and optionally recency, filtered by category, dates and
 * source; each hit with a snippet cut on word boundaries from its text.
 * A page past the last one has no results (and the real total).
 */
export async function searchArticles(search: SearchRepo, params: SearchParams, now: string): Promise<SearchResults> {
  const parsed = parseQuery(params.q);
  const limit = Math.min(Math.max(1, params.limit), MAX_PAGE_SIZE);
  if (isEmptyQuery(parsed)) return { query: params.q, parsed, total: 0, total_exact: true, page: 1, pages: 1, results: [] };
  const { items, total, total_exact } = await search.search({
    query: parsed,
    filters: params.filters,
    now,
    limit,
    offset: (params.page - 1) * limit,
    recency: params.recency ?? true,
    // Stopwords alone match nearly every article about equally: newest first, unscored.
    order: parsed.phrases.length === 0 && parsed.terms.every((t) => isStopword(t.norm)) ? 'newest' : 'relevance',
  });
  const pages = Math.max(1, Math.ceil(total / limit));
  const results = items.map((article) => {
    const text = bodyText(article.body);
    const inBody = makeSnippet(text, parsed);
    // An article found by its headline or excerpt alone shows its lead.
    return { article, snippet: inBody.highlights.length > 0 ? inBody : makeSnippet(article.excerpt || text, parsed) };
  });
  return { query: params.q, parsed, total, total_exact, page: params.page, pages, results };
}

/** Shortest prefix that gets suggestions, in code points. */
export const SUGGEST_MIN_LETTERS = 2;

/**
 * Live suggestions for the search overlay: the newest articles whose headline
 * has a word starting with the query's last word (its و/ف/ب/ك/ل + ال
 * proclitics stripped: `والبنغ` suggests بنغازي) and the query's earlier
 * words. Nothing below {@link SUGGEST_MIN_LETTERS} letters.
 */
export async function suggestArticles(search: SearchRepo, q: string, now: string, limit = 5): Promise<ArticleSummary[]> {
  const tokens = analyze(q.slice(0, 200).toWellFormed());
  const last = tokens[tokens.length - 1];
  if (!last) return [];
  const prefix = prefixTerm(last.raw);
  if ([...prefix].length < SUGGEST_MIN_LETTERS) return [];
  const words = tokens.slice(0, -1).filter((t) => !isStopword(t.norm)).map((t) => t.stem).slice(0, 8);
  return search.suggest(prefix, words, now, limit);
}
