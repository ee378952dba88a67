import type { Kysely } from 'kysely';

/** Bylines are matched by exact name on every import. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('authors_name').on('authors').column('name').execute();
}
