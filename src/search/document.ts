import { normalizedTerms, prefixTerm, stemmedTerms } from '../arabic/analyzer.ts';
import { bodyText } from '../content/body-html.ts';

/** What is indexed of an article. */
export interface SearchSource {
  id: number;
  title: string;
  excerpt: string;
  /** Body HTML (its text is indexed). */
  body: string;
  tags: readonly string[];
  source_name: string | null;
}

/**
 * The indexed fields of an article as space-joined analyzer terms: each
 * field stemmed (recall), plus `exact`, the normalized unstemmed words of
 * headline, excerpt and body (exact-word boosts and quoted phrases). The same
 * token stream serves SQLite FTS5 (`tokenize="ascii"`) and PostgreSQL
 * (`to_tsvector('simple', …)`), since terms hold no spaces or ASCII punctuation.
 */
export interface SearchFields {
  title: string;
  excerpt: string;
  body: string;
  tags: string;
  source: string;
  exact: string;
  /** Headline words for suggestions: each normalized, and again without its و/ف/ب/ك/ل + ال proclitics. */
  headline: string;
}

/**
 * Version of the analysis that fills the index (fields, normalization,
 * stemming). Bump it with any change that alters the terms of an article: a
 * store whose index was built with another version rebuilds it when opened.
 */
export const ANALYZER_VERSION = 2;

/** Field order of the index; ranking weights follow it. */
export const SEARCH_FIELDS = ['title', 'excerpt', 'body', 'tags', 'source', 'exact', 'headline'] as const;

/**
 * BM25 weight of a match in each field: a headline word counts four times a
 * body word; tags twice; the exact column adds half a body match when the
 * reader's spelling is the article's (0.5 measured best of 0.5, 1 and 2 by
 * `npm run bench:search-quality`).
 */
export const FIELD_WEIGHTS: Readonly<Record<(typeof SEARCH_FIELDS)[number], number>> = {
  title: 4,
  excerpt: 1.5,
  body: 1,
  tags: 2,
  source: 0.5,
  exact: 0.5,
  headline: 0,
};

/** Analyzes an article into its {@link SearchFields}. */
export function searchFields(doc: SearchSource): SearchFields {
  const text = bodyText(doc.body);
  const join = (terms: string[]) => terms.join(' ');
  return {
    title: join(stemmedTerms(doc.title)),
    excerpt: join(stemmedTerms(doc.excerpt)),
    body: join(stemmedTerms(text)),
    tags: join(doc.tags.flatMap((t) => stemmedTerms(t))),
    source: join(stemmedTerms(doc.source_name ?? '')),
    exact: join([...normalizedTerms(doc.title), ...normalizedTerms(doc.excerpt), ...normalizedTerms(text)]),
    headline: join([...new Set(normalizedTerms(doc.title).flatMap((w) => [w, prefixTerm(w)]))]),
  };
}
