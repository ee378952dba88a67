import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, isJaridaError, JaridaError } from '../core/errors.ts';
import { fill, formatNumber } from '../web/i18n.ts';
import { errorContext, FORM_BODY_LIMIT, keptFormAt, safeNext, sendPage } from './admin-plugin.tsx';
import { formFields, type KeptPost } from './kept-form.ts';
import type { AdminMessageKey } from './locales/ar.ts';
import { LoginPage } from './views/auth-pages.tsx';
import type { AdminContext } from './views/context.ts';
import { AdminErrorPage, errorTexts } from './views/error-page.tsx';
import { ResendPage } from './views/kept-form-pages.tsx';

/**
 * The back office's answers to errors: the Arabic admin error page (or, under
 * `/api/admin`, `{ error: { code, message } }` with the message in the
 * admin's language), never Fastify's English JSON; the form kept when a
 * `keepForm` route is refused for an ended session or an earlier session's
 * token (`kept-form.ts`); and the admin's 404 page for any other `/admin/…`.
 */

/** An error as one of the catalogue, Fastify's own (body too large, bad content type…) included. */
export function toJaridaError(err: unknown): JaridaError {
  if (isJaridaError(err)) return err;
  const e = err as { code?: string; statusCode?: number; message?: string };
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || e.statusCode === 413) {
    return new JaridaError('VALIDATION', 'the request body is over the limit', { reason: 'form_too_large', http_status: 413 }, { cause: err });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  const kinds: Record<number, ErrorKind> = { 400: 'VALIDATION', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 415: 'VALIDATION', 429: 'RATE_LIMITED' };
  const kind = kinds[status] ?? 'INTERNAL';
  return new JaridaError(kind, kind === 'INTERNAL' ? 'internal error' : (e.message ?? 'bad request'), {}, { cause: err });
}

/** The message for `e` in the admin's language: the one its `details.reason` names, else its kind's. */
function messageOf(ctx: AdminContext, req: FastifyRequest, e: JaridaError): string {
  const reason = e.details.reason;
  if (typeof reason !== 'string' || !(reason in ctx.t)) return errorTexts(ctx.t, e.kind)[1];
  const limit = req.routeOptions.bodyLimit ?? FORM_BODY_LIMIT;
  const values = { mb: formatNumber(Math.round((limit / 1024 / 1024) * 10) / 10, ctx.site.settings), ...e.details };
  return fill(ctx.t[reason as AdminMessageKey], values as Record<string, string | number>);
}

/** What a refused `keepForm` POST carried, when it was refused before it ran: session ended, or an earlier session's token. */
function keptPostOf(req: FastifyRequest, e: JaridaError): KeptPost | undefined {
  const form = req.routeOptions.config.keepForm;
  if (req.method !== 'POST' || !form || (e.kind !== 'UNAUTHENTICATED' && e.kind !== 'CSRF')) return undefined;
  if (e.kind === 'CSRF' && !req.actor) return undefined;
  const action = req.url.split('?')[0] ?? req.url;
  // Only to a route that keeps forms: never let a kept form be sent anywhere else.
  if (keptFormAt(req, action) !== form) return undefined;
  const fields = formFields(req.body);
  return fields.length === 0 ? undefined : { action, fields, form };
}

function log(req: FastifyRequest, e: JaridaError, err: unknown): void {
  if (e.status >= 500) req.log.error({ err }, 'admin request failed');
  if (e.kind === 'CSRF') req.log.warn({ ip: req.ip, url: req.url, user_id: req.actor?.user_id }, 'admin: refused a request without a valid CSRF token');
  if (e.kind === 'FORBIDDEN') req.log.info({ user_id: req.actor?.user_id, url: req.url }, 'admin: forbidden');
}

async function answer(err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const e = toJaridaError(err);
  const status = typeof e.details.http_status === 'number' ? e.details.http_status : e.status;
  log(req, e, err);
  // A redirect Node refused (a header with characters it cannot send) must not take its Location to the error page.
  reply.removeHeader('location');
  const retry = e.details.retry_after_s;
  if (e.kind === 'RATE_LIMITED' && typeof retry === 'number') reply.header('retry-after', String(retry));
  if (e.kind === 'UNAUTHENTICATED' && (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api/')) {
    return reply.redirect(`/admin/login?next=${encodeURIComponent(safeNext(req.url))}`, 303);
  }
  const ctx = await errorContext(req, reply);
  if (req.url.startsWith('/api/')) {
    return reply.code(status).send({ error: { code: e.code, message: messageOf(ctx, req, e) } });
  }
  const kept = keptPostOf(req, e);
  if (kept && e.kind === 'UNAUTHENTICATED') return sendPage(reply, <LoginPage ctx={ctx} email="" next="/admin" kept={kept} />, status);
  if (kept) return sendPage(reply, <ResendPage ctx={ctx} kept={kept} reason="expired" />, status);
  return sendPage(reply, <AdminErrorPage ctx={ctx} kind={e.kind} message={messageOf(ctx, req, e)} />, status);
}

/** Sets the admin scope's error handler and its 404 page for `/admin/…` paths no route serves. */
export function registerAdminErrors(admin: FastifyInstance): void {
  admin.setErrorHandler(answer);
  // The reader site's 404 handler covers every other path; under /admin and /api/admin the back office answers, in its own words.
  for (const url of ['/admin/*', '/api/admin/*']) {
    admin.route({
      method: ['GET', 'POST'],
      url,
      config: { permission: 'public' },
      handler: async () => {
        throw new JaridaError('NOT_FOUND', 'no such back-office page', { reason: 'adminPageNotFound' });
      },
    });
  }
}
