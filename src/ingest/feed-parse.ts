/**
 * Reading a fetched feed into entries: the bytes decoded (charset from the
 * HTTP header, else a byte order mark, else the XML declaration; windows-1256
 * included), the XML screened for DTD tricks, then parsed by
 * `@rowanmanning/feed-parser` (RSS 0.9x/1.0/2.0 and Atom, over
 * fast-xml-parser) or, for JSON Feed 1.1, read as JSON.
 * docs/adr/016-feed-fetching-and-parsing.md.
 */
import { parseFeed } from '@rowanmanning/feed-parser';
import { z } from 'zod';
import { JaridaError } from '../core/errors.ts';
import { plainTextToBody } from '../content/body-html.ts';
import { atomHtmlTitle, atomTypedBody } from './atom-text.ts';
import { parseSourceDate } from './source-date.ts';
import { screenXml } from './xml-screen.ts';

/** One item of a feed, as read (not yet an article). */
export interface FeedEntry {
  /** The item's id: `guid`/`id`, else its link, else its headline. */
  guid: string;
  /** The original article's URL (absolute), or null. */
  url: string | null;
  /** Headline as text (entities decoded); may be empty. */
  title: string;
  /** Body HTML (not yet sanitized): `content:encoded`/Atom content, else the description. */
  html: string;
  /** Whether the feed carried only a summary (no full content element). */
  summary_only: boolean;
  author: string | null;
  categories: string[];
  /** First image: media:content, media:thumbnail, an image enclosure or JSON Feed `image`. */
  image_url: string | null;
  /** Publication instant (UTC ISO) or null when the feed gave none that could be read. */
  published_at: string | null;
  published_at_precision: 'day' | 'second';
  /** Why the date is a guess or missing (from `source-date.ts`), if so. */
  date_flag?: string;
}

/** A parsed feed. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json';
  title: string | null;
  entries: FeedEntry[];
  /** Repairs made and items skipped, as English report lines. */
  problems: string[];
  /** The charset the bytes were decoded with. */
  encoding: string;
}

/** The charset of a feed: `charset=` of Content-Type, else BOM, else the XML declaration, else UTF-8. */
export function feedEncoding(bytes: Uint8Array, contentType: string | null | undefined): string {
  return headerCharset(contentType) ?? bomCharset(bytes) ?? prologCharset(bytes) ?? 'utf-8';
}

function headerCharset(contentType: string | null | undefined): string | undefined {
  return /charset\s*=\s*"?([\w.:-]+)/iu.exec(contentType ?? '')?.[1]?.toLowerCase();
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function prologCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 300)).toString('latin1');
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/iu.exec(head)?.[1]?.toLowerCase();
}

/** The WHATWG name of a charset label (`iso-8859-1` → `windows-1252`), or undefined for an unknown label. */
function canonicalCharset(label: string): string | undefined {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return undefined;
  }
}

/**
 * How plausible `bytes` read as `encoding` is: Arabic letters count for it;
 * undecodable bytes (U+FFFD) and the Latin-1 letters that Arabic text read in
 * a Western charset turns into (`Ø§Ù„`, `Ç áÜ`) count against it.
 */
function plausibility(bytes: Uint8Array, encoding: string): number {
  const text = new TextDecoder(encoding).decode(bytes);
  let score = 0;
  for (const m of text.matchAll(/[\u0600-\u06ff]|\ufffd|[\u00c0-\u00ff]/gu)) score += m[0] === '\ufffd' ? -10 : m[0] >= '\u0600' ? 1 : -1;
  return score;
}

/**
 * The charset to read a feed with. When the HTTP header and the XML
 * declaration disagree (a server configured for UTF-8 sending a windows-1256
 * file is common), the one whose reading is plausible wins: when one of them
 * says UTF-8, whether the bytes are valid UTF-8 decides; otherwise the
 * reading with more Arabic letters and less mojibake. Either way the
 * disagreement is reported, since one of the two is wrong.
 */
function chooseEncoding(bytes: Uint8Array, contentType: string | null | undefined, problems: string[]): string {
  const header = headerCharset(contentType);
  const bom = bomCharset(bytes);
  const prolog = bom ? undefined : prologCharset(bytes);
  if (!header || !prolog) return feedEncoding(bytes, contentType);
  const h = canonicalCharset(header);
  const p = canonicalCharset(prolog);
  if (!h || !p || h === p) return header;
  let chosen: string;
  if (h === 'utf-8' || p === 'utf-8') {
    // Text in another charset is almost never valid UTF-8, while UTF-8 read as windows-1256 still gives Arabic letters (`ط§ظ„`): validity decides.
    let valid = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      valid = false;
    }
    chosen = valid === (h === 'utf-8') ? header : prolog;
  } else chosen = plausibility(bytes, p) > plausibility(bytes, h) ? prolog : header;
  problems.push(
    `the HTTP header says charset=${header} but the XML declaration says encoding="${prolog}"; read as ${chosen} (${chosen === header ? 'the header' : 'the declaration'} gives the readable text)`,
  );
  return chosen;
}

/** `bytes` as text in `encoding` (an unknown label reads as UTF-8, reported in `problems`). */
function decode(bytes: Uint8Array, encoding: string, problems: string[]): { text: string; encoding: string } {
  try {
    return { text: new TextDecoder(encoding).decode(bytes), encoding };
  } catch {
    problems.push(`unknown charset ${JSON.stringify(encoding)}; read as UTF-8`);
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
}

const ITEM_START = /<(?:\w+:)?(?:item|entry)[\s>]/giu;

/** The 1-based ordinal of the item that holds `offset`, or 0 for the channel. */
function itemAt(text: string, offset: number): number {
  let n = 0;
  ITEM_START.lastIndex = 0;
  while (ITEM_START.exec(text) !== null && ITEM_START.lastIndex <= offset) n++;
  return n;
}

/**
 * Repairs what real feeds get wrong and strict XML refuses, reporting each:
 * control characters (removed; XML 1.0 forbids all C0 controls but tab, LF, CR)
 * and a raw `&` that starts no entity (escaped), outside CDATA sections.
 */
function repairXml(text: string, problems: string[]): string {
  const controls = new Map<number, string[]>();
  // eslint-disable-next-line no-control-regex -- the point is to find them
  const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu;
  for (const m of text.matchAll(CONTROL)) {
    const item = itemAt(text, m.index);
    const list = controls.get(item) ?? [];
    list.push(`U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
    controls.set(item, list);
  }
  for (const [item, chars] of controls) {
    problems.push(`${item === 0 ? 'channel' : `item ${item}`}: removed control character${chars.length === 1 ? '' : 's'} ${chars.join(', ')} (not allowed in XML)`);
  }
  let out = controls.size > 0 ? text.replace(CONTROL, '') : text;
  let amps = 0;
  out = out
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/u)
    .map((part) =>
      part.startsWith('<![CDATA[')
        ? part
        : part.replace(/&(?!(?:[A-Za-z][\w.-]*|#\d+|#x[\da-fA-F]+);)/gu, () => {
            amps++;
            return '&amp;';
          }),
    )
    .join('');
  if (amps > 0) problems.push(`escaped ${amps} raw "&" that started no entity`);
  return out;
}

const jsonFeedSchema = z.object({
  version: z.string().startsWith('https://jsonfeed.org/version/'),
  title: z.string().optional(),
  home_page_url: z.string().optional(),
  items: z.array(z.unknown()),
});

/** One JSON Feed item: checked on its own, so one bad item is reported and skipped without losing the others. */
const jsonFeedItemSchema = z.object({
      id: z.union([z.string().trim().min(1), z.number()], { error: 'the item needs an id (a non-empty string)' }).transform(String),
      url: z.string().optional(),
      external_url: z.string().optional(),
      title: z.string().optional(),
      content_html: z.string().optional(),
      content_text: z.string().optional(),
      summary: z.string().optional(),
      image: z.string().optional(),
      banner_image: z.string().optional(),
      date_published: z.string().optional(),
      date_modified: z.string().optional(),
      authors: z.array(z.object({ name: z.string().optional() })).optional(),
      author: z.object({ name: z.string().optional() }).optional(),
      tags: z.array(z.string()).optional(),
});

function absolute(url: string | null | undefined, base: string | null | undefined): string | null {
  if (!url || !url.trim()) return null;
  try {
    const u = new URL(url.trim(), base ?? undefined);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** How far ahead of the fetch a feed's date may be (clock skew, an outlet's zone mistake), ms; beyond it the date is not believed. */
export const MAX_FUTURE_MS = 86_400_000;
/** Feeds did not exist before this: an earlier date (`0001-01-01`, a zeroed field) is not believed. */
export const EARLIEST_FEED_DATE = '1990-01-01T00:00:00.000Z';

function dateOf(text: string | null | undefined, timeZone: string, now: Date): Pick<FeedEntry, 'published_at' | 'published_at_precision' | 'date_flag'> {
  if (!text || !text.trim()) return { published_at: null, published_at_precision: 'second', date_flag: 'the item has no date' };
  const d = parseSourceDate(text, timeZone);
  const shown = JSON.stringify(text.trim().slice(0, 60));
  // A date far in the future would hide the article as scheduled; one before feeds existed is a placeholder.
  if (d.iso !== null && Date.parse(d.iso) > now.getTime() + MAX_FUTURE_MS) {
    return { published_at: null, published_at_precision: 'second', date_flag: `date ${shown} is more than a day after the fetch` };
  }
  if (d.iso !== null && d.iso < EARLIEST_FEED_DATE) {
    return { published_at: null, published_at_precision: 'second', date_flag: `date ${shown} is before 1990` };
  }
  const out: Pick<FeedEntry, 'published_at' | 'published_at_precision' | 'date_flag'> = { published_at: d.iso, published_at_precision: d.precision ?? 'second' };
  if (d.flag) out.date_flag = d.flag;
  return out;
}

function htmlOrText(value: string): string {
  return /<[a-z][\s\S]*>/iu.test(value) ? value : plainTextToBody(value);
}

function parseJsonFeed(text: string, baseUrl: string | null, timeZone: string, now: Date, problems: string[]): ParsedFeed | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = jsonFeedSchema.safeParse(data);
  if (!parsed.success) throw new JaridaError('FEED_UNREADABLE', `not a JSON Feed: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const entries: FeedEntry[] = [];
  parsed.data.items.forEach((raw, i) => {
    const checked = jsonFeedItemSchema.safeParse(raw);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      problems.push(`item ${i + 1}: not a valid JSON Feed item (${field}${issue?.message ?? 'bad shape'}); skipped`);
      return;
    }
    const item = checked.data;
    const url = absolute(item.url ?? item.external_url, baseUrl);
    const content = item.content_html ?? (item.content_text !== undefined ? plainTextToBody(item.content_text) : undefined);
    const author = item.authors?.find((a) => a.name)?.name ?? item.author?.name ?? null;
    entries.push({
      guid: item.id,
      url,
      title: (item.title ?? '').trim(),
      html: content ?? htmlOrText(item.summary ?? ''),
      summary_only: content === undefined,
      author,
      categories: item.tags ?? [],
      image_url: absolute(item.image ?? item.banner_image, url ?? baseUrl),
      ...dateOf(item.date_published ?? item.date_modified, timeZone, now),
    });
  });
  return { format: 'json', title: parsed.data.title ?? null, entries, problems, encoding: 'utf-8' };
}

/**
 * Parses a fetched feed.
 *
 * @param bytes - the response body.
 * @param options.contentType - the Content-Type header (for its charset).
 * @param options.baseUrl - the feed's URL, for relative links.
 * @param options.timeZone - IANA zone for dates without an offset.
 * @param options.where - how to name the feed in messages.
 * @param options.now - the fetch time (default: now): a date more than
 *   {@link MAX_FUTURE_MS} after it, or before {@link EARLIEST_FEED_DATE}, is
 *   not believed (`published_at` null, `date_flag` says why).
 * @throws JaridaError `UNSAFE_XML` (DTD/entities), `FEED_UNREADABLE`
 *   (neither RSS, RDF, Atom nor JSON Feed).
 */
export function parseFeedBytes(
  bytes: Uint8Array,
  options: { contentType?: string | null | undefined; baseUrl?: string | null | undefined; timeZone: string; where: string; now?: Date | undefined },
): ParsedFeed {
  const problems: string[] = [];
  const now = options.now ?? new Date();
  const { text: decoded, encoding } = decode(bytes, chooseEncoding(bytes, options.contentType, problems), problems);
  const text = decoded.replace(/^\ufeff/u, '');
  const baseUrl = options.baseUrl ?? null;
  if (/^\s*\{/u.test(text)) {
    const json = parseJsonFeed(text, baseUrl, options.timeZone, now, problems);
    if (json) return json;
  }
  const xml = repairXml(screenXml(text, options.where), problems);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (err) {
    throw new JaridaError('FEED_UNREADABLE', `${options.where}: not an RSS, RDF, Atom or JSON feed (${(err as Error).message})`, { where: options.where }, { cause: err });
  }
  const entries: FeedEntry[] = [];
  // Atom says how each text is to be read (atom-text.ts); RSS is HTML by convention.
  const atom = feed.meta.type === 'atom';
  feed.items.forEach((item, i) => {
    const el = item.element;
    const url = absolute(item.url, baseUrl);
    const title = ((atom ? atomHtmlTitle(el) : undefined) ?? item.title ?? '').trim();
    const content = (atom ? atomTypedBody(el, 'content') : undefined) ?? (item.content && item.content.trim() ? item.content : null);
    // A typed summary is HTML already; an untyped one may be either.
    const summary = (atom ? atomTypedBody(el, 'summary') : undefined) ?? htmlOrText(item.description ?? '');
    const guid = item.id?.trim() || url || title;
    if (!guid) {
      problems.push(`item ${i + 1}: no guid, link or headline; skipped`);
      return;
    }
    const rawDate =
      ['pubdate', 'published', 'issued', 'date', 'updated', 'modified'].map((n) => el.findElementWithName(n)?.textContent).find((t) => t && t.trim()) ?? null;
    const image = item.image?.url ?? item.mediaImages[0]?.url ?? null;
    entries.push({
      guid,
      url,
      title,
      html: content ?? summary,
      summary_only: content === null,
      author: item.authors.find((a) => a.name)?.name?.trim() || null,
      categories: item.categories.map((c) => (c.label ?? c.term ?? '').trim()).filter((c) => c !== ''),
      image_url: absolute(image, url ?? baseUrl),
      ...dateOf(rawDate, options.timeZone, now),
    });
  });
  return { format: atom ? 'atom' : 'rss', title: (atom ? atomHtmlTitle(feed.element) : undefined) ?? feed.title, entries, problems, encoding };
}
