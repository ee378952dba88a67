import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { JaridaError } from '../../core/errors.ts';
import type { Store } from '../../content/repos.ts';
import { kyselyRepos } from '../kysely-repos.ts';
import type { SearchRepo } from '../../search/search-repo.ts';
import { sqliteIndexRepo, sqliteSearchRepo } from './sqlite-search.ts';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from '../schema.ts';

/**
 * Opens (creating if needed) the SQLite database at `file` and migrates it to
 * the latest schema. WAL journal, foreign keys on, `synchronous=NORMAL` (safe
 * with WAL: a power cut may lose the last commits, never corrupt the file).
 *
 * @throws JaridaError `STORE_UNAVAILABLE` when the folder or file cannot be opened as a
 *   SQLite database; `INTERNAL` when a migration fails (the failed migration is rolled back).
 */
/** The SQLite store: repositories, transactions, and search queries over its FTS5 index. */
export type SqliteStore = Store & { search: SearchRepo };

export async function openSqliteStore(file: string): Promise<SqliteStore> {
  let database: SQLite.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    database = new SQLite(file);
    database.pragma('busy_timeout = 5000');
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('synchronous = NORMAL');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'EEXIST' || (err as NodeJS.ErrnoException).code === 'ENOTDIR'
      ? `${dirname(file)} is not a folder`
      : (err as Error).message;
    throw new JaridaError('STORE_UNAVAILABLE', `cannot open the database ${file}: ${why}`, { file }, { cause: err });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });

  const migrator = new Migrator({ db, provider: migrationProvider });
  let { error, results } = await migrator.migrateToLatest();
  // Two processes starting on a new database race to migrate it (SQLite has no
  // migration lock in Kysely); the loser's retry finds the work done.
  for (let attempt = 1; error && attempt <= 3; attempt++) {
    await new Promise((r) => setTimeout(r, 100 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await db.destroy();
    throw new JaridaError('INTERNAL', `database migration ${failed} failed: ${String(error)}`, { file }, { cause: error });
  }

  // Own commits bump `local`; SQLite's data_version moves when another connection commits.
  let local = 0;
  const repos = kyselyRepos(db, sqliteIndexRepo);
  return {
    ...repos,
    search: sqliteSearchRepo(db),
    async transaction(fn) {
      // BEGIN IMMEDIATE takes the write lock up front, so a second writer (another
      // import, the server) waits out busy_timeout instead of failing with SQLITE_BUSY
      // when a deferred transaction tries to upgrade its read lock.
      const result = await db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const value = await fn(kyselyRepos(conn, sqliteIndexRepo));
          await sql`commit`.execute(conn);
          return value;
        } catch (err) {
          await sql`rollback`.execute(conn);
          throw err;
        }
      });
      local++;
      return result;
    },
    version: () => `${database.pragma('data_version', { simple: true }) as number}:${local}`,
    close: () => db.destroy(),
  };
}
