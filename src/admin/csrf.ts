import Tokens from '@fastify/csrf';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JaridaError } from '../core/errors.ts';

/**
 * CSRF tokens of the back office (docs/adr/022-csrf-bound-to-the-session.md).
 *
 * A signed-in request's tokens come from a secret kept in its server-side
 * session (`session.csrf_secret`), so a token is worth something only in the
 * session it was made for: one minted for a visitor, or for another user,
 * planted together with its cookie in an editor's browser, is refused. A new
 * session (sign-in) gets a new secret. A visitor has no session row (the
 * login page writes nothing to the database), so the login form's secret is
 * a signed HttpOnly cookie, named `__Host-jarida_csrf` over HTTPS (which no
 * sibling subdomain can set) and `jarida_csrf` over plain HTTP (development).
 * That cookie is read only while nobody is signed in.
 */

declare module 'fastify' {
  interface Session {
    /** Secret of this session's CSRF tokens (made at sign-in, or at the first form of an older session). */
    csrf_secret?: string;
  }
  interface FastifyReply {
    /** A CSRF token for this response's forms, bound to the request's session (or, signed out, to the visitor's cookie). */
    generateCsrf(): string;
  }
}

/** Name of the visitor's CSRF cookie over plain HTTP. */
export const VISITOR_CSRF_COOKIE = 'jarida_csrf';
/** Name of the visitor's CSRF cookie over HTTPS: the `__Host-` prefix forbids `Domain` and requires `Secure` and `Path=/`. */
export const VISITOR_CSRF_COOKIE_HTTPS = '__Host-jarida_csrf';

const tokens = Tokens();

function signedIn(req: FastifyRequest): boolean {
  return typeof req.session?.user_id === 'number';
}

function visitorCookie(req: FastifyRequest): string {
  return req.protocol === 'https' ? VISITOR_CSRF_COOKIE_HTTPS : VISITOR_CSRF_COOKIE;
}

/** The visitor's secret from its signed cookie, if present and signed by us. */
function visitorSecret(req: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = req.cookies[visitorCookie(req)];
  if (!raw) return undefined;
  const unsigned = reply.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/**
 * Gives the session a fresh CSRF secret: at sign-in, after `session.regenerate()`,
 * so that no token from before (the visitor's login form) is accepted afterwards.
 */
export function newSessionCsrfSecret(req: FastifyRequest): void {
  req.session.csrf_secret = tokens.secretSync();
}

/** Removes the visitor's CSRF cookie (after sign-in: the session holds the secret from then on). */
export function clearVisitorCsrf(req: FastifyRequest, reply: FastifyReply): void {
  if (req.cookies[visitorCookie(req)] !== undefined) reply.clearCookie(visitorCookie(req), { path: '/' });
}

function generateCsrf(this: FastifyReply): string {
  const req = this.request;
  if (signedIn(req)) {
    // Sessions from before secrets were kept in them get one now (saved with the response).
    const secret = req.session.csrf_secret ?? tokens.secretSync();
    req.session.csrf_secret = secret;
    return tokens.create(secret);
  }
  let secret = visitorSecret(req, this);
  if (!secret) {
    secret = tokens.secretSync();
    this.setCookie(visitorCookie(req), secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', signed: true });
  }
  return tokens.create(secret);
}

/** The token a request carries: the form's `_csrf` field, or the `X-CSRF-Token` header of JSON clients. */
function tokenOf(req: FastifyRequest): string | undefined {
  const field = (req.body as Record<string, unknown> | null | undefined)?._csrf;
  const first = Array.isArray(field) ? field[0] : field;
  if (typeof first === 'string') return first;
  const header = req.headers['x-csrf-token'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * Checks the request's CSRF token against its session's secret (signed in)
 * or the visitor's cookie (signed out). Run after the session's user was
 * loaded, so that an ended session counts as signed out.
 * @throws JaridaError `CSRF` (403) without a token valid for that secret.
 */
export function checkCsrf(req: FastifyRequest, reply: FastifyReply): void {
  const secret = signedIn(req) ? req.session.csrf_secret : visitorSecret(req, reply);
  const token = tokenOf(req);
  if (!secret || !token || !tokens.verify(secret, token)) {
    throw new JaridaError('CSRF', 'missing or invalid CSRF token', { signed_in: signedIn(req) });
  }
}

/** Adds `reply.generateCsrf()` to the admin scope (which must have registered @fastify/cookie and @fastify/session). */
export function registerCsrf(admin: FastifyInstance): void {
  admin.decorateReply('generateCsrf', generateCsrf);
}
