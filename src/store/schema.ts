import type { Generated } from 'kysely';
import type { ArticleEventType } from '../content/article-events.ts';
import type { WebhookDeliveryStatus } from '../distribution/distribution-repo.ts';
import type { RevisionAction } from '../content/article-revisions.ts';
import type { Role } from '../content/roles.ts';
import type { ArticleStatus } from '../content/types.ts';

/** Kysely's view of the database: one interface per table, columns as in the content model. */
export interface Database {
  articles: {
    id: Generated<number>;
    slug: string;
    title: string;
    excerpt: string;
    body: string;
    status: ArticleStatus;
    published_at: string | null;
    published_at_precision: 'day' | 'second';
    updated_at: string;
    created_at: string;
    category_id: number;
    author_id: number | null;
    source_name: string | null;
    source_url: string | null;
    featured_image_url: string | null;
    featured_image_alt: string | null;
    video_url: string | null;
    import_key: string | null;
    created_by: number | null;
  };
  categories: {
    id: Generated<number>;
    parent_id: number | null;
    slug: string;
    name: string;
    menu_order: number;
    /** 1 listed in the site menu, 0 hidden from it (migration 013). */
    in_menu: Generated<number>;
  };
  tags: { id: Generated<number>; slug: string; name: string };
  authors: { id: Generated<number>; slug: string; name: string };
  article_tags: { article_id: number; tag_id: number; position: number };
  article_related: { article_id: number; related_id: number; position: number };
  settings: { key: string; value: string };
  search_index_state: { id: number; analyzer_version: number };
  article_related_auto: { article_id: number; related_id: number; position: number; score: number };
  article_events: { id: Generated<number>; type: ArticleEventType; article_id: number; occurred_at: string };
  article_revisions: {
    id: Generated<number>;
    article_id: number;
    number: number;
    user_id: number | null;
    created_at: string;
    action: RevisionAction;
    /** JSON array of field names. */
    changed_fields: string;
    restored_from: number | null;
    /** JSON of an `ArticleSnapshot`. */
    snapshot: string;
  };
  users: {
    id: Generated<number>;
    /** Lower-cased; unique. */
    email: string;
    display_name: string;
    role: Role;
    /** argon2id PHC string. */
    password_hash: string;
    author_id: number | null;
    /** 1 active, 0 deactivated. */
    active: number;
    created_at: string;
    updated_at: string;
    password_changed_at: string;
  };
  sessions: { id: string; user_id: number | null; /** JSON of the session object. */ data: string; expires_at: string; created_at: string };
  login_attempts: { id: Generated<number>; email: string; ip: string; succeeded: number; attempted_at: string };
  /** Position of each outbox listener in `article_events` (migration 008). */
  event_cursors: { name: string; last_event_id: number };
  /** One webhook call per (event, receiver), with its attempts (migration 008). */
  webhook_deliveries: {
    id: Generated<number>;
    event_id: number;
    event_type: ArticleEventType;
    url: string;
    body: string;
    status: WebhookDeliveryStatus;
    attempts: number;
    next_attempt_at: string;
    last_attempt_at: string | null;
    last_status: number | null;
    last_error: string | null;
    created_at: string;
    delivered_at: string | null;
  };
  /** The media library (migration 010, `content/media.ts`). */
  media: {
    id: Generated<number>;
    key: string;
    filename: string;
    mime_type: string;
    width: number;
    height: number;
    bytes: number;
    alt: string;
    uploaded_by: number | null;
    created_at: string;
  };
  media_variants: { media_id: number; width: number; height: number; key: string; bytes: number };
  /** Feed aggregation (migration 011, `ingest/feed-types.ts`). */
  feed_sources: {
    id: Generated<number>;
    url: string;
    outlet_name: string;
    default_category_id: number;
    /** JSON object: feed category → category id. */
    category_map: string;
    poll_interval_s: number;
    mode: string;
    /** 1 or 0. */
    fetch_full_text: number;
    etag: string | null;
    last_modified: string | null;
    next_poll_at: string;
    last_polled_at: string | null;
    last_status: string | null;
    failures: number;
    created_at: string;
  };
  feed_source_errors: { id: Generated<number>; source_id: number; occurred_at: string; code: string; message: string };
  feed_items: {
    id: Generated<number>;
    source_id: number;
    guid: string;
    url: string | null;
    title: string;
    outlet_name: string;
    article_id: number | null;
    story_id: number | null;
    content_hash: string;
    fetched_at: string;
    updated_at: string;
    /** Migration 015: JSON of a joined item's text and metadata (`story-split.ts`), else null. */
    entry: string | null;
    /** Migration 015: the story an editor split this item out of, else null. */
    split_from_story: number | null;
  };
  stories: { id: Generated<number>; article_id: number; created_at: string };
  near_dup_signatures: { article_id: number; outlet_name: string; published_at: string; signature: string };
  near_dup_bands: { band_key: string; article_id: number };
  /** Old addresses of an imported site (migration 012, `content/redirects.ts`). */
  redirects: { old_path: string; target_kind: string; target_id: number; created_at: string };
}
