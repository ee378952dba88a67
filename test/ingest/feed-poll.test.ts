import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../src/core/clock.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { parseFeedBytes } from '../../src/ingest/feed-parse.ts';
import { pollSource, pollSources, type FeedPollDeps } from '../../src/ingest/feed-poller.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { sharedDir, tempDir } from '../helpers/test-app.ts';

const shared = sharedDir();
const FEED_DIRS = ['corpus/feeds', 'corpus/feeds-derived'];

/** Files served by the local server: path → body and type; `etag` honoured for conditional GETs. */
const files = new Map<string, { body: Buffer; type: string }>();
const redirects = new Map<string, string>();

function serve(): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    const to = redirects.get(path);
    if (to) {
      res.writeHead(302, { location: to });
      return res.end();
    }
    const file = files.get(path);
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    const etag = `"${createHash('sha1').update(file.body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      return res.end();
    }
    res.writeHead(200, { 'content-type': file.type, etag });
    res.end(file.body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY a "ha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&d;</title><link>http://127.0.0.1/a</link></item></channel></rss>`;
const XXE = `<?xml version="1.0"?>
<!DOCTYPE rss [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<rss version="2.0"><channel><title>x</title><item><title>&secret;</title><link>http://127.0.0.1/b</link></item></channel></rss>`;

describe('feed polling from a local server', { skip: shared ? false : 'no ../shared corpus' }, () => {
  let store: SqliteStore;
  let server: Server;
  let base: string;
  let deps: FeedPollDeps;
  const sources = new Map<string, FeedSource>();
  const corpus: Array<{ path: string; file: string }> = [];

  before(async () => {
    for (const dir of FEED_DIRS) {
      for (const name of readdirSync(join(shared as string, dir)).sort()) {
        const path = `/${dir.split('/')[1]}/${name}`;
        files.set(path, { body: readFileSync(join(shared as string, dir, name)), type: name.endsWith('.atom.xml') ? 'application/atom+xml' : 'application/rss+xml' });
        corpus.push({ path, file: name });
      }
    }
    files.set('/evil/laughs.xml', { body: Buffer.from(LAUGHS), type: 'application/rss+xml' });
    files.set('/evil/xxe.xml', { body: Buffer.from(XXE), type: 'application/rss+xml' });
    redirects.set('/evil/redirect.xml', 'http://127.0.0.2:9/feed.xml');
    ({ server, base } = await serve());
    store = await openSqliteStore(join(tempDir(), 'feeds.sqlite'));
    await ensureDefaultSite(store, systemClock);
    // Generous: a busy CI machine runs other suites beside this one, and a timeout here would read as a broken feed.
    deps = { store, clock: systemClock, fetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 120_000, maxBytes: 5_000_000, maxRedirects: 3 } };
    for (const { path, file } of corpus) {
      const outlet = /^ant-([A-Za-z0-9]+)-/u.exec(file)?.[1] ?? file.split('-')[0] ?? file;
      sources.set(path, await addFeedSource(store, systemClock, { url: `${base}${path}`, outlet_name: outlet, default_category: 'محلي', mode: 'publish', poll_interval_s: 600 }));
    }
  });

  after(async () => {
    await store?.close();
    server?.close();
  });

  it('turns each titled item of every corpus feed into one article or a story member, with credits and dates', async () => {
    const results = await pollSources(deps, [...sources.values()], 4);
    for (const [i, r] of results.entries()) assert.equal(r.status, 'ok', `${corpus[i]?.file}: ${r.error ?? ''}`);
    for (const [i, { path, file }] of corpus.entries()) {
      const parsed = parseFeedBytes(files.get(path)?.body as Buffer, { timeZone: 'UTC', where: file });
      const titled = parsed.entries.filter((e) => /\p{L}/u.test(e.title));
      const rep = results[i]?.report;
      assert.ok(rep);
      assert.equal(rep.created + rep.joined + rep.duplicate, titled.length, file);
      // Every item is recorded once, pointing at an article.
      assert.equal(await store.feeds.countItems(sources.get(path)?.id), titled.length, file);
    }
    // Credits and dates: the first item of a feed with numeric offsets.
    const path = '/feeds-derived/ant-Alarabia-economy.rss.xml';
    const parsed = parseFeedBytes(files.get(path)?.body as Buffer, { timeZone: 'UTC', where: path });
    const first = parsed.entries[0];
    assert.ok(first?.url);
    const item = await store.feeds.itemByGuid(sources.get(path)?.id as number, first.guid);
    const article = await store.articles.findById(item?.article_id as number);
    assert.equal(article?.source_name, 'Alarabia');
    assert.equal(article?.source_url, first.url);
    const raw = /<pubDate>([^<]+)<\/pubDate>/u.exec(files.get(path)?.body.toString('utf8') ?? '')?.[1] ?? '';
    assert.equal(article?.published_at, new Date(raw).toISOString());
  });

  it('reads each windows-1256 feed as the same text as its UTF-8 twin', () => {
    for (const [legacy, twin] of [
      ['/feeds-derived/aljazeera-net-2011-02-16.windows-1256.rss.xml', '/feeds/aljazeera-net-2011-02-16.rss.xml'],
      ['/feeds-derived/ant-BBC-sport.windows-1256.rss.xml', '/feeds-derived/ant-BBC-sport.rss.xml'],
    ] as const) {
      const a = parseFeedBytes(files.get(legacy)?.body as Buffer, { contentType: 'application/rss+xml', timeZone: 'UTC', where: legacy });
      const b = parseFeedBytes(files.get(twin)?.body as Buffer, { contentType: 'application/rss+xml', timeZone: 'UTC', where: twin });
      assert.equal(a.encoding, 'windows-1256');
      assert.deepEqual(a.entries, b.entries);
    }
  });

  it('keeps the other items of a feed with a raw control character and a raw "&", and reports them', async () => {
    // No corpus feed holds one (the Al Arabiya article with U+0002 is not among the 60 latest), so one is made from a corpus feed.
    const text = files.get('/feeds-derived/ant-Alarabia-economy.rss.xml')?.body.toString('utf8') ?? '';
    const bad = text.replace(/(<item>[\s\S]*?<title>[^<]*?)(<\/title>)/u, '$1\u0002$2').replace(/(<item>[\s\S]*?<item>[\s\S]*?<link>[^<]*)(<\/link>)/u, '$1?utm_source=x&utm_medium=y$2');
    files.set('/made/control.xml', { body: Buffer.from(bad), type: 'application/rss+xml' });
    const source = await addFeedSource(store, systemClock, { url: `${base}/made/control.xml`, outlet_name: 'Alarabia', default_category: 'محلي' });
    const parsed = parseFeedBytes(Buffer.from(bad), { timeZone: 'UTC', where: 'control' });
    assert.equal(parsed.entries.length, 60);
    assert.ok(parsed.problems.some((p) => p.includes('item 1') && p.includes('U+0002')), parsed.problems.join('; '));
    assert.ok(parsed.problems.some((p) => p.includes('raw "&"')), parsed.problems.join('; '));
    const r = await pollSource(deps, source);
    assert.equal(r.status, 'ok');
    // Same links as the corpus feed polled before (tracking parameters ignored): all duplicates, nothing new.
    assert.equal((r.report?.duplicate ?? 0) + (r.report?.created ?? 0) + (r.report?.joined ?? 0), 60);
    assert.equal(r.report?.created, 0);
    const log = await store.feeds.errors(source.id, 100);
    assert.ok(log.some((e) => e.message.includes('U+0002')));
  });

  it('adds nothing on a second poll (304), and updates a changed item with a revision', async () => {
    const before = await store.articles.countAll();
    const again = await pollSources(deps, [...(await store.feeds.listSources())], 4);
    assert.ok(again.every((r) => r.status === 'not_modified'), JSON.stringify(again.filter((r) => r.status !== 'not_modified')));
    assert.equal(await store.articles.countAll(), before);

    const path = '/feeds-derived/ant-BBC-culture.rss.xml';
    const text = files.get(path)?.body.toString('utf8') ?? '';
    const firstTitle = /<item>[\s\S]*?<title>([^<]+)<\/title>/u.exec(text)?.[1] ?? '';
    files.set(path, { body: Buffer.from(text.replace(`<title>${firstTitle}</title>`, `<title>${firstTitle} (محدّث)</title>`)), type: 'application/rss+xml' });
    const source = (await store.feeds.sourceById(sources.get(path)?.id as number)) as FeedSource;
    const r = await pollSource(deps, source);
    assert.equal(r.status, 'ok');
    assert.equal(r.report?.updated, 1);
    assert.equal(r.report?.created, 0);
    assert.equal(await store.articles.countAll(), before);
    const id = r.report?.article_ids[0] as number;
    assert.equal((await store.articles.findById(id))?.title, `${firstTitle} (محدّث)`);
    const revisions = await store.revisions.list(id);
    assert.ok(revisions.some((rev) => rev.action === 'update' && rev.user_id === null));
  });

  it('refuses billion-laughs and XXE feeds with a clear error while the other sources go on', async () => {
    const laughs = await addFeedSource(store, systemClock, { url: `${base}/evil/laughs.xml`, outlet_name: 'evil', default_category: 'محلي' });
    const xxe = await addFeedSource(store, systemClock, { url: `${base}/evil/xxe.xml`, outlet_name: 'evil', default_category: 'محلي' });
    const good = (await store.feeds.sourceById(sources.get('/feeds/nabd-sharqi-2015-11-11.rss.xml')?.id as number)) as FeedSource;
    const results = await pollSources(deps, [laughs, xxe, { ...good, etag: null }], 2);
    assert.equal(results[0]?.status, 'error');
    assert.match(results[0]?.error ?? '', /refused: the XML declares a DTD with entities/u);
    assert.equal(results[1]?.status, 'error');
    assert.match(results[1]?.error ?? '', /billion-laughs and XXE/u);
    assert.equal(results[2]?.status, 'ok');
    const log = await store.feeds.errors(laughs.id, 5);
    assert.equal(log[0]?.code, 'JARIDA_UNSAFE_XML');
    const after = await store.feeds.sourceById(laughs.id);
    assert.equal(after?.failures, 1);
    assert.ok((after?.next_poll_at ?? '') > new Date(Date.now() + 1000 * 1000).toISOString(), 'backed off past one interval');
  });

  it('with only 127.0.0.1 allowed, refuses a redirect to 127.0.0.2 and a feed URL naming [::1]', async () => {
    const redirect = await addFeedSource(store, systemClock, { url: `${base}/evil/redirect.xml`, outlet_name: 'r', default_category: 'محلي' });
    const port = new URL(base).port;
    const v6 = await addFeedSource(store, systemClock, { url: `http://[::1]:${port}/feeds/nabd-sharqi-2015-11-11.rss.xml`, outlet_name: 'v6', default_category: 'محلي' });
    const [a, b] = await pollSources(deps, [redirect, v6], 2);
    assert.equal(a?.status, 'error');
    assert.match(a?.error ?? '', /refused to fetch http:\/\/127\.0\.0\.2:9\/feed\.xml: 127\.0\.0\.2 is a private/u);
    assert.equal(b?.status, 'error');
    assert.match(b?.error ?? '', /refused to fetch .*::1 is a private/u);
    assert.equal((await store.feeds.errors(v6.id, 1))[0]?.code, 'JARIDA_FETCH_REFUSED');
  });
});
