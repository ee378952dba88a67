import type { Kysely } from 'kysely';

/** A typed tag is looked up by its exact name first (its slug may differ), on every save and import. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('tags_name').on('tags').column('name').execute();
}
