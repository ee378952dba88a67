import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bodyText, sanitizeBody } from '../../src/content/body-html.ts';
import type { Article } from '../../src/content/types.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { systemClock } from '../../src/core/clock.ts';
import { externalCanonical } from '../../src/distribution/canonical.ts';
import { decodeHtml, extractArticleHtml } from '../../src/ingest/feed-fulltext.ts';
import { pollSource, type FeedPollDeps } from '../../src/ingest/feed-poller.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { sharedDir, tempDir } from '../helpers/test-app.ts';

const shared = sharedDir();
const FIXTURES = new URL('../fixtures/feeds/', import.meta.url);

/** A loopback server of `files` (path → body, type) that counts the requests per path. */
class LocalSite {
  readonly files = new Map<string, { body: Buffer; type: string }>();
  readonly hits = new Map<string, number>();
  private server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const file = this.files.get(path);
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/html' });
        return res.end('<html><body>not found</body></html>');
      }
      res.writeHead(200, { 'content-type': file.type });
      res.end(file.body);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  stop(): void {
    this.server?.close();
  }
}

interface Item {
  title: string;
  path: string;
  summary: string;
}

/** A summary-only RSS 2.0 feed (description, no content:encoded) whose items link to `base` + path. */
function summaryFeed(base: string, items: readonly Item[]): Buffer {
  const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');
  const xml = items
    .map(
      (it, i) =>
        `<item><title>${esc(it.title)}</title><link>${esc(base + encodeURI(it.path))}</link><guid>${esc(base + encodeURI(it.path))}</guid>` +
        `<pubDate>${new Date(Date.UTC(2025, 8, i + 1, 10)).toUTCString()}</pubDate><description>${esc(it.summary)}</description></item>`,
    )
    .join('\n');
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>خلاصة</title><link>${base}/</link><description>ملخصات</description>\n${xml}\n</channel></rss>`);
}

const fold = (s: string) => s.normalize('NFC').replace(/\s+/gu, ' ').trim();

async function setup(site: LocalSite, outlet: string) {
  const store = await openSqliteStore(join(tempDir(), 'fulltext.sqlite'));
  await ensureDefaultSite(store, systemClock);
  const deps: FeedPollDeps = { store, clock: systemClock, fetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 120_000, maxBytes: 5_000_000, maxRedirects: 3 } };
  const source = await addFeedSource(store, systemClock, { url: `${site.base}/feed.xml`, outlet_name: outlet, default_category: 'محلي', mode: 'publish', fetch_full_text: true });
  return { store, deps, source };
}

/** The article an item of `source` became. */
async function articleOf(store: SqliteStore, source: FeedSource, base: string, path: string): Promise<Article> {
  const item = await store.feeds.itemByGuid(source.id, base + encodeURI(path));
  assert.ok(item?.article_id, `no item for ${path}`);
  const article = await store.articles.findById(item.article_id);
  assert.ok(article);
  return article;
}

/**
 * What every stored full text must be: sanitized (the sanitizer changes
 * nothing more), no page markup left, each heading a block of its own
 * followed by a block (never by loose text, which is how a heading gets glued
 * to the next paragraph), and credited to the outlet with the page as canonical.
 */
function assertStoredBody(article: Article, outlet: string, url: string): void {
  const body = article.body;
  assert.equal(sanitizeBody(body), body, 'sanitized');
  assert.doesNotMatch(body, /<(?:script|style|div|nav|header|footer|aside|form|button|input|link|meta)\b/iu);
  assert.doesNotMatch(body, /\s(?:class|id|style|on\w+)\s*=/iu);
  for (const m of body.matchAll(/(<(h[1-6])\b[^>]*>([\s\S]*?)<\/\2>)\s*([\s\S]?)/gu)) {
    assert.ok(m[4] === '' || m[4] === '<', `heading "${m[3]}" is followed by loose text`);
    const heading = fold(bodyText(m[1] ?? ''));
    assert.ok(bodyText(body).split('\n').some((line) => fold(line) === heading), `heading "${heading}" is not a line of its own`);
  }
  assert.equal(article.source_name, outlet);
  assert.equal(article.source_url, url);
  assert.equal(externalCanonical(article), url);
}

/**
 * The saved pages, each with a sentence of its article and text of its
 * chrome (menus, header, footer, sidebars, share and comment boxes) that
 * must not come along.
 */
const PAGES: ReadonlyArray<{ dir: string; sentence: string; absent: string[] }> = [
  { dir: 'assabah-com-tn-sudan-interview', sentence: 'وفيما يلي نص الحديث', absent: ['قضايا المجتمع', 'المـــؤســـس', 'نسخة للطباعة'] },
  { dir: 'cnn-arabic-2013-syria-clashes', sentence: 'سيطروا على ثلاثة مستودعات للذخيرة بالقرب من بلدة قلدون', absent: ['ملفات وتقارير', 'ترحب شبكة CNN بالنقاش', 'الآراء الواردة أدناه', 'القبض على شاب تحرش'] },
  { dir: 'htmldate-akhbarelyom-2020-10-07-naima-akef', sentence: 'حصلت على لقب أحسن راقصة في العالم من مهرجان الشباب العالمي بموسكو', absent: ['من حق الشعب أن يعرف', 'صحافة المواطن', 'رئيس مجلس الإدارة'] },
  { dir: 'htmldate-albayan-2020-06-03-uae', sentence: 'ضرورة الالتزام ببرنامج التعقيم الوطني في الإمارات', absent: ['تخطى قائمة التنقل', 'النسخة الرقمية', 'عبر غوغل نيوز'] },
  { dir: 'htmldate-almadenahnews-2020-04-24-us-covid-deaths', sentence: 'في حصيلة يومية شبه قياسية', absent: ['حديث الكاميرا', 'لا مانع من الإقتباس', 'مواضيع ساخنة', 'عن المدينة الإخبارية'] },
  { dir: 'htmldate-beirutobserver-2020-11-09', sentence: 'ومن المعروف أن اللصوص في باريس يستهدفون المناطق الغنية', absent: ['شريط الأحداث', 'ماورائيات', 'عناوين الصحف'] },
  { dir: 'htmldate-sputnik-arabic-2020-03-17-egypt-covid', sentence: 'وصنفت منظمة الصحة العالمية يوم 11 مارس', absent: ['المواقع الأخرى', 'انسخ الرابط', 'مولتيميديا', 'الموضوع:'] },
  { dir: 'htmldate-youm7-2020-08-24-irrigation-minister', sentence: 'ووجه الدكتور حسام الدين عبد الفتاح عميد كلية الهندسة', absent: ['حقوق النشر محفوظة', 'صحافة المواطن', 'الأكثر قراءة', 'سياسة الخصوصية'] },
];

describe('full text of summary-only items from the saved article pages', { skip: shared ? false : 'no ../shared corpus' }, () => {
  const site = new LocalSite();
  let store: SqliteStore;
  let deps: FeedPollDeps;
  let source: FeedSource;
  const items: Item[] = [];

  before(async () => {
    await site.start();
    for (const { dir } of PAGES) {
      const html = readFileSync(join(shared as string, 'corpus/pages', dir, 'source.html'));
      // No charset in the header: the page's own <meta charset> is what tells it.
      site.files.set(`/pages/${dir}/`, { body: html, type: 'text/html' });
      const title = /<title[^>]*>([\s\S]*?)<\/title>/iu.exec(html.toString('utf8'))?.[1]?.trim() ?? dir;
      items.push({ title, path: `/pages/${dir}/`, summary: `ملخص قصير من الخلاصة (${dir})` });
    }
    site.files.set('/feed.xml', { body: summaryFeed(site.base, items), type: 'application/rss+xml' });
    ({ store, deps, source } = await setup(site, 'مواقع عربية'));
  });

  after(async () => {
    await store?.close();
    site.stop();
  });

  it('stores each page’s article text, without its chrome, headings as blocks, sanitized, credited', async () => {
    const r = await pollSource(deps, source);
    assert.equal(r.status, 'ok', r.error);
    assert.equal(r.report?.created, PAGES.length, JSON.stringify(r.report));
    assert.deepEqual(r.report?.problems, []);
    for (const page of PAGES) {
      const url = `${site.base}/pages/${page.dir}/`;
      const article = await articleOf(store, source, site.base, `/pages/${page.dir}/`);
      const text = fold(bodyText(article.body));
      assert.ok(text.includes(fold(page.sentence)), `${page.dir}: the article's text is missing`);
      assert.ok(!text.includes('ملخص قصير من الخلاصة'), `${page.dir}: the feed's summary was kept`);
      for (const chrome of page.absent) assert.ok(!article.body.includes(chrome), `${page.dir}: page chrome "${chrome}" came along`);
      // The headline is the article's title, not repeated as the body's first heading.
      assert.ok(!text.startsWith(fold(article.title).slice(0, 30)), `${page.dir}: body starts with the headline`);
      assertStoredBody(article, 'مواقع عربية', url);
    }
  });

  it('gives the CNN page exactly the paragraphs newspaper4k expects', async () => {
    const expected = readFileSync(join(shared as string, 'corpus/pages/cnn-arabic-2013-syria-clashes/expected.txt'), 'utf8');
    const article = await articleOf(store, source, site.base, '/pages/cnn-arabic-2013-syria-clashes/');
    const paragraphs = (s: string) => s.split('\n').map(fold).filter((l) => l !== '');
    assert.deepEqual(paragraphs(bodyText(article.body)), paragraphs(expected));
  });

  it('meets the Assabah page’s trafilatura expectations (with / without snippets)', async () => {
    const entry = Object.values(JSON.parse(readFileSync(join(shared as string, 'corpus/pages/assabah-com-tn-sudan-interview/expected-evaldata-entry.json'), 'utf8')) as Record<string, { with: string[]; without: string[] }>)[0];
    assert.ok(entry);
    const text = fold(bodyText((await articleOf(store, source, site.base, '/pages/assabah-com-tn-sudan-interview/')).body));
    for (const s of entry.with) assert.ok(text.includes(fold(s)), `missing "${s}"`);
    for (const s of entry.without) assert.ok(!text.includes(fold(s)), `has "${s}"`);
  });
});

/** `text` in windows-1256, characters it lacks written as numeric character references (as legacy pages do). */
function windows1256(text: string): Buffer {
  const decoder = new TextDecoder('windows-1256');
  const table = new Map<string, number>();
  for (let b = 0x80; b <= 0xff; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const b = cp < 0x80 ? cp : table.get(ch);
    if (b !== undefined) out.push(b);
    else for (const c of `&#${cp};`) out.push(c.charCodeAt(0));
  }
  return Buffer.from(out);
}

describe('full text of a page with subheadings, in UTF-8 and in windows-1256', () => {
  const site = new LocalSite();
  let store: SqliteStore;
  let deps: FeedPollDeps;
  let source: FeedSource;
  const headline = 'وزير الحكم المحلي يبحث مع البعثة الأممية مسار اللامركزية';
  const items: Item[] = [
    { title: headline, path: '/news/1', summary: 'لقاء في الوزارة' },
    { title: `${headline} (نسخة قديمة)`, path: '/legacy/1', summary: 'لقاء في الوزارة' },
    { title: 'خبر صفحته مفقودة', path: '/news/missing', summary: 'يبقى ملخص هذا الخبر كما هو' },
  ];

  before(async () => {
    await site.start();
    const page = readFileSync(new URL('subheadings-page.html', FIXTURES), 'utf8');
    site.files.set('/news/1', { body: Buffer.from(page), type: 'text/html; charset=utf-8' });
    site.files.set('/legacy/1', { body: windows1256(page.replace('<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">')), type: 'text/html' });
    site.files.set('/feed.xml', { body: summaryFeed(site.base, items), type: 'application/rss+xml' });
    ({ store, deps, source } = await setup(site, 'الواحة'));
  });

  after(async () => {
    await store?.close();
    site.stop();
  });

  it('keeps each subheading its own block (never "بهابحسب") and leaves out the page chrome', async () => {
    const r = await pollSource(deps, source);
    assert.equal(r.status, 'ok', r.error);
    assert.equal(r.report?.created, 3);
    const article = await articleOf(store, source, site.base, '/news/1');
    const lines = bodyText(article.body).split('\n');
    const at = lines.indexOf('🔹 مناقشة التحول إلى اللامركزية والتحديات المرتبطة بها');
    assert.ok(at >= 0, lines.join('\n'));
    assert.match(lines[at + 1] ?? '', /^بحسب بيان/u);
    assert.ok(!bodyText(article.body).includes('بهابحسب'));
    assert.match(article.body, /<h3>🗳️ دور الانتخابات البلدية في دعم اللامركزية<\/h3>\s*<p>من جانبها/u);
    assert.match(article.body, /<h2>خطوات مقبلة<\/h2>\s*<p>/u);
    for (const chrome of ['الرئيسية', 'عاجل', 'شارك الخبر', 'تاريخ النشر', 'الأكثر قراءة', 'جميع الحقوق محفوظة', 'سياسة الخصوصية', headline]) {
      assert.ok(!article.body.includes(chrome), `page chrome "${chrome}" came along`);
    }
    assertStoredBody(article, 'الواحة', `${site.base}/news/1`);
  });

  it('reads a windows-1256 page by its <meta http-equiv> charset', async () => {
    const utf8 = await articleOf(store, source, site.base, '/news/1');
    const legacy = await articleOf(store, source, site.base, '/legacy/1');
    assert.equal(bodyText(legacy.body), bodyText(utf8.body));
    assertStoredBody(legacy, 'الواحة', `${site.base}/legacy/1`);
  });

  it('keeps the summary, and says why, when the page cannot be fetched', async () => {
    const article = await articleOf(store, source, site.base, '/news/missing');
    assert.equal(bodyText(article.body), 'يبقى ملخص هذا الخبر كما هو');
    const log = await store.feeds.errors(source.id, 10);
    assert.ok(log.some((e) => e.code === 'ITEM' && e.message.includes('/news/missing: full text not fetched')), JSON.stringify(log));
  });

  it('on the next poll keeps the full text without fetching the pages again, and refetches a page whose headline changed', async () => {
    const before = await articleOf(store, source, site.base, '/news/1');
    const revisions = (await store.revisions.list(before.id)).length;
    const fetched = site.hits.get('/news/1');
    // The feed changed (a new item), so it is read again rather than answered 304.
    const more: Item[] = [...items, { title: 'خبر جديد بلا صفحة', path: '/news/new', summary: 'ملخص الخبر الجديد' }];
    site.files.set('/feed.xml', { body: summaryFeed(site.base, more), type: 'application/rss+xml' });
    const r = await pollSource(deps, (await store.feeds.sourceById(source.id)) as FeedSource);
    assert.equal(r.status, 'ok', r.error);
    assert.equal(r.report?.created, 1);
    assert.equal(r.report?.updated, 0, JSON.stringify(r.report));
    assert.equal(site.hits.get('/news/1'), fetched);
    const after = await articleOf(store, source, site.base, '/news/1');
    assert.equal(after.body, before.body);
    assert.equal((await store.revisions.list(before.id)).length, revisions);

    const renamed = more.map((it) => (it.path === '/news/1' ? { ...it, title: `${headline} وتبحث الانتخابات البلدية` } : it));
    site.files.set('/feed.xml', { body: summaryFeed(site.base, renamed), type: 'application/rss+xml' });
    const again = await pollSource(deps, (await store.feeds.sourceById(source.id)) as FeedSource);
    assert.equal(again.report?.updated, 1, JSON.stringify(again.report));
    assert.equal(site.hits.get('/news/1'), (fetched ?? 0) + 1);
    const renamedArticle = await articleOf(store, source, site.base, '/news/1');
    assert.equal(renamedArticle.title, `${headline} وتبحث الانتخابات البلدية`);
    assert.equal(renamedArticle.body, before.body);
  });
});

describe('page decoding and clean-up rules', () => {
  it('takes the charset from the header, else a BOM, else <meta>, else UTF-8', () => {
    const arabic = windows1256('<html><head><meta charset="windows-1256"></head><body>مرحبا</body></html>');
    assert.match(decodeHtml(arabic, 'text/html'), /مرحبا/u);
    assert.match(decodeHtml(arabic, 'text/html; charset=windows-1256'), /مرحبا/u);
    assert.match(decodeHtml(Buffer.from('\ufeff<p>مرحبا</p>'), 'text/html; charset='), /مرحبا/u);
    assert.match(decodeHtml(Buffer.from('<p>مرحبا</p>'), undefined), /مرحبا/u);
    assert.match(decodeHtml(Buffer.from('<meta charset="no-such-charset"><p>مرحبا</p>'), undefined), /مرحبا/u);
  });

  const paragraph = (n: number) => `<p>${'نص الخبر الأصلي كما كتبه المراسل في فقرته '.repeat(3)}${n}.</p>`;
  const page = (inner: string) => `<html><head><title>عنوان</title></head><body><div class="article">${inner}</div></body></html>`;

  it('keeps a picture linked to its own file, links to another site’s privacy page or the politics section, and a closing agency credit', () => {
    const html = extractArticleHtml(
      page(
        `${paragraph(1)}<p><a href="/img/big.jpg"><img src="/img/small.jpg" alt="صورة"></a></p>${paragraph(2)}<p>وقالت الشركة إن <a href="https://example.org/privacy">سياسة الخصوصية</a> الجديدة تسري من الشهر المقبل على جميع المستخدمين في المنطقة العربية.</p>` +
          `<p>وكان الموقع قد نشر <a href="/%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9/123-%D8%AE%D8%A8%D8%B1">تفاصيل الاتفاق السابق</a> و<a href="/business/central-bank-policy-rates">قرار الفائدة</a> في تقارير سابقة خلال الأسبوع الماضي.</p>${paragraph(3)}<p>(رويترز)</p>`,
      ),
      'http://127.0.0.1/a',
    );
    assert.ok(html);
    assert.match(html, /big\.jpg/u);
    assert.match(html, /سياسة الخصوصية/u);
    assert.match(html, /قرار الفائدة/u);
    assert.match(html, /\(رويترز\)/u);
    assert.match(html, /3\.<\/p>/u);
  });

  it('cuts at a same-site comment-rules link after the text, and drops link-only and label blocks at the edges', () => {
    const html = extractArticleHtml(
      page(`<p><a href="/world/">العالم</a></p><p>نشر في 3 يناير</p>${paragraph(1)}${paragraph(2)}<p><a href="/print/1"><img src="/icons/print.gif" alt="طباعة"></a></p>${paragraph(3)}<p>قبل التعليق اقرأ <a href="/community-guidelines.html">قواعد النشر</a> في الموقع، فكل تعليق مسؤولية كاتبه وحده دون غيره.</p><p>تعليق قارئ طويل بما يكفي ليبدو فقرة من فقرات المقال نفسه لولا مكانه بعد القواعد.</p>`),
      'http://127.0.0.1/a',
    );
    assert.ok(html);
    for (const gone of ['العالم</a>', 'نشر في', 'print.gif', 'قواعد النشر', 'تعليق قارئ']) assert.ok(!html.includes(gone), gone);
    assert.match(html, /3\.<\/p>/u);
  });
});
