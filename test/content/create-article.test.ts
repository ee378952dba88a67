import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';

let app: Awaited<ReturnType<typeof testApp>>;
before(async () => {
  app = await testApp();
});
after(() => app.dispose());

test('stacked harakat keep the order they were written in (no Unicode normalization of text)', async () => {
  // Shadda (U+0651) before fatha (U+064E), as typed; NFC would swap them.
  const title = 'يتفو\u0651\u064Eق الفريق';
  assert.notEqual(title.normalize('NFC'), title);
  const article = await publish(app.store, 'محلي', { title, body: `<p>${title}</p>` });
  const stored = await app.store.articles.findById(article.id);
  assert.equal(stored?.title, title);
  assert.equal(stored?.body, `<p>${title}</p>`);
});

test('bylines are told apart by their exact name, even when their slugs would collide', async () => {
  const a = await publish(app.store, 'محلي', { title: 'خبر أول', author_name: '★★' });
  const b = await publish(app.store, 'محلي', { title: 'خبر ثان', author_name: '🙂' });
  const c = await publish(app.store, 'محلي', { title: 'خبر ثالث', author_name: 'AHMED' });
  const d = await publish(app.store, 'محلي', { title: 'خبر رابع', author_name: 'Ahmed' });
  const e = await publish(app.store, 'محلي', { title: 'خبر خامس', author_name: 'Ahmed' });
  const names = await Promise.all([a, b, c, d, e].map(async (x) => (await app.store.authors.findById(x.author_id ?? 0))?.name));
  assert.deepEqual(names, ['★★', '🙂', 'AHMED', 'Ahmed', 'Ahmed']);
  assert.equal(d.author_id, e.author_id, 'the same name is the same author');
  assert.notEqual(a.author_id, b.author_id);
});

test('a headline needs letters or digits, and at most 300 of them', async () => {
  for (const title of ['\u200F\u200E\u202E', 'َُِّ', '!!! 🗳️', 'ب'.repeat(301)]) {
    await assert.rejects(publish(app.store, 'محلي', { title }), (err) => isJaridaError(err, 'VALIDATION'), JSON.stringify(title));
  }
});

test('a headline of only emoji and punctuation with a digit still gets a non-empty slug', async () => {
  const article = await publish(app.store, 'محلي', { title: '🗳️ 2026 !' });
  assert.equal(article.slug, '2026');
  const again = await publish(app.store, 'محلي', { title: '🗳️ ⚖️ ...' }).catch((err: unknown) => err);
  assert.ok(isJaridaError(again, 'VALIDATION'));
});
