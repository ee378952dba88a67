import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerSearchApi } from './api/search-api.ts';
import type { Config } from './config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import { isJaridaError } from './core/errors.ts';
import { CategoryTree } from './content/category-tree.ts';
import { DEFAULT_SITE_SETTINGS } from './content/site-settings.ts';
import { ensureDefaultSite, loadSite, type Site } from './content/use-cases/site.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/sqlite-store.ts';
import { messagesFor } from './web/i18n.ts';
import { PageCache } from './web/page-cache.ts';
import { registerReaderRoutes } from './web/reader-routes.tsx';
import type { ViewContext } from './web/views/context.ts';
import { ErrorPage } from './web/views/pages.tsx';

/** The built application: the HTTP server (not listening) and the store behind it. */
export interface App {
  http: FastifyInstance;
  store: SqliteStore;
  clock: Clock;
  /** Closes the server and the store. */
  close(): Promise<void>;
}

/** Options for tests and tools. */
export interface AppOptions {
  clock?: Clock;
  /** An already opened store (else the SQLite file of `config.dbFile`). */
  store?: SqliteStore;
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
  const context = (s: Site): ViewContext => ({ site: s, t: messagesFor(s.settings.locale), now: clock.now().toISOString(), assetVersion: version });

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
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
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

  await http.register(fastifyStatic, {
    root: ASSETS_DIR,
    prefix: '/assets/',
    maxAge: '365d',
    immutable: true,
    decorateReply: false,
  });

  registerReaderRoutes(http, { store, clock, site, context, pages: new PageCache(store.version), search: store.search });
  registerSearchApi(http, { search: store.search, clock, site });

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

  return {
    http,
    store,
    clock,
    async close() {
      await http.close();
      await store.close();
    },
  };
}
