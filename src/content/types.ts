/**
 * jarida's content model. Field names are the news-publishing terms of
 * `docs/glossary.md`, spelled the same in code, database columns and the JSON
 * API (snake_case, see docs/adr/002-one-spelling-for-field-names.md).
 * Every instant is an ISO 8601 string in UTC (`2023-08-23T00:00:00.000Z`).
 */

/** Workflow states of an article (glossary: مسودة، قيد المراجعة، مجدول، منشور، غير منشور). */
export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** One article as stored. `body` is sanitized HTML. */
export interface Article {
  id: number;
  slug: string;
  /** The headline. */
  title: string;
  /** The lead shown in lists and feeds; plain text. */
  excerpt: string;
  /** Sanitized HTML (see `content/body-html.ts`). */
  body: string;
  status: ArticleStatus;
  /** First publication instant, UTC; null for drafts never published. */
  published_at: string | null;
  /** `day` when only the date is known (the instant is that day's midnight at the source). */
  published_at_precision: 'day' | 'second';
  /** Last substantive change, UTC. */
  updated_at: string;
  created_at: string;
  category_id: number;
  /** The byline's author; null when the item carries none. */
  author_id: number | null;
  /** Source credit: the outlet a republished item comes from. */
  source_name: string | null;
  /** The original URL at that outlet. */
  source_url: string | null;
  featured_image_url: string | null;
  featured_image_alt: string | null;
  video_url: string | null;
  /** Identity of an imported item (`url:…` or `sha256:…`), for idempotent imports. */
  import_key: string | null;
  /** The newsroom user who created the article (see `content/roles.ts`); null for imported items. */
  created_by: number | null;
}

/** The byline, source credit, featured image and video of an article as a caller supplies them (null or absent: none). */
export interface ArticleCreditFields {
  /** Byline name; an author of that exact name is used, or created. */
  author_name?: string | null | undefined;
  /** The outlet credited (republished items). */
  source_name?: string | null | undefined;
  source_url?: string | null | undefined;
  featured_image_url?: string | null | undefined;
  featured_image_alt?: string | null | undefined;
  video_url?: string | null | undefined;
}

/** Fields a caller supplies to create an article; the rest are derived. */
export interface NewArticle extends ArticleCreditFields {
  title: string;
  excerpt?: string | undefined;
  /** HTML; it is sanitized before it is stored. */
  body: string;
  status: ArticleStatus;
  published_at: string | null;
  /** `day` when only the date is known; `second` by default. */
  published_at_precision?: 'day' | 'second' | undefined;
  category_id: number;
  tags?: readonly string[] | undefined;
  /** Preferred slug; derived from the headline when absent. */
  slug?: string | undefined;
  import_key?: string | null | undefined;
  /** The newsroom user creating it; null or absent for imports. */
  created_by?: number | null | undefined;
}

/** What lists (home, category, tag, author, search) need of an article. */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  excerpt: string;
  published_at: string;
  category_id: number;
  source_name: string | null;
  featured_image_url: string | null;
  featured_image_alt: string | null;
}

/** A node of the menu tree. */
export interface Category {
  id: number;
  parent_id: number | null;
  slug: string;
  name: string;
  /** Position among its siblings, ascending. */
  menu_order: number;
  /** Whether the site menu lists it (and so its sub-categories). A hidden category keeps its page and feeds. */
  in_menu: boolean;
}

export interface Tag {
  id: number;
  slug: string;
  name: string;
}

/** A byline. */
export interface Author {
  id: number;
  slug: string;
  name: string;
}

/** One page of a list, with the total across all pages. */
export interface Page<T> {
  items: T[];
  total: number;
  /** 1-based page number. */
  page: number;
  /** Number of pages (at least 1). */
  pages: number;
}
