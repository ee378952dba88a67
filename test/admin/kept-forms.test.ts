// Typed work is never lost when the article editor's save is refused before
// it runs: the session ended (401) or the form's token is from an earlier
// session (403) keeps what was posted and offers to save it; a long Arabic
// article fits the editor's body limit, and one over it is refused in Arabic.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { parseHTML } from 'linkedom';
import { EDITOR_FORM_LIMIT_BYTES } from '../../src/admin/editor/limits.ts';
import { createDraft } from '../../src/content/use-cases/article-workflow.ts';
import { testApp } from '../helpers/test-app.ts';
import { type AdminClient, signedIn, TEST_PASSWORD } from './admin-client.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let categoryId: number;

before(async () => {
  app = await testApp();
  categoryId = (await app.store.categories.all())[0]!.id;
});
after(() => app.dispose());

/** Every field of the editor form, with `over` on top. */
function articleForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'عنوان كُتب قبل انتهاء الجلسة',
    slug: '',
    excerpt: 'ملخص مكتوب بعناية',
    body: '<h2 dir="auto">عنوان فرعي</h2><p dir="auto">فقرة طويلة كتبها الصحفي & لم تُحفظ بعد.</p><p dir="ltr">An English quote.</p>',
    category_id: String(categoryId),
    tags: 'اختبار',
    author_name: '',
    source_name: '',
    source_url: '',
    featured_image_url: '',
    featured_image_alt: '',
    video_url: '',
    published_at: '',
    expected_revision: '',
    action: 'save',
    ...over,
  };
}

/** The fields a browser would send with the form whose action is `action` on the page (hidden and text inputs, text areas). */
function formOf(res: LightMyRequestResponse, action: string): Array<[string, string]> {
  const { document } = parseHTML(res.body);
  const form = [...document.querySelectorAll('form')].find((f) => f.getAttribute('action') === action);
  assert.ok(form, `a form posting to ${action}`);
  return [...form.querySelectorAll('input[name], textarea[name]')].map((el) => [el.getAttribute('name')!, el.tagName === 'TEXTAREA' ? el.textContent! : (el.getAttribute('value') ?? '')]);
}

/** Posts `fields` (in order, repeated names kept) as a form, with the client's cookies. */
async function send(client: AdminClient, url: string, fields: Array<[string, string]>): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const res = await app.http.inject({ method: 'POST', url, headers, payload: new URLSearchParams(fields).toString(), remoteAddress: client.ip });
  for (const c of res.cookies as Array<{ name: string; value: string }>) {
    if (c.value === '') client.cookies.delete(c.name);
    else client.cookies.set(c.name, c.value);
  }
  return res;
}

test('a new article posted after the session ended is kept: the sign-in page carries it and shows it to copy; signing in offers to save it', async () => {
  const { client, user } = await signedIn(app, 'author');
  await client.get('/admin/articles/new');
  const before = await app.store.articles.countAll();
  // The session ends elsewhere (a password reset from the CLI, logout in another tab, the 12-hour lifetime).
  await app.store.sessions.deleteForUser(user.id);

  const typed = articleForm();
  const refused = await client.post('/admin/articles/new', typed);
  assert.equal(refused.statusCode, 401);
  assert.match(refused.body, /انتهت جلستك قبل أن يُحفظ ما أرسلته/u);
  const { document } = parseHTML(refused.body);
  assert.equal(document.querySelector('#kept-title')?.textContent, typed.title, 'the headline, read-only to copy');
  assert.equal(document.querySelector('#kept-excerpt')?.textContent, typed.excerpt);
  assert.equal(document.querySelector('.kept-body h2')?.textContent, 'عنوان فرعي', 'the body as readers would see it');
  assert.ok(document.querySelector('#kept-title')?.hasAttribute('readonly'));
  const signIn = formOf(refused, '/admin/login');
  assert.ok(signIn.some(([n, v]) => n === 'kept.body' && v === typed.body), 'the body rides along with the sign-in form');
  assert.ok(signIn.some(([n, v]) => n === 'kept_action' && v === '/admin/articles/new'));
  assert.equal(await app.store.articles.countAll(), before, 'nothing was saved');

  // Signing in from that page (a wrong password first keeps everything too).
  const filled = (password: string) => signIn.map(([n, v]): [string, string] => [n, n === 'email' ? user.email : n === 'password' ? password : v]);
  const wrong = await send(client, '/admin/login', filled('not the password at all'));
  assert.equal(wrong.statusCode, 401);
  assert.deepEqual(
    formOf(wrong, '/admin/login').filter(([n]) => n.startsWith('kept')),
    signIn.filter(([n]) => n.startsWith('kept')),
  );
  const resumed = await send(client, '/admin/login', filled(TEST_PASSWORD));
  assert.equal(resumed.statusCode, 200, resumed.body.slice(0, 300));
  assert.match(resumed.body, /دخلت من جديد، ولم يُحفظ ما كتبته بعد/u);
  const again = formOf(resumed, '/admin/articles/new');
  assert.ok(again.some(([n, v]) => n === 'body' && v === typed.body));
  assert.ok(again.some(([n, v]) => n === 'title' && v === typed.title));

  const saved = await send(client, '/admin/articles/new', again);
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
  const id = Number(/\/admin\/articles\/(\d+)/u.exec(String(saved.headers.location))![1]);
  const article = await app.store.articles.findById(id);
  assert.equal(article?.title, typed.title);
  assert.match(article!.body, /فقرة طويلة كتبها الصحفي &amp; لم تُحفظ بعد/u);
  assert.equal(article?.status, 'draft');
});

test('an edit sent with the token of an earlier session (signed out and in again in another tab) is kept, and saved, never published, on the next press', async () => {
  const { client, user } = await signedIn(app, 'editor');
  const made = await createDraft(app.workflow, { user_id: user.id, role: 'editor' }, { title: 'خبر قديم', body: '<p>نص قديم.</p>', category_id: categoryId });
  const id = made.article.id;
  await client.get(`/admin/articles/${id}`);
  const stale = client.csrf;
  // Another tab: sign out, then in again (a new session with a new secret).
  await client.post('/admin/logout');
  await client.login(user.email);

  const typed = articleForm({ title: 'عنوان جديد كتبه المحرر', expected_revision: String(made.revision), action: 'publish' });
  const refused = await client.post(`/admin/articles/${id}`, typed, { csrf: stale });
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /النموذج من جلسة سابقة/u);
  assert.equal((await app.store.articles.findById(id))?.title, 'خبر قديم', 'nothing saved by the refused request');
  const again = formOf(refused, `/admin/articles/${id}`);
  assert.deepEqual(
    again.filter(([n]) => n === 'action'),
    [['action', 'save']],
    'sent again as a plain save',
  );
  const saved = await send(client, `/admin/articles/${id}`, again);
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
  const article = await app.store.articles.findById(id);
  assert.equal(article?.title, 'عنوان جديد كتبه المحرر');
  assert.equal(article?.status, 'draft');
});

test('kept fields go back only to a route that keeps forms: a sign-in naming another route just signs in', async () => {
  const { client, user } = await signedIn(app, 'administrator');
  await client.post('/admin/logout');
  await client.get('/admin/login');
  const fields: Array<[string, string]> = [
    ['_csrf', client.csrf],
    ['email', user.email],
    ['password', TEST_PASSWORD],
    ['next', '/admin'],
    ['kept_action', '/admin/users'],
    ['kept.email', 'planted@example.com'],
    ['kept.role', 'administrator'],
  ];
  const res = await send(client, '/admin/login', fields);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/admin');
  assert.equal(await app.store.users.findByEmail('planted@example.com'), undefined);
});

test('an article of 200,000 Arabic letters (over the 1 MiB form default once percent-encoded) saves, by hand and by autosave', async () => {
  const { client } = await signedIn(app, 'author');
  await client.get('/admin/articles/new');
  const body = `<p>${'ع'.repeat(200_000)}</p>`;
  assert.ok(new URLSearchParams({ body }).toString().length > 1024 * 1024);
  const saved = await client.post('/admin/articles/new', articleForm({ title: 'خبر طويل جداً', body }));
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
  const id = Number(/\/admin\/articles\/(\d+)/u.exec(String(saved.headers.location))![1]);
  assert.equal((await app.store.articles.findById(id))?.body.match(/ع/gu)?.length, 200_000, 'the whole body was stored');

  const auto = await client.post('/api/admin/articles/autosave', articleForm({ title: 'مسودة طويلة', body }));
  assert.equal(auto.statusCode, 200, auto.body.slice(0, 300));
});

test('a form over the limit is refused with 413 in Arabic (the editor page, autosave JSON, and any other admin form)', async () => {
  const { client } = await signedIn(app, 'author');
  await client.get('/admin/articles/new');
  const huge = 'ع'.repeat(Math.ceil(EDITOR_FORM_LIMIT_BYTES / 6) + 1000);
  const page = await client.post('/admin/articles/new', articleForm({ body: huge }));
  assert.equal(page.statusCode, 413);
  assert.match(page.headers['content-type'] as string, /text\/html/u);
  assert.match(page.body, /أكبر من الحد المسموح \(8 ميغابايت\)، فلم يُحفظ شيء/u);

  const auto = await client.post('/api/admin/articles/autosave', articleForm({ body: huge }));
  assert.equal(auto.statusCode, 413);
  const message = (JSON.parse(auto.body) as { error: { message: string } }).error.message;
  assert.match(message, /أكبر من الحد المسموح/u);
  assert.doesNotMatch(message, /[A-Za-z]{4,}/u, 'no English words');

  const { client: editor } = await signedIn(app, 'editor');
  await editor.get('/admin/categories');
  const other = await editor.post('/admin/categories', { name: 'ع'.repeat(200_000), slug: '', parent_id: '' });
  assert.equal(other.statusCode, 413);
  assert.match(other.body, /أكبر من الحد المسموح \(1 ميغابايت\)/u);
});
