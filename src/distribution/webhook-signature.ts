/**
 * Signatures of webhook calls. Each POST carries
 *
 * - `X-Jarida-Timestamp: <Unix time in whole seconds>`
 * - `X-Jarida-Signature: sha256=<lower-case hex HMAC-SHA256>` keyed with the
 *   receiver's secret, over the bytes `<timestamp>.<raw body>` (the timestamp
 *   header's value, a full stop, then the UTF-8 body exactly as received)
 *
 * Signing the timestamp with the body lets a receiver refuse replays: it
 * recomputes the HMAC, compares in constant time, and refuses timestamps far
 * from its clock ({@link verifyWebhook}). The same scheme as Stripe's and
 * Slack's request signing, with our own header names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_HEADERS = {
  signature: 'x-jarida-signature',
  timestamp: 'x-jarida-timestamp',
  event: 'x-jarida-event',
  delivery: 'x-jarida-delivery',
} as const;

/** `sha256=<hex>` of `<timestamp>.<body>` under `secret`; `timestamp` in Unix seconds. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * Whether a received call is authentic: the signature matches (constant-time
 * comparison) and the timestamp is within `toleranceSeconds` of `nowSeconds`.
 * For receivers written in TypeScript, and for jarida's tests.
 */
export function verifyWebhook(
  secret: string,
  received: { signature: string | undefined; timestamp: string | undefined; body: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!received.signature || !received.timestamp || !/^\d{1,12}$/u.test(received.timestamp)) return false;
  const timestamp = Number(received.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, received.body), 'utf8');
  const actual = Buffer.from(received.signature, 'utf8');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
