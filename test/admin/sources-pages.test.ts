// Feed sources in the back office, as a browser without JavaScript uses them:
// list, add, edit (every setting), refused input explained beside its field
// with nothing saved, "poll now" against a feed served on loopback, the
// error log, and removal with confirmation.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import { categoryId } from '../helpers/articles.ts';
import { feedFixture, type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let editor: AdminClient;
let feeds: FeedServer;
let local: number;
let sport: number;

before(async () => {
  feeds = await startFeedServer();
  feeds.set('/small.xml', feedFixture('small-rss.xml'));
  feeds.set('/broken.xml', 500);
  // Loopback only, and no background polling: the test decides when a feed is fetched.
  app = await testApp({ config: testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] }, feeds: { poll: false } }) });
  ({ client: editor } = await signedIn(app, 'editor'));
  local = await categoryId(app.store, 'محلي');
  sport = (await app.store.categories.all()).find((c) => c.parent_id !== null)!.id;
});
after(async () => {
  await app.dispose();
  await feeds.close();
});

/** The text of a page without tags, spaces collapsed. */
function text(html: string): string {
  return html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');
}

function form(over: Record<string, string> = {}): Record<string, string> {
  return { url: `${feeds.base}/small.xml`, outlet_name: 'وكالة الاختبار', default_category: String(local), category_map: '', poll_interval: '15', mode: 'publish', ...over };
}

/** The message shown beside the field `name`, or undefined. */
function fieldMessage(html: string, name: string): string | undefined {
  return new RegExp(`<strong class="field-error" id="f-${name}-error">([^<]*)</strong>`, 'u').exec(html)?.[1];
}

describe('feed sources pages', () => {
  test('the menu links the sources page for editors and administrators only', async () => {
    assert.match((await editor.get('/admin')).body, /href="\/admin\/sources"/u);
    assert.match((await (await signedIn(app, 'administrator')).client.get('/admin')).body, /href="\/admin\/sources"/u);
    for (const role of ['contributor', 'author'] as const) {
      const { client } = await signedIn(app, role);
      assert.doesNotMatch((await client.get('/admin')).body, /href="\/admin\/sources"/u, role);
      assert.equal((await client.get('/admin/sources')).statusCode, 403, role);
    }
  });

  test('bad input is explained in Arabic beside its field, the form keeps what was typed, and nothing is saved', async () => {
    const page = await editor.get('/admin/sources');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="ar" dir="rtl">/u);
    assert.match(page.body, /لا توجد مصادر بعد/u);
    const cases: Array<{ over: Record<string, string>; field: string; message: RegExp }> = [
      { over: { url: 'ftp://127.0.0.1/feed.xml' }, field: 'url', message: /يبدأ بـ http:\/\/ أو https:\/\//u },
      { over: { url: 'not a url' }, field: 'url', message: /رابط الخلاصة كاملاً/u },
      { over: { outlet_name: '  ' }, field: 'outlet_name', message: /اسم الوسيلة الإعلامية/u },
      { over: { default_category: '999999' }, field: 'default_category', message: /اختر قسماً من القائمة/u },
      { over: { default_category: '' }, field: 'default_category', message: /اختر قسماً من القائمة/u },
      { over: { poll_interval: '0.5' }, field: 'poll_interval', message: /بالدقائق، 1 على الأقل/u },
      { over: { poll_interval: 'كل ساعة' }, field: 'poll_interval', message: /بالدقائق/u },
      { over: { category_map: 'Sport = رياضة\nاقتصاد بلا علامة' }, field: 'category_map', message: /السطر 2 من ربط التصنيفات غير مفهوم/u },
      { over: { category_map: 'Sport = لا يوجد/قسم' }, field: 'category_map', message: /لا يوجد قسم «لا يوجد\/قسم»/u },
      { over: { mode: 'later' }, field: 'mode', message: /اختر ما يحدث للأخبار الجديدة/u },
    ];
    for (const c of cases) {
      const res = await editor.post('/admin/sources', form({ outlet_name: 'مصدر مرفوض', ...c.over }));
      const label = JSON.stringify(c.over);
      assert.equal(res.statusCode, 400, label);
      assert.match(res.body, /لم تُحفظ التغييرات/u, label);
      assert.match(fieldMessage(res.body, c.field) ?? '', c.message, `${label}: message beside ${c.field}`);
      assert.match(res.body, new RegExp(`name="${c.field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*f-${c.field}-error`, 'u'), label);
    }
    const kept = await editor.post('/admin/sources', form({ url: 'ftp://127.0.0.1/a?x=1&y=2', outlet_name: 'وكالة «أ» & شركاه', category_map: 'Sport = رياضة' }));
    assert.match(kept.body, /value="ftp:\/\/127\.0\.0\.1\/a\?x=1&amp;y=2"/u);
    assert.match(kept.body, /value="وكالة «أ» &amp; شركاه"/u);
    assert.match(kept.body, />Sport = رياضة<\/textarea>/u);
    assert.deepEqual(await app.store.feeds.listSources(), [], 'nothing was saved');
  });

  test('add with every setting, then list it with its polling state', async () => {
    const res = await editor.post('/admin/sources', form({ category_map: 'Sport = رياضة/عربي\n\n  Economy=محلي  ', poll_interval: '٣٠', fetch_full_text: '1' }));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, '/admin/sources?notice=notice_source_created');
    const [source] = await app.store.feeds.listSources();
    assert.ok(source);
    assert.equal(source.url, `${feeds.base}/small.xml`);
    assert.equal(source.outlet_name, 'وكالة الاختبار');
    assert.equal(source.default_category_id, local);
    assert.deepEqual(source.category_map, { sport: await categoryId(app.store, 'رياضة/عربي'), economy: local });
    assert.equal(source.poll_interval_s, 1800);
    assert.equal(source.mode, 'publish');
    assert.equal(source.fetch_full_text, true);

    const list = text((await editor.get(res.headers.location)).body);
    assert.match(list, /أُضيف المصدر/u);
    for (const expected of ['وكالة الاختبار', `${feeds.base}/small.xml`, 'محلي', 'تُنشر فوراً', '30 دقيقة', 'لم يُستطلع بعد', 'استطلع الآن']) assert.ok(list.includes(expected), expected);

    const again = await editor.post('/admin/sources', form({ outlet_name: 'نسخة ثانية' }));
    assert.equal(again.statusCode, 400);
    assert.match(fieldMessage(again.body, 'url') ?? '', /يوجد مصدر بهذا الرابط/u);
    assert.equal((await app.store.feeds.listSources()).length, 1);
  });

  test('edit shows every stored setting, saves changes, and a refused change leaves the source as it was', async () => {
    const [source] = await app.store.feeds.listSources();
    const page = await editor.get(`/admin/sources/${source!.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>المصدر: وكالة الاختبار<\/h1>/u);
    assert.match(page.body, /<textarea[^>]*name="category_map"[^>]*>sport = رياضة\/عربي\neconomy = محلي<\/textarea>/u);
    assert.match(page.body, /name="poll_interval"[^>]*value="30"/u);
    assert.match(page.body, /name="fetch_full_text" value="1" checked/u);
    assert.match(page.body, /<option value="publish" selected>/u);

    const before = await app.store.feeds.sourceById(source!.id);
    const refused = await editor.post(`/admin/sources/${source!.id}`, form({ outlet_name: 'اسم جديد', poll_interval: '0' }));
    assert.equal(refused.statusCode, 400);
    assert.ok(fieldMessage(refused.body, 'poll_interval'));
    assert.match(refused.body, /name="outlet_name"[^>]*value="اسم جديد"/u, 'the typed values are kept');
    assert.deepEqual(await app.store.feeds.sourceById(source!.id), before, 'nothing was written');

    const saved = await editor.post(`/admin/sources/${source!.id}`, form({ outlet_name: 'وكالة الاختبار للأنباء', category_map: 'رياضة = رياضة', poll_interval: '1.5', mode: 'draft', default_category: String(sport) }));
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const after = await app.store.feeds.sourceById(source!.id);
    assert.equal(after?.outlet_name, 'وكالة الاختبار للأنباء');
    assert.equal(after?.poll_interval_s, 90);
    assert.equal(after?.mode, 'draft');
    assert.equal(after?.fetch_full_text, false, 'an unticked box turns full text off');
    assert.equal(after?.default_category_id, sport);
    assert.deepEqual(after?.category_map, { رياضة: await categoryId(app.store, 'رياضة') });
    assert.match((await editor.get(saved.headers.location!)).body, /name="poll_interval"[^>]*value="1.5"/u);

    // Back to what the next test polls: published at once.
    assert.equal((await editor.post(`/admin/sources/${source!.id}`, form({ outlet_name: 'وكالة الاختبار' }))).statusCode, 303);
  });

  test('poll now runs one poll of the source and shows what it added; again, that nothing changed', async () => {
    const [source] = await app.store.feeds.listSources();
    await editor.get('/admin/sources');
    const first = await editor.post(`/admin/sources/${source!.id}/poll`);
    assert.equal(first.statusCode, 200);
    assert.match(text(first.body), /نتيجة الاستطلاع جُلبت الخلاصة: 2 خبر جديد، 0 انضم/u);
    const articles = await app.store.articles.batchAfter(0, 100);
    const bridge = articles.find((a) => a.title.startsWith('افتتاح جسر'));
    assert.equal(bridge?.source_name, 'وكالة الاختبار');
    assert.equal(bridge?.status, 'published');
    assert.equal((await app.store.feeds.sourceById(source!.id))?.last_status, 'ok');

    const second = await editor.post(`/admin/sources/${source!.id}/poll`);
    assert.match(text(second.body), /لم تتغير الخلاصة منذ آخر استطلاع/u);
    assert.equal((await app.store.articles.batchAfter(0, 100)).length, articles.length, 'polling again adds nothing');
    assert.match(text((await editor.get('/admin/sources')).body), /لا جديد \(لم تتغير الخلاصة\)/u);
  });

  test('a failing source: the poll says why, and the error log and the list show it', async () => {
    const add = await editor.post('/admin/sources', form({ url: `${feeds.base}/broken.xml`, outlet_name: 'مصدر معطل' }));
    assert.equal(add.statusCode, 303);
    const broken = (await app.store.feeds.listSources()).find((s) => s.outlet_name === 'مصدر معطل')!;
    const res = await editor.post(`/admin/sources/${broken.id}/poll`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /role="alert"/u);
    assert.match(text(res.body), /فشل الاستطلاع، ولم يُضف شيء: .*500/u);
    const log = await editor.get(`/admin/sources/${broken.id}/errors`);
    assert.equal(log.statusCode, 200);
    assert.match(text(log.body), /سجل أخطاء المصدر: مصدر معطل/u);
    assert.match(text(log.body), /تعذّر جلب الخلاصة .*500/u);
    assert.match(text((await editor.get('/admin/sources')).body), /فشل/u);
    assert.match((await editor.get('/admin/sources')).body, new RegExp(`href="/admin/sources/${broken.id}/errors" aria-label="سجل أخطاء مصدر معطل: 1 أخطاء متتالية"`, 'u'));
    assert.match(text((await editor.get(`/admin/sources/${(await app.store.feeds.listSources())[0]!.id}/errors`)).body), /لا أخطاء مسجلة/u);
  });

  test('remove asks for confirmation, then removes the source and keeps its articles', async () => {
    const source = (await app.store.feeds.listSources()).find((s) => s.outlet_name === 'وكالة الاختبار')!;
    const count = (await app.store.articles.batchAfter(0, 100)).length;
    await editor.get(`/admin/sources/${source.id}`);
    const unconfirmed = await editor.post(`/admin/sources/${source.id}/delete`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /ضع علامة «أؤكد الحذف» للمتابعة/u);
    assert.ok(await app.store.feeds.sourceById(source.id));

    const removed = await editor.post(`/admin/sources/${source.id}/delete`, { confirm: '1' });
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, '/admin/sources?notice=notice_source_deleted');
    assert.equal(await app.store.feeds.sourceById(source.id), undefined);
    assert.equal((await app.store.articles.batchAfter(0, 100)).length, count, 'its articles stay');
    assert.equal((await editor.get(`/admin/sources/${source.id}`)).statusCode, 404);
    assert.equal((await editor.post(`/admin/sources/${source.id}/poll`)).statusCode, 404);
  });

  test('without a CSRF token nothing is added', async () => {
    const res = await editor.post('/admin/sources', form({ url: `${feeds.base}/other.xml` }), { csrf: false });
    assert.equal(res.statusCode, 403);
    assert.equal((await app.store.feeds.listSources()).some((s) => s.url.endsWith('/other.xml')), false);
  });
});
