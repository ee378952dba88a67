/**
 * Feed aggregation's records and the repository that stores them
 * (migration 011). Instants are UTC ISO strings; intervals in seconds.
 */

/** What happens to a new item: a draft for an editor to review, or published at once. */
export const FEED_MODES = ['draft', 'publish'] as const;
export type FeedMode = (typeof FEED_MODES)[number];

/** A polled feed (glossary: مصدر). */
export interface FeedSource {
  id: number;
  /** The feed's URL (http or https). */
  url: string;
  /** Outlet credited on every article from this feed. */
  outlet_name: string;
  /** Category of items whose feed category the map does not name. */
  default_category_id: number;
  /** Feed category (lower-cased, trimmed) → category id. */
  category_map: Record<string, number>;
  poll_interval_s: number;
  mode: FeedMode;
  /** Whether summary-only items get their text from the article page. */
  fetch_full_text: boolean;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: string;
  last_polled_at: string | null;
  /** `ok`, `not_modified` or `error` after the last poll; null before the first. */
  last_status: string | null;
  /** Consecutive failed polls (drives the backoff). */
  failures: number;
  created_at: string;
}

/** Entries kept in a source's error log: older ones are dropped as new ones come. */
export const MAX_SOURCE_ERRORS = 500;

/** A row of a source's error log. */
export interface FeedSourceError {
  id: number;
  source_id: number;
  occurred_at: string;
  /** Error code (`JARIDA_FETCH_FAILED`, `JARIDA_UNSAFE_XML`…) or `ITEM` for a single item's problem. */
  code: string;
  message: string;
}

/** An item taken from a feed. */
export interface FeedItem {
  id: number;
  source_id: number;
  guid: string;
  /** Canonical URL (no fragment or tracking parameters), or null. */
  url: string | null;
  title: string;
  outlet_name: string;
  /** The article it became, or the story's article it joined. */
  article_id: number | null;
  story_id: number | null;
  /** SHA-256 of headline and body as fetched: a change updates the article. */
  content_hash: string;
  fetched_at: string;
  updated_at: string;
  /** A joined item's own text and metadata, JSON (`StoryItemEntry` of `story-split.ts`), kept so it can be split out; null otherwise. */
  entry: string | null;
  /** The story an editor split this item out of (it never rejoins it), else null. */
  split_from_story: number | null;
}

/** A new item's row: the split bookkeeping is optional. */
export type NewFeedItem = Omit<FeedItem, 'id' | 'entry' | 'split_from_story'> & Partial<Pick<FeedItem, 'entry' | 'split_from_story'>>;

/** A near-duplicate candidate: an article's signature. */
export interface NearDupSignature {
  article_id: number;
  outlet_name: string;
  published_at: string;
  /** Hex MinHash signature (`near-duplicate.ts`). */
  signature: string;
}

/** Storage of sources, their errors, items, stories and signatures. */
export interface FeedRepo {
  insertSource(row: Omit<FeedSource, 'id'>): Promise<number>;
  updateSource(id: number, patch: Partial<Omit<FeedSource, 'id'>>): Promise<void>;
  deleteSource(id: number): Promise<void>;
  sourceById(id: number): Promise<FeedSource | undefined>;
  sourceByUrl(url: string): Promise<FeedSource | undefined>;
  listSources(): Promise<FeedSource[]>;
  /** Sources whose `next_poll_at` is at or before `now`, earliest first. */
  dueSources(now: string, limit: number): Promise<FeedSource[]>;
  /** The earliest `next_poll_at`, or null without sources. */
  nextPollAt(): Promise<string | null>;
  /** Appends to a source's error log, dropping its entries older than the newest {@link MAX_SOURCE_ERRORS}. */
  addError(row: Omit<FeedSourceError, 'id'>): Promise<void>;
  /** The newest `limit` errors of a source, newest first. */
  errors(sourceId: number, limit: number): Promise<FeedSourceError[]>;
  itemByGuid(sourceId: number, guid: string): Promise<FeedItem | undefined>;
  /** An item of any source with this canonical URL. */
  itemByUrl(url: string): Promise<FeedItem | undefined>;
  insertItem(row: NewFeedItem): Promise<number>;
  /** An item by its id. */
  itemById(id: number): Promise<FeedItem | undefined>;
  updateItem(id: number, patch: Partial<Omit<FeedItem, 'id'>>): Promise<void>;
  /** Items of a story, oldest first. */
  storyItems(storyId: number): Promise<FeedItem[]>;
  /** Items of the story an article leads (the other outlets' reports of it), oldest first; none when it leads no story. */
  storyItemsOf(articleId: number): Promise<FeedItem[]>;
  /** A source's items that joined another outlet's story, newest first, at most `limit`. */
  joinedItemsOf(sourceId: number, limit: number): Promise<FeedItem[]>;
  /** The story led by an article, creating it. */
  storyOf(articleId: number, now: string): Promise<number>;
  countItems(sourceId?: number): Promise<number>;
  addSignature(row: NearDupSignature, bandKeys: readonly string[]): Promise<void>;
  /** Signatures of articles sharing at least one band key, published within [from, to]. */
  candidates(bandKeys: readonly string[], from: string, to: string): Promise<NearDupSignature[]>;
}
