import type { Kysely, Selectable } from 'kysely';
import type { LoginAttemptRepo, SessionRepo, User, UserRepo, UserWithHash } from '../content/accounts.ts';
import type { Database } from './schema.ts';

/**
 * Kysely repositories of newsroom accounts (users, sessions, login
 * attempts), shared by every SQL store like those of `kysely-repos.ts`.
 */

/** A LIKE pattern matching `text` anywhere, with `%`, `_` and `\` taken literally (use with `escape '\'`). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
}

type UserRow = Selectable<Database['users']>;

function toUser(row: Omit<UserRow, 'password_hash'>): User {
  return {
    id: Number(row.id),
    email: row.email,
    display_name: row.display_name,
    role: row.role,
    author_id: row.author_id,
    active: Number(row.active) === 1,
    created_at: row.created_at,
    updated_at: row.updated_at,
    password_changed_at: row.password_changed_at,
  };
}

function toUserWithHash(row: UserRow): UserWithHash {
  return { ...toUser(row), password_hash: row.password_hash };
}

const PUBLIC_COLUMNS = ['id', 'email', 'display_name', 'role', 'author_id', 'active', 'created_at', 'updated_at', 'password_changed_at'] as const;

export function userRepo(db: Kysely<Database>): UserRepo {
  return {
    async insert(row) {
      const r = await db
        .insertInto('users')
        .values({ ...row, active: row.active ? 1 : 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(r.id);
    },
    async update(id, patch) {
      const { active, ...rest } = patch;
      await db
        .updateTable('users')
        .set({ ...rest, ...(active === undefined ? {} : { active: active ? 1 : 0 }) })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('users').where('id', '=', id).execute();
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUserWithHash(row);
    },
    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toUserWithHash(row);
    },
    async list() {
      const rows = await db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('id').execute();
      return rows.map(toUser);
    },
    async countActiveAdministrators() {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('role', '=', 'administrator')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export function sessionRepo(db: Kysely<Database>): SessionRepo {
  return {
    async get(id, now) {
      const row = await db.selectFrom('sessions').select('data').where('id', '=', id).where('expires_at', '>', now).executeTakeFirst();
      return row?.data;
    },
    async set(row) {
      await db
        .insertInto('sessions')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at }))
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteForUser(userId, exceptId) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}

export function loginAttemptRepo(db: Kysely<Database>): LoginAttemptRepo {
  return {
    async add(row) {
      await db
        .insertInto('login_attempts')
        .values({ ...row, succeeded: row.succeeded ? 1 : 0 })
        .execute();
    },
    async since(email, since) {
      const rows = await db
        .selectFrom('login_attempts')
        .select(['succeeded', 'attempted_at'])
        .where('email', '=', email)
        .where('attempted_at', '>=', since)
        .orderBy('attempted_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ succeeded: Number(r.succeeded) === 1, attempted_at: r.attempted_at }));
    },
    async prune(before) {
      await db.deleteFrom('login_attempts').where('attempted_at', '<', before).execute();
    },
  };
}
