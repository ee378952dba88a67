/**
 * Article revisions (glossary: نسخة سابقة): every save of an article keeps a
 * snapshot of its editable fields, with who saved it, when, what kind of save
 * it was and which fields changed, written in the same transaction as the
 * save itself. Diffs and restores read these snapshots.
 */
import type { ArticleStatus } from './types.ts';

/** Kinds of save, as the history list shows them. */
export const REVISION_ACTIONS = [
  /** The state an article had before its first recorded save (imported or older articles). */
  'baseline',
  'create',
  'update',
  'submit',
  'return_to_draft',
  'schedule',
  'publish',
  /** Published by the scheduler when its time came (no user). */
  'scheduled_publish',
  'unpublish',
  'restore',
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/**
 * The editable fields of an article at one revision. The byline is kept by
 * name and tags by name, so a restore does not depend on ids that may have
 * changed since. Instants are UTC ISO strings.
 */
export interface ArticleSnapshot {
  title: string;
  slug: string;
  excerpt: string;
  /** Sanitized body HTML. */
  body: string;
  status: ArticleStatus;
  published_at: string | null;
  category_id: number;
  /** Byline name, or null. */
  author_name: string | null;
  source_name: string | null;
  source_url: string | null;
  featured_image_url: string | null;
  featured_image_alt: string | null;
  video_url: string | null;
  /** Tag names, in order. */
  tags: string[];
}

/** Fields of a snapshot, in the order forms and diffs show them. */
export const SNAPSHOT_FIELDS = [
  'title',
  'slug',
  'excerpt',
  'body',
  'status',
  'published_at',
  'category_id',
  'author_name',
  'source_name',
  'source_url',
  'featured_image_url',
  'featured_image_alt',
  'video_url',
  'tags',
] as const satisfies ReadonlyArray<keyof ArticleSnapshot>;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

/** One stored revision. */
export interface ArticleRevision {
  id: number;
  article_id: number;
  /** 1, 2, 3… per article, in save order. */
  number: number;
  /** The newsroom user who saved; null for the scheduler, imports and baselines. */
  user_id: number | null;
  /** When the save was committed, UTC ISO 8601. */
  created_at: string;
  action: RevisionAction;
  /** Fields that differ from the previous revision (all fields for the first one). */
  changed_fields: SnapshotField[];
  /** For `restore`: the revision number whose fields were brought back. */
  restored_from: number | null;
  snapshot: ArticleSnapshot;
}

/** A revision without its snapshot: what the history list needs. */
export type RevisionSummary = Omit<ArticleRevision, 'snapshot'>;

/** The revisions table. */
export interface ArticleRevisionRepo {
  /** Stores a revision inside the caller's transaction; returns its id. */
  add(revision: Omit<ArticleRevision, 'id'>): Promise<number>;
  /** The highest revision number of an article, 0 when it has none. */
  latestNumber(articleId: number): Promise<number>;
  /** An article's revisions, newest first, without snapshots. */
  list(articleId: number): Promise<RevisionSummary[]>;
  /** One revision by its number. */
  get(articleId: number, number: number): Promise<ArticleRevision | undefined>;
}
