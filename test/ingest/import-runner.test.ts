import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashtags } from '../../src/ingest/import-runner.ts';

test('hashtags in the text become tag names, underscores read as spaces', () => {
  assert.deepEqual(hashtags('<p>انضمت #إليسا إلى #أحلام في مواجهة #عاصي_الحلاني و#إليسا</p>'), ['إليسا', 'أحلام', 'عاصي الحلاني']);
});

test('numeric entities, numbers and URL fragments are not hashtags', () => {
  assert.deepEqual(hashtags('<p>&#39;نص&#39; رقم #5 <a href="https://x.test/a#top">رابط</a></p>'), []);
});
