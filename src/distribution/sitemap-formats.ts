/**
 * Sitemap documents: `urlset` and `sitemapindex` of the sitemaps.org
 * protocol 0.9, and Google's news sitemap extension
 * (`http://www.google.com/schemas/sitemap-news/0.9`). Locations are written
 * as given (callers percent-encode paths, so they are ASCII); dates are W3C
 * Datetime in UTC.
 */
import { rfc3339 } from './feed-formats.ts';
import { el, text, xmlDocument } from './xml.ts';

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

/** A URL of a sitemap, or a sitemap of an index. */
export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** Last change, UTC ISO. */
  lastmod?: string | null | undefined;
}

/** An article of a news sitemap. */
export interface NewsSitemapEntry {
  loc: string;
  /** The publication's name as it appears on Google News (the site name). */
  publication_name: string;
  /** ISO 639 language code, e.g. `ar`. */
  language: string;
  /** First publication, UTC ISO. */
  publication_date: string;
  title: string;
}

/** A `urlset` of page URLs. */
export function renderUrlset(entries: readonly SitemapEntry[]): string {
  return xmlDocument(
    el(
      'urlset',
      { xmlns: SITEMAP_NS },
      entries.map((e) => el('url', null, text('loc', e.loc), e.lastmod ? text('lastmod', rfc3339(e.lastmod)) : undefined)),
    ),
  );
}

/** A `sitemapindex` of sitemap URLs. */
export function renderSitemapIndex(entries: readonly SitemapEntry[]): string {
  return xmlDocument(
    el(
      'sitemapindex',
      { xmlns: SITEMAP_NS },
      entries.map((e) => el('sitemap', null, text('loc', e.loc), e.lastmod ? text('lastmod', rfc3339(e.lastmod)) : undefined)),
    ),
  );
}

/** A news sitemap: a `urlset` whose URLs carry `news:news`. */
export function renderNewsUrlset(entries: readonly NewsSitemapEntry[]): string {
  return xmlDocument(
    el(
      'urlset',
      { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS },
      entries.map((e) =>
        el(
          'url',
          null,
          text('loc', e.loc),
          el(
            'news:news',
            null,
            el('news:publication', null, text('news:name', e.publication_name), text('news:language', e.language)),
            text('news:publication_date', rfc3339(e.publication_date)),
            text('news:title', e.title),
          ),
        ),
      ),
    ),
  );
}
