import { type Kysely, sql } from 'kysely';

/**
 * Whether a category is listed in the site menu (1) or not (0). Existing
 * categories stay listed. A hidden category keeps its page, feeds and
 * articles: only the menu leaves it out (the WordPress importer's «صفحات»).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('categories')
    .addColumn('in_menu', 'integer', (c) => c.notNull().defaultTo(1).check(sql`in_menu in (0, 1)`))
    .execute();
}
