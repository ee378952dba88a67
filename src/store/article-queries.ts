/**
 * The article conditions that the article repository and the feed and
 * sitemap queries share: what readers see, and the list filters.
 */
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.ts';

/** A query over `articles` before its columns are chosen. */
export type ArticlesQuery = SelectQueryBuilder<Database, 'articles', object>;

/** Published and due by `now` (UTC ISO): what readers see. */
export function published(q: ArticlesQuery, now: string): ArticlesQuery {
  return q.where('articles.status', '=', 'published').where('articles.published_at', '<=', now);
}

/** Narrowed to some categories (none given: nothing), an author and/or a tag, as article lists and feeds are. */
export function narrowed(q: ArticlesQuery, f: { category_ids?: readonly number[] | undefined; author_id?: number | undefined; tag_id?: number | undefined }): ArticlesQuery {
  let out = q;
  if (f.category_ids) out = out.where('articles.category_id', 'in', f.category_ids.length > 0 ? f.category_ids : [-1]);
  if (f.author_id !== undefined) out = out.where('articles.author_id', '=', f.author_id);
  const tagId = f.tag_id;
  if (tagId !== undefined) {
    out = out.where((eb) =>
      eb.exists(eb.selectFrom('article_tags').select('article_tags.article_id').whereRef('article_tags.article_id', '=', 'articles.id').where('article_tags.tag_id', '=', tagId)),
    );
  }
  return out;
}
