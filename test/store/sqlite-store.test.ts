import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { migrationProvider } from '../../src/store/migrations/index.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir, testApp } from '../helpers/test-app.ts';

const EMOJI = '🇱🇾 ليبيا 🗳️ ⚖️ 👍🏽 👨‍👩‍👧';
const VOWELLED = 'كَتَبَ الرَّئِيسُ';

test('emoji and fully vowelled Arabic are stored and served byte-identical', async () => {
  const app = await testApp();
  try {
    const title = `${EMOJI} ${VOWELLED}`;
    const body = `<p>${EMOJI}</p><p>${VOWELLED}</p>`;
    const article = await publish(app.store, 'محلي', { title, body });

    // Read back through the repository…
    const stored = await app.store.articles.findById(article.id);
    assert.equal(stored?.title, title);
    assert.equal(stored?.body, body);
    // …and straight from the SQLite file, as bytes.
    const raw = new SQLite(app.config.dbFile, { readonly: true });
    const row = raw.prepare('select title, body from articles where id = ?').get(article.id) as { title: string; body: string };
    raw.close();
    assert.deepEqual(Buffer.from(row.title, 'utf8'), Buffer.from(title, 'utf8'));
    assert.ok(!row.title.includes('?'), 'no ???? in place of emoji');

    const res = await app.http.inject(`/article/${encodeURIComponent(article.slug)}`);
    const html = res.rawPayload.toString('utf8');
    assert.ok(html.includes(`<h1 class="headline">${title}</h1>`), 'headline bytes in HTML');
    assert.ok(html.includes(`<p>${EMOJI}</p><p>${VOWELLED}</p>`), 'body bytes in HTML');
  } finally {
    await app.dispose();
  }
});

test('the SQLite store runs in WAL mode with foreign keys on', async () => {
  const dir = tempDir();
  const file = join(dir, 'db', 'jarida.sqlite');
  const store = await openSqliteStore(file);
  await store.close();
  const raw = new SQLite(file);
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  const migrations = raw.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>;
  assert.deepEqual(
    migrations.map((m) => m.name),
    Object.keys(await migrationProvider.getMigrations()).sort(),
  );
  assert.equal(migrations[0]?.name, '001-initial');
  raw.close();
  // Reopening an up-to-date database migrates nothing and keeps working.
  const again = await openSqliteStore(file);
  assert.equal(await again.articles.countAll(), 0);
  await again.close();
});

test('a failing transaction writes nothing', async () => {
  const app = await testApp();
  try {
    const before = await app.store.articles.countAll();
    await assert.rejects(
      app.store.transaction(async (repos) => {
        await repos.articles.insert({
          slug: 'مؤقت',
          title: 'مؤقت',
          excerpt: '',
          body: '<p>x</p>',
          status: 'published',
          published_at: '2024-01-01T00:00:00.000Z',
          published_at_precision: 'second',
          updated_at: '2024-01-01T00:00:00.000Z',
          created_at: '2024-01-01T00:00:00.000Z',
          category_id: 999_999, // no such category: the foreign key refuses it
          author_id: null,
          source_name: null,
          source_url: null,
          featured_image_url: null,
          featured_image_alt: null,
          video_url: null,
          import_key: null,
          created_by: null,
        });
      }),
    );
    assert.equal(await app.store.articles.countAll(), before);
  } finally {
    await app.dispose();
  }
});

test('the store version moves when another connection writes (a CLI import while the site runs)', async () => {
  const app = await testApp();
  try {
    const before = app.store.version();
    assert.equal(app.store.version(), before, 'stable without writes');
    const other = new SQLite(app.config.dbFile);
    other.prepare('insert into tags (slug, name) values (?, ?)').run('وسم-خارجي', 'وسم خارجي');
    other.close();
    assert.notEqual(app.store.version(), before);
  } finally {
    await app.dispose();
  }
});
