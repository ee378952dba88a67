import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Store } from '../../src/content/repos.ts';
import { emptyIngestReport, ingestEntriesInBatches } from '../../src/content/use-cases/feed-items.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { type Clock, systemClock } from '../../src/core/clock.ts';
import { decodeHtml } from '../../src/ingest/feed-fulltext.ts';
import { FeedPoller, pollSource, type FeedPollDeps } from '../../src/ingest/feed-poller.ts';
import { parseFeedBytes } from '../../src/ingest/feed-parse.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server whose paths answer by handler; a handler may keep a request open (a hanging page). */
class LocalSite {
  readonly routes = new Map<string, Handler>();
  readonly hits = new Map<string, number>();
  private readonly open = new Set<ServerResponse>();
  private server: Server | undefined;
  base = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      const route = this.routes.get(path);
      if (route) route(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  serve(path: string, body: string, type: string, etag?: string): void {
    this.routes.set(path, (req, res) => {
      if (etag && req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': type, ...(etag ? { etag } : {}) }).end(body);
    });
  }

  /** Requests to `path` get no answer until {@link release}. */
  hang(path: string): void {
    this.routes.set(path, () => undefined);
  }

  release(): void {
    for (const res of this.open) res.destroy();
  }

  async stop(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;');

/** A summary-only RSS 2.0 feed of `n` items linking to `base/page-<i>.html`. */
function summaryFeed(base: string, n: number, prefix = 'خبر'): string {
  const items = Array.from({ length: n }, (_, i) => {
    const link = `${base}/page-${i + 1}.html`;
    return `<item><title>${prefix} رقم ${i + 1} عن افتتاح الجسر الجديد</title><link>${esc(link)}</link><guid>${esc(link)}</guid>` +
      `<pubDate>${new Date(Date.UTC(2025, 8, 1, 10, i)).toUTCString()}</pubDate><description>ملخص قصير للخبر ${i + 1}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>خلاصة</title><link>${base}/</link><description>ملخصات</description>\n${items.join('\n')}\n</channel></rss>`;
}

/** An article page with enough text for Readability. */
function articlePage(i: number): string {
  const para = `افتتحت السلطات اليوم الجسر الجديد الذي يربط ضفتي النهر في المدينة رقم ${i}، بعد أعمال استمرت ثلاث سنوات وشارك فيها مئات العمال والمهندسين من أنحاء البلاد.`;
  return `<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>خبر ${i}</title></head><body><nav><a href="/">الرئيسية</a></nav>` +
    `<article><h1>خبر ${i}</h1><p>${para}</p><p>${para} وقال الوزير إن الجسر سيخفف الازدحام.</p><p>${para} ويتوقع أن يعبره آلاف السائقين يومياً.</p></article></body></html>`;
}

async function newStore(): Promise<SqliteStore> {
  const store = await openSqliteStore(join(tempDir(), 'bounds.sqlite'));
  await ensureDefaultSite(store, systemClock);
  return store;
}

function depsOf(store: Store, extra: Partial<FeedPollDeps> = {}): FeedPollDeps {
  return { store, clock: systemClock, fetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 120_000, maxBytes: 5_000_000, maxRedirects: 3 }, ...extra };
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`gave up waiting for ${what}`);
}

describe('feed items are stored in small transactions', () => {
  const site = new LocalSite();
  after(() => site.stop());

  it('a crash between batches keeps the committed batches, and polling again adds nothing twice', async () => {
    await site.start();
    const store = await newStore();
    const source = await addFeedSource(store, systemClock, { url: `${site.base}/feed.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: false });
    const seeded = await store.articles.countAll();
    const { entries } = parseFeedBytes(Buffer.from(summaryFeed(site.base, 12)), { timeZone: 'UTC', where: 'test' });
    let transactions = 0;
    const crashing: Store = {
      ...store,
      transaction: (fn) => {
        if (++transactions === 2) return Promise.reject(new Error('process killed'));
        return store.transaction(fn);
      },
    };
    const partial = emptyIngestReport();
    await assert.rejects(ingestEntriesInBatches(crashing, systemClock, source, entries, partial, 5), /process killed/u);
    assert.equal(partial.created, 5, 'the first batch is stored and counted; the failed one is not');
    assert.equal(await store.feeds.countItems(source.id), 5);
    const again = await ingestEntriesInBatches(store, systemClock, source, entries, emptyIngestReport(), 5);
    assert.deepEqual([again.created, again.unchanged, again.skipped], [7, 5, 0]);
    assert.equal(await store.feeds.countItems(source.id), 12);
    assert.equal(await store.articles.countAll(), seeded + 12);
  });

  it('a reader waits for one batch, not for the whole feed, and poll now counts every item', async () => {
    site.serve('/batch.xml', summaryFeed(site.base, 23, 'نبأ'), 'application/rss+xml; charset=utf-8');
    const store = await newStore();
    const source = await addFeedSource(store, systemClock, { url: `${site.base}/batch.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: false });
    let commits = 0;
    let readAfter: number | undefined;
    const watched: Store = {
      ...store,
      transaction: async (fn) => {
        const value = await store.transaction(async (repos) => {
          // A site reader arriving while the first batch holds the connection.
          if (commits === 0 && readAfter === undefined) void store.articles.countAll().then(() => (readAfter ??= commits));
          return fn(repos);
        });
        commits++;
        return value;
      },
    };
    const result = await pollSource(depsOf(watched), source);
    assert.equal(result.status, 'ok', result.error);
    assert.deepEqual([result.report?.created, result.report?.skipped], [23, 0]);
    assert.ok(commits >= 5, `${commits} transactions`);
    assert.equal(readAfter, 1, 'the read ran right after the first batch committed');
  });
});

describe('a slow source holds only its own slot, and page fetches are bounded', () => {
  const site = new LocalSite();
  after(() => site.stop());

  it('a source due while another hangs on its pages is polled at once', async () => {
    await site.start();
    site.serve('/slow.xml', summaryFeed(`${site.base}/slow`, 3), 'application/rss+xml; charset=utf-8');
    for (let i = 1; i <= 3; i++) site.hang(`/slow/page-${i}.html`);
    site.serve('/fast.xml', summaryFeed(`${site.base}/fast`, 1, 'سريع'), 'application/rss+xml; charset=utf-8');
    site.serve('/later.xml', summaryFeed(`${site.base}/later`, 1, 'لاحق'), 'application/rss+xml; charset=utf-8');
    const store = await newStore();
    const add = (path: string, full: boolean) =>
      addFeedSource(store, systemClock, { url: `${site.base}${path}`, outlet_name: path, default_category: 'محلي', mode: 'publish', fetch_full_text: full });
    const slow = await add('/slow.xml', true);
    await add('/fast.xml', false);
    const later = await add('/later.xml', false);
    // Due a moment after the first look: the old poller waited for the slow source's whole batch before looking again.
    await store.feeds.updateSource(later.id, { next_poll_at: new Date(Date.now() + 300).toISOString() });
    const poller = new FeedPoller(depsOf(store), { concurrency: 2 });
    poller.start();
    try {
      await waitFor('the later source polled', async () => (await store.feeds.sourceById(later.id))?.last_status === 'ok');
      assert.equal((await store.feeds.sourceById(slow.id))?.last_status, null, 'the slow source is still on its pages');
    } finally {
      site.release();
      await poller.stop();
    }
  });

  it('pages over the per-poll cap keep the summary, and are fetched at the next poll', async () => {
    site.serve('/capped.xml', summaryFeed(`${site.base}/capped`, 5), 'application/rss+xml; charset=utf-8', '"v1"');
    for (let i = 1; i <= 5; i++) site.serve(`/capped/page-${i}.html`, articlePage(i), 'text/html; charset=utf-8');
    const store = await newStore();
    const source = await addFeedSource(store, systemClock, { url: `${site.base}/capped.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: true });
    const deps = depsOf(store, { fullText: { maxPages: 2, budgetMs: 120_000, concurrency: 2 } });
    const fullBodies = async () => (await store.articles.batchAfter(0, 100)).filter((a) => a.body.includes('الجسر الجديد الذي يربط')).length;
    const first = await pollSource(deps, source);
    assert.equal(first.report?.created, 5);
    assert.equal(await fullBodies(), 2);
    assert.ok(first.report?.problems.some((p) => /3 article pages not fetched.*tried again/u.test(p)), first.report?.problems.join('\n'));
    assert.equal((await store.feeds.sourceById(source.id))?.etag, null, 'no validators kept, so the next poll reads the feed again');
    const second = await pollSource(deps, (await store.feeds.sourceById(source.id))!);
    assert.equal(second.status, 'ok');
    assert.deepEqual([second.report?.created, second.report?.updated], [0, 2]);
    assert.equal(await fullBodies(), 4);
    await pollSource(deps, (await store.feeds.sourceById(source.id))!);
    assert.equal(await fullBodies(), 5);
    assert.equal((await store.feeds.sourceById(source.id))?.etag, '"v1"');
    const hits = [...site.hits].filter(([p]) => p.startsWith('/capped/page-')).reduce((n, [, c]) => n + c, 0);
    assert.equal(hits, 5, 'a page taken once is not fetched again');
  });

  it('pages left when the time budget runs out keep the summary and are tried again', async () => {
    site.serve('/budget.xml', summaryFeed(`${site.base}/budget`, 2), 'application/rss+xml; charset=utf-8');
    site.hang('/budget/page-1.html');
    site.hang('/budget/page-2.html');
    const store = await newStore();
    const source = await addFeedSource(store, systemClock, { url: `${site.base}/budget.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: true });
    const result = await pollSource(depsOf(store, { fullText: { maxPages: 20, budgetMs: 200, concurrency: 1 } }), source);
    assert.equal(result.report?.created, 2);
    assert.ok(result.report?.problems.some((p) => /2 article pages not fetched/u.test(p)), result.report?.problems.join('\n'));
    assert.equal((await store.articles.batchAfter(0, 10)).filter((a) => /ملخص قصير/u.test(a.body)).length, 2);
  });

  it('a linked image or other non-HTML response never becomes the body', async () => {
    site.serve('/image.xml', summaryFeed(`${site.base}/image`, 2), 'application/rss+xml; charset=utf-8');
    site.serve('/image/page-1.html', `\u0000\u0001JFIF${'\u00ff'.repeat(3000)}`, 'image/jpeg');
    site.serve('/image/page-2.html', articlePage(2), 'application/xhtml+xml; charset=utf-8');
    const store = await newStore();
    const source = await addFeedSource(store, systemClock, { url: `${site.base}/image.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: true });
    const result = await pollSource(depsOf(store), source);
    assert.ok(result.report?.problems.some((p) => /page-1\.html: the page is image\/jpeg, not HTML; the feed's summary is kept/u.test(p)), result.report?.problems.join('\n'));
    const bodies = (await store.articles.batchAfter(0, 10)).map((a) => a.body);
    assert.ok(bodies.some((b) => /ملخص قصير للخبر 1/u.test(b)));
    assert.ok(bodies.some((b) => /الجسر الجديد الذي يربط/u.test(b)), 'XHTML pages are read');
    // eslint-disable-next-line no-control-regex -- checking that none came through
    for (const b of bodies) assert.doesNotMatch(b, /[\u0000-\u0008\ufffd]/u);
  });
});

describe('the error log of a source', () => {
  const site = new LocalSite();
  after(() => site.stop());

  it('an identical problem is logged once a day, not at every poll of a feed without validators', async () => {
    await site.start();
    const feed = summaryFeed(site.base, 1).replace('ملخص قصير للخبر 1', 'ملخص قصير & طويل');
    site.serve('/noetag.xml', feed, 'application/rss+xml; charset=utf-8');
    const store = await newStore();
    let at = Date.parse('2025-09-02T00:00:00Z');
    const clock: Clock = { now: () => new Date(at) };
    const source = await addFeedSource(store, clock, { url: `${site.base}/noetag.xml`, outlet_name: 'وكالة', default_category: 'محلي', mode: 'publish', fetch_full_text: false });
    const deps = depsOf(store, { clock });
    const logged = async () => (await store.feeds.errors(source.id, 100)).filter((e) => /raw "&"/u.test(e.message)).length;
    for (let i = 0; i < 3; i++) {
      const result = await pollSource(deps, (await store.feeds.sourceById(source.id))!);
      assert.ok(result.report?.problems.some((p) => /raw "&"/u.test(p)), 'still reported in the poll result');
      at += 3_600_000;
    }
    assert.equal(await logged(), 1);
    at += 86_400_000;
    await pollSource(deps, (await store.feeds.sourceById(source.id))!);
    assert.equal(await logged(), 2, 'logged again after a day');
  });
});

describe('page decoding', () => {
  it('control characters of a mislabelled binary body are dropped', () => {
    assert.equal(decodeHtml(Buffer.from('<p>a\u0000b\u0001c\td</p>'), 'text/html; charset=utf-8'), '<p>abc\td</p>');
  });
});
