// Back-office redirects to Arabic paths: `next` after signing in and the
// media picker's `return` are percent-encoded before they reach a Location
// header (Node refuses raw non-ASCII there), and no error in the back office
// ever answers Fastify's raw English JSON.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Fastify from 'fastify';
import { registerAdmin, safeNext } from '../../src/admin/admin-plugin.tsx';
import { loadSite } from '../../src/content/use-cases/site.ts';
import { testApp } from '../helpers/test-app.ts';
import { numberedJpeg } from '../media/sample-images.ts';
import { AdminClient, addUser, signedIn, TEST_PASSWORD } from './admin-client.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;

before(async () => {
  app = await testApp();
});
after(() => app.dispose());

/** Fails when a response is Fastify's fallback error (English JSON) rather than the back office's answer. */
function assertNotRawJson(res: { headers: Record<string, unknown>; body: string }): void {
  assert.doesNotMatch(String(res.headers['content-type'] ?? ''), /json/u, res.body.slice(0, 200));
  assert.doesNotMatch(res.body, /ERR_INVALID_CHAR|Internal Server Error/u);
}

test('safeNext percent-encodes an Arabic path and query, keeps an encoded one, and refuses other sites and escapes', () => {
  assert.equal(safeNext('/admin/ع'), '/admin/%D8%B9');
  assert.equal(safeNext('/admin/%D8%B9'), '/admin/%D8%B9');
  assert.equal(safeNext('/admin/articles?q=عربي&status=draft'), '/admin/articles?q=%D8%B9%D8%B1%D8%A8%D9%8A&status=draft');
  assert.equal(safeNext('/admin/articles/new?م=1'), '/admin/articles/new?%D9%85=1');
  assert.equal(safeNext('/admin'), '/admin');
  assert.equal(safeNext('/admin?notice=x'), '/admin?notice=x');
  for (const bad of ['//evil.example/admin', '/admin//evil.example', '/admin/../login', '/admin/%2e%2e/x', '/\\evil.example', 'https://evil.example/admin', '/administrator', '/admin\\@evil', '']) {
    assert.equal(safeNext(bad), '/admin', bad);
  }
  for (const next of ['/admin/ع', '/admin/articles?q=عربي "<>']) assert.match(safeNext(next), /^[\x21-\x7e]+$/u, 'only printable ASCII in a Location header');
});

test('signed in, GET /admin/login?next= an Arabic path redirects there, encoded, instead of failing with a 500', async () => {
  const { client } = await signedIn(app, 'editor');
  const res = await client.get('/admin/login?next=/admin/%D8%B9');
  assertNotRawJson(res);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/admin/%D8%B9');
});

test('POST /admin/login with next=/admin/ع signs in and redirects to the encoded path', async () => {
  const user = await addUser(app, 'author');
  const client = new AdminClient(app, '127.0.31.1');
  await client.get('/admin/login');
  const res = await client.post('/admin/login', { email: user.email, password: TEST_PASSWORD, next: '/admin/ع' });
  assertNotRawJson(res);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/admin/%D8%B9');
  // The login page keeps an Arabic `next` in its form, encoded, for the POST.
  const page = await new AdminClient(app, '127.0.31.2').get('/admin/login?next=/admin/%D8%B9');
  assert.match(page.body, /name="next" value="\/admin\/%D8%B9"/u);
});

test('an upload from the picker with an Arabic return path redirects back to it encoded, with the picked image', async () => {
  const { client } = await signedIn(app, 'author');
  await client.get('/admin/media');
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('alt', 'صورة للاختبار');
  form.append('file', new Blob([new Uint8Array(await numberedJpeg(7, 64, 48))], { type: 'image/jpeg' }), 'صورة.jpg');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const body = { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
  const res = await client.request('POST', '/admin/media?return=%2Fadmin%2Farticles%2Fnew%3F%D9%85%3D1', undefined, { body });
  assertNotRawJson(res);
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  assert.match(String(res.headers.location), /^\/admin\/articles\/new\?%D9%85=1&media_id=\d+$/u);
});

test('an unexpected error in the back office answers the Arabic admin error page, never English JSON, even when the store fails', async () => {
  // A route of a later feature that redirects to a raw Arabic path (Node refuses the header), and one that fails while the store is down.
  let storeDown = false;
  const http = Fastify();
  registerAdmin(http, { store: app.store, clock: app.clock, site: async () => (storeDown ? Promise.reject(new Error('database is locked')) : loadSite(app.store)), sessionSecret: 's'.repeat(40) }, [
    (admin) => {
      admin.get('/admin/raw-redirect', { config: { permission: 'public' } }, async (_req, reply) => reply.redirect('/admin/ع', 303));
      admin.get('/admin/boom', { config: { permission: 'public' } }, async () => {
        throw new Error('an unexpected failure');
      });
    },
  ]);
  try {
    const raw = await http.inject({ url: '/admin/raw-redirect' });
    assertNotRawJson(raw);
    assert.equal(raw.statusCode, 500);
    assert.equal(raw.headers.location, undefined);
    assert.match(raw.body, /<html lang="ar" dir="rtl">/u);
    assert.match(raw.body, /حدث خطأ في الخادم/u);

    storeDown = true;
    const down = await http.inject({ url: '/admin/boom' });
    assertNotRawJson(down);
    assert.equal(down.statusCode, 500);
    assert.match(down.body, /حدث خطأ في الخادم/u);
  } finally {
    await http.close();
  }
});
