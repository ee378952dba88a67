import type { Kysely } from 'kysely';

/**
 * Feed aggregation (`ingest/feed-poller.ts`, docs/adr/016 and 017): the
 * sources polled, their error log, the items already taken from them (by
 * GUID and by canonical URL), stories that group one event's items from
 * several outlets, and the MinHash signatures and LSH band keys used to find
 * a new item's story.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  await db.schema
    .createTable('feed_sources')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('outlet_name', 'text', (c) => c.notNull())
    .addColumn('default_category_id', 'integer', (c) => c.notNull().references('categories.id'))
    // JSON object: feed category (lower-cased) → category id.
    .addColumn('category_map', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('poll_interval_s', 'integer', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('fetch_full_text', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('last_polled_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_sources_next_poll').on('feed_sources').column('next_poll_at').execute();
  await db.schema
    .createTable('feed_source_errors')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('feed_sources.id').onDelete('cascade'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('feed_source_errors_source').on('feed_source_errors').columns(['source_id', 'id']).execute();
  await db.schema
    .createTable('stories')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    // The article readers see; the story's other items are credited on it.
    .addColumn('article_id', 'integer', (c) => c.notNull().unique().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('feed_items')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('feed_sources.id').onDelete('cascade'))
    .addColumn('guid', 'text', (c) => c.notNull())
    // Without fragment and tracking parameters (`importKey` of import-article.ts, minus its prefix).
    .addColumn('url', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('outlet_name', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addColumn('story_id', 'integer', (c) => c.references('stories.id').onDelete('set null'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('feed_items_source_guid', ['source_id', 'guid'])
    .execute();
  await db.schema.createIndex('feed_items_url').on('feed_items').column('url').execute();
  await db.schema.createIndex('feed_items_story').on('feed_items').column('story_id').execute();
  await db.schema
    .createTable('near_dup_signatures')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('outlet_name', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('near_dup_bands')
    .addColumn('band_key', 'text', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('near_dup_bands_pk', ['band_key', 'article_id'])
    .execute();
}
