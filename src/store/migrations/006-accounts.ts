import { type Kysely, sql } from 'kysely';

/**
 * Newsroom accounts: users (with their role and argon2id password hash),
 * server-side sessions, and the login attempts that rate-limit wrong
 * passwords (see docs/adr/009-accounts-passwords-sessions.md). Emails are
 * unique whatever their case: the application stores them lower-cased and
 * the index on `lower(email)` keeps it so on SQLite and PostgreSQL alike.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- builder callback type differs per table
  const id = (col: any) => (postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement());

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', id)
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('contributor', 'author', 'editor', 'administrator')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    // The user's byline; an author row outlives its user.
    .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index users_email on users (lower(email))`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Null while the session belongs to nobody yet; a deleted user's sessions go with the user.
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('id', 'integer', id)
    // As typed (lower-cased), known account or not: unknown emails are limited the same way.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('succeeded', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_attempts_email').on('login_attempts').columns(['email', 'attempted_at']).execute();
  await db.schema.createIndex('login_attempts_time').on('login_attempts').column('attempted_at').execute();
}
