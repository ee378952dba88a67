import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { normalizeOldPath, type Redirect } from '../content/redirects.ts';
import type { Store } from '../content/repos.ts';
import type { Site } from '../content/use-cases/site.ts';
import { urls } from './urls.ts';

/** What the old-address handling needs. */
export interface RedirectDeps {
  store: Store;
  clock: Clock;
  site: () => Promise<Site>;
  /** `<dataDir>/uploads`: files copied by `jarida import-wordpress --uploads`, served at `/wp-content/uploads/`. */
  uploadsDir: string;
}

/**
 * The current address of what an old address pointed at, or undefined when
 * there is none (no redirect, its target is gone or not public, or its
 * target is that very address: an article renamed back to an old slug must
 * never answer with a redirect to itself).
 */
export async function redirectTarget(deps: Pick<RedirectDeps, 'store' | 'clock' | 'site'>, requestUrl: string): Promise<string | undefined> {
  const key = normalizeOldPath(requestUrl);
  if (key === undefined) return undefined;
  const redirect = await deps.store.redirects.find(key);
  if (!redirect) return undefined;
  const target = await currentAddress(deps, redirect);
  return target === undefined || normalizeOldPath(target) === key ? undefined : target;
}

/** The current address of a redirect's target, or undefined when it is gone or not public. */
async function currentAddress(deps: Pick<RedirectDeps, 'store' | 'clock' | 'site'>, redirect: Redirect): Promise<string | undefined> {
  switch (redirect.target_kind) {
    case 'article': {
      const article = await deps.store.articles.findById(redirect.target_id);
      const now = deps.clock.now().toISOString();
      if (!article || article.status !== 'published' || article.published_at === null || article.published_at > now) return undefined;
      return urls.article(article.slug);
    }
    case 'category': {
      const path = (await deps.site()).categories.path(redirect.target_id);
      return path.length === 0 ? undefined : urls.category(path);
    }
    case 'tag': {
      const tag = await deps.store.tags.findById(redirect.target_id);
      return tag && urls.tag(tag.slug);
    }
    default:
      return undefined;
  }
}

/**
 * Old addresses of an imported WordPress site (docs/adr/018-wordpress-import.md)
 * and of articles whose slug changed after publication (docs/adr/019):
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
