import type { Kysely } from 'kysely';

/**
 * Splitting an item out of a story (docs/adr/017, `story-split.ts`): a
 * joined item has no article of its own, so what its article would be made
 * of is kept with it (`entry`, JSON); and an item split out records the story
 * it left (`split_from_story`), so that the split is visible and never undone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feed_items').addColumn('entry', 'text').execute();
  await db.schema.alterTable('feed_items').addColumn('split_from_story', 'integer').execute();
}
