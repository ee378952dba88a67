import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Clock } from '../../src/core/clock.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { MAX_SOURCE_ERRORS } from '../../src/ingest/feed-types.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

/** A source's error log keeps its newest MAX_SOURCE_ERRORS entries (feed-repo.ts `addError`), per source. */
test('the per-source error log keeps only the newest 500 entries of each source', async () => {
  const clock: Clock = { now: () => new Date('2024-01-01T00:00:00.000Z') };
  const store = await openSqliteStore(join(tempDir(), 'error-log.sqlite'));
  try {
    await ensureDefaultSite(store, clock);
    const add = (name: string) => addFeedSource(store, clock, { url: `http://127.0.0.1:9/${name}.xml`, outlet_name: name, default_category: 'محلي' });
    const [broken, other] = [await add('broken'), await add('other')];
    assert.equal(MAX_SOURCE_ERRORS, 500);
    for (let i = 0; i < 3; i++) await store.feeds.addError({ source_id: other.id, occurred_at: clock.now().toISOString(), code: 'ITEM', message: `other ${i}` });
    await store.transaction(async (repos) => {
      for (let i = 1; i <= MAX_SOURCE_ERRORS + 7; i++) await repos.feeds.addError({ source_id: broken.id, occurred_at: clock.now().toISOString(), code: 'JARIDA_FETCH_FAILED', message: `failure ${i}` });
    });
    const kept = await store.feeds.errors(broken.id, 10_000);
    assert.equal(kept.length, MAX_SOURCE_ERRORS);
    assert.equal(kept[0]?.message, `failure ${MAX_SOURCE_ERRORS + 7}`, 'the newest is kept');
    assert.equal(kept.at(-1)?.message, 'failure 8', 'the oldest seven are gone');
    assert.equal((await store.feeds.errors(other.id, 10_000)).length, 3, "another source's log is untouched");
  } finally {
    await store.close();
  }
});
