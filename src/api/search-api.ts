import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { invalid, isJaridaError } from '../core/errors.ts';
import type { Store } from '../content/repos.ts';
import { searchPage } from '../content/use-cases/reader-pages.ts';
import { urls } from '../web/urls.ts';

/** One search hit in the JSON API. */
export interface SearchHit {
  id: number;
  slug: string;
  url: string;
  title: string;
  excerpt: string;
  /** UTC ISO 8601. */
  published_at: string;
  snippet: string;
}

function pageParam(value: unknown): number {
  const raw = Array.isArray(value) ? (value[0] as unknown) : value;
  if (raw === undefined || raw === '') return 1;
  if (typeof raw !== 'string' || !/^[1-9]\d{0,6}$/u.test(raw)) throw invalid('page must be a positive integer', { field: 'page' });
  return Number(raw);
}

/**
 * `GET /api/search?q=&page=` → `{ total, page, results: SearchHit[] }`.
 * A page past the last answers an empty result list, not an error.
 */
export function registerSearchApi(app: FastifyInstance, deps: { store: Store; clock: Clock }): void {
  app.get<{ Querystring: Record<string, unknown> }>('/api/search', async (req) => {
    const first = Array.isArray(req.query.q) ? (req.query.q[0] as unknown) : req.query.q;
    const q = typeof first === 'string' ? first : '';
    const page = pageParam(req.query.page);
    let result;
    try {
      result = await searchPage(deps.store, q, page, deps.clock.now().toISOString());
    } catch (err) {
      if (isJaridaError(err, 'NOT_FOUND')) return { total: 0, page, results: [] };
      throw err;
    }
    const results: SearchHit[] = result.list.items.map((a) => ({
      id: a.id,
      slug: a.slug,
      url: urls.article(a.slug),
      title: a.title,
      excerpt: a.excerpt,
      published_at: a.published_at,
      snippet: a.excerpt,
    }));
    return { total: result.list.total, page, results };
  });
}
