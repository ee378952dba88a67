import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.ts';
import { ingestEntries, type IngestReport } from '../../src/content/use-cases/feed-items.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import type { FeedEntry } from '../../src/ingest/feed-parse.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

/** A feed item seen again (feed-items.ts ingestOne): the GUID is its identity, links compare canonically, "updated" means an article changed. */

const sample = JSON.parse(readFileSync(new URL('../fixtures/feeds/same-story-texts.json', import.meta.url), 'utf8')) as { texts: Record<string, string> };
// Two texts of two different stories (the fixture's first two pairs).
const [textA = '', , textB = ''] = Object.values(sample.texts);
const clock: Clock = { now: () => new Date('2018-10-17T12:00:00.000Z') };

function entry(guid: string, url: string, text: string): FeedEntry {
  const [title = '', ...body] = text.split('\n');
  return {
    guid,
    url,
    title,
    html: body.map((p) => `<p>${p}</p>`).join(''),
    summary_only: false,
    author: null,
    categories: [],
    image_url: null,
    published_at: '2018-10-17T10:00:00.000Z',
    published_at_precision: 'second',
  };
}

describe('feed items seen again', () => {
  let store: SqliteStore;
  let feed: FeedSource;
  before(async () => {
    store = await openSqliteStore(join(tempDir(), 'corrections.sqlite'));
    await ensureDefaultSite(store, clock);
    // One outlet throughout: its items never join each other's stories, whatever their texts.
    feed = await addFeedSource(store, clock, { url: 'http://127.0.0.1:9/c.xml', outlet_name: 'outlet', default_category: 'محلي', mode: 'publish', poll_interval_s: 600 });
  });
  after(async () => store?.close());

  const source = async (): Promise<FeedSource> => feed;
  const poll = (s: FeedSource, entries: FeedEntry[]): Promise<IngestReport> => store.transaction((repos) => ingestEntries(repos, clock, s, entries));

  it('applies a correction whose link changed only in tracking parameters, and every later edit', async () => {
    const s = await source();
    const first = await poll(s, [entry('g-1', 'https://example.test/news/1?utm_source=rss', textA)]);
    assert.equal(first.created, 1);
    const id = first.article_ids[0] as number;
    const corrected = `${textA.split('\n')[0]} (تصحيح)\n${textA.split('\n').slice(1).join('\n')}`;
    const second = await poll(s, [entry('g-1', 'https://example.test/news/1?utm_source=rss2', corrected)]);
    assert.equal(second.updated, 1);
    assert.equal((await store.articles.findById(id))?.title, corrected.split('\n')[0]);
    const again = `${textA.split('\n')[0]} (تصحيح ثان)\n${textA.split('\n').slice(1).join('\n')}`;
    const third = await poll(s, [entry('g-1', 'https://example.test/news/1?utm_source=rss3', again)]);
    assert.equal(third.updated, 1);
    assert.equal((await store.articles.findById(id))?.title, again.split('\n')[0]);
    assert.ok((await store.revisions.list(id)).filter((r) => r.action === 'update').length >= 2);
  });

  it('follows a corrected link of the same item, keeping one article', async () => {
    const s = await source();
    const first = await poll(s, [entry('g-2', 'https://example.test/news/old-slug', textB)]);
    const second = await poll(s, [entry('g-2', 'https://example.test/news/new-slug', textB)]);
    assert.deepEqual([second.created, second.updated], [0, 1]);
    assert.equal((await store.articles.findById(first.article_ids[0] as number))?.source_url, 'https://example.test/news/new-slug');
  });

  it('reports no update for a feed polled again unchanged (no ETag)', async () => {
    const s = await source();
    const entries = [entry('g-3', 'https://example.test/news/3', textA.replace(/\n/u, ' ٣\n')), entry('g-4', 'https://example.test/news/4', textB.replace(/\n/u, ' ٤\n'))];
    assert.equal((await poll(s, entries)).created, 2);
    const again = await poll(s, entries);
    assert.deepEqual([again.updated, again.unchanged, again.created], [0, 2, 0]);
  });

  it('keeps two different stories given one GUID as two items, reported once, and stable on the next poll', async () => {
    const s = await source();
    const entries = [entry('same-guid', 'https://example.test/news/5', textA.replace(/\n/u, ' ٥\n')), entry('same-guid', 'https://example.test/news/6', textB.replace(/\n/u, ' ٦\n'))];
    const first = await poll(s, entries);
    assert.equal(first.created, 2, JSON.stringify(first));
    assert.equal(first.problems.filter((p) => p.includes('GUID same-guid already names another story')).length, 1, first.problems.join('; '));
    const again = await poll(s, entries);
    assert.deepEqual([again.updated, again.created, again.unchanged], [0, 0, 2]);
    assert.deepEqual(again.problems, []);
  });
});
