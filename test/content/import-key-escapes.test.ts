import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.ts';
import { canonicalItemUrl, ingestEntries } from '../../src/content/use-cases/feed-items.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { importKey, legacyImportKey } from '../../src/content/use-cases/import-article.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import type { FeedEntry } from '../../src/ingest/feed-parse.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

/** One Arabic link spelled three ways (raw, lowercase and uppercase escapes) is one item (review of issue 5, finding 5). */

const RAW = 'https://news.example/أخبار/افتتاح-جسر';
const LOWER = RAW.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c).toLowerCase());
const UPPER = RAW.replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));

describe('import keys of percent-encoded Arabic links', () => {
  it('gives raw Arabic, lowercase and uppercase escapes one key', () => {
    assert.notEqual(LOWER, UPPER);
    const key = importKey(UPPER, '', '');
    assert.equal(importKey(RAW, '', ''), key);
    assert.equal(importKey(LOWER, '', ''), key);
    assert.equal(importKey(`${LOWER}?utm_source=rss&id=%d9%85#top`, '', ''), importKey(`${RAW}?id=م`, '', ''));
    // Escapes of unreserved characters mean the characters; reserved ones stay escaped.
    assert.equal(canonicalItemUrl('https://news.example/a%2db%7e'), 'https://news.example/a-b~');
    assert.equal(canonicalItemUrl('https://news.example/a%2fb'), 'https://news.example/a%2Fb');
    // Other parameters are kept as the link writes them.
    assert.equal(canonicalItemUrl('https://news.example/s?q=a+b&utm_medium=x'), 'https://news.example/s?q=a+b');
  });

  it('makes one article of one Arabic link spelled differently by two feeds of an outlet, and finds items keyed the old way', async () => {
    const clock: Clock = { now: () => new Date('2018-10-17T12:00:00.000Z') };
    const store: SqliteStore = await openSqliteStore(join(tempDir(), 'escapes.sqlite'));
    try {
      await ensureDefaultSite(store, clock);
      const feed = async (n: number) => addFeedSource(store, clock, { url: `http://127.0.0.1:9/f${n}.xml`, outlet_name: 'outlet', default_category: 'محلي', mode: 'publish', poll_interval_s: 600 });
      const entry = (url: string, guid = url): FeedEntry => ({
        guid,
        url,
        title: 'افتتاح جسر جديد',
        html: '<p>افتتح الجسر اليوم.</p>',
        summary_only: false,
        author: null,
        categories: [],
        image_url: null,
        published_at: '2018-10-17T10:00:00.000Z',
        published_at_precision: 'second',
      });
      const [one, two, three] = [await feed(1), await feed(2), await feed(3)];
      const before = await store.articles.countAll();
      const first = await store.transaction((repos) => ingestEntries(repos, clock, one, [entry(RAW)]));
      const second = await store.transaction((repos) => ingestEntries(repos, clock, two, [entry(LOWER)]));
      assert.deepEqual([first.created, second.created, second.duplicate], [1, 0, 1]);
      assert.equal(await store.articles.countAll(), before + 1);

      // An article and item stored under the former key (escapes as the link spelled them) are still found.
      const old = `${LOWER}-old`;
      assert.notEqual(legacyImportKey(old, '', ''), importKey(old, '', ''));
      const legacy = await store.transaction((repos) => ingestEntries(repos, clock, three, [entry(old)]));
      assert.equal(legacy.created, 1);
      const id = legacy.article_ids[0] as number;
      await store.articles.update(id, { import_key: legacyImportKey(old, '', '') });
      const item = await store.feeds.itemByGuid(three.id, old);
      await store.feeds.updateItem(item?.id as number, { url: legacyImportKey(old, '', '').slice(4) });
      // The same link from another feed, spelled as it was stored: found through the former key, not made a second article.
      const again = await store.transaction((repos) => ingestEntries(repos, clock, one, [entry(old)]));
      assert.deepEqual([again.created, again.duplicate], [0, 1]);
      assert.equal((await store.feeds.itemByGuid(one.id, old))?.article_id, id);
    } finally {
      await store.close();
    }
  });
});
