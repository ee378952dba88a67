import { notFound } from '../core/errors.ts';
import type { CategoryNode } from '../content/category-tree.ts';
import type { Store } from '../content/repos.ts';
import type { Article, Author, Tag } from '../content/types.ts';
import type { Site } from '../content/use-cases/site.ts';

/** Items per feed. */
export const FEED_SIZE = 30;

/** Whose articles a feed lists: the whole site, a category (with its sub-categories), a tag or an author. */
export type FeedScope =
  | { kind: 'site' }
  | { kind: 'category'; path: readonly string[] }
  | { kind: 'tag'; slug: string }
  | { kind: 'author'; slug: string };

/** A scope found in the store. */
export type ResolvedFeedScope =
  | { kind: 'site' }
  | { kind: 'category'; category: CategoryNode }
  | { kind: 'tag'; tag: Tag }
  | { kind: 'author'; author: Author };

/** What a feed shows: its scope, and its newest articles with their tags and bylines. */
export interface FeedData {
  scope: ResolvedFeedScope;
  /** Whole articles (with bodies), newest first. */
  articles: Article[];
  tags: Map<number, Tag[]>;
  authors: Map<number, Author>;
}

/**
 * The newest `limit` published articles of a feed scope (`now`: UTC ISO).
 * @throws JaridaError `NOT_FOUND` for an unknown category path, tag or author.
 */
export async function feedData(store: Store, site: Site, scope: FeedScope, now: string, limit = FEED_SIZE): Promise<FeedData> {
  let resolved: ResolvedFeedScope;
  let articles: Article[];
  switch (scope.kind) {
    case 'site':
      resolved = scope;
      articles = await store.distribution.feedArticles({ now, limit });
      break;
    case 'category': {
      const category = site.categories.findByPath(scope.path);
      if (!category) throw notFound(`no category at /${scope.path.join('/')}`);
      resolved = { kind: 'category', category };
      articles = await store.distribution.feedArticles({ now, limit, category_ids: site.categories.withDescendants(category.id) });
      break;
    }
    case 'tag': {
      const tag = await store.tags.findBySlug(scope.slug);
      if (!tag) throw notFound(`no tag ${scope.slug}`);
      resolved = { kind: 'tag', tag };
      articles = await store.distribution.feedArticles({ now, limit, tag_id: tag.id });
      break;
    }
    case 'author': {
      const author = await store.authors.findBySlug(scope.slug);
      if (!author) throw notFound(`no author ${scope.slug}`);
      resolved = { kind: 'author', author };
      articles = await store.distribution.feedArticles({ now, limit, author_id: author.id });
      break;
    }
  }
  const authorIds = [...new Set(articles.flatMap((a) => (a.author_id === null ? [] : [a.author_id])))];
  const [tags, authors] = await Promise.all([
    store.distribution.tagsOfArticles(articles.map((a) => a.id)),
    store.distribution.authorsByIds(authorIds),
  ]);
  return { scope: resolved, articles, tags, authors };
}
