import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import { EMBED_ORIGINS } from '../content/body-html.ts';

/**
 * Content-Security-Policy of every page, reader site and back office alike.
 * Scripts and styles come only from the site itself (the reader's
 * `/assets/site.js` is external; there is no inline script, style or event
 * handler attribute). Images may come from elsewhere because imported
 * articles and bodies point at their outlets' images; frames only from the
 * video players bodies may embed (`EMBED_ORIGINS`). JSON-LD blocks
 * (`<script type="application/ld+json">`) are data, which CSP does not block.
 */
export const CONTENT_SECURITY_POLICY: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'https:', 'http:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'https:'],
  // Video players allowed in article bodies (YouTube, Vimeo: content/body-html.ts); nothing else may be framed.
  'frame-src': [...EMBED_ORIGINS],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  // No page of jarida may be framed by another site (clickjacking).
  'frame-ancestors': ["'none'"],
});

/**
 * Registers @fastify/helmet on the whole application: the CSP above,
 * `Referrer-Policy: strict-origin-when-cross-origin` (outlets still see that
 * readers came from the site, never which page), `X-Frame-Options: DENY` for
 * old browsers, `X-Content-Type-Options: nosniff`, and HSTS (ignored by
 * browsers on plain HTTP). The back office narrows the referrer policy
 * further (see `admin-plugin.ts`).
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: Object.fromEntries(Object.entries(CONTENT_SECURITY_POLICY).map(([k, v]) => [k, [...v]])),
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
    // Reader pages link images from outlets; embedding policies would break them.
    crossOriginEmbedderPolicy: false,
  });
}
