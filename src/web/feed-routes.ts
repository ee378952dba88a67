import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../content/repos.ts';
import type { Site } from '../content/use-cases/site.ts';
import { type FeedScope, feedData } from '../distribution/feed-data.ts';
import { renderAtom, renderJsonFeed, renderRss } from '../distribution/feed-formats.ts';
import { feedDocument } from './feed-document.ts';
import { MEDIA_TYPES, type XmlFeedFormat } from './feed-urls.ts';
import type { PageCache } from './page-cache.ts';

/** What the feed routes need from the app. */
export interface FeedDeps {
  store: Store;
  clock: Clock;
  site: () => Promise<Site>;
  /** Cache of encoded documents (304s and repeat requests never render). */
  cache: PageCache;
  /** The site's public address, without a trailing slash. */
  publicUrl: string;
}

const RENDER = { rss: renderRss, atom: renderAtom, json: renderJsonFeed } as const;

/**
 * Registers the feeds: RSS 2.0 and Atom for the site, each category (with
 * its sub-categories), tag and author; JSON Feed 1.1 for the site. Paths in
 * `feed-urls.ts`; `/feed` alone is the site's RSS.
 */
export function registerFeedRoutes(app: FastifyInstance, deps: FeedDeps): void {
  const serve = (format: XmlFeedFormat | 'json', scope: () => FeedScope, req: FastifyRequest, reply: FastifyReply) =>
    deps.cache.serve(
      req,
      reply,
      async () => {
        const site = await deps.site();
        const now = deps.clock.now().toISOString();
        const data = await feedData(deps.store, site, scope(), now);
        return RENDER[format](feedDocument(site, data, deps.publicUrl, now));
      },
      { contentType: MEDIA_TYPES[format] },
    );

  app.get('/feed', (req, reply) => serve('rss', () => ({ kind: 'site' }), req, reply));
  for (const format of ['rss', 'atom'] as const) {
    app.get(`/feed/${format}`, (req, reply) => serve(format, () => ({ kind: 'site' }), req, reply));
    app.get(`/feed/${format}/category/*`, (req, reply) =>
      serve(format, () => ({ kind: 'category', path: ((req.params as { '*': string })['*'] ?? '').split('/').filter((s) => s !== '') }), req, reply),
    );
    app.get<{ Params: { slug: string } }>(`/feed/${format}/tag/:slug`, (req, reply) => serve(format, () => ({ kind: 'tag', slug: req.params.slug }), req, reply));
    app.get<{ Params: { slug: string } }>(`/feed/${format}/author/:slug`, (req, reply) =>
      serve(format, () => ({ kind: 'author', slug: req.params.slug }), req, reply),
    );
  }
  app.get('/feed/json', (req, reply) => serve('json', () => ({ kind: 'site' }), req, reply));
}
