import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { ingestEntries, type IngestReport } from '../../src/content/use-cases/feed-items.ts';
import { addFeedSource, updateFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { joinedItemsOfSource, splitStoryItem } from '../../src/content/use-cases/story-split.ts';
import type { FeedEntry } from '../../src/ingest/feed-parse.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

/** Splitting a wrongly grouped item out of a story (story-split.ts, docs/adr/017). */

interface Pair {
  a: string;
  b: string;
  same_story: boolean;
}
const sample = JSON.parse(readFileSync(new URL('../fixtures/feeds/same-story-texts.json', import.meta.url), 'utf8')) as { pairs: Pair[]; texts: Record<string, string> };
const clock: Clock = { now: () => new Date('2018-10-17T12:00:00.000Z') };
const AT = '2018-10-17T10:00:00.000Z';

function entry(guid: string, extra = ''): FeedEntry {
  const [title = '', ...body] = (sample.texts[guid] ?? '').split('\n');
  return {
    guid,
    url: guid,
    title,
    html: body.map((p) => `<p>${p}</p>`).join('') + extra,
    summary_only: false,
    author: 'مراسل الوكالة',
    categories: [],
    image_url: null,
    published_at: AT,
    published_at_precision: 'second',
  };
}

describe('splitting an item out of a story', () => {
  let store: SqliteStore;
  let n = 0;
  const same = sample.pairs.filter((p) => p.same_story);

  before(async () => {
    store = await openSqliteStore(join(tempDir(), 'story-split.sqlite'));
    await ensureDefaultSite(store, clock);
  });
  after(async () => store?.close());

  async function source(): Promise<FeedSource> {
    n++;
    return addFeedSource(store, clock, { url: `http://127.0.0.1:9/split-${n}.xml`, outlet_name: `وكالة ${n}`, default_category: 'محلي', mode: 'publish', poll_interval_s: 600 });
  }
  const ingest = (s: FeedSource, e: FeedEntry): Promise<IngestReport> => store.transaction((repos) => ingestEntries(repos, clock, s, [e]));

  /** Two sources and a story of pair `i`: a's item leads, b's item joined. */
  async function story(i: number) {
    const p = same[i] as Pair;
    const [a, b] = [await source(), await source()];
    assert.equal((await ingest(a, entry(p.a))).created, 1);
    assert.equal((await ingest(b, entry(p.b))).joined, 1);
    const lead = (await store.feeds.itemByGuid(a.id, p.a))!;
    const joined = (await store.feeds.itemByGuid(b.id, p.b))!;
    return { p, a, b, lead, joined };
  }

  it('an item split out of a story becomes its own article with its own credit, and the story no longer lists it', async () => {
    const { b, lead, joined } = await story(0);
    assert.deepEqual((await store.feeds.storyItemsOf(lead.article_id!)).map((i) => i.id), [joined.id]);
    assert.deepEqual((await joinedItemsOfSource(store, b.id)).map((j) => [j.item.id, j.story_article?.id, j.splittable]), [[joined.id, lead.article_id, true]]);

    const split = await splitStoryItem(store, clock, joined.id);
    assert.equal(split.story_article_id, lead.article_id);
    assert.notEqual(split.article.id, lead.article_id);
    assert.equal(split.article.status, 'published');
    assert.equal(split.article.title, joined.title);
    assert.equal(split.article.source_name, b.outlet_name);
    assert.equal(split.article.source_url, joined.url);
    assert.match(split.article.body, /<p>/u);
    assert.deepEqual(await store.feeds.storyItemsOf(lead.article_id!), []);
    const after = (await store.feeds.itemById(joined.id))!;
    assert.equal(after.article_id, split.article.id);
    assert.equal(after.story_id, null);
    assert.equal(after.split_from_story, split.story_id);
    assert.deepEqual(await joinedItemsOfSource(store, b.id), []);
  });

  it('a split item is never rejoined to its story on later polls; a changed text updates its own article', async () => {
    const { p, b, lead, joined } = await story(1);
    const split = await splitStoryItem(store, clock, joined.id);
    const same = await ingest(b, entry(p.b));
    assert.equal(same.joined, 0);
    assert.equal(same.unchanged, 1);
    const again = await ingest(b, entry(p.b, '<p>تحديث من الوكالة.</p>'));
    assert.equal(again.joined, 0);
    assert.equal(again.updated, 1);
    assert.match((await store.articles.findById(split.article.id))!.body, /تحديث من الوكالة/u);
    assert.deepEqual(await store.feeds.storyItemsOf(lead.article_id!), []);
    assert.equal((await store.feeds.itemById(joined.id))!.article_id, split.article.id);
  });

  it('a split item takes the mode its source has now: a draft when the source reviews its items', async () => {
    const { b, joined } = await story(2);
    await updateFeedSource(store, clock, b.id, { mode: 'draft' });
    assert.equal((await splitStoryItem(store, clock, joined.id)).article.status, 'draft');
  });

  it('a story member whose text changed is split with its latest text', async () => {
    const { p, b, joined } = await story(3);
    assert.equal((await ingest(b, entry(p.b, '<p>فقرة أضافتها الوكالة لاحقاً.</p>'))).updated, 0);
    assert.match((await splitStoryItem(store, clock, joined.id)).article.body, /فقرة أضافتها الوكالة لاحقاً/u);
  });

  it('refuses, writing nothing, an item in no story, one of another source, and one joined before texts were kept', async () => {
    const { a, b, lead, joined } = await story(4);
    await assert.rejects(splitStoryItem(store, clock, lead.id), (e) => isJaridaError(e, 'VALIDATION') && e.details.reason === 'story_split_not_joined');
    await assert.rejects(splitStoryItem(store, clock, joined.id, a.id), (e) => isJaridaError(e, 'NOT_FOUND'));
    await assert.rejects(splitStoryItem(store, clock, 999_999), (e) => isJaridaError(e, 'NOT_FOUND'));
    await store.feeds.updateItem(joined.id, { entry: null });
    const before = await store.articles.countAll();
    await assert.rejects(splitStoryItem(store, clock, joined.id, b.id), (e) => isJaridaError(e, 'VALIDATION') && e.details.reason === 'story_split_no_text');
    assert.equal(await store.articles.countAll(), before);
    assert.deepEqual((await store.feeds.storyItemsOf(lead.article_id!)).map((i) => i.id), [joined.id]);
  });
});
