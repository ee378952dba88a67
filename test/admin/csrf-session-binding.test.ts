// CSRF tokens are bound to the server-side session: a token minted for an
// anonymous visitor or for another user's session is refused even with its
// cookie planted alongside; signing in gives a new secret; the anonymous
// login form keeps its own protection.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { testApp } from '../helpers/test-app.ts';
import { AdminClient, signedIn, TEST_PASSWORD } from './admin-client.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let n = 0;

before(async () => {
  app = await testApp();
});
after(() => app.dispose());

async function categoryNamed(name: string) {
  return (await app.store.categories.all()).find((c) => c.name === name);
}

test('a token minted for an anonymous visitor, planted with its cookie in a signed-in editor\'s browser, is refused with 403', async () => {
  const visitor = new AdminClient(app, '127.0.41.1');
  await visitor.get('/admin/login');
  const plantedCookie = visitor.cookies.get('jarida_csrf');
  assert.ok(plantedCookie, 'the visitor got a CSRF cookie');

  const { client: editor } = await signedIn(app, 'editor');
  editor.cookies.set('jarida_csrf', plantedCookie);
  const name = `قسم مزروع ${++n}`;
  const res = await editor.post('/admin/categories', { name, slug: '', parent_id: '' }, { csrf: visitor.csrf });
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /انتهت صلاحية النموذج/u);
  assert.equal(await categoryNamed(name), undefined, 'nothing created');

  // The editor's own token still works (the planted cookie changes nothing).
  await editor.get('/admin/categories');
  assert.equal((await editor.post('/admin/categories', { name, slug: '', parent_id: '' })).statusCode, 303);
});

test('a token of another user\'s session is refused with 403, with or without that user\'s CSRF cookie', async () => {
  const { client: mallory } = await signedIn(app, 'editor');
  const { client: editor } = await signedIn(app, 'editor');
  await mallory.get('/admin/categories');
  for (const [k, v] of mallory.cookies) if (k !== 'jarida_session') editor.cookies.set(k, v);
  const name = `قسم من جلسة أخرى ${++n}`;
  const res = await editor.post('/admin/categories', { name, slug: '', parent_id: '' }, { csrf: mallory.csrf });
  assert.equal(res.statusCode, 403);
  assert.equal(await categoryNamed(name), undefined);
  // JSON clients too (the X-CSRF-Token header).
  const api = await editor.request('POST', '/api/admin/articles/autosave', undefined, { csrf: mallory.csrf });
  assert.equal(api.statusCode, 403);
  assert.equal((JSON.parse(api.body) as { error: { code: string } }).error.code, 'JARIDA_CSRF');
});

test('signing in gives the session a new CSRF secret: the login page\'s token is refused afterwards', async () => {
  const { user } = await signedIn(app, 'editor');
  const client = new AdminClient(app, '127.0.41.2');
  await client.get('/admin/login');
  const before = client.csrf;
  const res = await client.post('/admin/login', { email: user.email, password: TEST_PASSWORD, next: '/admin/categories' });
  assert.equal(res.statusCode, 303);
  const cleared = [res.headers['set-cookie']].flat().map(String).find((h) => h.startsWith('jarida_csrf='));
  assert.match(String(cleared), /jarida_csrf=;/u, 'the visitor cookie is cleared at sign-in');
  const name = `قسم برمز الدخول ${++n}`;
  assert.equal((await client.post('/admin/categories', { name, slug: '', parent_id: '' }, { csrf: before })).statusCode, 403);
  await client.get('/admin/categories');
  assert.notEqual(client.csrf, before);
  assert.equal((await client.post('/admin/categories', { name, slug: '', parent_id: '' })).statusCode, 303);
});

test('the anonymous login form is still protected: refused without the visitor\'s token, accepted with it', async () => {
  const { user } = await signedIn(app, 'author');
  const client = new AdminClient(app, '127.0.41.3');
  await client.get('/admin/login');
  assert.equal((await client.post('/admin/login', { email: user.email, password: TEST_PASSWORD }, { csrf: false })).statusCode, 403);
  const other = new AdminClient(app, '127.0.41.4');
  await other.get('/admin/login');
  assert.equal((await client.post('/admin/login', { email: user.email, password: TEST_PASSWORD }, { csrf: other.csrf })).statusCode, 403, "another visitor's token");
  assert.equal((await client.post('/admin/login', { email: user.email, password: TEST_PASSWORD })).statusCode, 303);
});

test('a session stored before CSRF secrets lived in sessions gets one on its next page, and its forms work', async () => {
  const { client } = await signedIn(app, 'editor');
  const id = decodeURIComponent(client.cookies.get('jarida_session')!).split('.')[0]!;
  const data = JSON.parse((await app.store.sessions.get(id, app.clock.now().toISOString()))!) as Record<string, unknown>;
  assert.equal(typeof data.csrf_secret, 'string', 'made at sign-in');
  delete data.csrf_secret;
  const row = { id, user_id: data.user_id as number, data: JSON.stringify(data), expires_at: new Date(Date.now() + 3_600_000).toISOString(), created_at: app.clock.now().toISOString() };
  await app.store.sessions.set(row);
  await client.get('/admin/categories');
  assert.equal((await client.post('/admin/categories', { name: `قسم جلسة قديمة ${++n}`, slug: '', parent_id: '' })).statusCode, 303);
});
