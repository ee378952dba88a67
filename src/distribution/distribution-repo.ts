/**
 * What distribution (feeds, sitemaps, webhooks) reads and writes in the
 * store. Types only: the Kysely implementation is in
 * `store/kysely-distribution-repo.ts`, reached through `Repos.distribution`
 * and `Repos.webhooks`. Instants are UTC ISO 8601 strings.
 */
import type { ArticleEventType } from '../content/article-events.ts';
import type { Article, Author, Tag } from '../content/types.ts';

/** Which published articles a feed lists. */
export interface FeedFilter {
  /** Only these categories (already expanded to their sub-categories). */
  category_ids?: readonly number[];
  tag_id?: number;
  author_id?: number;
  /** Published at or before this instant. */
  now: string;
  limit: number;
}

/** One URL of an article sitemap. */
export interface SitemapArticle {
  slug: string;
  updated_at: string;
}

/** One file of a split sitemap: its number (1-based) and the newest change among its URLs. */
export interface SitemapChunk {
  number: number;
  /** Newest `updated_at` of the file's articles; null for files without dates (tags, authors). */
  lastmod: string | null;
}

/** One article of the news sitemap. */
export interface NewsArticleRow {
  id: number;
  slug: string;
  title: string;
  published_at: string;
}

/**
 * Reads for feeds and sitemaps. "Listed" articles are published and due; the
 * sitemaps list only articles whose canonical URL is this site's, i.e. not
 * republished items with a source URL (docs/adr/008-distribution.md).
 */
export interface DistributionRepo {
  /** Whole published articles for a feed, newest first. */
  feedArticles(filter: FeedFilter): Promise<Article[]>;
  /** Tags of each article, in their order; articles without tags are absent. */
  tagsOfArticles(ids: readonly number[]): Promise<Map<number, Tag[]>>;
  authorsByIds(ids: readonly number[]): Promise<Map<number, Author>>;
  /** Files of `size` sitemap articles each, oldest article first; empty when there is none. */
  articleSitemapChunks(now: string, size: number): Promise<SitemapChunk[]>;
  /** Sitemap articles (own canonical URL) by id, `limit` from `offset`. */
  sitemapArticles(now: string, offset: number, limit: number): Promise<SitemapArticle[]>;
  /** How many tags (or authors) have at least one listed article. */
  countListed(kind: 'tags' | 'authors', now: string): Promise<number>;
  /** Slugs of tags (or authors) with at least one listed article, by id, `limit` from `offset`. */
  listedSlugs(kind: 'tags' | 'authors', now: string, offset: number, limit: number): Promise<string[]>;
  /** Own articles published in `[from, to]`, newest first, `limit` from `offset`. */
  newsArticles(from: string, to: string, offset: number, limit: number): Promise<NewsArticleRow[]>;
  /** How many own articles were published in `[from, to]`. */
  countNewsArticles(from: string, to: string): Promise<number>;
}

/** Life of a webhook delivery: waiting (first try or a retry), done, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One webhook call of one event to one receiver. */
export interface WebhookDelivery {
  id: number;
  event_id: number;
  event_type: ArticleEventType;
  url: string;
  /** The JSON body, sent byte for byte on every attempt. */
  body: string;
  status: WebhookDeliveryStatus;
  /** Attempts started so far. */
  attempts: number;
  next_attempt_at: string;
  last_attempt_at: string | null;
  /** HTTP status of the last answer, null when there was none (network error, time-out). */
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** The webhook tables. Call the writes inside one `store.transaction` per step. */
export interface WebhookRepo {
  /** The last event a listener has handled; undefined before its first run. */
  cursor(name: string): Promise<number | undefined>;
  setCursor(name: string, lastEventId: number): Promise<void>;
  /** The newest event id, 0 when there is none. */
  lastEventId(): Promise<number>;
  /** Adds pending deliveries; one that exists for the same event and URL is left alone. */
  addDeliveries(rows: ReadonlyArray<Pick<WebhookDelivery, 'event_id' | 'event_type' | 'url' | 'body' | 'next_attempt_at' | 'created_at'>>): Promise<void>;
  /** Pending deliveries due at `now`, earliest first, at most `limit`. */
  due(now: string, limit: number): Promise<WebhookDelivery[]>;
  /** The earliest `next_attempt_at` of a pending delivery, null when none is pending. */
  nextDueAt(): Promise<string | null>;
  update(id: number, patch: Partial<Omit<WebhookDelivery, 'id' | 'event_id' | 'url' | 'body'>>): Promise<void>;
  findById(id: number): Promise<WebhookDelivery | undefined>;
  /** Every delivery of an event, by id (tests, operators). */
  ofEvent(eventId: number): Promise<WebhookDelivery[]>;
}
