import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerBackOffice } from './admin/admin-routes.ts';
import { articleEditorRoutes } from './admin/article-editor-routes.tsx';
import { mediaAdminRoutes } from './admin/media-routes.tsx';
import { sourcesRoutes } from './admin/routes/sources-routes.tsx';
import { registerSecurityHeaders } from './admin/security-headers.ts';
import { sessionSecret } from './admin/session-secret.ts';
import { registerSearchApi } from './api/search-api.ts';
import type { Config } from './config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { isJaridaError } from './core/errors.ts';
import { CategoryTree } from './content/category-tree.ts';
import { DEFAULT_SITE_SETTINGS } from './content/site-settings.ts';
import { ensureDefaultSite, loadSite, type Site } from './content/use-cases/site.ts';
import type { WorkflowDeps } from './content/use-cases/article-save.ts';
import { Scheduler } from './content/use-cases/scheduler.ts';
import { FeedPoller } from './ingest/feed-poller.ts';
import { type MediaDeps, mediaUrl, sweepOrphanMedia } from './content/use-cases/media.ts';
import { LocalDiskStorage } from './media/storage.ts';
import { mediaImageResolver, registerMediaRoutes } from './web/media-routes.ts';
import { refreshRelated } from './search/related.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/sqlite-store.ts';
import { messagesFor } from './web/i18n.ts';
import { PageCache } from './web/page-cache.ts';
import { registerReaderRoutes } from './web/reader-routes.tsx';
import { registerFeedRoutes } from './web/feed-routes.ts';
import { registerSitemapRoutes } from './web/sitemap-routes.ts';
import { registerRedirectRoutes } from './web/redirect-routes.ts';
import { urls } from './web/urls.ts';
import { WebhookDispatcher } from './distribution/webhook-dispatcher.ts';
import type { ViewContext } from './web/views/context.ts';
import { ErrorPage } from './web/views/pages.tsx';

/** The built application: the HTTP server (not listening) and the store behind it. */
export interface App {
  http: FastifyInstance;
  store: SqliteStore;
  clock: Clock;
  /** What the article workflow use cases (`content/use-cases/article-workflow.ts` and friends) take. */
  workflow: WorkflowDeps;
  /** What the media use cases (`content/use-cases/media.ts`) take: files under `<dataDir>/media/`. */
  media: MediaDeps;
  /** Publishes scheduled articles when their time comes (started by `createApp`, stopped by `close`). */
  scheduler: Scheduler;
  /** Sends signed article events to the configured webhooks; undefined when none is configured. */
  webhooks: WebhookDispatcher | undefined;
  /** Closes the server and the store. */
  close(): Promise<void>;
}

/** Options for tests and tools. */
export interface AppOptions {
  clock?: Clock;
  /** An already opened store (else the SQLite file of `config.dbFile`). */
  store?: SqliteStore;
  /** Where the server's log lines go (else standard output); tests read security logs from it. */
  logStream?: { write(line: string): void };
}

const ASSETS_DIR = fileURLToPath(new URL('./web/assets/', import.meta.url));

function assetVersion(): string {
  const hash = createHash('sha256');
  for (const file of ['site.css', 'site.js']) hash.update(readFileSync(`${ASSETS_DIR}${file}`));
  return hash.digest('hex').slice(0, 10);
}

/**
 * Builds jarida without listening: opens and migrates the store, creates the
 * default site on an empty database, and registers every route. This is the
 * one wiring point of the application; tests call it and send requests with
 * `app.http.inject()`.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? (await openSqliteStore(config.dbFile));
  await ensureDefaultSite(store, clock);

  let cached: { version: string; site: Site } | undefined;
  const site = async () => {
    const version = store.version();
    if (!cached || cached.version !== version) cached = { version, site: await loadSite(store) };
    return cached.site;
  };
  const version = assetVersion();
  const media: MediaDeps = {
    store,
    storage: new LocalDiskStorage(join(config.dataDir, 'media')),
    clock,
    limits: { max_bytes: config.media.maxBytes, max_pixels: config.media.maxPixels },
  };
  const images = mediaImageResolver(store.media, media.storage, store.version);
  const context = (s: Site): ViewContext => ({ site: s, t: messagesFor(s.settings.locale), now: clock.now().toISOString(), assetVersion: version, publicUrl: config.publicUrl, images });

  // Error pages must render even when the store is what failed: fall back to the last known site.
  const errorPage = async (status: number) => {
    let current: Site;
    try {
      current = await site();
    } catch {
      current = cached?.site ?? { settings: { ...DEFAULT_SITE_SETTINGS }, categories: new CategoryTree([]) };
    }
    return <ErrorPage ctx={context(current)} status={status} />;
  };

  const http = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel, ...(options.logStream ? { stream: options.logStream } : {}) },
    // Behind a reverse proxy: the client's address and https from X-Forwarded-* (Secure cookies).
    trustProxy: config.trustProxy,
    // Malformed percent-encoding and over-long path segments: the same Arabic error pages as any 400/404.
    frameworkErrors: async (err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 404 : 400;
      if (req.url.startsWith('/api/')) {
        return reply.code(status).send({ error: { code: status === 404 ? 'JARIDA_NOT_FOUND' : 'JARIDA_VALIDATION', message: 'malformed URL' } });
      }
      return reply.code(status).type('text/html; charset=utf-8').send(await errorPage(status));
    },
    // Arabic slugs make long URLs once percent-encoded.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
  });

  // The article workflow for the back office, API and CLI: read-also lists are refreshed after each
  // commit, and scheduling wakes the scheduler, which catches up on start-up with what fell due.
  const workflow: WorkflowDeps = {
    store,
    clock,
    async refreshRelated(article) {
      try {
        await refreshRelated(store, store.search, (await site()).categories, article, clock.now().toISOString());
      } catch (err) {
        http.log.error({ err, article_id: article.id }, 'read-also refresh failed');
      }
    },
    onScheduleChanged: () => scheduler.wake(),
  };
  const scheduler = new Scheduler(workflow, { onError: (err, article_id) => http.log.error({ err, article_id }, 'scheduled publishing failed') });

  // CSP, frame-ancestors, referrer policy… on every response, reader site and back office alike.
  await registerSecurityHeaders(http);
  await http.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
  });

  registerReaderRoutes(http, { store, clock, site, context, pages: new PageCache(store.version), search: store.search });
  registerSearchApi(http, { search: store.search, clock, site });
  registerMediaRoutes(http, { storage: media.storage });
  registerBackOffice(http, {
    store,
    clock,
    site,
    sessionSecret: sessionSecret(config.dataDir, config.sessionSecret),
    modules: [
      articleEditorRoutes({
        workflow,
        context,
        pickedImage: async (id) => {
          const item = await store.media.findById(id);
          return item ? { url: mediaUrl(media.storage, item, config.publicUrl), alt: item.alt } : undefined;
        },
      }),
      mediaAdminRoutes(media, config.publicUrl),
      sourcesRoutes({ fetch: config.fetch, feeds: config.feeds }),
    ],
  });
  // Feeds and sitemaps have their own cache: a 50,000-URL sitemap must not push reader pages out.
  const documents = new PageCache(store.version);
  registerFeedRoutes(http, { store, clock, site, cache: documents, publicUrl: config.publicUrl });
  registerSitemapRoutes(http, { store, clock, site, cache: documents, publicUrl: config.publicUrl });
  // Old addresses of an imported WordPress site answer 301 (docs/adr/018).
  registerRedirectRoutes(http, { store, clock, site, uploadsDir: join(config.dataDir, 'uploads') });

  http.setNotFoundHandler(async (req, reply) => {
    if (req.url.startsWith('/api/')) return reply.code(404).send({ error: { code: 'JARIDA_NOT_FOUND', message: 'no such endpoint' } });
    return reply.code(404).type('text/html; charset=utf-8').send(await errorPage(404));
  });

  http.setErrorHandler(async (err, req, reply) => {
    const known = isJaridaError(err) ? err : undefined;
    const status = known?.status ?? (typeof (err as { statusCode?: unknown }).statusCode === 'number' && (err as { statusCode: number }).statusCode < 500 ? (err as { statusCode: number }).statusCode : 500);
    if (status >= 500) req.log.error({ err }, 'request failed');
    if (req.url.startsWith('/api/')) {
      const message = known?.expose ? known.message : status < 500 ? 'bad request' : 'internal error';
      return reply.code(status).send({ error: { code: known?.code ?? (status < 500 ? 'JARIDA_VALIDATION' : 'JARIDA_INTERNAL'), message } });
    }
    return reply.code(status).type('text/html; charset=utf-8').send(await errorPage(status));
  });

  await scheduler.start();
  // Feed sources are polled on their own schedules (docs/adr/016); `feeds.poll: false` turns it off.
  const feedPoller = config.feeds.poll
    ? new FeedPoller({ store, clock, fetch: config.fetch }, { concurrency: config.feeds.concurrency, onError: (err) => http.log.error({ err }, 'feed polling failed') })
    : undefined;
  feedPoller?.start();
  // Files of uploads that a crash cut off before their commit (docs/adr/013); in the background, as a
  // large library takes a while to walk, and only files older than a few minutes are touched.
  const sweep = sweepOrphanMedia(media).then(
    (report) => {
      if (report.orphans + report.incomplete > 0) http.log.info(report, 'media: removed files no media row names');
    },
    (err: unknown) => http.log.error({ err }, 'media: orphan sweep failed'),
  );
  const webhooks =
    config.webhooks.length > 0
      ? new WebhookDispatcher(store, clock, config.webhooks, { publicUrl: config.publicUrl, articlePath: urls.article, log: http.log })
      : undefined;
  webhooks?.start();

  return {
    http,
    store,
    clock,
    workflow,
    media,
    scheduler,
    webhooks,
    async close() {
      await webhooks?.stop();
      await scheduler.stop();
      await feedPoller?.stop();
      await http.close();
      await sweep;
      await store.close();
    },
  };
}
