import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import Fastify from 'fastify';
import { fixedClock } from '../../src/core/clock.ts';
import type { SiteSettings } from '../../src/content/site-settings.ts';
import { PageCache } from '../../src/web/page-cache.ts';
import { publish } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { jsonFeedErrors, xmlErrors } from '../distribution/validators.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

const enc = encodeURIComponent;
const BASE = 'https://news.example.ly';
const NOW = '2024-01-15T12:00:00Z';

/** Every feed of the test site with the schema it must pass and the headlines it must hold (newest first). */
const XML_FEEDS = [
  ['/feed/rss', 'rss'],
  ['/feed', 'rss'],
  ['/feed/atom', 'atom'],
  [`/feed/rss/category/${enc('رياضة')}`, 'rss'],
  [`/feed/atom/category/${enc('رياضة')}`, 'atom'],
  [`/feed/rss/category/${enc('رياضة')}/${enc('عربي')}`, 'rss'],
  [`/feed/rss/tag/${enc('كرة-القدم')}`, 'rss'],
  [`/feed/atom/tag/${enc('كرة-القدم')}`, 'atom'],
  [`/feed/rss/author/${enc('سالم-علي')}`, 'rss'],
  [`/feed/atom/author/${enc('سالم-علي')}`, 'atom'],
] as const;

async function saveSettings(app: TestApp, settings: Partial<SiteSettings>): Promise<void> {
  await app.store.transaction((repos) => repos.settings.save(settings));
}

describe('feeds', () => {
  let app: TestApp;
  const clock = fixedClock(NOW);

  before(async () => {
    app = await testApp({ clock, config: testConfig({ publicUrl: `${BASE}/` }) });
    // Arabic-Indic digits and the Libyan locale: feed dates must still be English machine dates.
    await saveSettings(app, { locale: 'ar-LY', digits: 'arab' });
    await publish(
      app.store,
      'رياضة/عربي',
      {
        title: 'المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>',
        excerpt: 'فوزٌ مستحق في طرابلس',
        body: '<p>سجّل اللاعبون <a href="/tag/%D9%83%D8%B1%D8%A9">ثلاثة أهداف</a> في المباراة.</p><p>التفاصيل لاحقاً.</p>',
        published_at: '2024-01-15T10:00:00Z',
        tags: ['كرة القدم'],
        author_name: 'سالم علي',
        featured_image_url: 'https://img.example.ly/1.jpg',
      },
      clock,
    );
    await publish(app.store, 'رياضة/دولي', { title: 'بطولة دولية تنطلق الشهر المقبل', published_at: '2024-01-14T08:00:00Z' }, clock);
    await publish(
      app.store,
      'رياضة',
      { title: 'خبر منقول عن الدوري', published_at: '2024-01-13T08:00:00Z', source_name: 'الجزيرة', source_url: 'https://example.org/n/1', tags: ['كرة القدم'] },
      clock,
    );
    // Not yet due: in no feed.
    await publish(app.store, 'رياضة', { title: 'خبر لم يحن موعده', published_at: '2024-01-16T08:00:00Z' }, clock);
  });
  after(() => app.dispose());

  test('every RSS and Atom feed is valid (RELAX NG of RSS 2.0 / RFC 4287) and parses with feed-parser', async () => {
    for (const [url, kind] of XML_FEEDS) {
      const res = await app.http.inject(url);
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], kind === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8');
      assert.deepEqual(await xmlErrors(res.body, kind), [], `${url} is not valid ${kind}`);
      const feed = parseFeed(res.body);
      assert.ok(feed.items.length > 0, url);
      for (const item of feed.items) {
        assert.ok(item.url?.startsWith(`${BASE}/article/`), `${url}: ${item.url}`);
        assert.ok(item.published instanceof Date && !Number.isNaN(item.published.getTime()), `${url}: item date`);
      }
    }
  });

  test('scopes: the parent category holds its sub-categories, tags and authors their own articles, nothing not yet due', async () => {
    const titles = async (url: string) => parseFeed((await app.http.inject(url)).body).items.map((i) => i.title);
    const site = await titles('/feed/rss');
    assert.ok(!site.includes('خبر لم يحن موعده'));
    assert.deepEqual(await titles(`/feed/rss/category/${enc('رياضة')}`), ['المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>', 'بطولة دولية تنطلق الشهر المقبل', 'خبر منقول عن الدوري']);
    assert.deepEqual(await titles(`/feed/atom/category/${enc('رياضة')}/${enc('عربي')}`), ['المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>']);
    assert.deepEqual(await titles(`/feed/rss/tag/${enc('كرة-القدم')}`), ['المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>', 'خبر منقول عن الدوري']);
    assert.deepEqual(await titles(`/feed/atom/author/${enc('سالم-علي')}`), ['المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>']);
    for (const url of [`/feed/rss/category/${enc('لا-يوجد')}`, `/feed/atom/tag/${enc('لا-يوجد')}`, `/feed/rss/author/${enc('لا-يوجد')}`]) {
      assert.equal((await app.http.inject(url)).statusCode, 404, url);
    }
  });

  test('JSON Feed 1.1 passes the schema and carries the same items', async () => {
    const res = await app.http.inject('/feed/json');
    assert.equal(res.headers['content-type'], 'application/feed+json; charset=utf-8');
    const doc = JSON.parse(res.body) as { version: string; feed_url: string; items: Array<Record<string, unknown>> };
    assert.deepEqual(jsonFeedErrors(doc), []);
    assert.equal(doc.feed_url, `${BASE}/feed/json`);
    // The welcome articles of a new site are the newest; ours comes after them.
    const first = doc.items.find((i) => i.title === 'المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>')!;
    assert.equal(first.date_published, '2024-01-15T10:00:00Z');
    assert.equal(first.image, 'https://img.example.ly/1.jpg');
    assert.deepEqual(first.authors, [{ name: 'سالم علي', url: `${BASE}/author/${enc('سالم-علي')}` }]);
    const republished = doc.items.find((i) => i.title === 'خبر منقول عن الدوري');
    assert.equal(republished?.external_url, 'https://example.org/n/1');
  });

  test('in ar-LY with Arabic-Indic digits, dates are English RFC 822 (RSS) and RFC 3339 (Atom) with ASCII digits', async () => {
    const rss = (await app.http.inject('/feed/rss')).body;
    const pubDates = [...rss.matchAll(/<(pubDate|lastBuildDate)>([^<]*)</gu)].map((m) => m[2]!);
    assert.ok(pubDates.length >= 3);
    for (const d of pubDates) assert.match(d, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/u);
    assert.ok(rss.includes('<pubDate>Mon, 15 Jan 2024 10:00:00 GMT</pubDate>'));
    const atom = (await app.http.inject('/feed/atom')).body;
    assert.ok(atom.includes('<published>2024-01-15T10:00:00Z</published>'));
    for (const body of [rss, atom]) assert.doesNotMatch(body, /[\u0660-\u0669\u06F0-\u06F9]/u, 'Arabic-Indic digits in a feed');
    // The parser reads the same instant back.
    const item = parseFeed(rss).items.find((i) => i.title?.startsWith('المنتخب'));
    assert.equal(item?.published?.toISOString(), '2024-01-15T10:00:00.000Z');
  });

  test('Arabic stays literal UTF-8 (no numeric character references); markup in text is escaped; body links are absolute', async () => {
    for (const url of ['/feed/rss', '/feed/atom']) {
      const body = (await app.http.inject(url)).body;
      assert.doesNotMatch(body, /&#/u, `${url} has numeric character references`);
      assert.ok(body.includes('المنتخبُ يفوزُ 3-1 &amp; يتأهّل &lt;للنهائي&gt;'), url);
      assert.ok(body.includes(`href=&quot;${BASE}/tag/%D9%83%D8%B1%D8%A9&quot;`), `${url}: relative link not made absolute`);
    }
    const rss = parseFeed((await app.http.inject('/feed/rss')).body);
    const item = rss.items.find((i) => i.title?.startsWith('المنتخب'));
    assert.ok(item?.content?.includes(`<a href="${BASE}/tag/%D9%83%D8%B1%D8%A9">ثلاثة أهداف</a>`), item?.content ?? '');
    assert.equal(item?.description, 'فوزٌ مستحق في طرابلس');
    assert.deepEqual(item?.authors.map((a) => a.name), ['سالم علي']);
  });

  test('feed_content "excerpt": items carry the excerpt only', async () => {
    await saveSettings(app, { feed_content: 'excerpt' });
    try {
      const rss = (await app.http.inject('/feed/rss')).body;
      assert.doesNotMatch(rss, /content:encoded/u);
      assert.deepEqual(await xmlErrors(rss, 'rss'), []);
      const atom = (await app.http.inject('/feed/atom')).body;
      assert.doesNotMatch(atom, /<content/u);
      assert.deepEqual(await xmlErrors(atom, 'atom'), []);
      const json = JSON.parse((await app.http.inject('/feed/json')).body) as { items: Array<Record<string, unknown>> };
      assert.deepEqual(jsonFeedErrors(json), []);
      const ours = json.items.find((i) => i.title === 'المنتخبُ يفوزُ 3-1 & يتأهّل <للنهائي>');
      assert.equal(ours?.content_html, undefined);
      assert.equal(ours?.content_text, 'فوزٌ مستحق في طرابلس');
    } finally {
      await saveSettings(app, { feed_content: 'full' });
    }
  });

  test('conditional GET: an unchanged feed answers 304 to If-None-Match and If-Modified-Since; a change answers 200', async () => {
    const first = await app.http.inject('/feed/atom');
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    assert.ok(etag && lastModified);
    const byEtag = await app.http.inject({ url: '/feed/atom', headers: { 'if-none-match': etag } });
    assert.equal(byEtag.statusCode, 304);
    assert.equal(byEtag.body, '');
    const byDate = await app.http.inject({ url: '/feed/atom', headers: { 'if-modified-since': lastModified } });
    assert.equal(byDate.statusCode, 304);
    const gzip = await app.http.inject({ url: '/feed/atom', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gzip.headers.etag, etag);

    await publish(app.store, 'دولي', { title: 'خبر جديد يغيّر الخلاصة', published_at: '2024-01-15T11:00:00Z' }, clock);
    const changed = await app.http.inject({ url: '/feed/atom', headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  test('autodiscovery: every page links the site feeds; category, tag and author pages also their own, which answer', async () => {
    const article = parseFeed((await app.http.inject('/feed/rss')).body).items[0]!.url!.slice(BASE.length);
    const pages = ['/', `/category/${enc('رياضة')}`, `/tag/${enc('كرة-القدم')}`, `/author/${enc('سالم-علي')}`, article, '/search?q=x', '/no-such-page'];
    for (const page of pages) {
      const html = (await app.http.inject(page)).body;
      for (const [type, path] of [
        ['application/rss+xml', '/feed/rss'],
        ['application/atom+xml', '/feed/atom'],
        ['application/feed+json', '/feed/json'],
      ] as const) {
        assert.match(html, new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" title="[^"]+" href="${BASE}${path}"/>`, 'u'), `${page}: ${type}`);
      }
    }
    for (const [page, own] of [
      [`/category/${enc('رياضة')}`, `/feed/rss/category/${enc('رياضة')}`],
      [`/tag/${enc('كرة-القدم')}`, `/feed/atom/tag/${enc('كرة-القدم')}`],
      [`/author/${enc('سالم-علي')}`, `/feed/rss/author/${enc('سالم-علي')}`],
    ] as const) {
      const html = (await app.http.inject(page)).body;
      assert.ok(html.includes(`href="${BASE}${own}"`), `${page} does not announce ${own}`);
      assert.equal((await app.http.inject(own)).statusCode, 200, own);
    }
  });
});

describe('page cache', () => {
  test('answers a conditional GET from the cache without rendering again', async () => {
    const http = Fastify();
    let version = 'v1';
    const cache = new PageCache(() => version);
    let renders = 0;
    http.get('/doc', (req, reply) =>
      cache.serve(req, reply, async () => `<doc n="${++renders}">نص</doc>`, { contentType: 'application/xml; charset=utf-8' }),
    );
    const first = await http.inject('/doc');
    assert.equal(first.headers['content-type'], 'application/xml; charset=utf-8');
    for (let i = 0; i < 3; i++) {
      assert.equal((await http.inject({ url: '/doc', headers: { 'if-none-match': first.headers.etag as string } })).statusCode, 304);
      assert.equal((await http.inject({ url: '/doc', headers: { 'if-modified-since': first.headers['last-modified'] as string } })).statusCode, 304);
    }
    assert.equal(renders, 1);
    // The store moved: rendered again.
    version = 'v2';
    assert.equal((await http.inject({ url: '/doc', headers: { 'if-none-match': first.headers.etag as string } })).statusCode, 200);
    assert.equal(renders, 2);
    await http.close();
  });

  test('re-rendering the same bytes keeps Last-Modified, so If-Modified-Since still matches', async () => {
    const http = Fastify();
    let version = 'v1';
    const cache = new PageCache(() => version);
    http.get('/doc', (req, reply) => cache.serve(req, reply, async () => 'same', { contentType: 'text/plain; charset=utf-8' }));
    const first = await http.inject('/doc');
    version = 'v2';
    await new Promise((r) => setTimeout(r, 1100));
    const again = await http.inject({ url: '/doc', headers: { 'if-modified-since': first.headers['last-modified'] as string } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.headers['last-modified'], first.headers['last-modified']);
    await http.close();
  });
});
