import type { Kysely } from 'kysely';

/**
 * Redirects from a previous site's addresses (WordPress import, `content/redirects.ts`):
 * the old path, normalized and percent-decoded once, points at an article, a
 * category or a tag by id, resolved to its current URL at request time.
 * No foreign key: the target kinds live in different tables, and a redirect
 * whose target is gone simply answers 404.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('redirects')
    .addColumn('old_path', 'text', (c) => c.primaryKey())
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

