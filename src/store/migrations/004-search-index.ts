import { type Kysely, sql } from 'kysely';

/**
 * The search index and the computed read-also list.
 *
 * SQLite: an FTS5 table over the analyzer's terms (`tokenize='ascii'`: every
 * space-separated term is one token, Arabic included), prefix indexes of 2–4
 * characters for suggestions, contentless (the text lives in `articles`) with
 * deletes allowed. rowid = article id. PostgreSQL gets the same columns as
 * plain text for `to_tsvector('simple', …)` with its store.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  if (postgres) {
    await db.schema
      .createTable('article_search')
      .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('excerpt', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('exact', 'text', (c) => c.notNull())
      .addColumn('headline', 'text', (c) => c.notNull())
      .execute();
  } else {
    await sql`create virtual table article_search using fts5(
      title, excerpt, body, tags, source, exact, headline,
      tokenize = 'ascii', prefix = '2 3 4', content = '', contentless_delete = 1
    )`.execute(db);
    // Document frequency of each term, for choosing the telling words of an article.
    await sql`create virtual table article_search_vocab using fts5vocab(article_search, 'row')`.execute(db);
  }
  await db.schema
    .createTable('article_related_auto')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('related_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_related_auto_pk', ['article_id', 'related_id'])
    .execute();
  await db.schema.createIndex('article_related_auto_related').on('article_related_auto').column('related_id').execute();
}
