/**
 * Fetching of feeds and article pages from addresses editors type in, with
 * the guards a server-side fetch of user-given URLs needs (SSRF): only http
 * and https; the address a host name resolves to is checked before the
 * socket connects (so DNS rebinding cannot slip a private address in), on
 * every redirect hop; private, loopback, link-local and other special
 * ranges are refused unless `fetch.allowPrivateAddresses` names them.
 * Requests go through `node:http`/`node:https` with a `lookup` hook (the
 * built-in fetch gives no hook before connecting without the undici
 * package); docs/adr/016-feed-fetching-and-parsing.md.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import { JaridaError } from '../core/errors.ts';

/** Limits and allowances of {@link guardedFetch} (the `fetch` section of the config). */
export interface FetchPolicy {
  /** Addresses or CIDR ranges allowed although private/loopback/link-local. */
  readonly allowPrivateAddresses: readonly string[];
  /** Time limit of the whole fetch (all redirects, to the last byte), ms. */
  readonly timeoutMs: number;
  /** Largest body read (after decompression), bytes. */
  readonly maxBytes: number;
  readonly maxRedirects: number;
}

/** A request of {@link guardedFetch}. */
export interface FetchRequest {
  url: string;
  /** Validators of the last response, for a conditional GET. */
  etag?: string | null | undefined;
  last_modified?: string | null | undefined;
  accept?: string | undefined;
  /** Ends the fetch early (a caller's overall budget), on top of the policy's timeout. */
  signal?: AbortSignal | undefined;
}

/** A response of {@link guardedFetch}: 200-299 or 304 (other statuses throw). */
export interface FetchResult {
  status: number;
  /** The URL after redirects. */
  url: string;
  /** Lower-cased header names; repeated headers joined by `, `. */
  headers: Readonly<Record<string, string>>;
  /** The decoded (not decompressed-then-charset-decoded: raw bytes after Content-Encoding) body; empty for 304. */
  body: Buffer;
}

const USER_AGENT = 'jarida-feed-reader/0.1 (+https://github.com/jarida)';

/** Ranges never fetched unless allowed: RFC 6890 special-purpose registries, IPv4 and IPv6. */
const SPECIAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) SPECIAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
  // Teredo and 6to4 embed an IPv4 address a relay would reach (2002:7f00:1:: is 127.0.0.1): refused whole.
  ['2001::', 32], ['2002::', 16],
] as const) SPECIAL.addSubnet(net, prefix, 'ipv6');

/**
 * Why an entry of `fetch.allowPrivateAddresses` is unusable, or undefined
 * when it is an IP address or a CIDR range (prefix up to 32 for IPv4, 128 for
 * IPv6). Host names are refused: the guard judges resolved addresses.
 */
export function allowEntryProblem(entry: string): string | undefined {
  const [addr = '', prefix, extra] = entry.split('/');
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return `${JSON.stringify(entry)} is not an IP address or CIDR range (host names are not allowed: give the address)`;
  if (prefix !== undefined && (!/^\d{1,3}$/u.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128))) {
    return `${JSON.stringify(entry)} has a bad prefix length (0–${family === 4 ? 32 : 128} for IPv${family})`;
  }
  return undefined;
}

/** A checker of resolved addresses under one allow list. */
export class AddressGuard {
  private readonly allowed = new BlockList();

  /** @throws JaridaError `CONFIG_INVALID` for an entry that is neither an address nor a CIDR range. */
  constructor(allow: readonly string[]) {
    for (const entry of allow) {
      const problem = allowEntryProblem(entry);
      if (problem !== undefined) throw new JaridaError('CONFIG_INVALID', `fetch.allowPrivateAddresses: ${problem}`);
      const [addr = '', prefix] = entry.split('/');
      const family = isIP(addr);
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.allowed.addAddress(addr, type);
      else this.allowed.addSubnet(addr, Number(prefix), type);
    }
  }

  /** Why `address` may not be reached, or undefined when it may. */
  refusal(address: string): string | undefined {
    const family = isIP(address);
    if (family === 0) return `${address} is not an IP address`;
    // An IPv4-mapped IPv6 address reaches the IPv4 host: judge that one.
    const mapped = family === 6 ? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address)?.[1] : undefined;
    const ip = mapped ?? address;
    const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    if (!SPECIAL.check(ip, type)) return undefined;
    if (this.allowed.check(ip, type)) return undefined;
    return `${address} is a private, loopback, link-local or reserved address (allow it in fetch.allowPrivateAddresses)`;
  }
}

function refused(url: string, why: string): JaridaError {
  return new JaridaError('FETCH_REFUSED', `refused to fetch ${url}: ${why}`, { url });
}

function failed(url: string, why: string, details: Record<string, unknown> = {}, cause?: unknown): JaridaError {
  return new JaridaError('FETCH_FAILED', `could not fetch ${url}: ${why}`, { url, ...details }, cause === undefined ? undefined : { cause });
}

/** The URL parsed, if http(s). @throws JaridaError `FETCH_REFUSED`. */
export function checkFetchUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(raw, 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refused(raw, `only http and https are fetched, not ${url.protocol}`);
  if (url.username || url.password) throw refused(raw, 'URLs with credentials are not fetched');
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(guard: AddressGuard, url: string) {
  return (hostname: string, options: { all?: boolean; family?: number | string }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: typeof options.family === 'number' ? options.family : 0 }, (err, addresses) => {
      if (err) return callback(err, []);
      const ok = addresses.filter((a) => guard.refusal(a.address) === undefined);
      if (ok.length === 0) {
        const why = addresses.map((a) => guard.refusal(a.address)).find((r) => r !== undefined) ?? `${hostname} has no address`;
        return callback(refused(url, why) as unknown as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, ok);
      const first = ok[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

interface Hop {
  status: number;
  headers: http.IncomingHttpHeaders;
  stream: http.IncomingMessage;
}

function request(url: URL, req: FetchRequest, guard: AddressGuard, signal: AbortSignal): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/gu, '');
    // Literal addresses never reach `lookup`: check them here.
    if (isIP(host) !== 0) {
      const why = guard.refusal(host);
      if (why !== undefined) return reject(refused(url.href, why));
    }
    // No shared agent: a pooled socket would skip the address check of a new lookup.
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: req.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (req.etag) headers['if-none-match'] = req.etag;
    if (req.last_modified) headers['if-modified-since'] = req.last_modified;
    const mod = url.protocol === 'https:' ? https : http;
    const r = mod.request(url, { method: 'GET', headers, signal, agent: false, lookup: guardedLookup(guard, url.href) as never }, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res });
    });
    r.on('error', reject);
    r.end();
  });
}

function decompressed(hop: Hop): Readable {
  const encoding = String(hop.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return hop.stream.pipe(createGunzip());
  if (encoding === 'deflate') return hop.stream.pipe(createInflate());
  if (encoding === 'br') return hop.stream.pipe(createBrotliDecompress());
  return hop.stream;
}

async function readBody(hop: Hop, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(hop.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    hop.stream.destroy();
    throw failed(url, `the response is ${declared} bytes, over the limit of ${maxBytes}`, { limit: maxBytes });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const body = decompressed(hop);
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        hop.stream.destroy();
        throw failed(url, `the response is over the limit of ${maxBytes} bytes`, { limit: maxBytes });
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof JaridaError) throw err;
    throw failed(url, (err as Error).message, {}, err);
  }
  return Buffer.concat(chunks);
}

/**
 * GETs `req.url` under `policy`: redirects (301, 302, 303, 307, 308) are
 * followed by hand, each hop's URL and resolved address checked again; the
 * whole exchange must end within `policy.timeoutMs` and its body (after
 * Content-Encoding) stay within `policy.maxBytes`. Sends `If-None-Match` /
 * `If-Modified-Since` when validators are given.
 *
 * @returns the 2xx or 304 response with its body.
 * @throws JaridaError `FETCH_REFUSED` (bad scheme, refused address — nothing is
 *   sent then), `FETCH_FAILED` (timeout, size limit, too many redirects,
 *   network error, any other status; `details.status` holds the HTTP status).
 */
export async function guardedFetch(req: FetchRequest, policy: FetchPolicy, guard = new AddressGuard(policy.allowPrivateAddresses)): Promise<FetchResult> {
  const signal = req.signal ? AbortSignal.any([AbortSignal.timeout(policy.timeoutMs), req.signal]) : AbortSignal.timeout(policy.timeoutMs);
  let url = checkFetchUrl(req.url);
  for (let hops = 0; ; hops++) {
    let hop: Hop;
    try {
      hop = await request(url, req, guard, signal);
    } catch (err) {
      if (err instanceof JaridaError) throw err;
      if (req.signal?.aborted) throw failed(url.href, 'stopped: the time allowed for this poll ran out', {}, err);
      if (signal.aborted) throw failed(url.href, `no answer within ${policy.timeoutMs} ms`, { timeout_ms: policy.timeoutMs }, err);
      throw failed(url.href, (err as Error).message, {}, err);
    }
    const { status } = hop;
    if ([301, 302, 303, 307, 308].includes(status) && hop.headers.location) {
      hop.stream.resume();
      if (hops >= policy.maxRedirects) throw failed(req.url, `more than ${policy.maxRedirects} redirects`);
      url = checkFetchUrl(new URL(hop.headers.location, url).href);
      continue;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(hop.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    if (status === 304) {
      hop.stream.resume();
      return { status, url: url.href, headers, body: Buffer.alloc(0) };
    }
    if (status < 200 || status > 299) {
      hop.stream.resume();
      throw failed(url.href, `HTTP status ${status}`, { status });
    }
    try {
      return { status, url: url.href, headers, body: await readBody(hop, url.href, policy.maxBytes) };
    } catch (err) {
      if (signal.aborted && !(err instanceof JaridaError && err.details.limit !== undefined)) {
        throw failed(url.href, `no answer within ${policy.timeoutMs} ms`, { timeout_ms: policy.timeoutMs }, err);
      }
      throw err;
    }
  }
}
