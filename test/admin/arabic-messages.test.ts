// What Arabic editors read is Arabic: autosave's error answers (and any
// /api/admin error), the explanation of a feed source's errors ("poll now"
// and the error log, the technical English folded beside it), time zones
// by their Arabic names, and the back office's own 404 page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { parseHTML } from 'linkedom';
import { ar } from '../../src/admin/locales/ar.ts';
import { explainSourceError } from '../../src/admin/views/source-errors.tsx';
import { timeZoneLabel } from '../../src/admin/views/time-zones.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { feedFixture, type FeedServer, startFeedServer } from '../helpers/feed-server.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { AdminClient, signedIn } from './admin-client.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let feeds: FeedServer;
let categoryId: number;

before(async () => {
  feeds = await startFeedServer();
  feeds.set('/gone.xml', 404);
  feeds.set('/page.html', '<!doctype html><title>not a feed</title><p>hello</p>', 'text/html; charset=utf-8');
  feeds.set('/small.xml', feedFixture('small-rss.xml'));
  app = await testApp({ config: testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] }, feeds: { poll: false } }) });
  categoryId = (await app.store.categories.all())[0]!.id;
});
after(async () => {
  await app.dispose();
  await feeds.close();
});

/** Text a reader sees (no tags), without what is marked English (`lang="en"`) and without the admin's own URLs and ids. */
function visibleArabic(html: string, selector: string): string {
  const { document } = parseHTML(html);
  const root = document.querySelector(selector);
  assert.ok(root, selector);
  for (const en of root.querySelectorAll('[lang="en"]')) en.remove();
  return root.textContent ?? '';
}

function errorOf(res: LightMyRequestResponse): { code: string; message: string } {
  return (JSON.parse(res.body) as { error: { code: string; message: string } }).error;
}

test('autosave errors answer in Arabic: session ended (401), a token of another session (403), never English words', async () => {
  const { client, user } = await signedIn(app, 'author');
  await client.get('/admin/articles/new');
  const form = { title: 'مسودة', body: '<p>نص</p>', category_id: String(categoryId) };

  const stale = await client.post('/api/admin/articles/autosave', form, { csrf: 'not-a-token-of-this-session' });
  assert.equal(stale.statusCode, 403);
  assert.equal(errorOf(stale).code, 'JARIDA_CSRF');
  assert.equal(errorOf(stale).message, ar.csrfText);

  await app.store.sessions.deleteForUser(user.id);
  const ended = await client.post('/api/admin/articles/autosave', form);
  assert.equal(ended.statusCode, 401);
  assert.equal(errorOf(ended).code, 'JARIDA_UNAUTHENTICATED');
  assert.equal(errorOf(ended).message, ar.sessionEnded);

  for (const res of [stale, ended]) assert.doesNotMatch(errorOf(res).message, /sign in|CSRF|token|Request body/iu);
});

test('the source error explanation: one Arabic sentence per kind of error', () => {
  const cases: Array<[string, string, keyof typeof ar]> = [
    ['JARIDA_FETCH_REFUSED', 'refused to fetch http://127.0.0.2/feed.xml: 127.0.0.2 is a private, loopback, link-local or reserved address (allow it in fetch.allowPrivateAddresses)', 'sourceErrorHelp_private'],
    ['JARIDA_FETCH_REFUSED', 'refused to fetch ftp://x/: only http and https are fetched, not ftp:', 'sourceErrorHelp_bad_url'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://no-such-host.invalid/feed: getaddrinfo ENOTFOUND no-such-host.invalid', 'sourceErrorHelp_dns'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: getaddrinfo EAI_AGAIN x', 'sourceErrorHelp_dns'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: no answer within 10000 ms', 'sourceErrorHelp_timeout'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: connect ECONNREFUSED 127.0.0.1:9', 'sourceErrorHelp_connection'],
    ['JARIDA_FETCH_FAILED', 'could not fetch https://x/feed: unable to verify the first certificate', 'sourceErrorHelp_tls'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: the response is over the limit of 5000000 bytes', 'sourceErrorHelp_too_large'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: more than 5 redirects', 'sourceErrorHelp_redirects'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: HTTP status 503', 'sourceErrorHelp_http_server'],
    ['JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: HTTP status 403', 'sourceErrorHelp_http_denied'],
    ['JARIDA_UNSAFE_XML', 'http://x/feed: refused: the XML declares a DTD with entities', 'sourceErrorHelp_unsafe_xml'],
    ['JARIDA_FEED_UNREADABLE', 'http://x/feed: not an RSS, RDF, Atom or JSON feed (no root)', 'sourceErrorHelp_unreadable'],
    ['ITEM', 'https://x/a: full text not fetched (could not fetch https://x/a: HTTP status 404); the feed\'s summary is kept', 'sourceErrorHelp_item_fulltext'],
    ['ITEM', 'item 3: no guid, link or headline; skipped', 'sourceErrorHelp_item_skipped'],
    ['JARIDA_INTERNAL', 'Cannot read properties of undefined', 'sourceErrorHelp_other'],
  ];
  for (const [code, message, key] of cases) {
    const text = explainSourceError(ar, code, message);
    assert.equal(text, ar[key].replace('{status}', /HTTP status (\d+)/u.exec(message)?.[1] ?? '{status}'), message);
  }
  assert.match(explainSourceError(ar, 'JARIDA_FETCH_FAILED', 'could not fetch http://x/feed: HTTP status 404'), /\(الرمز 404\)/u);
});

test('"poll now" and the error log explain a refused address, a 404 and a web page in Arabic, with the English detail folded beside', async () => {
  const { client } = await signedIn(app, 'editor');
  const sources = [
    [`http://127.0.0.2:9/refused.xml`, ar.sourceErrorHelp_private],
    [`${feeds.base}/gone.xml`, fill(ar.sourceErrorHelp_http_not_found, '404')],
    [`${feeds.base}/page.html`, ar.sourceErrorHelp_unreadable],
  ] as const;
  for (const [url, explanation] of sources) {
    const source = await addFeedSource(app.store, app.clock, { url, outlet_name: `وكالة ${url.length}${Math.random()}`, default_category: categoryId });
    await client.get(`/admin/sources/${source.id}`);
    const polled = await client.post(`/admin/sources/${source.id}/poll`);
    assert.equal(polled.statusCode, 200);
    const outcome = visibleArabic(polled.body, '#poll-result-title + *, section[aria-labelledby="poll-result-title"]');
    assert.ok(outcome.includes(explanation), `${url}: ${outcome}`);
    assert.doesNotMatch(outcome, /refused to fetch|could not fetch|allowPrivateAddresses \(|HTTP status|not an RSS/u, 'the English message only as the folded detail');
    const { document } = parseHTML(polled.body);
    const detail = document.querySelector('section[aria-labelledby="poll-result-title"] details code');
    assert.equal(detail?.getAttribute('lang'), 'en');
    assert.equal(detail?.getAttribute('dir'), 'ltr');
    assert.ok(detail?.textContent?.includes(url.replace(/^http:\/\/127\.0\.0\.2:9/u, '')), 'the technical message is still there');

    const log = await client.get(`/admin/sources/${source.id}/errors`);
    const row = visibleArabic(log.body, 'table.list tbody');
    assert.ok(row.includes(explanation), `log of ${url}: ${row}`);
  }
});

function fill(template: string, status: string): string {
  return template.replace('{status}', status);
}

test('time zones are named in Arabic with the IANA id beside: the settings list and the editor\'s publish-time help', async () => {
  assert.equal(timeZoneLabel('ar', 'Africa/Tripoli'), 'توقيت شرق أوروبا الرسمي (\u2068Africa/Tripoli\u2069)');
  assert.equal(timeZoneLabel('ar', 'Asia/Riyadh'), 'التوقيت العربي الرسمي (\u2068Asia/Riyadh\u2069)');
  assert.equal(timeZoneLabel('ar', 'UTC'), 'التوقيت العالمي المنسق (\u2068UTC\u2069)');

  const { client: admin } = await signedIn(app, 'administrator');
  const settings = parseHTML((await admin.get('/admin/settings')).body).document;
  const selected = settings.querySelector('#f-time_zone option[selected]');
  assert.equal(selected?.getAttribute('value'), 'Africa/Tripoli');
  assert.equal(selected?.textContent, 'توقيت شرق أوروبا الرسمي (\u2068Africa/Tripoli\u2069)');
  const riyadh = settings.querySelector('#f-time_zone option[value="Asia/Riyadh"]');
  assert.equal(riyadh?.textContent, 'التوقيت العربي الرسمي (\u2068Asia/Riyadh\u2069)');

  const editor = parseHTML((await admin.get('/admin/articles/new')).body).document;
  const help = editor.querySelector('#f-published_at-help')?.textContent ?? '';
  assert.ok(help.startsWith('بتوقيت الموقع: توقيت شرق أوروبا الرسمي (\u2068Africa/Tripoli\u2069)'), help);
});

test('an unknown /admin address answers the back office\'s Arabic 404 page (and /api/admin its Arabic JSON), signed in or not; other addresses keep the site\'s', async () => {
  const { client } = await signedIn(app, 'author');
  for (const res of [await client.get('/admin/nonexistent'), await new AdminClient(app, '127.0.42.1').get('/admin/no/such/page')]) {
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<body class="admin">/u);
    assert.match(res.body, new RegExp(ar.adminPageNotFound, 'u'));
  }
  const signedInPage = await client.get('/admin/nonexistent');
  assert.match(signedInPage.body, /action="\/admin\/logout"/u, 'with the signed-in admin header');
  const posted = await client.post('/admin/nonexistent', { x: '1' });
  assert.equal(posted.statusCode, 404);
  assert.match(posted.body, /<body class="admin">/u);
  const api = await client.get('/api/admin/no-such-endpoint');
  assert.equal(api.statusCode, 404);
  assert.deepEqual(JSON.parse(api.body), { error: { code: 'JARIDA_NOT_FOUND', message: ar.adminPageNotFound } });
  const reader = await client.get('/no-such-page-here');
  assert.equal(reader.statusCode, 404);
  assert.doesNotMatch(reader.body, /<body class="admin">/u);
});
