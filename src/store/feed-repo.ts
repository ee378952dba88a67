import type { Kysely, Selectable } from 'kysely';
import { type FeedItem, type FeedMode, type FeedRepo, type FeedSource, MAX_SOURCE_ERRORS, type NearDupSignature } from '../ingest/feed-types.ts';
import type { Database } from './schema.ts';

/** Kysely repository of feed aggregation (migration 011), shared by every SQL store like `kysely-repos.ts`. */

type SourceRow = Selectable<Database['feed_sources']>;

function toSource(row: SourceRow): FeedSource {
  return {
    ...row,
    id: Number(row.id),
    default_category_id: Number(row.default_category_id),
    category_map: JSON.parse(row.category_map) as Record<string, number>,
    poll_interval_s: Number(row.poll_interval_s),
    mode: row.mode as FeedMode,
    fetch_full_text: Number(row.fetch_full_text) === 1,
    failures: Number(row.failures),
  };
}

function sourceColumns(patch: Partial<Omit<FeedSource, 'id'>>): Partial<Omit<SourceRow, 'id'>> {
  const { category_map, fetch_full_text, ...rest } = patch;
  const out: Partial<Omit<SourceRow, 'id'>> = { ...rest };
  if (category_map !== undefined) out.category_map = JSON.stringify(category_map);
  if (fetch_full_text !== undefined) out.fetch_full_text = fetch_full_text ? 1 : 0;
  return out;
}

function toItem(row: Selectable<Database['feed_items']>): FeedItem {
  return {
    ...row,
    id: Number(row.id),
    source_id: Number(row.source_id),
    article_id: row.article_id === null ? null : Number(row.article_id),
    story_id: row.story_id === null ? null : Number(row.story_id),
    entry: row.entry ?? null,
    split_from_story: row.split_from_story === null || row.split_from_story === undefined ? null : Number(row.split_from_story),
  };
}

export function feedRepo(db: Kysely<Database>): FeedRepo {
  return {
    async insertSource(row) {
      const r = await db.insertInto('feed_sources').values(sourceColumns(row) as Omit<SourceRow, 'id'>).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async updateSource(id, patch) {
      await db.updateTable('feed_sources').set(sourceColumns(patch)).where('id', '=', id).execute();
    },
    async deleteSource(id) {
      // Items keep no article alive: articles stay, their feed bookkeeping goes.
      await db.deleteFrom('feed_items').where('source_id', '=', id).execute();
      await db.deleteFrom('feed_source_errors').where('source_id', '=', id).execute();
      await db.deleteFrom('feed_sources').where('id', '=', id).execute();
    },
    async sourceById(id) {
      const row = await db.selectFrom('feed_sources').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSource(row);
    },
    async sourceByUrl(url) {
      const row = await db.selectFrom('feed_sources').selectAll().where('url', '=', url).executeTakeFirst();
      return row && toSource(row);
    },
    async listSources() {
      return (await db.selectFrom('feed_sources').selectAll().orderBy('id').execute()).map(toSource);
    },
    async dueSources(now, limit) {
      const rows = await db.selectFrom('feed_sources').selectAll().where('next_poll_at', '<=', now).orderBy('next_poll_at').orderBy('id').limit(limit).execute();
      return rows.map(toSource);
    },
    async nextPollAt() {
      const row = await db.selectFrom('feed_sources').select((eb) => eb.fn.min('next_poll_at').as('at')).executeTakeFirst();
      return (row?.at as string | null | undefined) ?? null;
    },
    async addError(row) {
      await db.insertInto('feed_source_errors').values(row).execute();
      // A source broken for weeks would otherwise grow its log without end; only the newest entries are ever shown.
      const oldestKept = await db
        .selectFrom('feed_source_errors')
        .select('id')
        .where('source_id', '=', row.source_id)
        .orderBy('id', 'desc')
        .offset(MAX_SOURCE_ERRORS - 1)
        .limit(1)
        .executeTakeFirst();
      if (oldestKept) await db.deleteFrom('feed_source_errors').where('source_id', '=', row.source_id).where('id', '<', oldestKept.id).execute();
    },
    async errors(sourceId, limit) {
      const rows = await db.selectFrom('feed_source_errors').selectAll().where('source_id', '=', sourceId).orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({ ...r, id: Number(r.id), source_id: Number(r.source_id) }));
    },
    async itemByGuid(sourceId, guid) {
      const row = await db.selectFrom('feed_items').selectAll().where('source_id', '=', sourceId).where('guid', '=', guid).executeTakeFirst();
      return row && toItem(row);
    },
    async itemByUrl(url) {
      const row = await db.selectFrom('feed_items').selectAll().where('url', '=', url).orderBy('id').executeTakeFirst();
      return row && toItem(row);
    },
    async itemById(id) {
      const row = await db.selectFrom('feed_items').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toItem(row);
    },
    async insertItem(row) {
      const r = await db.insertInto('feed_items').values(row).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async updateItem(id, patch) {
      await db.updateTable('feed_items').set(patch).where('id', '=', id).execute();
    },
    async storyItems(storyId) {
      return (await db.selectFrom('feed_items').selectAll().where('story_id', '=', storyId).orderBy('id').execute()).map(toItem);
    },
    async storyItemsOf(articleId) {
      const rows = await db
        .selectFrom('feed_items')
        .selectAll('feed_items')
        .innerJoin('stories', 'stories.id', 'feed_items.story_id')
        .where('stories.article_id', '=', articleId)
        .orderBy('feed_items.id')
        .execute();
      return rows.map(toItem);
    },
    async joinedItemsOf(sourceId, limit) {
      const rows = await db.selectFrom('feed_items').selectAll().where('source_id', '=', sourceId).where('story_id', 'is not', null).orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toItem);
    },
    async storyOf(articleId, now) {
      const found = await db.selectFrom('stories').select('id').where('article_id', '=', articleId).executeTakeFirst();
      if (found) return Number(found.id);
      const r = await db.insertInto('stories').values({ article_id: articleId, created_at: now }).returning('id').executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async countItems(sourceId) {
      let q = db.selectFrom('feed_items').select((eb) => eb.fn.countAll<number>().as('n'));
      if (sourceId !== undefined) q = q.where('source_id', '=', sourceId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async addSignature(row: NearDupSignature, bandKeys) {
      await db.insertInto('near_dup_signatures').values(row).onConflict((oc) => oc.column('article_id').doUpdateSet(row)).execute();
      await db.deleteFrom('near_dup_bands').where('article_id', '=', row.article_id).execute();
      for (const key of bandKeys) await db.insertInto('near_dup_bands').values({ band_key: key, article_id: row.article_id }).execute();
    },
    async candidates(bandKeys, from, to) {
      if (bandKeys.length === 0) return [];
      const rows = await db
        .selectFrom('near_dup_signatures as s')
        .selectAll('s')
        .where('s.article_id', 'in', (eb) => eb.selectFrom('near_dup_bands').select('article_id').distinct().where('band_key', 'in', [...bandKeys]))
        .where('s.published_at', '>=', from)
        .where('s.published_at', '<=', to)
        .execute();
      return rows.map((r) => ({ ...r, article_id: Number(r.article_id) }));
    },
  };
}
