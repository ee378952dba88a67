import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { fixedClock } from '../../src/core/clock.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** Visible text of a page: markup, scripts and styles removed, entities left as they are. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<head[\s\S]*?<\/head>/giu, ' ')
    .replace(/<[^>]+>/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

const enc = encodeURIComponent;

describe('reader pages', () => {
  let app: TestApp;
  let articleSlug = '';
  let articleId = 0;
  const pages: string[] = [];

  before(async () => {
    app = await testApp({ clock: fixedClock('2024-01-15T12:00:00Z') });
    const main = await publish(app.store, 'رياضة/عربي', {
      title: 'المنتخب يفوز في مباراة الافتتاح',
      body: '<p>فاز المنتخب في مباراة الافتتاح.</p><h2>تفاصيل المباراة</h2><p>سجل اللاعبون ثلاثة أهداف.</p>',
      published_at: '2023-08-22T23:30:00Z',
      source_name: 'الجزيرة',
      source_url: 'https://example.org/news/1',
      tags: ['كرة القدم'],
      author_name: 'سالم علي',
    });
    articleSlug = main.slug;
    articleId = main.id;
    for (let i = 1; i <= 24; i++) {
      await publish(app.store, 'رياضة/عربي', { title: `خبر رياضي رقم ${i}`, published_at: `2023-07-${String(i).padStart(2, '0')}T08:00:00Z` });
    }
    await publish(app.store, 'رياضة/دولي', { title: 'بطولة دولية تنطلق الشهر المقبل', published_at: '2023-08-24T08:00:00Z' });
    pages.push(
      '/',
      `/category/${enc('رياضة')}`,
      `/category/${enc('رياضة')}/${enc('عربي')}`,
      `/category/${enc('رياضة')}/${enc('عربي')}/page/2`,
      `/article/${enc(articleSlug)}`,
      `/tag/${enc('كرة-القدم')}`,
      `/author/${enc('سالم-علي')}`,
      `/search?q=${enc('المنتخب')}`,
      `/search?q=${enc('كلمة-لا-توجد')}`,
      '/search',
      '/no-such-page',
    );
  });
  after(() => app.dispose());

  test('every page is lang="ar" dir="rtl", valid HTML, with no English UI words', async () => {
    for (const url of pages) {
      const res = await app.http.inject(url);
      assert.ok([200, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
      assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/u);
      assert.match(res.body, /^<!doctype html><html lang="ar" dir="rtl">/u, url);
      const report = await validator.validateString(res.body);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (${m.line}:${m.column})`));
      assert.deepEqual(messages, [], `${url} is not valid HTML`);
      const latin = visibleText(res.body).match(/[A-Za-z]{2,}/gu);
      assert.equal(latin, null, `${url} shows Latin words: ${latin?.join(', ')}`);
    }
  });

  test('dateline shows the Arabic date for Africa/Tripoli and an ASCII ISO 8601 datetime with its offset', async () => {
    const res = await app.http.inject(`/article/${enc(articleSlug)}`);
    // 23:30 UTC on 22 August is 01:30 on 23 August in Tripoli (UTC+2).
    assert.match(res.body, /<span>تاريخ النشر:<\/span> <time datetime="2023-08-23T01:30:00\+02:00">23 أغسطس 2023[^<]*1:30/u);
  });

  test('Arabic-Indic digits and the Hijri calendar are settings', async () => {
    await app.store.transaction((repos) => repos.settings.save({ digits: 'arab', calendar: 'both' }));
    try {
      const res = await app.http.inject(`/article/${enc(articleSlug)}`);
      const time = /<time datetime="([^"]+)">([^<]+)<\/time>/u.exec(res.body);
      assert.ok(time);
      assert.equal(time[1], '2023-08-23T01:30:00+02:00', 'machine date stays ASCII');
      assert.match(time[2] ?? '', /٢٣ أغسطس ٢٠٢٣/u);
      assert.match(time[2] ?? '', /صفر ١٤٤٥/u);
    } finally {
      await app.store.transaction((repos) => repos.settings.save({ digits: 'latn', calendar: 'gregory' }));
    }
  });

  test('article page shows headline, subheading, source credit, tags and read-also', async () => {
    const res = await app.http.inject(`/article/${enc(articleSlug)}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1 class="headline">المنتخب يفوز في مباراة الافتتاح<\/h1>/u);
    assert.match(res.body, /<h2>تفاصيل المباراة<\/h2>/u);
    assert.match(res.body, /<span>المصدر:<\/span> <a href="https:\/\/example.org\/news\/1" rel="nofollow noopener">الجزيرة<\/a>/u);
    assert.match(res.body, /كرة القدم<\/a>/u);
    const block = /<aside class="read-also"[\s\S]*?<\/aside>/u.exec(res.body)?.[0] ?? '';
    const titles = [...block.matchAll(/<a href="[^"]+">([^<]+)<\/a>/gu)].map((m) => m[1]);
    assert.equal(titles.length, 5);
    assert.ok(!titles.includes('المنتخب يفوز في مباراة الافتتاح'), 'never the article itself');
    // Same sub-category first, newest first.
    assert.deepEqual(titles.slice(0, 2), ['خبر رياضي رقم 24', 'خبر رياضي رقم 23']);
  });

  test('read-also falls back to the parent category after the sub-category', async () => {
    const lone = await publish(app.store, 'رياضة/محليات', { title: 'نادي المدينة يجدد عقد مدربه', published_at: '2023-08-25T08:00:00Z' });
    const res = await app.http.inject(`/article/${enc(lone.slug)}`);
    const block = /<aside class="read-also"[\s\S]*?<\/aside>/u.exec(res.body)?.[0] ?? '';
    assert.match(block, /بطولة دولية تنطلق الشهر المقبل/u, 'parent category (رياضة) articles fill the block');
  });

  test('lists paginate and answer 404 past the last page', async () => {
    const base = `/category/${enc('رياضة')}/${enc('عربي')}`;
    assert.equal((await app.http.inject(`${base}/page/2`)).statusCode, 200);
    assert.equal((await app.http.inject(`${base}/page/3`)).statusCode, 404);
    assert.equal((await app.http.inject(`${base}/page/0`)).statusCode, 404);
    assert.equal((await app.http.inject(`${base}/page/abc`)).statusCode, 404);
    const parent = await app.http.inject(`/category/${enc('رياضة')}`);
    assert.match(parent.body, /بطولة دولية تنطلق الشهر المقبل/u, 'a category lists its sub-categories\' articles');
  });

  test('/a/<id> answers 301 to the canonical article URL', async () => {
    const res = await app.http.inject(`/a/${articleId}`);
    assert.equal(res.statusCode, 301);
    assert.equal(res.headers.location, `/article/${enc(articleSlug)}`);
    assert.equal((await app.http.inject('/a/999999')).statusCode, 404);
    assert.equal((await app.http.inject('/a/x1')).statusCode, 404);
  });

  test('search finds a word and explains when nothing matched', async () => {
    const hit = await app.http.inject(`/search?q=${enc('الافتتاح')}`);
    assert.match(hit.body, /المنتخب يفوز في مباراة الافتتاح/u);
    const miss = await app.http.inject(`/search?q=${enc('لاشيء هنا')}`);
    assert.match(miss.body, /لم نجد نتائج لـ«<bdi>لاشيء هنا<\/bdi>»/u);
    const api = await app.http.inject(`/api/search?q=${enc('الافتتاح')}`);
    const json = api.json() as { total: number; results: Array<{ title: string; url: string }> };
    assert.equal(json.total, 1);
    assert.equal(json.results[0]?.url, `/article/${enc(articleSlug)}`);
  });

  test('footer shows the current year from the clock, not a stale one', async () => {
    const res = await app.http.inject('/');
    assert.match(res.body, /© 2024 جريدة/u);
  });

  test('pages are served from pre-encoded buffers: gzip when asked, 304 for a known ETag, fresh after a write', async () => {
    const url = `/category/${enc('رياضة')}`;
    const plain = await app.http.inject(url);
    const etag = plain.headers.etag as string;
    assert.ok(etag);
    const zipped = await app.http.inject({ url, headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    const { gunzipSync } = await import('node:zlib');
    assert.equal(gunzipSync(zipped.rawPayload).toString('utf8'), plain.body);
    assert.equal((await app.http.inject({ url, headers: { 'if-none-match': etag } })).statusCode, 304);
    assert.equal((await app.http.inject({ url, headers: { 'if-none-match': `"x", W/${etag}` } })).statusCode, 304);
    const refused = await app.http.inject({ url, headers: { 'accept-encoding': 'gzip;q=0' } });
    assert.equal(refused.headers['content-encoding'], undefined);
    assert.equal(refused.body, plain.body);
    const withQuery = await app.http.inject(`${url}?utm_source=x`);
    assert.equal(withQuery.headers.etag, etag, 'query strings do not make new cache entries');
    await publish(app.store, 'رياضة', { title: 'خبر جديد يظهر فوراً', published_at: '2024-01-15T11:00:00Z' });
    const fresh = await app.http.inject(url);
    assert.match(fresh.body, /خبر جديد يظهر فوراً/u);
    assert.notEqual(fresh.headers.etag, etag);
  });

  test('404 is an Arabic page', async () => {
    const res = await app.http.inject('/article/لا-يوجد');
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /الصفحة غير موجودة/u);
  });
});

test('a server error is an Arabic 500 page that hides the cause', async () => {
  const app = await testApp();
  await app.http.inject('/');
  await app.store.close();
  const res = await app.http.inject(`/category/${encodeURIComponent('دولي')}`);
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /حدث خطأ في الخادم/u);
  assert.doesNotMatch(res.body, /destroyed|sqlite|Error/iu);
  await app.http.close();
});

test('malformed and over-long URLs get the Arabic error pages, never English JSON', async () => {
  const app = await testApp();
  try {
    for (const url of ['/article/%E0%A4%A', '/category/%E0%A4%A', '/tag/%ED%A0%80']) {
      const res = await app.http.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/u);
      assert.match(res.body, /<html lang="ar" dir="rtl">[\s\S]*طلب غير صالح[\s\S]*تعذّر فهم هذا الطلب/u);
    }
    const long = await app.http.inject(`/article/${'ب'.repeat(5000)}`);
    assert.equal(long.statusCode, 404);
    assert.match(long.body, /الصفحة غير موجودة/u);
    assert.ok(long.body.length < 20_000, 'the path is not echoed back');
    const api = await app.http.inject('/api/search?q=%E0%A4%A');
    assert.ok(api.statusCode === 400 || api.statusCode === 200);
  } finally {
    await app.dispose();
  }
});
