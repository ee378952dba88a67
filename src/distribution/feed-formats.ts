/**
 * Feed documents in RSS 2.0 (rssboard.org/rss-specification), Atom 1.0
 * (RFC 4287) and JSON Feed 1.1 (jsonfeed.org/version/1.1), from one
 * format-neutral {@link FeedDocument}. Machine dates are always English and
 * UTC whatever the site's locale and digits: RFC 822 in RSS (`Wed, 23 Aug
 * 2023 00:00:00 GMT`, from `Date#toUTCString`, whose format ECMA-262 fixes),
 * RFC 3339 in Atom and JSON Feed. Text stays literal UTF-8.
 */
import { el, empty, text, type Xml, xmlDocument } from './xml.ts';

/** A person credited on an item or feed. */
export interface FeedAuthor {
  name: string;
  /** Absolute URL of the author's page. */
  url?: string | undefined;
}

/** A category or tag of an item. */
export interface FeedCategory {
  /** Human label (Arabic). */
  label: string;
  /** Absolute URL of the category or tag page (RSS `domain`). */
  url: string;
}

/** One article as a feed item. Instants are UTC ISO 8601. */
export interface FeedItem {
  /** Stable absolute permalink used as GUID / Atom id (the short link `/a/<id>`, which survives slug changes). */
  id: string;
  /** Absolute URL of the article page. */
  url: string;
  title: string;
  /** Plain-text excerpt. */
  summary: string;
  /** The whole body as HTML with absolute links, or null when the site sends excerpts only. */
  content_html: string | null;
  published: string;
  updated: string;
  authors: FeedAuthor[];
  categories: FeedCategory[];
  /** Absolute URL of the featured image, if any. */
  image: string | null;
  /** The original outlet's URL of a republished item. */
  external_url: string | null;
}

/** A feed, before it is written in one format. */
export interface FeedDocument {
  title: string;
  description: string;
  /** BCP 47 tag of the content, e.g. `ar-LY`. */
  language: string;
  /** Absolute URL of the HTML page this feed follows. */
  home_url: string;
  /** Absolute URLs of this feed in each format (`json` only where one exists). */
  self: { rss: string; atom: string; json?: string | undefined };
  /** Last change to the feed's content (UTC ISO); the newest item's update, or the render time when empty. */
  updated: string;
  /** The publisher: name and absolute logo URL. */
  publisher: { name: string; url: string; logo: string };
  items: FeedItem[];
}

/** RFC 822 date-time (RFC 1123 four-digit year) in GMT, English names. */
export function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

/** RFC 3339 date-time in UTC, whole seconds. */
export function rfc3339(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/u, 'Z');
}

/** The generator named in feeds. */
export const GENERATOR = 'jarida';

/** RSS 2.0 with `content:encoded` for full text, `dc:creator` for bylines and `atom:link rel="self"`. */
export function renderRss(feed: FeedDocument): string {
  const items = feed.items.map((item) =>
    el(
      'item',
      null,
      text('title', item.title),
      text('link', item.url),
      text('guid', item.id, { isPermaLink: 'true' }),
      text('pubDate', rfc822(item.published)),
      text('description', item.summary),
      item.content_html !== null && text('content:encoded', item.content_html),
      item.authors.map((a) => text('dc:creator', a.name)),
      item.categories.map((c) => text('category', c.label, { domain: c.url })),
    ),
  );
  const channel = el(
    'channel',
    null,
    text('title', feed.title),
    text('link', feed.home_url),
    text('description', feed.description),
    text('language', feed.language.toLowerCase()),
    text('lastBuildDate', rfc822(feed.updated)),
    text('generator', GENERATOR),
    text('docs', 'https://www.rssboard.org/rss-specification'),
    empty('atom:link', { href: feed.self.rss, rel: 'self', type: 'application/rss+xml' }),
    el('image', null, text('url', feed.publisher.logo), text('title', feed.title), text('link', feed.home_url)),
    items,
  );
  return xmlDocument(
    el(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
        'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
      },
      channel,
    ),
  );
}

function atomPerson(tag: string, person: FeedAuthor): Xml {
  return el(tag, null, text('name', person.name), person.url ? text('uri', person.url) : undefined);
}

/** Atom 1.0: `summary` always, `content type="html"` for full text; the publisher is the feed's author. */
export function renderAtom(feed: FeedDocument): string {
  const entries = feed.items.map((item) =>
    el(
      'entry',
      null,
      text('id', item.id),
      text('title', item.title),
      empty('link', { rel: 'alternate', type: 'text/html', href: item.url }),
      item.external_url ? empty('link', { rel: 'via', href: item.external_url }) : undefined,
      text('published', rfc3339(item.published)),
      text('updated', rfc3339(item.updated)),
      item.authors.map((a) => atomPerson('author', a)),
      item.categories.map((c) => empty('category', { term: c.label })),
      text('summary', item.summary),
      item.content_html !== null && text('content', item.content_html, { type: 'html' }),
    ),
  );
  return xmlDocument(
    el(
      'feed',
      { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': feed.language },
      text('id', feed.self.atom),
      text('title', feed.title),
      text('subtitle', feed.description),
      text('updated', rfc3339(feed.updated)),
      empty('link', { rel: 'self', type: 'application/atom+xml', href: feed.self.atom }),
      empty('link', { rel: 'alternate', type: 'text/html', href: feed.home_url }),
      atomPerson('author', { name: feed.publisher.name, url: feed.publisher.url }),
      text('generator', GENERATOR),
      text('logo', feed.publisher.logo),
      entries,
    ),
  );
}

/** JSON Feed 1.1: `content_html` for full text, else `content_text` with the excerpt. */
export function renderJsonFeed(feed: FeedDocument): string {
  const doc = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feed.title,
    home_page_url: feed.home_url,
    ...(feed.self.json ? { feed_url: feed.self.json } : {}),
    description: feed.description,
    icon: feed.publisher.logo,
    language: feed.language,
    authors: [{ name: feed.publisher.name, url: feed.publisher.url }],
    items: feed.items.map((item) => ({
      id: item.id,
      url: item.url,
      ...(item.external_url ? { external_url: item.external_url } : {}),
      title: item.title,
      ...(item.content_html !== null ? { content_html: item.content_html } : { content_text: item.summary }),
      summary: item.summary,
      ...(item.image ? { image: item.image } : {}),
      date_published: rfc3339(item.published),
      date_modified: rfc3339(item.updated),
      ...(item.authors.length > 0 ? { authors: item.authors.map((a) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) })) } : {}),
      ...(item.categories.length > 0 ? { tags: item.categories.map((c) => c.label) } : {}),
      language: feed.language,
    })),
  };
  // JSON.stringify keeps Arabic as UTF-8 text; `</` is escaped so the document is also safe inline in HTML.
  return `${JSON.stringify(doc).replace(/<\//gu, '<\\/')}\n`;
}
