import { type Kysely, sql } from 'kysely';

/**
 * Whether `published_at` carries a time of day: archives often give a date
 * alone, and pages must not show a made-up midnight as the time.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('published_at_precision', 'text', (c) => c.notNull().defaultTo('second').check(sql`published_at_precision in ('day', 'second')`))
    .execute();
}
