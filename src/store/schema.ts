import type { Generated } from 'kysely';
import type { ArticleEventType } from '../content/article-events.ts';
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
  };
  categories: {
    id: Generated<number>;
    parent_id: number | null;
    slug: string;
    name: string;
    menu_order: number;
  };
  tags: { id: Generated<number>; slug: string; name: string };
  authors: { id: Generated<number>; slug: string; name: string };
  article_tags: { article_id: number; tag_id: number; position: number };
  article_related: { article_id: number; related_id: number; position: number };
  settings: { key: string; value: string };
  search_index_state: { id: number; analyzer_version: number };
  article_related_auto: { article_id: number; related_id: number; position: number; score: number };
  article_events: { id: Generated<number>; type: ArticleEventType; article_id: number; occurred_at: string };
}
