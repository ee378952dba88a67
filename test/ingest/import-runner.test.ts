import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CATEGORY_MAP } from '../../src/config.ts';
import { CategoryTree } from '../../src/content/category-tree.ts';
import { categoryResolver, hashtags, runImport } from '../../src/ingest/import-runner.ts';
import { testApp } from '../helpers/test-app.ts';

test('hashtags in the text become tag names, underscores read as spaces', () => {
  assert.deepEqual(hashtags('<p>انضمت #إليسا إلى #أحلام في مواجهة #عاصي_الحلاني و#إليسا</p>'), ['إليسا', 'أحلام', 'عاصي الحلاني']);
});

test('numeric entities, numbers and URL fragments are not hashtags', () => {
  assert.deepEqual(hashtags('<p>&#39;نص&#39; رقم #5 <a href="https://x.test/a#top">رابط</a></p>'), []);
});

test('a category mapping that points at no menu category stops the import with a message naming it', () => {
  const tree = new CategoryTree([
    { id: 1, parent_id: null, slug: 'رياضة', name: 'رياضة', menu_order: 0 },
    { id: 2, parent_id: 1, slug: 'عربي', name: 'عربي', menu_order: 0 },
  ]);
  const resolve = categoryResolver(tree, { categoryMap: { sport: 'رياضة/عربي', 'bbc:*': 'رياضة' }, fallbackCategory: 'رياضة', outletNames: {} });
  assert.equal(resolve('BBC', 'Sport'), 2, 'source:category, then category, case-insensitive');
  assert.equal(resolve('bbc', 'world'), 1, 'source:* when the category maps nowhere');
  assert.equal(resolve(null, 'عربي'), undefined, 'a bare name must be a top-level path');
  assert.throws(
    () => categoryResolver(tree, { categoryMap: { health: 'صحة' }, fallbackCategory: 'رياضة', outletNames: {} }),
    /import\.categoryMap names categories the site does not have: "health" → "صحة"/u,
  );
});

test('an item dated in the future is imported as scheduled and flagged, not published unseen', async () => {
  const app = await testApp();
  try {
    async function* records() {
      yield {
        ok: true as const,
        record: {
          origin: 'future.jsonl:1',
          title: 'خبر من المستقبل',
          body: '<p>نص.</p>',
          published_at: '2099-01-01T00:00:00.000Z',
          source_category: 'sport',
          source_name: null,
          source_url: null,
          author_name: null,
          flags: [],
        },
      };
    }
    const report = await runImport(app.store, app.clock, records(), { categoryMap: DEFAULT_CATEGORY_MAP, fallbackCategory: 'محلي', outletNames: {} });
    assert.equal(report.imported, 1);
    assert.deepEqual(report.flagged[0]?.flags, ['publication date 2099-01-01T00:00:00.000Z is in the future: imported as scheduled']);
    const article = await app.store.articles.findBySlug('خبر-من-المستقبل');
    assert.equal(article?.status, 'scheduled');
  } finally {
    await app.dispose();
  }
});
