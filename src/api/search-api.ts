import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import type { Site } from '../content/use-cases/site.ts';
import { searchArticles, suggestArticles } from '../search/search-articles.ts';
import type { SearchRepo } from '../search/search-repo.ts';
import { snippetHtml } from '../search/snippet.ts';
import { parseSearchParams } from '../web/search-params.ts';
import { urls } from '../web/urls.ts';

/** One search hit in the JSON API. */
export interface SearchHitJson {
  id: number;
  slug: string;
  /** Path of the article page. */
  url: string;
  title: string;
  excerpt: string;
  /** UTC ISO 8601. */
  published_at: string;
  /** HTML: the passage's text escaped, query words in `<mark>`, `…` where cut. */
  snippet: string;
}

/** One suggestion in the JSON API. */
export interface SuggestionJson {
  id: number;
  url: string;
  title: string;
  /** UTC ISO 8601. */
  published_at: string;
}

/**
 * `GET /api/search?q=&category=&from=&to=&source=&page=&limit=` →
 * `{ total, total_exact, page, results: SearchHitJson[] }` (`total_exact`
 * false: there are more than `total` matches, see `COUNT_CAP`; a page past
 * the last: empty results); `GET /api/search/suggest?q=` → `{ suggestions: SuggestionJson[] }`.
 * Bad parameters answer 400 naming the parameter; any query text answers 200.
 */
export function registerSearchApi(app: FastifyInstance, deps: { search: SearchRepo; clock: Clock; site: () => Promise<Site> }): void {
  app.get<{ Querystring: Record<string, unknown> }>('/api/search', async (req) => {
    const params = parseSearchParams(req.query, await deps.site(), 10);
    const found = await searchArticles(deps.search, params, deps.clock.now().toISOString());
    const results: SearchHitJson[] = found.results.map(({ article: a, snippet }) => ({
      id: a.id,
      slug: a.slug,
      url: urls.article(a.slug),
      title: a.title,
      excerpt: a.excerpt,
      published_at: a.published_at,
      snippet: snippetHtml(snippet),
    }));
    // A page past the last one: no results, the same total as every other page.
    return { total: found.total, total_exact: found.total_exact, page: params.page, results };
  });

  app.get<{ Querystring: Record<string, unknown> }>('/api/search/suggest', async (req) => {
    const raw = Array.isArray(req.query.q) ? (req.query.q[0] as unknown) : req.query.q;
    const q = typeof raw === 'string' ? raw : '';
    const items = await suggestArticles(deps.search, q, deps.clock.now().toISOString());
    const suggestions: SuggestionJson[] = items.map((a) => ({ id: a.id, url: urls.article(a.slug), title: a.title, published_at: a.published_at }));
    return { suggestions };
  });
}
