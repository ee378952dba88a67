import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.ts';
import { isJaridaError, JaridaError } from '../core/errors.ts';
import type { User } from '../content/accounts.ts';
import { CategoryTree } from '../content/category-tree.ts';
import type { Store } from '../content/repos.ts';
import { DEFAULT_SITE_SETTINGS } from '../content/site-settings.ts';
import { type Actor, type Permission, PERMISSIONS, roleHas } from '../content/roles.ts';
import type { Site } from '../content/use-cases/site.ts';
import { sessionUser } from '../content/use-cases/users.ts';
import { fill } from '../web/i18n.ts';
import { registerAdminErrors } from './admin-errors.tsx';
import { checkCsrf, registerCsrf } from './csrf.ts';
import { parseFormBody } from './form-body.ts';
import { adminMessagesFor } from './i18n.ts';
import { type KeptForm, routePattern } from './kept-form.ts';
import type { AdminMessageKey } from './locales/ar.ts';
import { DatabaseSessionStore, SESSION_MAX_AGE_MS } from './session-store.ts';
import type { AdminContext, FormError } from './views/context.ts';

/**
 * The back office's HTTP layer (`/admin` pages and `/api/admin` JSON).
 *
 * ## Registering an admin route (for later features such as the article editor)
 *
 * Write an {@link AdminModule} and add it to `modules` of the deps that
 * `app.tsx` passes to `registerBackOffice` (`admin/admin-routes.ts`); a
 * module that needs more than {@link AdminDeps} is made by a function taking
 * it (`articleEditorRoutes({ workflow, context })` in
 * `admin/article-editor-routes.tsx`). Its routes live in the admin scope, where every
 * request has been through the session, the permission check and (for
 * POST/PUT/PATCH/DELETE) the CSRF check before the handler runs. Each route
 * must declare the permission it needs in `config.permission` (a
 * `Permission` of `content/roles.ts`, or `'public'`); a route under `/admin`
 * or `/api/admin` without one makes start-up fail.
 *
 * ```tsx
 * export const articleEditor: AdminModule = (admin, deps) => {
 *   admin.get('/admin/articles/new', { config: { permission: 'article.create' } }, async (req, reply) => {
 *     const ctx = await adminContext(req, reply);      // site, t, user, actor, csrf token
 *     const actor = req.actor!;                        // set on every non-public route
 *     return sendPage(reply, <AdminLayout ctx={ctx} title={ctx.t.navNewArticle}>…</AdminLayout>);
 *   });
 *   admin.post('/admin/articles/:id', { config: { permission: 'article.edit_own' } }, async (req, reply) => {
 *     // finer checks (canEditArticle(req.actor!, article)) are the handler's; throw
 *     // new JaridaError('FORBIDDEN', …) and the admin error page answers 403.
 *   });
 * };
 * ```
 *
 * Forms post `application/x-www-form-urlencoded` with the hidden `_csrf`
 * field (`<CsrfField ctx={ctx} />`, or `<PostForm>`); JSON clients send the
 * token in an `X-CSRF-Token` header. Tokens are bound to the session
 * (`csrf.ts`). Form bodies are limited to {@link FORM_BODY_LIMIT} unless the
 * route sets `bodyLimit`, and refused (400) when their percent-encoding is
 * malformed (`form-body.ts`). Errors thrown by handlers render the Arabic
 * admin error page (HTML) or `{ error: { code, message } }` with the message
 * in the admin's language (`/api/admin`), see `admin-errors.tsx`; an
 * anonymous GET of an admin page is redirected to the login page. A POST
 * route whose typed content must survive an ended session sets
 * `config.keepForm` (`kept-form.ts`). A form
 * that a use case refuses (`isFormError`) is rendered again with
 * `formError(ctx, err)`: the use case's `details.reason` names a message of
 * `admin/locales/ar.ts` (add new ones there and in `en.ts`). Helpers: `field`
 * (a form field), `idParam` (a `:id`), `safeNext`. Every new route also needs
 * its row in `test/admin/route-matrix.test.ts`, which fails without it.
 */

/** What a route under `/admin` or `/api/admin` needs: a permission, or `'public'` (the login page). */
export type RoutePermission = Permission | 'public';

/** One registered admin route (HEAD routes that Fastify adds for GET are left out). */
export interface AdminRouteInfo {
  method: string;
  url: string;
  permission: RoutePermission;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every route under `/admin` and `/api/admin` (see `admin/admin-plugin.tsx`). */
    permission?: RoutePermission;
    /** A form POST whose fields are kept when refused for an ended session or an earlier session's token (see `kept-form.ts`). */
    keepForm?: KeptForm;
  }
  interface FastifyRequest {
    /** Who is acting: set on every admin route that is not public; null when nobody is signed in. */
    actor: Actor | null;
    /** The signed-in user (admin scope only); null when nobody is signed in. */
    user: User | null;
  }
  interface FastifyInstance {
    /** Every admin route registered so far, with its permission (the role × route matrix test reads it). */
    adminRoutes: AdminRouteInfo[];
  }
}

/** What the admin routes need from the application. */
export interface AdminDeps {
  store: Store;
  clock: Clock;
  /** The site (settings, menu), reloaded by the app when it changes. */
  site: () => Promise<Site>;
  /** Key that signs session and CSRF cookies (see `session-secret.ts`). */
  sessionSecret: string;
  /** Further admin routes (features built on the back office). */
  modules?: readonly AdminModule[];
}

/** A group of admin routes registered inside the admin scope (see the module documentation). */
export type AdminModule = (admin: FastifyInstance, deps: AdminDeps) => void | Promise<void>;

/** Whether a URL belongs to the back office (and so needs `config.permission`). */
export function isAdminUrl(url: string): boolean {
  return /^\/(api\/)?admin(\/|$)/u.test(url);
}

function isRoutePermission(value: unknown): value is RoutePermission {
  return value === 'public' || (PERMISSIONS as readonly unknown[]).includes(value);
}

/** Login POSTs accepted from one address per minute (a second limit, per account, is in `use-cases/users.ts`). */
export const LOGIN_REQUESTS_PER_IP_PER_MINUTE = 20;

const SESSION_COOKIE = 'jarida_session';
/** Largest form body of an admin route without a `bodyLimit` of its own, in bytes (the article editor's is larger). */
export const FORM_BODY_LIMIT = 1024 * 1024;
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const ADMIN_CSS = readFileSync(new URL('./assets/admin.css', import.meta.url));
const ADMIN_CSS_VERSION = createHash('sha256').update(ADMIN_CSS).digest('hex').slice(0, 10);

/** The deps of the admin scope that a request was routed in. */
function depsOf(req: FastifyRequest): AdminDeps {
  return (req.server as FastifyInstance & { adminDeps: AdminDeps }).adminDeps;
}

/** A POST route with `config.keepForm`: its path as a pattern of concrete paths. */
interface KeptFormRoute {
  pattern: RegExp;
  form: KeptForm;
}

/**
 * How the route that `path` (a concrete path, `/admin/articles/12`) names
 * keeps a refused form, or undefined when no POST route there keeps forms:
 * kept fields are only ever sent back to such a route.
 */
export function keptFormAt(req: FastifyRequest, path: string): KeptForm | undefined {
  const routes = (req.server as FastifyInstance & { adminKeptForms?: KeptFormRoute[] }).adminKeptForms ?? [];
  return routes.find((r) => r.pattern.test(path))?.form;
}

/**
 * The view context of an admin page: site, admin messages, signed-in user,
 * and a CSRF token for its forms (of the session's secret; signed out, of
 * the visitor's CSRF cookie, set when absent).
 * `notice` is read from the `?notice=` of a redirect when it names a known message.
 */
export async function adminContext(req: FastifyRequest, reply: FastifyReply): Promise<AdminContext> {
  const deps = depsOf(req);
  const site = await deps.site();
  const t = adminMessagesFor(site.settings.locale);
  const raw = (req.query as Record<string, unknown> | undefined)?.notice;
  const notice = typeof raw === 'string' && raw.startsWith('notice_') && raw in t ? (raw as AdminMessageKey) : undefined;
  return {
    site,
    t,
    user: req.user,
    actor: req.actor,
    csrf: reply.generateCsrf(),
    path: req.url.split('?')[0] ?? req.url,
    assetVersion: ADMIN_CSS_VERSION,
    notice,
    now: deps.clock.now().toISOString(),
  };
}

/**
 * {@link adminContext} for an error page, which must render even when what
 * failed is the store: then the default settings, no menu, and the request's
 * user as loaded (if any).
 */
export async function errorContext(req: FastifyRequest, reply: FastifyReply): Promise<AdminContext> {
  try {
    return await adminContext(req, reply);
  } catch (err) {
    req.log.error({ err }, 'admin: the error page falls back to the default settings');
    let csrf = '';
    try {
      csrf = reply.generateCsrf();
    } catch {
      // A page without working forms still says what happened.
    }
    const site: Site = { settings: { ...DEFAULT_SITE_SETTINGS }, categories: new CategoryTree([]) };
    return {
      site,
      t: adminMessagesFor(site.settings.locale),
      user: req.user,
      actor: req.actor,
      csrf,
      path: req.url.split('?')[0] ?? req.url,
      assetVersion: ADMIN_CSS_VERSION,
      now: depsOf(req).clock.now().toISOString(),
    };
  }
}

/** Sends an admin page (HTML) with `status`. */
export function sendPage(reply: FastifyReply, html: string | Promise<string>, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * The message to show for an error from a use case: the admin message named
 * by its `details.reason` (with `{min}`, `{minutes}`, `{field}` filled), else
 * a generic one. Never the English message of the error itself.
 */
export function errorMessage(ctx: AdminContext, err: unknown, values: Record<string, string | number> = {}): string {
  const reason = isJaridaError(err) ? err.details.reason : undefined;
  const text = typeof reason === 'string' && reason in ctx.t ? ctx.t[reason as AdminMessageKey] : ctx.t.invalid_input;
  return fill(text, values);
}

/** The {@link FormError} of a use-case error: its field and its message in the admin's language. */
export function formError(ctx: AdminContext, err: JaridaError, values: Record<string, string | number> = {}): FormError {
  const field = err.details.field;
  return { field: typeof field === 'string' ? field : undefined, message: errorMessage(ctx, err, values) };
}

/** Whether an error is one a form shows beside its fields (bad input), rather than an error page. */
export function isFormError(err: unknown): err is JaridaError {
  return isJaridaError(err) && (err.kind === 'VALIDATION' || err.kind === 'CONFLICT');
}

/** Reads a form field as a string (the first of repeated fields; '' when absent). */
export function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Parses a positive integer route parameter. @throws JaridaError `NOT_FOUND` otherwise. */
export function idParam(raw: string | undefined): number {
  if (raw === undefined || !/^[1-9]\d{0,15}$/u.test(raw)) throw new JaridaError('NOT_FOUND', `not an id: ${raw}`);
  return Number(raw);
}

const BASE = 'http://jarida.invalid';

/**
 * A safe place to go after signing in (or after picking an image): a
 * back-office path of this site, never another site, percent-encoded so
 * that it can stand in a `Location` header. `raw` may be decoded (a query
 * parameter: `/admin/articles?q=عربي`) or encoded already; either way the
 * result is the WHATWG URL's ASCII path and query (`/admin/articles?q=%D8%B9…`),
 * which the browser shows decoded again. Anything else gives `/admin`.
 */
export function safeNext(raw: string): string {
  if (!/^\/admin(?:[/?]|$)/u.test(raw) || raw.includes('//') || raw.includes('\\')) return '/admin';
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return '/admin';
  }
  // `/admin/../login` and the like resolve outside the back office.
  if (url.origin !== BASE || !/^\/admin(?:\/|$)/u.test(url.pathname)) return '/admin';
  return `${url.pathname}${url.search}`;
}

/** Loads the signed-in user of the request's session, ending sessions that no longer hold. */
async function loadActor(req: FastifyRequest): Promise<void> {
  const session = req.session;
  if (!session || typeof session.user_id !== 'number') return;
  const user = await sessionUser(depsOf(req).store, session.user_id, session.password_changed_at ?? '');
  if (!user) {
    await session.destroy();
    return;
  }
  req.user = user;
  req.actor = { user_id: user.id, role: user.role };
}

/**
 * Registers the back office on `app`: a root `onRoute` hook that refuses
 * admin routes without a permission (start-up fails) and records them in
 * `app.adminRoutes` (and the routes that keep refused forms), then the
 * admin scope with cookies, database sessions, form bodies, CSRF protection,
 * the login rate limit, the permission check, the admin error and 404 pages,
 * jarida's own admin routes and `deps.modules`.
 * The scope loads when the app does: errors (a route without permission)
 * reject `app.ready()` / `app.listen()`.
 */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps, routes: readonly AdminModule[]): void {
  const table: AdminRouteInfo[] = [];
  const kept: KeptFormRoute[] = [];
  app.decorate('adminRoutes', table);
  app.addHook('onRoute', function (route) {
    if (!isAdminUrl(route.url)) return;
    const permission = route.config?.permission;
    const methods = [route.method].flat();
    if (!isRoutePermission(permission)) {
      throw new Error(`admin route ${methods.join(',')} ${route.url} declares no permission: set config.permission to a permission of content/roles.ts or 'public'`);
    }
    // Outside the admin scope no session, permission or CSRF check would run.
    if (!this.hasDecorator('adminDeps')) {
      throw new Error(`admin route ${methods.join(',')} ${route.url} is registered outside the admin scope: register it in an AdminModule (see admin/admin-plugin.tsx)`);
    }
    for (const method of methods) if (method !== 'HEAD') table.push({ method, url: route.url, permission });
    const keepForm = route.config?.keepForm;
    if (keepForm && methods.includes('POST')) kept.push({ pattern: routePattern(route.url), form: keepForm });
  });

  // Not awaited: the scope loads with the app (`ready`/`listen`), so that hooks and handlers the app
  // sets after this call (its error handler) still apply to the routes registered before it.
  void app.register(async (admin) => {
    admin.decorate('adminDeps', deps);
    admin.decorate('adminKeptForms', kept);
    admin.decorateRequest('actor', null);
    admin.decorateRequest('user', null);
    await admin.register(fastifyCookie, { secret: deps.sessionSecret });
    // Malformed percent-encoding is refused (400) rather than stored as literal `%D8…` text.
    await admin.register(fastifyFormbody, { bodyLimit: FORM_BODY_LIMIT, parser: parseFormBody });
    await admin.register(fastifySession, {
      secret: deps.sessionSecret,
      cookieName: SESSION_COOKIE,
      store: new DatabaseSessionStore(deps.store, deps.clock),
      saveUninitialized: false,
      // Fixed lifetime from sign-in: no write to the sessions table on every page view.
      rolling: false,
      cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS },
    });
    registerCsrf(admin);
    await admin.register(fastifyRateLimit, {
      global: false,
      onExceeded: (req) => req.log.warn({ ip: req.ip, url: req.url }, 'admin: too many requests from one address'),
      errorResponseBuilder: (_req, ctx) =>
        new JaridaError('RATE_LIMITED', `too many requests, retry in ${ctx.after}`, { reason: 'too_many_requests', retry_after_s: Math.ceil(ctx.ttl / 1000) }),
    });

    admin.addHook('onRequest', async (_req, reply) => {
      // Back-office pages are private and change with every action.
      reply.header('cache-control', 'no-store').header('referrer-policy', 'same-origin');
    });
    admin.addHook('preHandler', async (req) => {
      const permission = req.routeOptions.config.permission;
      await loadActor(req);
      if (permission === 'public' || permission === undefined) return;
      if (!req.actor) throw new JaridaError('UNAUTHENTICATED', 'sign in first', { reason: 'unauthenticated' });
      if (!roleHas(req.actor.role, 'admin.access') || !roleHas(req.actor.role, permission)) {
        throw new JaridaError('FORBIDDEN', `the ${req.actor.role} role lacks ${permission}`, { reason: 'forbidden', permission });
      }
    });
    // After the session's user was loaded: an ended session counts as signed out.
    admin.addHook('preHandler', async (req, reply) => {
      if (UNSAFE_METHODS.has(req.method)) checkCsrf(req, reply);
    });

    registerAdminErrors(admin);

    admin.get('/admin/assets/admin.css', { config: { permission: 'public' } }, async (_req, reply) =>
      reply.header('cache-control', 'public, max-age=31536000, immutable').type('text/css; charset=utf-8').send(ADMIN_CSS),
    );
    for (const module of [...routes, ...(deps.modules ?? [])]) await module(admin, deps);
  });
}
