import type { LoginAttemptRepo, SessionRepo, UserRepo } from './accounts.ts';
import type { ArticleEventRepo } from './article-events.ts';
import type { ArticleRevisionRepo } from './article-revisions.ts';
import type { MediaRepo } from './media.ts';
// Type-only: feed aggregation's tables are written in the same transactions as the articles they make.
import type { FeedRepo } from '../ingest/feed-types.ts';
import type { RedirectRepo } from './redirects.ts';
// Type-only: distribution's tables are written with the rest, in the same transactions.
import type { DistributionRepo, WebhookRepo } from '../distribution/distribution-repo.ts';
import type { Article, ArticleStatus, ArticleSummary, Author, Category, Tag } from './types.ts';
import type { SiteSettings } from './site-settings.ts';

/** A row to insert: an {@link Article} without its id. */
export type ArticleRow = Omit<Article, 'id'>;

/** Filter for lists of published articles. */
export interface PublishedFilter {
  /** Only these categories (already expanded to include sub-categories). */
  category_ids?: readonly number[];
  tag_id?: number;
  author_id?: number;
  /** Articles published at or before this instant (UTC ISO). */
  now: string;
  limit: number;
  offset: number;
}

/** Filter of the back office's article list (every status). */
export interface AdminArticleFilter {
  status?: ArticleStatus;
  /** Only these categories (already expanded to include sub-categories). */
  category_ids?: readonly number[];
  author_id?: number;
  /** Words the headline contains (a plain substring, not search syntax). */
  text?: string;
  limit: number;
  offset: number;
}

/** One row of the back office's article list. */
export type AdminArticleRow = Pick<Article, 'id' | 'slug' | 'title' | 'status' | 'published_at' | 'updated_at' | 'category_id' | 'author_id' | 'created_by'>;

/** Articles. All instants UTC ISO strings. */
export interface ArticleRepo {
  insert(row: ArticleRow): Promise<number>;
  update(id: number, patch: Partial<ArticleRow>): Promise<void>;
  delete(id: number): Promise<void>;
  findById(id: number): Promise<Article | undefined>;
  findBySlug(slug: string): Promise<Article | undefined>;
  findByImportKey(key: string): Promise<Article | undefined>;
  slugTaken(slug: string): Promise<boolean>;
  /** Published (and due) articles, newest first, with the total count. */
  listPublished(filter: PublishedFilter): Promise<{ items: ArticleSummary[]; total: number }>;
  /**
   * The `limit` newest published (and due) articles across `categoryIds`,
   * without a total: what blocks and read-also lists need. Each category is
   * read on its own index range, so a sparse parent does not scan the table.
   */
  latestInCategories(categoryIds: readonly number[], now: string, limit: number): Promise<ArticleSummary[]>;
  summariesByIds(ids: readonly number[], now: string): Promise<ArticleSummary[]>;
  setTags(articleId: number, tagIds: readonly number[]): Promise<void>;
  tagsOf(articleId: number): Promise<Tag[]>;
  /** Editor-chosen "read also" links, in order. */
  addRelatedLink(articleId: number, relatedId: number): Promise<void>;
  relatedLinkIds(articleId: number): Promise<number[]>;
  countAll(): Promise<number>;
  /** Up to `limit` articles with ids above `afterId`, by id (for walking the whole table). */
  batchAfter(afterId: number, limit: number): Promise<Article[]>;
  /**
   * Applies `patch` only while the article's status is one of `from` (a
   * conditional update, so that two processes racing on one workflow step
   * apply it once); returns whether it was applied.
   */
  transition(id: number, from: readonly ArticleStatus[], patch: Partial<ArticleRow>): Promise<boolean>;
  /** Ids of scheduled articles whose `published_at` is at or before `now` (UTC ISO), earliest first, at most `limit`. */
  dueScheduled(now: string, limit: number): Promise<number[]>;
  /** The earliest `published_at` of a scheduled article (UTC ISO), or null when none is scheduled. */
  nextScheduledAt(): Promise<string | null>;
  /** Articles of any status, last updated first, with the total count (the back office's list). */
  listForAdmin(filter: AdminArticleFilter): Promise<{ items: AdminArticleRow[]; total: number }>;
}

export interface CategoryRepo {
  all(): Promise<Category[]>;
  /** Inserts a category, listed in the menu unless `in_menu` is false. */
  insert(row: Omit<Category, 'id' | 'in_menu'> & { in_menu?: boolean }): Promise<number>;
  update(id: number, patch: Partial<Omit<Category, 'id'>>): Promise<void>;
  delete(id: number): Promise<void>;
  /** Articles (any status) filed directly under the category. */
  articleCount(id: number): Promise<number>;
}

/** A tag with the number of articles that carry it. */
export interface TagWithCount extends Tag {
  article_count: number;
}

export interface TagRepo {
  findOrCreate(name: string, slug: string): Promise<Tag>;
  findBySlug(slug: string): Promise<Tag | undefined>;
  findById(id: number): Promise<Tag | undefined>;
  /** Every tag with exactly this name (names are not unique; slugs are), by id. */
  findByName(name: string): Promise<Tag[]>;
  /** Every tag, by id (a full read: for rare admin look-ups only). */
  all(): Promise<Tag[]>;
  /** Tags by name, with counts; `text` keeps those whose name or slug contains it. */
  list(filter: { text?: string; limit: number; offset: number }): Promise<{ items: TagWithCount[]; total: number }>;
  update(id: number, patch: Partial<Omit<Tag, 'id'>>): Promise<void>;
  /** Ids of the articles that carry the tag. */
  articleIds(id: number): Promise<number[]>;
  /** Moves every article of `fromId` to `intoId` (keeping its position) and deletes `fromId`. */
  merge(fromId: number, intoId: number): Promise<void>;
}

export interface AuthorRepo {
  /** The author with exactly this byline name. */
  findByName(name: string): Promise<Author | undefined>;
  insert(name: string, slug: string): Promise<Author>;
  slugTaken(slug: string): Promise<boolean>;
  findBySlug(slug: string): Promise<Author | undefined>;
  findById(id: number): Promise<Author | undefined>;
}

export interface SettingsRepo {
  /** Stored settings; keys not stored yet are absent. */
  load(): Promise<Partial<SiteSettings>>;
  save(settings: Partial<SiteSettings>): Promise<void>;
}

/**
 * The search index, written in the same transaction as the articles it
 * describes (so a search never finds what is not there, nor misses what is).
 */
export interface ArticleIndexRepo {
  /** Indexes a new article with its tag names. */
  add(article: Article, tags: readonly string[]): Promise<void>;
  /** Re-indexes an article already in the index (or not). */
  sync(article: Article, tags: readonly string[]): Promise<void>;
  remove(articleId: number): Promise<void>;
  /** Stores the computed read-also list of an article (ids best first, with scores). */
  setRelated(articleId: number, related: ReadonlyArray<{ id: number; score: number }>): Promise<void>;
  /** The computed read-also ids of an article, best first. */
  relatedIds(articleId: number): Promise<number[]>;
  /**
   * Compacts the index after bulk writes (an import, a reindex): an index
   * written in many small transactions is many segments, and every query
   * reads each one (SQLite FTS5 'optimize'; measured at 100,000 articles:
   * search p50 23.7 → 6.5 ms). Holds the write lock while it runs.
   */
  optimize(): Promise<void>;
}

/** Every repository, bound to one connection or transaction. */
export interface Repos {
  /**
   * Runs `fn` inside a savepoint of the current transaction: if it throws,
   * its writes are undone and the error rethrown, while the transaction's
   * other writes stay (one bad record in a batch loses nothing else).
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
  index: ArticleIndexRepo;
  articles: ArticleRepo;
  categories: CategoryRepo;
  tags: TagRepo;
  authors: AuthorRepo;
  settings: SettingsRepo;
  /** The article-event outbox. */
  events: ArticleEventRepo;
  /** Saved states of articles (history, diff, restore). */
  revisions: ArticleRevisionRepo;
  /** Reads for feeds and sitemaps. */
  distribution: DistributionRepo;
  /** Webhook cursor and deliveries. */
  webhooks: WebhookRepo;
  /** Newsroom accounts (see `accounts.ts`). */
  users: UserRepo;
  sessions: SessionRepo;
  loginAttempts: LoginAttemptRepo;
  /** The media library (see `media.ts`). */
  media: MediaRepo;
  /** Feed sources, items, stories and near-duplicate signatures (see `ingest/feed-types.ts`). */
  feeds: FeedRepo;
  /** Old addresses that answer 301 (see `redirects.ts`). */
  redirects: RedirectRepo;
}

/** The store: repositories plus transactions. */
export interface Store extends Repos {
  /**
   * Runs `fn` in one database transaction: all of its writes land or none
   * does (the rule "a failure never half-writes data"). Inside `fn`, use the
   * repos it is given (and `repos.savepoint` to nest): calling
   * `store.transaction` again from `fn` waits for itself forever.
   */
  transaction<T>(fn: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * Changes after every committed write, by this process or another one (a
   * CLI import while the site runs); page caches key on it. Opaque: compare
   * for equality only.
   */
  readonly version: () => string;
  close(): Promise<void>;
}
