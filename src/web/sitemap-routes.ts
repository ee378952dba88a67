import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { notFound } from '../core/errors.ts';
import type { CategoryNode } from '../content/category-tree.ts';
import type { Store } from '../content/repos.ts';
import type { Site } from '../content/use-cases/site.ts';
import {
  articleSitemap,
  NEWS_SITEMAP_LIMIT,
  newsSitemap,
  newsWindow,
  type SitemapKind,
  type SitemapLimits,
  sitemapFiles,
  taxonomySitemap,
} from '../distribution/sitemap-data.ts';
import { renderNewsUrlset, renderSitemapIndex, renderUrlset } from '../distribution/sitemap-formats.ts';
import { absoluteUrl } from './feed-document.ts';
import { MEDIA_TYPES, sitemapUrls } from './feed-urls.ts';
import type { PageCache } from './page-cache.ts';
import { urls } from './urls.ts';

/** What the sitemap routes need from the app. */
export interface SitemapDeps {
  store: Store;
  clock: Clock;
  site: () => Promise<Site>;
  cache: PageCache;
  publicUrl: string;
  /** Split sizes; the protocols' limits unless a test passes smaller ones. */
  limits?: SitemapLimits;
}

/** Parses `articles-3.xml` / `pages.xml`; else 404. */
function parseFile(file: string): { kind: SitemapKind; n: number } {
  if (file === 'pages.xml') return { kind: 'pages', n: 1 };
  const m = /^(articles|tags|authors|news)-([1-9]\d{0,6})\.xml$/u.exec(file);
  if (!m) throw notFound(`no sitemap ${file}`);
  return { kind: m[1] as SitemapKind, n: Number(m[2]) };
}

/**
 * Registers `/sitemap.xml` (the index), its files under `/sitemaps/`, and
 * `/robots.txt` naming the index and the news sitemaps. Articles republished
 * with a source URL are left out: their canonical URL is the outlet's
 * (docs/adr/008-distribution.md).
 */
export function registerSitemapRoutes(app: FastifyInstance, deps: SitemapDeps): void {
  const { store, cache, publicUrl } = deps;
  const now = () => deps.clock.now().toISOString();
  const abs = (path: string) => absoluteUrl(publicUrl, path);

  app.get(sitemapUrls.index(), (req, reply) =>
    cache.serve(
      req,
      reply,
      async () => {
        const files = await sitemapFiles(store, now(), deps.limits);
        return renderSitemapIndex(files.map((f) => ({ loc: abs(sitemapUrls.file(f.kind, f.number)), lastmod: f.lastmod })));
      },
      { contentType: MEDIA_TYPES.xml },
    ),
  );

  app.get<{ Params: { file: string } }>('/sitemaps/:file', (req, reply) => {
    const { kind, n } = parseFile(req.params.file);
    return cache.serve(
      req,
      reply,
      async () => {
        const at = now();
        switch (kind) {
          case 'pages': {
            const site = await deps.site();
            const walk = (nodes: CategoryNode[], path: string[]): string[] =>
              nodes.flatMap((c) => [urls.category([...path, c.slug]), ...walk(c.children, [...path, c.slug])]);
            return renderUrlset([urls.home(), ...walk(site.categories.roots, [])].map((p) => ({ loc: abs(p) })));
          }
          case 'articles': {
            const rows = await articleSitemap(store, at, n, deps.limits);
            return renderUrlset(rows.map((r) => ({ loc: abs(urls.article(r.slug)), lastmod: r.updated_at })));
          }
          case 'tags':
          case 'authors': {
            const slugs = await taxonomySitemap(store, kind, at, n, deps.limits);
            return renderUrlset(slugs.map((slug) => ({ loc: abs(kind === 'tags' ? urls.tag(slug) : urls.author(slug)) })));
          }
          case 'news': {
            const site = await deps.site();
            const rows = await newsSitemap(store, at, n, deps.limits);
            const language = new Intl.Locale(site.settings.locale).language;
            return renderNewsUrlset(
              rows.map((r) => ({
                loc: abs(urls.article(r.slug)),
                publication_name: site.settings.site_name,
                language,
                publication_date: r.published_at,
                title: r.title,
              })),
            );
          }
        }
      },
      { contentType: MEDIA_TYPES.xml },
    );
  });

  app.get(sitemapUrls.robots(), (req, reply) =>
    cache.serve(
      req,
      reply,
      async () => {
        const { from, to } = newsWindow(now());
        const newsFiles = Math.ceil((await store.distribution.countNewsArticles(from, to)) / (deps.limits?.news ?? NEWS_SITEMAP_LIMIT));
        return [
          'User-agent: *',
          // Search result pages are endless and thin; the API is not for crawlers.
          'Disallow: /search',
          'Disallow: /api/',
          '',
          `Sitemap: ${abs(sitemapUrls.index())}`,
          ...Array.from({ length: newsFiles }, (_, i) => `Sitemap: ${abs(sitemapUrls.file('news', i + 1))}`),
          '',
        ].join('\n');
      },
      { contentType: MEDIA_TYPES.text },
    ),
  );
}
