import type { FastifyInstance } from 'fastify';
import { LRUCache } from 'lru-cache';
import { notFound } from '../core/errors.ts';
import type { MediaItem, MediaRepo } from '../content/media.ts';
import type { MediaStorage } from '../media/storage.ts';

/**
 * Readers' side of the media library: the files at `/media/…` and the
 * `srcset` of featured images (docs/adr/013).
 */

/** What {@link registerMediaRoutes} needs. */
export interface MediaRouteDeps {
  storage: MediaStorage;
}

/**
 * Keys served to readers: the WebP variants only. Originals stay private:
 * they are the uploaded bytes, EXIF (GPS position, camera serial) and all.
 */
const PUBLIC_KEY = /^[0-9a-f]{2}\/[0-9a-f]{64}\/[1-9]\d{0,4}w\.webp$/u;

/** A year, the longest `max-age` caches are asked to honour (RFC 9111); keys are content-addressed, so a file never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Registers `GET /media/*` (and HEAD): a variant streamed from `deps.storage`
 * with `Content-Type: image/webp`, `X-Content-Type-Options: nosniff`, a
 * one-year immutable `Cache-Control`, an ETag (the key), and
 * `Cross-Origin-Resource-Policy: cross-origin` so that feed readers and
 * share previews on other sites may show it. Anything else under `/media/`
 * is 404.
 */
export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  app.get<{ Params: { '*': string } }>('/media/*', async (req, reply) => {
    const key = req.params['*'];
    if (!PUBLIC_KEY.test(key)) throw notFound('no such media file');
    const etag = `"${key.slice(3).replace('/', '-')}"`;
    reply
      .header('cache-control', IMMUTABLE)
      .header('x-content-type-options', 'nosniff')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('etag', etag);
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//u, '') === etag || t.trim() === '*')) {
      // Only for a file that exists: a 304 must not vouch for a deleted one.
      if (await deps.storage.stat(key)) return reply.code(304).send();
    }
    if (req.method === 'HEAD') {
      // No stream for HEAD: Fastify would never read it, and its file would stay open.
      const info = await deps.storage.stat(key);
      if (!info) throw notFound('no such media file');
      return reply.type('image/webp').header('content-length', String(info.bytes)).send();
    }
    const file = await deps.storage.stream(key);
    if (!file) throw notFound('no such media file');
    return reply.type('image/webp').header('content-length', String(file.bytes)).send(file.stream);
  });
}

/** How an image of the library is shown: `src`, `srcset` and intrinsic size, with the library's alternative text. */
export interface ResponsiveImage {
  /** The widest variant. */
  src: string;
  /** Every variant, `"<url> <width>w"`, comma-separated. */
  srcset: string;
  /** Size of the widest variant, in pixels (the `width`/`height` attributes: the browser reserves the box before the bytes arrive). */
  width: number;
  height: number;
  /** The library's default alternative text. */
  alt: string;
}

/**
 * Finds the library image behind a featured image URL: undefined at once
 * when the URL is not one of the storage's (an imported item's outlet
 * image), else a promise of the image (undefined when no row names it).
 */
export type ImageResolver = (url: string) => Promise<ResponsiveImage | undefined> | undefined;

/** The {@link ResponsiveImage} of a library item; undefined when it has no variant. */
export function responsiveImage(storage: MediaStorage, item: MediaItem): ResponsiveImage | undefined {
  const widest = item.variants[item.variants.length - 1];
  if (!widest) return undefined;
  return {
    src: storage.url(widest.key),
    srcset: item.variants.map((v) => `${storage.url(v.key)} ${v.width}w`).join(', '),
    width: widest.width,
    height: widest.height,
    alt: item.alt,
  };
}

/**
 * An {@link ImageResolver} over the media tables. URLs may be the
 * storage's paths or absolute URLs with such a path on any host (articles
 * store absolute URLs, and `publicUrl` may have changed since; a key is a
 * content address, so a match on another host is the same image), naming a
 * variant or the original. Found images are kept in a small LRU while the
 * store's `version` stays the same (the alt text may change; pages are only
 * rendered again after a write anyway, so within a version one lookup
 * serves every page that shows the image).
 */
export function mediaImageResolver(media: MediaRepo, storage: MediaStorage, version: () => string): ImageResolver {
  const cache = new LRUCache<string, { version: string; image: ResponsiveImage }>({ max: 2000 });
  return (url) => {
    let path = url;
    if (/^https?:\/\//iu.test(url)) {
      try {
        path = new URL(url).pathname;
      } catch {
        return undefined;
      }
    }
    const key = storage.keyFromUrl(path);
    if (key === undefined) return undefined;
    const now = version();
    const hit = cache.get(key);
    if (hit?.version === now) return Promise.resolve(hit.image);
    return (async () => {
      const item = PUBLIC_KEY.test(key) ? await media.findByVariantKey(key) : await media.findByKey(key);
      const image = item && responsiveImage(storage, item);
      if (image) cache.set(key, { version: now, image });
      return image;
    })();
  };
}
