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
import { parseSourceDate } from './source-date.ts';

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
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)/iu.exec(contentType ?? '')?.[1];
  if (fromHeader) return fromHeader.toLowerCase();
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const head = Buffer.from(bytes.subarray(0, 300)).toString('latin1');
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/iu.exec(head)?.[1];
  return declared ? declared.toLowerCase() : 'utf-8';
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

/**
 * Refuses XML that declares entities or an internal DTD subset: fast-xml-parser
 * would expand them (billion laughs), and a parser that resolves external
 * ones would read local files (XXE). A DOCTYPE that only names an external
 * DTD (RSS 0.91's Netscape DOCTYPE) is harmless since nothing fetches it,
 * and is removed. Only the prolog (before the root element) is looked at.
 *
 * @returns the text without its DOCTYPE.
 * @throws JaridaError `UNSAFE_XML`.
 */
export function screenXml(text: string, where: string): string {
  const root = /<[A-Za-z_]/u.exec(text);
  const prolog = root ? text.slice(0, root.index) : text;
  if (/<!ENTITY/iu.test(prolog) || /<!DOCTYPE[^>[]*\[/iu.test(prolog)) {
    throw new JaridaError(
      'UNSAFE_XML',
      `${where}: refused: the XML declares a DTD with entities (entity expansion or external entities, as in billion-laughs and XXE attacks); feeds never need them`,
      { where },
    );
  }
  return prolog.includes('<!') ? prolog.replace(/<!DOCTYPE[^>]*>/giu, '') + text.slice(prolog.length) : text;
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
  items: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).transform(String),
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
    }),
  ),
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

function dateOf(text: string | null | undefined, timeZone: string): Pick<FeedEntry, 'published_at' | 'published_at_precision' | 'date_flag'> {
  if (!text || !text.trim()) return { published_at: null, published_at_precision: 'second', date_flag: 'the item has no date' };
  const d = parseSourceDate(text, timeZone);
  const out: Pick<FeedEntry, 'published_at' | 'published_at_precision' | 'date_flag'> = { published_at: d.iso, published_at_precision: d.precision ?? 'second' };
  if (d.flag) out.date_flag = d.flag;
  return out;
}

function htmlOrText(value: string): string {
  return /<[a-z][\s\S]*>/iu.test(value) ? value : plainTextToBody(value);
}

function parseJsonFeed(text: string, baseUrl: string | null, timeZone: string, problems: string[]): ParsedFeed | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = jsonFeedSchema.safeParse(data);
  if (!parsed.success) throw new JaridaError('FEED_UNREADABLE', `not a JSON Feed: ${parsed.error.issues[0]?.message ?? 'bad shape'}`);
  const entries = parsed.data.items.map((item): FeedEntry => {
    const url = absolute(item.url ?? item.external_url, baseUrl);
    const content = item.content_html ?? (item.content_text !== undefined ? plainTextToBody(item.content_text) : undefined);
    const author = item.authors?.find((a) => a.name)?.name ?? item.author?.name ?? null;
    return {
      guid: item.id,
      url,
      title: (item.title ?? '').trim(),
      html: content ?? htmlOrText(item.summary ?? ''),
      summary_only: content === undefined,
      author,
      categories: item.tags ?? [],
      image_url: absolute(item.image ?? item.banner_image, url ?? baseUrl),
      ...dateOf(item.date_published ?? item.date_modified, timeZone),
    };
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
 * @throws JaridaError `UNSAFE_XML` (DTD/entities), `FEED_UNREADABLE`
 *   (neither RSS, RDF, Atom nor JSON Feed).
 */
export function parseFeedBytes(
  bytes: Uint8Array,
  options: { contentType?: string | null | undefined; baseUrl?: string | null | undefined; timeZone: string; where: string },
): ParsedFeed {
  const problems: string[] = [];
  const { text: decoded, encoding } = decode(bytes, feedEncoding(bytes, options.contentType), problems);
  const text = decoded.replace(/^\ufeff/u, '');
  const baseUrl = options.baseUrl ?? null;
  if (/^\s*\{/u.test(text)) {
    const json = parseJsonFeed(text, baseUrl, options.timeZone, problems);
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
  feed.items.forEach((item, i) => {
    const el = item.element;
    const url = absolute(item.url, baseUrl);
    const title = (item.title ?? '').trim();
    const content = item.content && item.content.trim() ? item.content : null;
    const summary = item.description ?? '';
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
      html: content ?? htmlOrText(summary),
      summary_only: content === null,
      author: item.authors.find((a) => a.name)?.name?.trim() || null,
      categories: item.categories.map((c) => (c.label ?? c.term ?? '').trim()).filter((c) => c !== ''),
      image_url: absolute(image, url ?? baseUrl),
      ...dateOf(rawDate, options.timeZone),
    });
  });
  return { format: feed.meta.type === 'atom' ? 'atom' : 'rss', title: feed.title, entries, problems, encoding };
}
