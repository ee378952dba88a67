import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { fixedClock } from '../../src/core/clock.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { ANALYZER_VERSION } from '../../src/search/document.ts';
import { searchArticles } from '../../src/search/search-articles.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir } from '../helpers/test-app.ts';

const NOW = '2024-06-01T12:00:00.000Z';

test('an index built by an older analysis is rebuilt when the store opens', async () => {
  const file = join(tempDir(), 'jarida.sqlite');
  let store = await openSqliteStore(file);
  await ensureDefaultSite(store, fixedClock(NOW));
  await publish(store, 'محلي', { title: 'الوزير يزور حكومته الجديدة', body: '<p>زيارة رسمية.</p>' });
  await store.close();

  // As an older version left it: the article's index row gone stale, and an older version recorded.
  const raw = new SQLite(file);
  raw.prepare(`delete from article_search`).run();
  raw.prepare(`update search_index_state set analyzer_version = ?`).run(ANALYZER_VERSION - 1);
  raw.close();

  store = await openSqliteStore(file);
  try {
    const found = await searchArticles(store.search, { q: 'الحكومة', filters: {}, page: 1, limit: 10 }, NOW);
    assert.deepEqual(found.results.map((r) => r.article.title), ['الوزير يزور حكومته الجديدة']);
  } finally {
    await store.close();
  }
  const after = new SQLite(file, { readonly: true });
  assert.equal((after.prepare('select analyzer_version as v from search_index_state').get() as { v: number }).v, ANALYZER_VERSION);
  after.close();
});
