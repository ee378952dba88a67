import type { Article } from '../content/types.ts';

/**
 * The canonical URL of an article when it is not this site's page: the
 * original outlet's URL of a republished item. A source credit with a URL
 * marks an item republished from that outlet (glossary: source credit), and
 * jarida republishes items whole, so search engines are pointed at the
 * original; such articles are also left out of the sitemaps, which list
 * canonical URLs only. Null for the site's own articles.
 * docs/adr/008-distribution.md.
 */
export function externalCanonical(article: Pick<Article, 'source_url'>): string | null {
  return article.source_url;
}
