import type { Kysely } from 'kysely';

/**
 * The newsroom workflow: who created each article (`articles.created_by`, a
 * user id; null for imported items) and the revision history
 * (`content/article-revisions.ts`). `created_by` carries no foreign key so
 * that this migration does not depend on the users table, and deleting a
 * user never touches articles.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  await db.schema.alterTable('articles').addColumn('created_by', 'integer').execute();
  await db.schema.createIndex('articles_created_by').on('articles').columns(['created_by', 'updated_at']).execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('changed_fields', 'text', (c) => c.notNull())
    .addColumn('restored_from', 'integer')
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_revisions_number').on('article_revisions').columns(['article_id', 'number']).unique().execute();
}
