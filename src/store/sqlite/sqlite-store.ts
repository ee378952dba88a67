import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { JaridaError } from '../../core/errors.ts';
import type { Store } from '../../content/repos.ts';
import { kyselyRepos } from '../kysely-repos.ts';
import { ANALYZER_VERSION } from '../../search/document.ts';
import { reindexArticles } from '../../search/reindex.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits, type SearchRepo } from '../../search/search-repo.ts';
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

export interface SqliteStoreOptions {
  /** Bounds on search work (tests lower them); defaults {@link DEFAULT_SEARCH_LIMITS}. */
  searchLimits?: SearchLimits;
}

export async function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Promise<SqliteStore> {
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

  // Migrations are independent of each other; a database that ran a later one first still takes an earlier one added since.
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
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
  const store: SqliteStore = {
    ...repos,
    search: sqliteSearchRepo(db, options.searchLimits ?? DEFAULT_SEARCH_LIMITS),
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
  await ensureIndexCurrent(store, db);
  return store;
}

/**
 * Rebuilds the search index when it was built by another analysis than this
 * code's ({@link ANALYZER_VERSION}): after an upgrade that changes stemming,
 * old rows would no longer match the new query terms. Two processes opening
 * the store at once may both rebuild; the result is the same.
 */
async function ensureIndexCurrent(store: SqliteStore, db: Kysely<Database>): Promise<void> {
  const state = await db.selectFrom('search_index_state').select('analyzer_version').where('id', '=', 1).executeTakeFirst();
  if (state?.analyzer_version === ANALYZER_VERSION) return;
  await reindexArticles(store);
  await db
    .insertInto('search_index_state')
    .values({ id: 1, analyzer_version: ANALYZER_VERSION })
    .onConflict((oc) => oc.column('id').doUpdateSet({ analyzer_version: ANALYZER_VERSION }))
    .execute();
}
