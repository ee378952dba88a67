import { fill } from '../../web/i18n.ts';
import type { AdminMessageKey } from '../locales/ar.ts';
import type { AdminContext } from './context.ts';

/**
 * Editors' words for a feed source's errors. The poller logs the error's
 * code (`JARIDA_FETCH_FAILED`…, or `ITEM` for one item's problem) and its
 * technical message in English, which names the cause (`getaddrinfo
 * ENOTFOUND`, `HTTP status 404`, `allowPrivateAddresses`…); each kind gets an
 * Arabic explanation of what happened and what to do, and the message stays
 * beside it, secondary, for whoever runs the server.
 */
interface Explanation {
  key: AdminMessageKey;
  values?: Record<string, string>;
}

function fetchFailed(message: string): Explanation {
  const status = /HTTP status (\d{3})/u.exec(message)?.[1];
  if (status !== undefined) {
    const n = Number(status);
    const key: AdminMessageKey =
      n === 404 || n === 410 ? 'sourceErrorHelp_http_not_found' : n === 401 || n === 403 ? 'sourceErrorHelp_http_denied' : n >= 500 ? 'sourceErrorHelp_http_server' : 'sourceErrorHelp_http_other';
    return { key, values: { status } };
  }
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_NODATA|has no address/u.test(message)) return { key: 'sourceErrorHelp_dns' };
  if (/no answer within|ETIMEDOUT|timed? ?out/iu.test(message)) return { key: 'sourceErrorHelp_timeout' };
  if (/over the limit/u.test(message)) return { key: 'sourceErrorHelp_too_large' };
  if (/redirects/u.test(message)) return { key: 'sourceErrorHelp_redirects' };
  if (/certificate|CERT_|SSL|TLS|EPROTO/u.test(message)) return { key: 'sourceErrorHelp_tls' };
  if (/ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|socket hang up|other side closed/u.test(message)) return { key: 'sourceErrorHelp_connection' };
  return { key: 'sourceErrorHelp_fetch_other' };
}

function itemProblem(message: string): Explanation {
  if (/full text not fetched|no article text found/u.test(message)) return { key: 'sourceErrorHelp_item_fulltext' };
  if (/; skipped$/u.test(message)) return { key: 'sourceErrorHelp_item_skipped' };
  if (/dated at fetch time|date|time zone|offset/iu.test(message)) return { key: 'sourceErrorHelp_item_date' };
  if (/charset|control character|raw "&"/u.test(message)) return { key: 'sourceErrorHelp_item_repaired' };
  return { key: 'sourceErrorHelp_item' };
}

/**
 * The Arabic explanation of a source error (in the admin's language).
 * @param code - the catalogue code the poller logged or returned (`ITEM` for one item's problem).
 * @param message - the technical message, in English.
 */
export function explainSourceError(t: AdminContext['t'], code: string, message: string): string {
  const kind = code;
  const explanation: Explanation =
    kind === 'JARIDA_FETCH_REFUSED'
      ? { key: /allowPrivateAddresses|private, loopback/u.test(message) ? 'sourceErrorHelp_private' : 'sourceErrorHelp_bad_url' }
      : kind === 'JARIDA_FETCH_FAILED'
        ? fetchFailed(message)
        : kind === 'JARIDA_UNSAFE_XML'
          ? { key: 'sourceErrorHelp_unsafe_xml' }
          : kind === 'JARIDA_FEED_UNREADABLE'
            ? { key: 'sourceErrorHelp_unreadable' }
            : kind === 'ITEM'
              ? itemProblem(message)
              : { key: 'sourceErrorHelp_other' };
  return fill(t[explanation.key], explanation.values ?? {});
}

/** An error in editors' words, with the technical message folded away (English, left to right). */
export function SourceErrorText({ ctx, code, message }: { ctx: AdminContext; code: string; message: string }) {
  return (
    <>
      <span safe>{explainSourceError(ctx.t, code, message)}</span>
      <details class="technical">
        <summary safe>{ctx.t.technicalDetails}</summary>
        <code lang="en" dir="ltr" safe>
          {message}
        </code>
      </details>
    </>
  );
}
