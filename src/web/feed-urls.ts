/**
 * Paths of feeds, sitemaps and robots.txt. Feeds live under `/feed/<format>`
 * rather than beside the pages (`/category/…/feed`) because category paths
 * have any depth and a route cannot put anything after a wildcard.
 */
import type { SitemapKind } from '../distribution/sitemap-data.ts';

const seg = (s: string) => encodeURIComponent(s);

/** The XML feed formats; JSON Feed exists for the whole site only. */
export type XmlFeedFormat = 'rss' | 'atom';

export const feedUrls = {
  site: (format: XmlFeedFormat | 'json') => `/feed/${format}`,
  category: (format: XmlFeedFormat, path: readonly string[]) => `/feed/${format}/category/${path.map(seg).join('/')}`,
  tag: (format: XmlFeedFormat, slug: string) => `/feed/${format}/tag/${seg(slug)}`,
  author: (format: XmlFeedFormat, slug: string) => `/feed/${format}/author/${seg(slug)}`,
};

export const sitemapUrls = {
  index: () => '/sitemap.xml',
  /** File `n` (1-based) of a kind of sitemap; `pages` (home and categories) is never split. */
  file: (kind: SitemapKind, n: number) => (kind === 'pages' ? '/sitemaps/pages.xml' : `/sitemaps/${kind}-${n}.xml`),
  robots: () => '/robots.txt',
};

/** Media types of what distribution serves (with charset: the bodies are UTF-8). */
export const MEDIA_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
} as const;
