import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { notFound } from '../core/errors.ts';
import type { Store } from '../content/repos.ts';
import {
  articlePage,
  articleSlugById,
  authorPage,
  categoryPage,
  homePage,
  PAGE_SIZE,
  tagPage,
} from '../content/use-cases/reader-pages.ts';
import type { Site } from '../content/use-cases/site.ts';
import { searchArticles } from '../search/search-articles.ts';
import type { SearchRepo } from '../search/search-repo.ts';
import type { PageCache } from './page-cache.ts';
import { parseSearchParams } from './search-params.ts';
import { urls } from './urls.ts';
import { ArticlePage } from './views/article-page.tsx';
import type { ViewContext } from './views/context.ts';
import { AuthorPage, CategoryPage, HomePage, SearchPage, TagPage } from './views/pages.tsx';

/** What the reader routes need from the app. */
export interface ReaderDeps {
  store: Store;
  clock: Clock;
  /** The site (settings, menu), reloaded by the app when it changes. */
  site: () => Promise<Site>;
  context: (site: Site) => ViewContext;
  pages: PageCache;
  search: SearchRepo;
}

/** Parses a `page/N` number: a positive integer without leading zeros, else 404. */
export function parsePageNumber(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^[1-9]\d{0,6}$/u.test(raw)) throw notFound(`not a page number: ${raw}`);
  return Number(raw);
}


/** Registers the reader site's pages: thin handlers that parse, call one use case, render. */
export function registerReaderRoutes(app: FastifyInstance, deps: ReaderDeps): void {
  const { store, clock } = deps;
  const now = () => clock.now().toISOString();

  app.get('/', (req, reply) =>
    deps.pages.serve(req, reply, async () => {
      const site = await deps.site();
      const data = await homePage(store, site, now());
      return <HomePage ctx={deps.context(site)} {...data} />;
    }),
  );

  app.get('/category/*', (req, reply) =>
    deps.pages.serve(req, reply, async () => {
      const site = await deps.site();
      const segments = ((req.params as { '*': string })['*'] ?? '').split('/').filter((s) => s !== '');
      let page = 1;
      if (segments.length >= 2 && segments[segments.length - 2] === 'page') {
        page = parsePageNumber(segments.pop());
        segments.pop();
      }
      const data = await categoryPage(store, site, segments, page, now());
      return <CategoryPage ctx={deps.context(site)} {...data} />;
    }),
  );

  const tag = (slug: string, rawPage: string | undefined, req: FastifyRequest, reply: FastifyReply) =>
    deps.pages.serve(req, reply, async () => {
      const site = await deps.site();
      const data = await tagPage(store, slug, parsePageNumber(rawPage), now());
      return <TagPage ctx={deps.context(site)} {...data} />;
    });
  app.get<{ Params: { slug: string } }>('/tag/:slug', (req, reply) => tag(req.params.slug, undefined, req, reply));
  app.get<{ Params: { slug: string; n: string } }>('/tag/:slug/page/:n', (req, reply) => tag(req.params.slug, req.params.n, req, reply));

  const author = (slug: string, rawPage: string | undefined, req: FastifyRequest, reply: FastifyReply) =>
    deps.pages.serve(req, reply, async () => {
      const site = await deps.site();
      const data = await authorPage(store, slug, parsePageNumber(rawPage), now());
      return <AuthorPage ctx={deps.context(site)} {...data} />;
    });
  app.get<{ Params: { slug: string } }>('/author/:slug', (req, reply) => author(req.params.slug, undefined, req, reply));
  app.get<{ Params: { slug: string; n: string } }>('/author/:slug/page/:n', (req, reply) => author(req.params.slug, req.params.n, req, reply));

  app.get<{ Params: { slug: string } }>('/article/:slug', (req, reply) =>
    deps.pages.serve(req, reply, async () => {
      const site = await deps.site();
      const data = await articlePage(store, site, req.params.slug, now());
      return <ArticlePage ctx={deps.context(site)} {...data} />;
    }),
  );

  app.get<{ Params: { id: string } }>('/a/:id', async (req, reply) => {
    if (!/^[1-9]\d{0,15}$/u.test(req.params.id)) throw notFound(`not an article id: ${req.params.id}`);
    const slug = await articleSlugById(store, Number(req.params.id), now());
    return reply.redirect(urls.article(slug), 301);
  });

  app.get<{ Querystring: Record<string, unknown> }>('/search', async (req, reply) => {
    const site = await deps.site();
    const params = parseSearchParams(req.query, site, PAGE_SIZE);
    const found = await searchArticles(deps.search, params, now());
    if (found.page > found.pages && found.total > 0) throw notFound(`page ${found.page} is past the last page (${found.pages})`);
    // Search pages are not cached: the query space is unbounded.
    return reply.type('text/html; charset=utf-8').send(<SearchPage ctx={deps.context(site)} found={found} />);
  });
}
