import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { JaridaError } from '../../core/errors.ts';
import type { Store } from '../../content/repos.ts';
import { kyselyRepos } from '../kysely-repos.ts';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from '../schema.ts';

/**
 * Opens (creating if needed) the SQLite database at `file` and migrates it to
 * the latest schema. WAL journal, foreign keys on, `synchronous=NORMAL` (safe
 * with WAL: a power cut may lose the last commits, never corrupt the file).
 *
 * @throws JaridaError `INTERNAL` when a migration fails (the failed migration is rolled back).
 */
export async function openSqliteStore(file: string): Promise<Store> {
  mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });

  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await db.destroy();
    throw new JaridaError('INTERNAL', `database migration ${failed} failed: ${String(error)}`, { file }, { cause: error });
  }

  let version = 0;
  const repos = kyselyRepos(db);
  return {
    ...repos,
    async transaction(fn) {
      const result = await db.transaction().execute((trx) => fn(kyselyRepos(trx)));
      version++;
      return result;
    },
    version: () => version,
    close: () => db.destroy(),
  };
}
