import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { testApp } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/wxr/', import.meta.url));

test('old WordPress addresses answer 301 to the imported pages; unknown ones still 404', async () => {
  const app = await testApp();
  try {
    await importWordpress(app.store, app.clock, join(FIXTURES, 'arabic-site.xml'), {
      timeZone: 'Africa/Tripoli',
      uploadsDir: join(FIXTURES, 'uploads'),
      uploadsTarget: join(app.config.dataDir, 'uploads'),
      publicUrl: app.config.publicUrl,
    });
    const post = await app.store.articles.findByImportKey('wxr:https://old.example.ly:10');
    assert.ok(post);
    const articleUrl = `/article/${encodeURIComponent(post.slug)}`;
    const get = (url: string) => app.http.inject({ method: 'GET', url });

    for (const url of [
      '/?p=10',
      '/2023/05/01/%d8%a7%d9%84%d8%a7%d9%86%d8%aa%d8%ae%d8%a7%d8%a8%d8%a7%d8%aa-%d8%a7%d9%84%d8%a8%d9%84%d8%af%d9%8a%d8%a9/',
      '/2023/05/01/%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA-%D8%A7%D9%84%D8%A8%D9%84%D8%AF%D9%8A%D8%A9',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 301, url);
      assert.equal(res.headers.location, articleUrl, url);
    }
    const category = await get('/category/%d8%a3%d8%ae%d8%a8%d8%a7%d8%b1/%d9%85%d8%ad%d9%84%d9%8a%d8%a9/');
    // The imported categories keep their WordPress slugs, so the old address is the jarida one (200), or a 301 to it.
    assert.ok(category.statusCode === 200 || category.statusCode === 301, String(category.statusCode));
    const page = await get('/?page_id=13');
    assert.equal(page.statusCode, 301);
    assert.match(String(page.headers.location), /^\/article\//u);

    // A draft and a scheduled post are not public yet: their old addresses are 404, like unknown ones.
    assert.equal((await get('/?p=11')).statusCode, 404);
    assert.equal((await get('/?p=12')).statusCode, 404);
    assert.equal((await get('/?p=99999')).statusCode, 404);
    assert.equal((await get('/2019/01/01/nothing-here/')).statusCode, 404);
    // The home page itself, with or without unrelated parameters, is untouched.
    assert.equal((await get('/')).statusCode, 200);
    assert.equal((await get('/?utm_source=x')).statusCode, 200);

    const file = await get('/wp-content/uploads/2023/05/photo.jpg');
    assert.equal(file.statusCode, 200);
    assert.equal((await get('/wp-content/uploads/../jarida.sqlite')).statusCode, 404);
  } finally {
    await app.dispose();
  }
});
