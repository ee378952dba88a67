import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { searchArticles } from '../../src/search/search-articles.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir } from '../helpers/test-app.ts';

const NOW = '2024-06-01T12:00:00.000Z';

// The limits that keep a search cheap on a large archive, lowered so that a dozen articles exceed them.
describe('search over more matches than it ranks or counts', () => {
  let store: SqliteStore;
  const titles: string[] = [];
  before(async () => {
    store = await openSqliteStore(join(tempDir(), 'jarida.sqlite'), { searchLimits: { rankWindow: 4, countCap: 9 } });
    await ensureDefaultSite(store, fixedClock(NOW));
    // Added oldest first; the 3rd and 10th say زيتون in their headline, the rest only in the body.
    for (let i = 1; i <= 12; i++) {
      const title = i === 3 || i === 10 ? `موسم الزيتون رقم ${i}` : `خبر رقم ${i}`;
      titles.push(title);
      await publish(store, 'محلي', { title, body: `<p>حديث عن الزيتون والمزارعين في الخبر ${i}.</p>`, published_at: `2024-05-${String(i).padStart(2, '0')}T09:00:00Z` });
    }
  });
  after(() => store?.close());

  const page = (n: number, limit = 3, q = 'الزيتون') => searchArticles(store.search, { q, filters: {}, page: n, limit, recency: false }, NOW);

  test('the total is exact up to the count cap, then a lower bound', async () => {
    const first = await page(1);
    assert.equal(first.total, 9);
    assert.equal(first.total_exact, false);
    const few = await searchArticles(store.search, { q: 'موسم', filters: {}, page: 1, limit: 5 }, NOW);
    assert.deepEqual([few.total, few.total_exact], [2, true]);
  });

  test('the newest matches are ranked; older ones follow newest first, each exactly once', async () => {
    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) seen.push(...(await page(n)).results.map((r) => r.article.title));
    assert.equal(seen.length, 9);
    assert.equal(new Set(seen).size, 9, 'no article on two pages');
    // The window is the 4 newest (12, 11, 10, 9): the headline match (10) ranks first among them.
    assert.equal(seen[0], titles[9]);
    assert.deepEqual(new Set(seen.slice(0, 4)), new Set([titles[11], titles[10], titles[9], titles[8]]));
    // Then the older ones, newest first: 8, 7, 6, 5, 4 (3 is past the count cap of 9).
    assert.deepEqual(seen.slice(4), [titles[7], titles[6], titles[5], titles[4], titles[3]]);
  });

  test('a page that straddles the end of the ranked window', async () => {
    const straddle = (await page(2, 3)).results.map((r) => r.article.title);
    assert.equal(straddle.length, 3);
    assert.equal(straddle[1], titles[7], 'the first match past the window follows the window');
  });

  test('a query of stopwords only lists matches newest first', async () => {
    const r = await searchArticles(store.search, { q: 'في', filters: {}, page: 1, limit: 3 }, NOW);
    assert.deepEqual(r.results.map((x) => x.article.title), [titles[11], titles[10], titles[9]]);
  });
});

describe('quoted phrases', () => {
  let store: SqliteStore;
  before(async () => {
    store = await openSqliteStore(join(tempDir(), 'jarida.sqlite'));
    await ensureDefaultSite(store, fixedClock(NOW));
    await publish(store, 'رياضة', { title: 'مباراة في كرة القدم', body: '<p>فاز الفريق في مباراة كرة القدم أمس.</p>' });
    await publish(store, 'رياضة', { title: 'القدم والكرة', body: '<p>كرة السلة ثم رياضة القدم.</p>' });
  });
  after(() => store?.close());

  test('articles holding a quoted phrase come first; the others follow', async () => {
    const quoted = await searchArticles(store.search, { q: '"كرة القدم"', filters: {}, page: 1, limit: 10 }, NOW);
    assert.equal(quoted.results[0]?.article.title, 'مباراة في كرة القدم');
    const nowhere = await searchArticles(store.search, { q: '"الفريق كرة"', filters: {}, page: 1, limit: 10 }, NOW);
    assert.equal(nowhere.total, 2, 'a phrase no article holds only adds to the score: any of its words will do');
  });
});
