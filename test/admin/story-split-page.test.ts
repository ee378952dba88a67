// Splitting a wrongly grouped item out of a story from the back office
// (story-split.ts, docs/adr/017): the source's page lists its items grouped
// into another outlet's story with a «فصل عن الخبر» button (POST, CSRF); the
// item becomes its own article with its credit, the story's page no longer
// lists it, and polling again never puts it back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import type { Config } from '../../src/config.ts';
import { addFeedSource, pollFeedSourcesNow } from '../../src/content/use-cases/feed-sources.ts';
import type { FeedSource } from '../../src/ingest/feed-types.ts';
import { urls } from '../../src/web/urls.ts';
import { feedFixture, type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { config: Config; dispose(): Promise<void> };
let feeds: FeedServer;
let editor: AdminClient;

before(async () => {
  feeds = await startFeedServer();
  feeds.set('/aljazeera.xml', feedFixture('story-aljazeera.xml'));
  feeds.set('/bbc.xml', feedFixture('story-bbc.xml'));
  app = await testApp({ config: testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] }, feeds: { poll: false } }) });
  ({ client: editor } = await signedIn(app, 'editor'));
});
after(async () => {
  await app.dispose();
  await feeds.close();
});

async function poll(source: FeedSource) {
  const [polled] = await pollFeedSourcesNow({ store: app.store, clock: app.clock, fetch: app.config.fetch }, [source.id], 1);
  assert.equal(polled?.result.status, 'ok', polled?.result.error);
  return polled!.result.report!;
}

function credit(html: string): string {
  return (/<p class="source-credit">[\s\S]*?<\/p>/u.exec(html)?.[0] ?? '').replace(/<[^>]+>/gu, '').replace(/\s+/gu, ' ').trim();
}

test('an editor splits a wrongly grouped item out of its story from the source page, and it never rejoins', async () => {
  const jazeera = await addFeedSource(app.store, app.clock, { url: `${feeds.base}/aljazeera.xml`, outlet_name: 'الجزيرة', default_category: 'محلي', mode: 'publish' });
  const bbc = await addFeedSource(app.store, app.clock, { url: `${feeds.base}/bbc.xml`, outlet_name: 'بي بي سي عربي', default_category: 'محلي', mode: 'publish' });
  assert.equal((await poll(jazeera)).created, 1);
  assert.equal((await poll(bbc)).joined, 1);
  const [joined] = await app.store.feeds.joinedItemsOf(bbc.id, 10);
  assert.ok(joined?.article_id);
  const story = (await app.store.articles.findById(joined.article_id))!;
  assert.equal(credit((await app.http.inject({ method: 'GET', url: urls.article(story.slug) })).body), 'المصادر: الجزيرة، بي بي سي عربي');

  const page = await editor.get(`/admin/sources/${bbc.id}`);
  assert.equal(page.statusCode, 200);
  const action = `/admin/sources/${bbc.id}/items/${joined.id}/split`;
  assert.match(page.body, new RegExp(`<form method="post" action="${action}"[^>]*>\\s*<input type="hidden" name="_csrf"`, 'u'));
  assert.match(page.body, /فصل عن الخبر/u);

  // Without the CSRF token nothing happens.
  assert.equal((await editor.post(action, {}, { csrf: false })).statusCode, 403);
  assert.equal((await app.store.feeds.itemById(joined.id))?.story_id, joined.story_id);

  const res = await editor.post(action);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/admin/sources/${bbc.id}?notice=notice_story_split`);
  assert.match((await editor.get(res.headers.location)).body, /فُصل الخبر عن القصة/u);

  const item = (await app.store.feeds.itemById(joined.id))!;
  assert.notEqual(item.article_id, story.id);
  const own = (await app.store.articles.findById(item.article_id!))!;
  assert.equal(own.status, 'published');
  assert.equal(credit((await app.http.inject({ method: 'GET', url: urls.article(own.slug) })).body), 'المصدر: بي بي سي عربي');
  assert.equal(credit((await app.http.inject({ method: 'GET', url: urls.article(story.slug) })).body), 'المصدر: الجزيرة');

  // Polled again (without validators: the feed is read and ingested anew), the item stays on its own.
  await app.store.feeds.updateSource(bbc.id, { etag: null, last_modified: null });
  const again = await poll(bbc);
  assert.equal(again.joined, 0);
  assert.equal(again.created, 0);
  assert.deepEqual(await app.store.feeds.storyItemsOf(story.id), []);
  assert.equal((await app.store.feeds.itemById(joined.id))?.article_id, own.id);

  // Splitting it again is refused in Arabic on the page, nothing changed.
  const twice = await editor.post(action);
  assert.equal(twice.statusCode, 400);
  assert.match(twice.body, /ليس مضموماً إلى قصة/u);
});
