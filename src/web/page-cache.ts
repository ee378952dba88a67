import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';

const encodings = new Negotiator({ supportedValues: ['gzip', 'identity'] });

/** Whether `If-None-Match` (a list, weak validators allowed, or `*`) matches `etag`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//u, '') === etag;
  });
}

/** Whether `If-Modified-Since` names an instant at or after `lastModified` (HTTP dates have whole seconds). */
function notModifiedSince(ifModifiedSince: string | undefined, lastModified: number): boolean {
  if (!ifModifiedSince) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && lastModified <= since;
}

/** A rendered page, encoded once. */
interface CachedPage {
  /** Store version the page was rendered at. */
  version: string;
  status: number;
  body: Buffer;
  gzip: Buffer;
  etag: string;
  /** When these bytes were first rendered, ms since the epoch in whole seconds (kept across re-renders that give the same bytes). */
  lastModified: number;
  contentType: string;
}

/** How a cached route answers. */
export interface ServeOptions {
  /** Media type of the body; `text/html; charset=utf-8` by default. */
  contentType?: string;
}

/** Page-cache settings. */
export interface PageCacheOptions {
  /** Most bytes kept (plain and gzip bodies together). */
  maxBytes: number;
  /** How long a page may be served after rendering, in ms (scheduled articles and the footer year change with time). */
  ttlMs: number;
}

/**
 * A cache of rendered reader pages as pre-encoded Buffers (plain and gzip),
 * keyed by path (query strings ignored), at most `maxBytes` in all. Sending a Buffer costs a fraction of encoding a string per
 * request, and compressing once beats compressing per request (measured in
 * stack notes). Entries die when the store's write version moves or after
 * `ttlMs`, whichever comes first.
 */
export class PageCache {
  private readonly pages: LRUCache<string, CachedPage>;

  constructor(
    private readonly version: () => string,
    options: PageCacheOptions = { maxBytes: 64 * 1024 * 1024, ttlMs: 30_000 },
  ) {
    this.pages = new LRUCache({
      maxSize: options.maxBytes,
      sizeCalculation: (page) => page.body.length + page.gzip.length + 256,
      ttl: options.ttlMs,
      // Expired pages are dropped on a timer, not only when asked for again.
      ttlAutopurge: true,
    });
  }

  /**
   * Answers `req` from the cache, or renders with `render` (which may throw:
   * errors are not cached), stores and answers. Honours `If-None-Match`,
   * else `If-Modified-Since` (RFC 9110 §13.2.2), from the cache without
   * rendering, and `Accept-Encoding: gzip`.
   */
  async serve(req: FastifyRequest, reply: FastifyReply, render: () => Promise<string>, options: ServeOptions = {}): Promise<FastifyReply> {
    // Cached routes ignore the query string: keying on it would let anyone fill the cache.
    const key = req.url.split('?', 1)[0] ?? req.url;
    let page = this.pages.get(key);
    if (!page || page.version !== this.version()) {
      const version = this.version();
      const html = await render();
      const body = Buffer.from(html, 'utf8');
      const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
      page = {
        version,
        status: reply.statusCode,
        body,
        gzip: gzipSync(body),
        etag,
        // Same bytes as before the store moved: still modified when they were first made.
        lastModified: page?.etag === etag ? page.lastModified : Math.floor(Date.now() / 1000) * 1000,
        contentType: options.contentType ?? 'text/html; charset=utf-8',
      };
      this.pages.set(key, page);
    }
    reply
      .header('content-type', page.contentType)
      .header('etag', page.etag)
      .header('last-modified', new Date(page.lastModified).toUTCString())
      .header('vary', 'accept-encoding');
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch ? matches(ifNoneMatch, page.etag) : notModifiedSince(req.headers['if-modified-since'], page.lastModified)) {
      return reply.code(304).send();
    }
    if (encodings.negotiate(req.headers['accept-encoding'] ?? '') === 'gzip') {
      return reply.code(page.status).header('content-encoding', 'gzip').send(page.gzip);
    }
    return reply.code(page.status).send(page.body);
  }

  /** Drops every page. */
  clear(): void {
    this.pages.clear();
  }
}
