import type { Config } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { ensureDefaultSite, loadSite } from '../content/use-cases/site.ts';
import { reindexAll } from '../search/reindex.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { CommandIO } from './import-command.ts';

/** `jarida reindex`: rebuilds the search index and the read-also lists of every article. Returns the count. */
export async function reindexCommand(config: Config, io: CommandIO): Promise<number> {
  const store = await openSqliteStore(config.dbFile);
  try {
    await ensureDefaultSite(store, systemClock);
    const { categories } = await loadSite(store);
    let last = '';
    const count = await reindexAll(store, store.search, categories, systemClock.now().toISOString(), (done, total, phase) => {
      const line = `${phase === 'index' ? 'indexed' : 'read-also lists'}: ${done} of ${total}`;
      if (io.tty) process.stderr.write(`\r${line}`);
      last = line;
    });
    if (io.tty) process.stderr.write('\n');
    io.out(`reindexed ${count} articles${last ? ` (${last})` : ''}`);
    return count;
  } finally {
    await store.close();
  }
}
