import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { main } from '../../src/cli/main.ts';
import { deleteArticle, unpublishArticle } from '../../src/content/use-cases/change-status.ts';
import { searchArticles } from '../../src/search/search-articles.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir, testApp } from '../helpers/test-app.ts';

const NOW = '2030-01-01T00:00:00.000Z';

test('the index follows the article: created, unpublished, deleted — and a failed write leaves neither', async () => {
  const app = await testApp();
  try {
    const titles = async (q: string) => (await searchArticles(app.store.search, { q, filters: {}, page: 1, limit: 10 }, NOW)).results.map((r) => r.article.title);
    const a = await publish(app.store, 'محلي', { title: 'مهرجان الزيتون في غريان', body: '<p>انطلق مهرجان الزيتون.</p>' });
    assert.deepEqual(await titles('الزيتون'), ['مهرجان الزيتون في غريان']);
    await app.store.transaction((repos) => unpublishArticle(repos, app.clock, a.id));
    assert.deepEqual(await titles('الزيتون'), []);
    await app.store.transaction((repos) => deleteArticle(repos, a.id));
    const raw = new SQLite(app.config.dbFile, { readonly: true });
    assert.equal((raw.prepare('select count(*) n from article_search where rowid = ?').get(a.id) as { n: number }).n, 0);
    raw.close();
    await assert.rejects(
      app.store.transaction(async (repos) => {
        await repos.index.add({ ...a, id: 999_999, title: 'يتيم' }, []);
        throw new Error('abort');
      }),
    );
    assert.deepEqual(await titles('يتيم'), []);
  } finally {
    await app.dispose();
  }
});

test('jarida reindex rebuilds the index from the articles', async () => {
  const app = await testApp();
  const dataDir = app.config.dataDir;
  await publish(app.store, 'محلي', { title: 'سوق الذهب يرتفع', body: '<p>ارتفعت أسعار الذهب.</p>' });
  await app.close();
  const raw = new SQLite(join(dataDir, 'jarida.sqlite'));
  raw.exec("delete from article_search");
  raw.close();
  const cwd = tempDir();
  const previous = { cwd: process.cwd(), env: { ...process.env } };
  try {
    process.chdir(cwd);
    process.env.JARIDA_DATA_DIR = dataDir;
    const out: string[] = [];
    assert.equal(await main(['reindex'], { out: (l) => out.push(l), err: () => {}, tty: false }), 0);
    assert.match(out.join('\n'), /reindexed 4 articles/u);
  } finally {
    process.chdir(previous.cwd);
    process.env = previous.env;
  }
  const again = await testApp({ config: app.config });
  try {
    const found = await searchArticles(again.store.search, { q: 'الذهب', filters: {}, page: 1, limit: 10 }, NOW);
    assert.deepEqual(found.results.map((r) => r.article.title), ['سوق الذهب يرتفع']);
  } finally {
    await again.dispose();
  }
});
