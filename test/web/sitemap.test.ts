import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { fixedClock } from '../../src/core/clock.ts';
import { unpublishArticle } from '../../src/content/use-cases/change-status.ts';
import { categoryId, publish } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { xmlErrors } from '../distribution/validators.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

const BASE = 'https://news.example.ly';
const NOW = '2024-03-10T12:00:00.000Z';
const HOUR = 3600_000;
const at = (offsetMs: number) => new Date(new Date(NOW).getTime() + offsetMs).toISOString();
const enc = encodeURIComponent;

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/gu)].map((m) => m[1]!);

describe('sitemaps', () => {
  let app: TestApp;
  const clock = fixedClock(NOW);
  const absent: string[] = [];

  before(async () => {
    app = await testApp({ clock, config: testConfig({ publicUrl: BASE }) });
    // The welcome articles are published at NOW: out of the window checks below.
    const inWindow = [
      ['خبر قبل ساعة', at(-1 * HOUR)],
      ['خبر قبل 47 ساعة و59 دقيقة', at(-48 * HOUR + 60_000)],
      ['خبر قبل 48 ساعة تماماً', at(-48 * HOUR)],
    ] as const;
    for (const [title, published_at] of inWindow) await publish(app.store, 'محلي', { title, published_at, tags: ['طرابلس'], author_name: 'هدى سالم' }, clock);
    await publish(app.store, 'محلي', { title: 'خبر قبل 48 ساعة وثانية', published_at: at(-48 * HOUR - 1000) }, clock);
    const future = await publish(app.store, 'محلي', { title: 'خبر مجدول بعد ساعة', published_at: at(HOUR) }, clock);
    const republished = await publish(
      app.store,
      'محلي',
      { title: 'خبر منقول حديث', published_at: at(-2 * HOUR), source_name: 'الوسط', source_url: 'https://example.org/n/9' },
      clock,
    );
    const gone = await publish(app.store, 'محلي', { title: 'خبر سُحب', published_at: at(-3 * HOUR) }, clock);
    await app.store.transaction((repos) => unpublishArticle(repos, clock, gone.id));
    absent.push(future.slug, republished.slug, gone.slug);
  });
  after(() => app.dispose());

  test('index, pages, articles, tags, authors and news validate against the sitemaps.org and Google News XSDs', async () => {
    const index = await app.http.inject('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    assert.equal(index.headers['content-type'], 'application/xml; charset=utf-8');
    assert.deepEqual(await xmlErrors(index.body, 'sitemapindex'), []);
    const files = locs(index.body);
    assert.deepEqual(
      files.map((u) => u.slice(BASE.length)),
      ['/sitemaps/pages.xml', '/sitemaps/articles-1.xml', '/sitemaps/tags-1.xml', '/sitemaps/authors-1.xml', '/sitemaps/news-1.xml'],
    );
    for (const url of files) {
      const res = await app.http.inject(url.slice(BASE.length));
      assert.equal(res.statusCode, 200, url);
      assert.deepEqual(await xmlErrors(res.body, url.includes('news-') ? 'news' : 'urlset'), [], url);
    }
    const pages = locs((await app.http.inject('/sitemaps/pages.xml')).body);
    assert.ok(pages.includes(`${BASE}/`) && pages.includes(`${BASE}/category/${enc('رياضة')}/${enc('عربي')}`));
    assert.ok(locs((await app.http.inject('/sitemaps/tags-1.xml')).body).includes(`${BASE}/tag/${enc('طرابلس')}`));
    assert.ok(locs((await app.http.inject('/sitemaps/authors-1.xml')).body).includes(`${BASE}/author/${enc('هدى-سالم')}`));
    assert.equal((await app.http.inject('/sitemaps/articles-2.xml')).statusCode, 404);
    assert.equal((await app.http.inject('/sitemaps/other.xml')).statusCode, 404);
  });

  test('article sitemap: published own articles with lastmod; not republished, unpublished or future ones', async () => {
    const xml = (await app.http.inject('/sitemaps/articles-1.xml')).body;
    const urls = locs(xml).map((u) => decodeURIComponent(u));
    assert.ok(urls.includes(`${BASE}/article/خبر-قبل-ساعة`));
    assert.equal(absent.length, 3);
    for (const slug of absent) assert.ok(!urls.includes(`${BASE}/article/${slug}`), slug);
    assert.match(xml, /<lastmod>2024-03-10T12:00:00Z<\/lastmod>/u);
  });

  test('news sitemap holds exactly the own articles of the last 48 hours, with name, language ar, date and title', async () => {
    const xml = (await app.http.inject('/sitemaps/news-1.xml')).body;
    const titles = [...xml.matchAll(/<news:title>([^<]*)<\/news:title>/gu)].map((m) => m[1]);
    const welcome = 3;
    assert.deepEqual(titles.slice(welcome), ['خبر قبل ساعة', 'خبر قبل 47 ساعة و59 دقيقة', 'خبر قبل 48 ساعة تماماً']);
    assert.equal(titles.length, welcome + 3);
    assert.ok(xml.includes('<news:publication><news:name>جريدة</news:name><news:language>ar</news:language></news:publication>'));
    assert.ok(xml.includes(`<news:publication_date>${at(-HOUR).replace('.000Z', 'Z')}</news:publication_date>`));
    assert.doesNotMatch(xml, /&#/u);
  });

  test('robots.txt names the index and the news sitemap', async () => {
    const res = await app.http.inject('/robots.txt');
    assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(res.body, /^User-agent: \*$/mu);
    assert.match(res.body, new RegExp(`^Sitemap: ${BASE}/sitemap\\.xml$`, 'mu'));
    assert.match(res.body, new RegExp(`^Sitemap: ${BASE}/sitemaps/news-1\\.xml$`, 'mu'));
  });
});

describe('a site of 120,000 articles', () => {
  let app: TestApp;

  before(async () => {
    app = await testApp({ clock: fixedClock(NOW), config: testConfig({ publicUrl: BASE }) });
    const category = await categoryId(app.store, 'دولي');
    // Rows straight into SQLite (a test must take seconds, the import path would take minutes).
    const db = new SQLite(app.config.dbFile);
    try {
      db.pragma('busy_timeout = 5000');
      const insert = db.prepare(
        `insert into articles (slug, title, excerpt, body, status, published_at, updated_at, created_at, category_id)
         values (?, ?, '', '<p>نص</p>', 'published', ?, ?, ?, ?)`,
      );
      db.transaction(() => {
        for (let i = 1; i <= 120_000; i++) {
          const published = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
          insert.run(`خبر-${i}`, `خبر رقم ${i}`, published, published, published, category);
        }
      })();
    } finally {
      db.close();
    }
  });
  after(() => app.dispose());

  test('gets an index with three article sitemaps of at most 50,000 URLs each', async () => {
    const index = (await app.http.inject('/sitemap.xml')).body;
    assert.deepEqual(await xmlErrors(index, 'sitemapindex'), []);
    const articleFiles = locs(index).filter((u) => u.includes('/sitemaps/articles-'));
    assert.deepEqual(articleFiles, [1, 2, 3].map((n) => `${BASE}/sitemaps/articles-${n}.xml`));
    // 120,000 rows plus the three welcome articles, oldest first.
    const last = (await app.http.inject('/sitemaps/articles-3.xml')).body;
    assert.equal(locs(last).length, 120_003 - 2 * 50_000);
    assert.deepEqual(await xmlErrors(last, 'urlset'), []);
    const second = locs((await app.http.inject('/sitemaps/articles-2.xml')).body);
    assert.equal(second.length, 50_000);
    // File 1 holds the three welcome articles, then rows 1 to 49,997; file 2 starts at row 49,998.
    assert.equal(decodeURIComponent(second[0]!), `${BASE}/article/خبر-49998`);
    const newestOfSecond = new Date(Date.UTC(2020, 0, 1) + 99_997 * 60_000).toISOString().replace('.000Z', 'Z');
    assert.ok(index.includes(`<loc>${BASE}/sitemaps/articles-2.xml</loc><lastmod>${newestOfSecond}</lastmod>`));
    assert.equal((await app.http.inject('/sitemaps/articles-4.xml')).statusCode, 404);
  });
});
