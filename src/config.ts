import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ARTICLE_EVENT_TYPES } from './content/article-events.ts';
import { JaridaError } from './core/errors.ts';
import { isTimeZone } from './core/time-zone.ts';
import { allowEntryProblem } from './ingest/fetch-guard.ts';

/**
 * Default mapping of source categories onto the site's menu, used by imports.
 * Keys: `category`, `source:category` or `source:*` (source ids as the import
 * files write them, compared case-insensitively); values: a menu path of names
 * or slugs joined by `/`. The most specific key wins.
 */
export const DEFAULT_CATEGORY_MAP: Readonly<Record<string, string>> = Object.freeze({
  local: 'محلي',
  localnews: 'محلي',
  video: 'فيديو',
  middleeast: 'عربي/الشرق الأوسط',
  arab: 'عربي',
  internationalnews: 'دولي',
  world: 'دولي',
  politic: 'دولي',
  politics: 'دولي',
  sport: 'رياضة',
  sports: 'رياضة',
  economy: 'اقتصاد',
  business: 'اقتصاد',
  health: 'صحة',
  culture: 'منوعات/الفن وأهله',
  art: 'منوعات/الفن وأهله',
  technology: 'منوعات/علوم وتكنولوجيا',
  science: 'منوعات/علوم وتكنولوجيا',
  society: 'منوعات',
  diverse: 'منوعات',
  misc: 'منوعات',
  // A Tunisian outlet's desks belong under the Maghreb pages.
  'jawhara fm:localnews': 'عربي/المغرب العربي',
  'jawhara fm:politic': 'عربي/المغرب العربي',
  'jawhara fm:society': 'عربي/المغرب العربي',
  'jawhara fm:sport': 'رياضة/عربي',
  'jawhara fm:economy': 'اقتصاد/عربي',
  // Saudi outlets carry no desk: their news goes to the Gulf page.
  ...Object.fromEntries(
    ['3alyoum', 'aawsat', 'aleqtisadiya', 'aljazirah', 'almadina', 'alriyadh', 'alwatan', 'alweeam', 'alyaum', 'okaz', 'sabq', 'was'].map(
      (s) => [`${s}:*`, 'عربي/الخليج العربي'],
    ),
  ),
  'arriyadiyah:*': 'رياضة/عربي',
});

/**
 * Zones in which known outlets write dates that carry no offset (local time
 * at the outlet). Source ids as the import files write them, case-insensitive.
 */
export const DEFAULT_SOURCE_TIME_ZONES: Readonly<Record<string, string>> = Object.freeze({
  'jawhara fm': 'Africa/Tunis',
  ...Object.fromEntries(
    ['3alyoum', 'aawsat', 'aleqtisadiya', 'aljazirah', 'almadina', 'alriyadh', 'alwatan', 'alweeam', 'alyaum', 'arriyadiyah', 'okaz', 'sabq', 'was'].map(
      (s) => [s, 'Asia/Riyadh'],
    ),
  ),
});

/** A port: an integer, or a string of decimal digits (as environment variables are). */
const portSchema = z
  .union([z.number(), z.string().regex(/^\d{1,5}$/u).transform(Number)], { error: 'must be a whole number from 1 to 65535' })
  .pipe(z.number().int('must be a whole number').min(1).max(65535));

/** Schema of jarida's configuration (file `jarida.config.json` and environment). */
export const configSchema = z
  .object({
    /** TCP port of the site. */
    port: portSchema.default(3000),
    /** Interface to listen on. */
    host: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
    /** Folder of the database and other data; relative paths are from the working directory. */
    dataDir: z.string().min(1).default('./data'),
    /** Log level of the server (pino levels). */
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /**
     * Key that signs the back office's session and CSRF cookies (at least 32
     * characters). When absent, one is generated on first start and kept in
     * `<dataDir>/session-secret` (mode 0600); there is no built-in default.
     */
    sessionSecret: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Trust `X-Forwarded-*` headers from a reverse proxy (Fastify's
     * `trustProxy`: true, or the proxy's addresses/CIDRs separated by commas),
     * so that requests that reached the proxy over HTTPS get Secure cookies.
     */
    trustProxy: z
      .preprocess(
        (v) => (v === 'true' ? true : v === 'false' ? false : v),
        z.union([z.boolean(), z.string().trim().min(1)], { error: 'must be true, false, or the proxy addresses' }),
      )
      .default(false),
    /**
     * The site's public address (scheme, host, optional port and path), used
     * for the absolute URLs of feeds, sitemaps, canonical links and share
     * cards; defaults to `http://127.0.0.1:<port>`.
     */
    publicUrl: z
      .url({ protocol: /^https?$/u, error: 'must be an absolute http(s) URL' })
      .transform((u) => u.replace(/\/+$/u, ''))
      .optional(),
    /** Receivers of signed article events (see `distribution/webhook-dispatcher.ts`). */
    webhooks: z
      .array(
        z
          .object({
            url: z.url({ protocol: /^https?$/u, error: 'must be an absolute http(s) URL' }),
            /** HMAC-SHA256 key of the `X-Jarida-Signature` header. */
            secret: z.string().min(16, 'must be at least 16 characters'),
            /** Event types sent to this receiver; all when absent. */
            events: z.array(z.enum(ARTICLE_EVENT_TYPES)).min(1).optional(),
          })
          .strict(),
      )
      .refine((hooks) => new Set(hooks.map((h) => h.url)).size === hooks.length, 'each webhook url may appear once')
      .default([]),
    /** Fetching of feeds and article pages (`ingest/fetch-guard.ts`). */
    fetch: z
      .object({
        /**
         * Addresses or CIDR ranges (`127.0.0.1`, `10.0.0.0/8`, `::1`) that
         * fetches may reach although private, loopback or link-local; none
         * by default (SSRF guard, checked after DNS and on every redirect).
         */
        allowPrivateAddresses: z
          .array(
            z
              .string()
              .trim()
              .min(1)
              .superRefine((entry, ctx) => {
                const problem = allowEntryProblem(entry);
                if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
              }),
          )
          .default([]),
        /** Time limit of one fetch, connection to last byte, in ms. */
        timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
        /** Largest response body read, in bytes. */
        maxBytes: z.number().int().min(1024).default(10 * 1024 * 1024),
        /** Redirects followed before giving up. */
        maxRedirects: z.number().int().min(0).max(20).default(5),
      })
      .strict()
      .prefault({}),
    /** Feed aggregation (`ingest/feed-poller.ts`). */
    feeds: z
      .object({
        /** Whether the server polls feed sources on their schedules. */
        poll: z.boolean().default(true),
        /** Sources fetched at the same time. */
        concurrency: z.number().int().min(1).max(32).default(4),
      })
      .strict()
      .prefault({}),
    /** Image uploads to the media library (`media/images.ts`, docs/adr/013). */
    media: z
      .object({
        /** Largest accepted upload, in bytes (20 MiB). */
        maxBytes: z.number().int().min(1024).default(20 * 1024 * 1024),
        /** Largest accepted image, in pixels (width × height × frames), checked before decoding (64 megapixels). */
        maxPixels: z.number().int().min(10_000).max(268_402_689).default(64_000_000),
      })
      .strict()
      .prefault({}),
    import: z
      .object({
        /** Extra or overriding entries of {@link DEFAULT_CATEGORY_MAP}. */
        categoryMap: z.record(z.string(), z.string().min(1)).default({}),
        /** Menu path of the category for items whose category maps nowhere. */
        fallbackCategory: z.string().min(1).default('محلي'),
        /** Outlet display names by source id, over the built-in list. */
        outletNames: z.record(z.string(), z.string().min(1)).default({}),
        /** IANA zone by source id for dates without an offset, over {@link DEFAULT_SOURCE_TIME_ZONES}; others use the site's zone. */
        sourceTimeZones: z.record(z.string(), z.string().refine(isTimeZone, 'not an IANA time zone')).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Validated, frozen configuration. */
export type Config = Readonly<z.infer<typeof configSchema>> & { readonly dbFile: string; readonly publicUrl: string };

/** Where configuration comes from; defaults are the process's. */
export interface ConfigSources {
  /** Working directory (for `jarida.config.json` and relative data dir). */
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Values that win over file and environment (tests). */
  overrides?: Record<string, unknown>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * Loads configuration once: defaults, then `jarida.config.json` in `cwd` (if
 * present), then the environment (`PORT`, `HOST`, `JARIDA_DATA_DIR`, `JARIDA_LOG_LEVEL`, `JARIDA_PUBLIC_URL`), then
 * `overrides`. Validates and deep-freezes the result.
 *
 * @throws JaridaError `CONFIG_INVALID` naming each bad key and what is wrong.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const cwd = sources.cwd ?? process.cwd();
  const env = sources.env ?? process.env;
  const file = resolve(cwd, 'jarida.config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      // Editors on some systems save UTF-8 with a byte order mark.
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8').replace(/^\ufeff/u, ''));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
      fromFile = parsed as Record<string, unknown>;
    } catch (err) {
      throw new JaridaError('CONFIG_INVALID', `${file}: ${(err as Error).message}`, { file });
    }
  }
  const fromEnv: Record<string, unknown> = {};
  const envNames: Record<string, string> = { port: 'PORT', host: 'HOST', dataDir: 'JARIDA_DATA_DIR', logLevel: 'JARIDA_LOG_LEVEL', publicUrl: 'JARIDA_PUBLIC_URL', sessionSecret: 'JARIDA_SESSION_SECRET', trustProxy: 'JARIDA_TRUST_PROXY' };
  for (const [key, name] of Object.entries(envNames)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const merged = { ...fromFile, ...fromEnv, ...sources.overrides };
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(top level)';
      const envName = envNames[String(issue.path[0])];
      const where = envName && fromEnv[String(issue.path[0])] !== undefined ? `${envName} (environment)` : key;
      const got = issue.path.length > 0 ? ` (got ${JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k as PropertyKey], merged))})` : '';
      return `${where}: ${issue.message}${got}`;
    });
    throw new JaridaError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`, { problems });
  }
  const dataDir = resolve(cwd, result.data.dataDir);
  const publicUrl = result.data.publicUrl ?? `http://127.0.0.1:${result.data.port}`;
  return deepFreeze({ ...result.data, dataDir, dbFile: resolve(dataDir, 'jarida.sqlite'), publicUrl });
}
