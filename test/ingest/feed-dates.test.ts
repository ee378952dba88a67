import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { fixedClock } from '../../src/core/clock.ts';
import { pollSource, type FeedPollDeps } from '../../src/ingest/feed-poller.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

const FEED = readFileSync(new URL('../fixtures/feeds/arabic-dates.rss.xml', import.meta.url));
/** When the poll happens: what an undatable item is dated. */
const FETCHED_AT = '2025-03-02T09:00:00.000Z';

/**
 * Each item of the fixture: its date as the feed writes it, the UTC instant
 * it must get (the site's zone is Africa/Tripoli, UTC+2 all year), the
 * precision, and what the source's log must say about it (or nothing).
 */
const EXPECTED: ReadonlyArray<{ path: string; at: string; precision: 'day' | 'second'; flag: RegExp | null }> = [
  { path: '/news/bridge', at: '2025-01-12T12:30:00.000Z', precision: 'second', flag: /no time zone; read in Africa\/Tripoli/u },
  { path: '/news/vaccines', at: '2025-01-02T22:00:00.000Z', precision: 'day', flag: /no time or time zone; read as midnight in Africa\/Tripoli/u },
  { path: '/news/olives', at: FETCHED_AT, precision: 'second', flag: /date "قبل ساعتين" is in an unknown format; dated at fetch time/u },
  { path: '/news/library', at: '2023-08-23T11:45:00.000Z', precision: 'second', flag: /no time zone; read in Africa\/Tripoli/u },
  { path: '/news/theatre', at: '2024-06-05T09:15:00.000Z', precision: 'second', flag: null },
  { path: '/news/market', at: '2025-02-03T07:00:00.000Z', precision: 'second', flag: null },
  { path: '/news/drill', at: '2025-03-01T08:00:00.000Z', precision: 'second', flag: null },
];

describe('feed items dated with Arabic month names, polled from a local server', () => {
  let server: Server;
  let store: SqliteStore;
  let deps: FeedPollDeps;
  let source: FeedSource;

  before(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(FEED);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const clock = fixedClock(FETCHED_AT);
    store = await openSqliteStore(join(tempDir(), 'dates.sqlite'));
    await ensureDefaultSite(store, clock);
    deps = { store, clock, fetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 120_000, maxBytes: 1_000_000, maxRedirects: 0 } };
    source = await addFeedSource(store, clock, { url: `${base}/arabic-dates.rss.xml`, outlet_name: 'أخبار المدينة', default_category: 'محلي', mode: 'publish' });
  });

  after(async () => {
    await store?.close();
    server?.close();
  });

  it('gives each article its UTC date; the unreadable one gets the fetch time, and the guesses are flagged in the source log', async () => {
    const r = await pollSource(deps, source);
    assert.equal(r.status, 'ok', r.error);
    assert.equal(r.report?.created, EXPECTED.length, JSON.stringify(r.report));
    const log = await store.feeds.errors(source.id, 100);
    for (const e of EXPECTED) {
      const url = `http://127.0.0.1${e.path}`;
      const item = await store.feeds.itemByGuid(source.id, url);
      const article = await store.articles.findById(item?.article_id as number);
      assert.ok(article, e.path);
      assert.equal(article.published_at, e.at, e.path);
      assert.equal(article.published_at_precision, e.precision, e.path);
      assert.equal(article.status, 'published', e.path);
      const lines = log.filter((l) => l.code === 'ITEM' && l.message.includes(`(${url})`));
      if (e.flag === null) assert.deepEqual(lines, [], e.path);
      else assert.ok(lines.some((l) => e.flag?.test(l.message)), `${e.path}: ${JSON.stringify(lines)}`);
    }
  });
});
