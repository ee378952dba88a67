import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { normalizeOldPath, type Redirect } from '../content/redirects.ts';
import type { Store } from '../content/repos.ts';
import type { Site } from '../content/use-cases/site.ts';
import { feedUrls } from './feed-urls.ts';
import { urls } from './urls.ts';

/** What the old-address handling needs. */
export interface RedirectDeps {
  store: Store;
  clock: Clock;
  site: () => Promise<Site>;
  /** `<dataDir>/uploads`: files copied by `jarida import-wordpress --uploads`, served at `/wp-content/uploads/`. */
  uploadsDir: string;
}

type Deps = Pick<RedirectDeps, 'store' | 'clock' | 'site'>;

/** Where a redirect's target is now. */
type Place = { kind: 'article'; slug: string } | { kind: 'category'; path: string[] } | { kind: 'tag'; slug: string };

/**
 * A list page (`…/page/2`) or an XML feed of a category or tag, or WordPress's
 * `/feed/` and `/amp/` variants of any old address: `list` is the key of the
 * old address itself, `address` the same page or feed at `place` (undefined
 * when `place` has none).
 */
const LIST_VARIANTS: ReadonlyArray<{ pattern: RegExp; list: (m: RegExpExecArray) => string; address: (place: Place, m: RegExpExecArray) => string | undefined }> = [
  {
    pattern: /^(\/(?:category|tag)\/.+)\/page\/([1-9]\d{0,6})$/u,
    list: (m) => m[1] as string,
    address: (place, m) => (place.kind === 'article' ? undefined : urls.page(placeUrl(place), Number(m[2]))),
  },
  {
    pattern: /^\/feed\/(rss|atom)(\/(?:category|tag)\/.+)$/u,
    list: (m) => m[2] as string,
    address: (place, m) => {
      const format = m[1] === 'atom' ? 'atom' : 'rss';
      if (place.kind === 'category') return feedUrls.category(format, place.path);
      return place.kind === 'tag' ? feedUrls.tag(format, place.slug) : undefined;
    },
  },
  {
    // WordPress answers `<address>/feed/` (a post's comments feed, a list's RSS) and `<address>/amp/` (AMP plugins).
    pattern: /^(\/.+)\/(feed|amp)$/u,
    list: (m) => m[1] as string,
    address: (place, m) => {
      if (m[2] === 'feed' && place.kind === 'category') return feedUrls.category('rss', place.path);
      if (m[2] === 'feed' && place.kind === 'tag') return feedUrls.tag('rss', place.slug);
      return placeUrl(place);
    },
  },
];

/**
 * The current address of what an old address pointed at, or undefined when
 * there is none (no redirect, its target is gone or not public, or its
 * target is that very address: an article renamed back to an old slug must
 * never answer with a redirect to itself). A later page or a feed of a
 * category or tag whose address changed (`/category/<old>/page/2`,
 * `/feed/rss/tag/<old>`) follows the redirect of the list's own address to
 * the same page or feed at the current one: no redirect is stored for them.
 */
export async function redirectTarget(deps: Deps, requestUrl: string): Promise<string | undefined> {
  const key = normalizeOldPath(requestUrl);
  if (key === undefined) return undefined;
  let target: string | undefined;
  const redirect = await deps.store.redirects.find(key);
  if (redirect) {
    const place = await currentPlace(deps, redirect);
    target = place && placeUrl(place);
  } else {
    for (const variant of LIST_VARIANTS) {
      const match = variant.pattern.exec(key);
      if (!match) continue;
      const list = await deps.store.redirects.find(variant.list(match));
      const place = list && (await currentPlace(deps, list));
      target = place && variant.address(place, match);
      break;
    }
  }
  return target === undefined || normalizeOldPath(target) === key ? undefined : target;
}

function placeUrl(place: Place): string {
  if (place.kind === 'article') return urls.article(place.slug);
  return place.kind === 'category' ? urls.category(place.path) : urls.tag(place.slug);
}

/** Where a redirect's target is now, or undefined when it is gone or not public. */
async function currentPlace(deps: Deps, redirect: Redirect): Promise<Place | undefined> {
  switch (redirect.target_kind) {
    case 'article': {
      const article = await deps.store.articles.findById(redirect.target_id);
      const now = deps.clock.now().toISOString();
      if (!article || article.status !== 'published' || article.published_at === null || article.published_at > now) return undefined;
      return { kind: 'article', slug: article.slug };
    }
    case 'category': {
      const path = (await deps.site()).categories.path(redirect.target_id);
      return path.length === 0 ? undefined : { kind: 'category', path };
    }
    case 'tag': {
      const tag = await deps.store.tags.findById(redirect.target_id);
      return tag && { kind: 'tag', slug: tag.slug };
    }
    default:
      return undefined;
  }
}

/**
 * Old addresses of an imported WordPress site (docs/adr/018-wordpress-import.md),
 * of articles whose slug changed after publication (docs/adr/019) and of
 * categories and tags whose address changed (docs/adr/020):
 * `/?p=123`, `/?page_id=7`, `/?cat=3` answer 301 before the home page is
 * served; any other address that jarida answers with 404 (`/2020/05/01/slug/`,
 * `/category/old-slug/`, `/tag/old-slug/`, custom permalinks) is looked up
 * in the redirects table and answers 301 when found, so a redirect never
 * shadows a jarida page. Copied upload files are served at their old path.
 */
export function registerRedirectRoutes(app: FastifyInstance, deps: RedirectDeps): void {
  const eligible = (req: FastifyRequest) => (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/') && !req.url.startsWith('/admin');

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // Only the home page with a query: every other address is looked up when it would be a 404.
    if (!eligible(req) || !req.url.startsWith('/?') || normalizeOldPath(req.url) === undefined) return undefined;
    const target = await redirectTarget(deps, req.url);
    if (target) return reply.redirect(target, 301);
    // A plain permalink that names nothing here is an old address that is gone, not the home page.
    reply.callNotFound();
    return reply;
  });

  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode !== 404 || !eligible(req)) return payload;
    const target = await redirectTarget(deps, req.url);
    if (!target) return payload;
    reply.code(301).header('location', target).header('content-type', 'text/plain; charset=utf-8');
    reply.removeHeader('content-encoding');
    reply.removeHeader('etag');
    reply.removeHeader('content-length');
    return '';
  });

  // Created here so that files copied by an import while the site runs are served without a restart.
  mkdirSync(deps.uploadsDir, { recursive: true });
  // Not awaited: awaiting a plugin here would bind the routes before the app's error handlers are set.
  void app.register(fastifyStatic, { root: deps.uploadsDir, prefix: '/wp-content/uploads/', decorateReply: false, maxAge: '30d', index: false, dotfiles: 'deny' });
}
