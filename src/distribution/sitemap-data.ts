import { notFound } from '../core/errors.ts';
import type { Store } from '../content/repos.ts';
import type { NewsArticleRow, SitemapArticle } from './distribution-repo.ts';

/** Most URLs in one sitemap file (sitemaps.org protocol; the other limit, 50 MB, is not reached: slugs are at most 80 code points). */
export const SITEMAP_LIMIT = 50_000;
/** Most URLs in one news sitemap (Google News sitemap guidelines). */
export const NEWS_SITEMAP_LIMIT = 1_000;
/** Articles stay in the news sitemap for 48 hours after publication (Google News sitemap guidelines). */
export const NEWS_WINDOW_MS = 48 * 3600 * 1000;

/** The kinds of sitemap file; all but `pages` (home and categories) may be split. */
export type SitemapKind = 'pages' | 'articles' | 'tags' | 'authors' | 'news';

/** One file listed in the sitemap index. */
export interface SitemapFile {
  kind: SitemapKind;
  /** 1-based number of the file among those of its kind (always 1 for `pages`). */
  number: number;
  /** Newest change of its URLs, UTC ISO, when known. */
  lastmod: string | null;
}

/** Sizes of the split; defaults are the protocols' limits (tests may pass smaller ones). */
export interface SitemapLimits {
  urls: number;
  news: number;
}

const DEFAULT_LIMITS: SitemapLimits = { urls: SITEMAP_LIMIT, news: NEWS_SITEMAP_LIMIT };

/** The window of the news sitemap ending at `now` (UTC ISO). */
export function newsWindow(now: string): { from: string; to: string } {
  return { from: new Date(new Date(now).getTime() - NEWS_WINDOW_MS).toISOString(), to: now };
}

/**
 * Every sitemap file the index lists: the pages file, then article files of
 * `limits.urls` articles each (oldest first, so that old files rarely
 * change), tag and author files, and news files. Kinds without URLs are
 * left out (the protocol wants at least one URL per file).
 */
export async function sitemapFiles(store: Store, now: string, limits: SitemapLimits = DEFAULT_LIMITS): Promise<SitemapFile[]> {
  const { from, to } = newsWindow(now);
  const [chunks, tags, authors, news] = await Promise.all([
    store.distribution.articleSitemapChunks(now, limits.urls),
    store.distribution.countListed('tags', now),
    store.distribution.countListed('authors', now),
    store.distribution.countNewsArticles(from, to),
  ]);
  const numbered = (kind: SitemapKind, total: number, size: number): SitemapFile[] =>
    Array.from({ length: Math.ceil(total / size) }, (_, i) => ({ kind, number: i + 1, lastmod: null }));
  return [
    { kind: 'pages', number: 1, lastmod: null },
    ...chunks.map((c) => ({ kind: 'articles' as const, number: c.number, lastmod: c.lastmod })),
    ...numbered('tags', tags, limits.urls),
    ...numbered('authors', authors, limits.urls),
    ...numbered('news', news, limits.news),
  ];
}

/**
 * Articles of article sitemap `n` (1-based).
 * @throws JaridaError `NOT_FOUND` past the last file.
 */
export async function articleSitemap(store: Store, now: string, n: number, limits: SitemapLimits = DEFAULT_LIMITS): Promise<SitemapArticle[]> {
  const rows = await store.distribution.sitemapArticles(now, (n - 1) * limits.urls, limits.urls);
  if (rows.length === 0) throw notFound(`no article sitemap ${n}`);
  return rows;
}

/**
 * Slugs of tag or author sitemap `n`.
 * @throws JaridaError `NOT_FOUND` past the last file.
 */
export async function taxonomySitemap(
  store: Store,
  kind: 'tags' | 'authors',
  now: string,
  n: number,
  limits: SitemapLimits = DEFAULT_LIMITS,
): Promise<string[]> {
  const slugs = await store.distribution.listedSlugs(kind, now, (n - 1) * limits.urls, limits.urls);
  if (slugs.length === 0) throw notFound(`no ${kind} sitemap ${n}`);
  return slugs;
}

/**
 * Articles of news sitemap `n`: published in the 48 hours up to `now`,
 * newest first.
 * @throws JaridaError `NOT_FOUND` past the last file (or when there is no recent article).
 */
export async function newsSitemap(store: Store, now: string, n: number, limits: SitemapLimits = DEFAULT_LIMITS): Promise<NewsArticleRow[]> {
  const { from, to } = newsWindow(now);
  const rows = await store.distribution.newsArticles(from, to, (n - 1) * limits.news, limits.news);
  if (rows.length === 0) throw notFound(`no news sitemap ${n}`);
  return rows;
}
