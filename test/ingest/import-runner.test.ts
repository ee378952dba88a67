import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashtags } from '../../src/ingest/import-runner.ts';

test('hashtags in the text become tag names, underscores read as spaces', () => {
  assert.deepEqual(hashtags('<p>انضمت #إليسا إلى #أحلام في مواجهة #عاصي_الحلاني و#إليسا</p>'), ['إليسا', 'أحلام', 'عاصي الحلاني']);
});

test('numeric entities, numbers and URL fragments are not hashtags', () => {
  assert.deepEqual(hashtags('<p>&#39;نص&#39; رقم #5 <a href="https://x.test/a#top">رابط</a></p>'), []);
});

test('a category mapping that points at no menu category stops the import with a message naming it', async () => {
  const { CategoryTree } = await import('../../src/content/category-tree.ts');
  const { categoryResolver } = await import('../../src/ingest/import-runner.ts');
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
