import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.ts';
import { ingestEntries, type IngestReport } from '../../src/content/use-cases/feed-items.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import type { FeedEntry } from '../../src/ingest/feed-parse.ts';
import type { FeedMode, FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

/** Story grouping as feed items are stored (feed-items.ts, docs/adr/017): who may join whose story. */

interface Pair {
  a: string;
  b: string;
  same_story: boolean;
  note: string;
}
const sample = JSON.parse(readFileSync(new URL('../fixtures/feeds/same-story-texts.json', import.meta.url), 'utf8')) as { pairs: Pair[]; texts: Record<string, string> };
const clock: Clock = { now: () => new Date('2018-10-17T12:00:00.000Z') };
const AT = '2018-10-17T10:00:00.000Z';

/** A feed entry made of a fixture text (headline, newline, body). */
function entry(guid: string, publishedAt = AT): FeedEntry {
  const [title = '', ...body] = (sample.texts[guid] ?? '').split('\n');
  return {
    guid,
    url: guid,
    title,
    html: body.map((p) => `<p>${p}</p>`).join(''),
    summary_only: false,
    author: null,
    categories: [],
    image_url: null,
    published_at: publishedAt,
    published_at_precision: 'second',
  };
}

describe('feed items joining stories', () => {
  let store: SqliteStore;
  let n = 0;
  const same = sample.pairs.filter((p) => p.same_story);

  before(async () => {
    store = await openSqliteStore(join(tempDir(), 'stories.sqlite'));
    await ensureDefaultSite(store, clock);
  });
  after(async () => store?.close());

  async function source(mode: FeedMode): Promise<FeedSource> {
    n++;
    return addFeedSource(store, clock, { url: `http://127.0.0.1:9/feed-${n}.xml`, outlet_name: `outlet ${n}`, default_category: 'محلي', mode, poll_interval_s: 600 });
  }
  const ingest = (s: FeedSource, e: FeedEntry): Promise<IngestReport> => store.transaction((repos) => ingestEntries(repos, clock, s, [e]));
  const articleOf = async (s: FeedSource, guid: string) => {
    const item = await store.feeds.itemByGuid(s.id, guid);
    assert.ok(item?.article_id);
    return { item, article: await store.articles.findById(item.article_id) };
  };

  it('joins a same-story item from a publish-mode source to a published article', async () => {
    const p = same[0] as Pair;
    const [a, b] = [await source('publish'), await source('publish')];
    assert.equal((await ingest(a, entry(p.a))).created, 1);
    assert.equal((await ingest(b, entry(p.b))).joined, 1, p.note);
    assert.equal((await articleOf(b, p.b)).article?.id, (await articleOf(a, p.a)).article?.id);
  });

  it('never absorbs a publish-mode item into a draft: it becomes its own published article', async () => {
    const p = same[1] as Pair;
    const [draft, publish] = [await source('draft'), await source('publish')];
    assert.equal((await ingest(draft, entry(p.a))).created, 1);
    const r = await ingest(publish, entry(p.b));
    assert.equal(r.joined, 0, p.note);
    assert.equal(r.created, 1);
    const { article, item } = await articleOf(publish, p.b);
    assert.equal(article?.status, 'published');
    assert.equal(article?.source_url, p.b);
    assert.equal(item.story_id, null);
    assert.equal((await articleOf(draft, p.a)).article?.status, 'draft');
  });

  it('never puts a draft-mode item into a published story unreviewed: it becomes its own draft', async () => {
    const p = same[2] as Pair;
    const [publish, draft] = [await source('publish'), await source('draft')];
    assert.equal((await ingest(publish, entry(p.a))).created, 1);
    const r = await ingest(draft, entry(p.b));
    assert.equal(r.joined, 0, p.note);
    assert.equal((await articleOf(draft, p.b)).article?.status, 'draft');
    assert.deepEqual(await store.feeds.storyItemsOf((await articleOf(publish, p.a)).article?.id as number), []);
  });

  it('does not join an article an editor unpublished (its page lists no sources)', async () => {
    const p = same[3] as Pair;
    const [a, b] = [await source('publish'), await source('publish')];
    await ingest(a, entry(p.a));
    const first = await articleOf(a, p.a);
    await store.articles.update(first.article?.id as number, { status: 'unpublished' });
    const r = await ingest(b, entry(p.b));
    assert.equal(r.joined, 0);
    assert.equal(r.created, 1);
  });
});
