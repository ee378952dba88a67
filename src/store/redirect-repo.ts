import type { Kysely } from 'kysely';
import type { Redirect, RedirectRepo, RedirectTargetKind } from '../content/redirects.ts';
import type { Database } from './schema.ts';

/** Kysely repository of old-address redirects (migration 012), shared by every SQL store. */
export function redirectRepo(db: Kysely<Database>): RedirectRepo {
  return {
    async add(redirect: Redirect) {
      await db
        .insertInto('redirects')
        .values(redirect)
        .onConflict((oc) => oc.column('old_path').doNothing())
        .execute();
    },
    async put(redirect: Redirect) {
      await db
        .insertInto('redirects')
        .values(redirect)
        .onConflict((oc) => oc.column('old_path').doUpdateSet({ target_kind: redirect.target_kind, target_id: redirect.target_id, created_at: redirect.created_at }))
        .execute();
    },
    async find(oldPath: string) {
      const row = await db.selectFrom('redirects').selectAll().where('old_path', '=', oldPath).executeTakeFirst();
      return row && { ...row, target_kind: row.target_kind as RedirectTargetKind, target_id: Number(row.target_id) };
    },
    async retarget(kind: RedirectTargetKind, fromId: number, toId: number) {
      // No index on the target: a full pass over the table, for a rare editor action (a tag merge).
      await db.updateTable('redirects').set({ target_id: toId }).where('target_kind', '=', kind).where('target_id', '=', fromId).execute();
    },
  };
}
