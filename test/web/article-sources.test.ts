// A story reported by several outlets (near-duplicate items grouped as one
// story, docs/adr/017) credits every outlet on the reader's article page,
// each linking to its own report; a story with one source keeps the single credit.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import type { Config } from '../../src/config.ts';
import { addFeedSource, pollFeedSourcesNow } from '../../src/content/use-cases/feed-sources.ts';
import { urls } from '../../src/web/urls.ts';
import { feedFixture, type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';

let app: App & { config: Config; dispose(): Promise<void> };
let feeds: FeedServer;

before(async () => {
  feeds = await startFeedServer();
  feeds.set('/aljazeera.xml', feedFixture('story-aljazeera.xml'));
  feeds.set('/bbc.xml', feedFixture('story-bbc.xml'));
  feeds.set('/small.xml', feedFixture('small-rss.xml'));
  app = await testApp({ config: testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] }, feeds: { poll: false } }) });
});
after(async () => {
  await app.dispose();
  await feeds.close();
});

async function poll(url: string, outlet: string) {
  const source = await addFeedSource(app.store, app.clock, { url, outlet_name: outlet, default_category: 'محلي', mode: 'publish' });
  const [polled] = await pollFeedSourcesNow({ store: app.store, clock: app.clock, fetch: app.config.fetch }, [source.id], 1);
  assert.equal(polled?.result.status, 'ok', polled?.result.error);
  return polled!.result.report!;
}

/** The source credit paragraph of an article page. */
function credit(html: string): string {
  const found = /<p class="source-credit">[\s\S]*?<\/p>/u.exec(html)?.[0];
  assert.ok(found, 'the page has a source credit');
  return found;
}

test('the same story from two outlets is one article crediting both, each with a link to its report', async () => {
  assert.equal((await poll(`${feeds.base}/aljazeera.xml`, 'الجزيرة')).created, 1);
  assert.equal((await poll(`${feeds.base}/bbc.xml`, 'بي بي سي عربي')).joined, 1, 'the second outlet joins the story');

  const articles = (await app.store.articles.batchAfter(0, 100)).filter((a) => a.title.includes('تحلية'));
  assert.equal(articles.length, 1, 'one article, not two');
  const page = await app.http.inject({ method: 'GET', url: urls.article(articles[0]!.slug) });
  assert.equal(page.statusCode, 200);
  const html = credit(page.body);
  assert.equal(html.replace(/<[^>]+>/gu, '').replace(/\s+/gu, ' ').trim(), 'المصادر: الجزيرة، بي بي سي عربي');
  assert.match(html, /<a href="http:\/\/127\.0\.0\.1\/aljazeera\/news\/desalination" rel="nofollow noopener">الجزيرة<\/a>/u);
  // The joined item's link as stored: tracking parameters dropped.
  assert.match(html, /<a href="http:\/\/127\.0\.0\.1\/bbc\/arabic\/desalination" rel="nofollow noopener">بي بي سي عربي<\/a>/u);
});

test('an article from one outlet keeps the single credit', async () => {
  await poll(`${feeds.base}/small.xml`, 'وكالة الاختبار');
  const gold = (await app.store.articles.batchAfter(0, 100)).find((a) => a.title.startsWith('ارتفاع أسعار الذهب'));
  assert.ok(gold);
  const html = credit((await app.http.inject({ method: 'GET', url: urls.article(gold.slug) })).body);
  assert.equal(html.replace(/<[^>]+>/gu, '').replace(/\s+/gu, ' ').trim(), 'المصدر: وكالة الاختبار');
  assert.match(html, /href="http:\/\/127\.0\.0\.1\/news\/2"/u);
});

test('in English the credits read "Sources:" with commas', async () => {
  await app.store.transaction((repos) => repos.settings.save({ locale: 'en-GB' }));
  try {
    const story = (await app.store.articles.batchAfter(0, 100)).find((a) => a.title.includes('تحلية'))!;
    const html = credit((await app.http.inject({ method: 'GET', url: urls.article(story.slug) })).body);
    assert.equal(html.replace(/<[^>]+>/gu, '').replace(/\s+/gu, ' ').trim(), 'Sources: الجزيرة, بي بي سي عربي');
  } finally {
    await app.store.transaction((repos) => repos.settings.save({ locale: 'ar-LY' }));
  }
});
