// The role × route matrix: every route under /admin and /api/admin, as
// registered in Fastify (app.http.adminRoutes, recorded by the admin onRoute
// hook), is requested by an anonymous visitor and by a user of each role,
// and must answer as MATRIX says: allowed, 401 (or the redirect to the login
// page for an anonymous page view), or 403. A route registered without a row
// here fails the test: whoever adds an admin route adds its row (and, for a
// new `:param`, a fixture in FIXTURES).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { AdminRouteInfo } from '../../src/admin/admin-plugin.tsx';
import { type Actor, ROLES, type Role } from '../../src/content/roles.ts';
import { createCategory } from '../../src/content/use-cases/taxonomy.ts';
import { createDraft, publish as publishNow } from '../../src/content/use-cases/article-workflow.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { utcToLocal } from '../../src/core/time-zone.ts';
import { slugify } from '../../src/arabic/slug.ts';
import { testApp } from '../helpers/test-app.ts';
import { uploadImage } from '../../src/content/use-cases/media.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { numberedJpeg } from '../media/sample-images.ts';
import { AdminClient, addUser, signedIn, TEST_PASSWORD } from './admin-client.ts';

type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', ...ROLES];
const SIGNED_IN: readonly Who[] = ROLES;
const AUTHORS: readonly Who[] = ['author', 'editor', 'administrator'];
const EDITORS: readonly Who[] = ['editor', 'administrator'];
const ADMINS: readonly Who[] = ['administrator'];

/**
 * Who may use each route (everyone else: 401 when anonymous, 403 when signed in).
 * Written out by hand, not derived from roles.ts, so that a change of the
 * permission table shows up here as a decision.
 */
const MATRIX: Record<string, readonly Who[]> = {
  'GET /admin/assets/admin.css': WHO,
  'GET /admin/login': WHO,
  'POST /admin/login': WHO,
  'POST /admin/logout': SIGNED_IN,
  'GET /admin': SIGNED_IN,
  'GET /admin/account': SIGNED_IN,
  'POST /admin/account/password': SIGNED_IN,
  'GET /admin/articles': SIGNED_IN,
  'GET /admin/users': ADMINS,
  'POST /admin/users': ADMINS,
  'GET /admin/users/:id': ADMINS,
  'POST /admin/users/:id': ADMINS,
  'POST /admin/users/:id/password': ADMINS,
  'POST /admin/users/:id/delete': ADMINS,
  'GET /admin/categories': EDITORS,
  'POST /admin/categories': EDITORS,
  'GET /admin/categories/:id': EDITORS,
  'POST /admin/categories/:id': EDITORS,
  'POST /admin/categories/:id/move': EDITORS,
  'POST /admin/categories/:id/delete': EDITORS,
  'GET /admin/tags': EDITORS,
  'GET /admin/tags/:id': EDITORS,
  'POST /admin/tags/:id': EDITORS,
  'POST /admin/tags/:id/merge': EDITORS,
  'GET /admin/settings': ADMINS,
  'POST /admin/settings': ADMINS,
  'GET /api/admin/me': SIGNED_IN,
  'GET /api/admin/articles': SIGNED_IN,
  'GET /api/admin/users': ADMINS,
  // Article editor (docs/adr/015). Fixtures are articles written by another newsroom user, so these rows say
  // who may open and change someone else's article; EDITOR_RULES below covers one's own articles.
  'GET /admin/assets/editor.js': WHO,
  'GET /admin/assets/editor.css': WHO,
  'GET /admin/articles/new': SIGNED_IN,
  'POST /admin/articles/new': SIGNED_IN,
  'POST /api/admin/articles/autosave': SIGNED_IN,
  'GET /admin/articles/:id': EDITORS,
  'POST /admin/articles/:id': EDITORS,
  'POST /api/admin/articles/:id/autosave': EDITORS,
  'GET /admin/articles/:id/preview': EDITORS,
  'GET /admin/articles/:id/revisions': EDITORS,
  'GET /admin/articles/:id/revisions/diff': EDITORS,
  'POST /admin/articles/:id/revisions/:number/restore': EDITORS,
  // Media library (docs/adr/013). Fixture images have no uploader, so changing or deleting one needs an editor
  // (MEDIA_RULES below covers one's own images).
  'GET /admin/media': AUTHORS,
  'POST /admin/media': AUTHORS,
  'GET /admin/media/:id': AUTHORS,
  'POST /admin/media/:id': EDITORS,
  'POST /admin/media/:id/delete': EDITORS,
  'GET /api/admin/media': AUTHORS,
  // Feed sources (sources.manage). Fixture sources name a loopback address the test config refuses, so "poll now" sends nothing.
  'GET /admin/sources': EDITORS,
  'POST /admin/sources': EDITORS,
  'GET /admin/sources/:id': EDITORS,
  'POST /admin/sources/:id': EDITORS,
  'POST /admin/sources/:id/delete': EDITORS,
  'POST /admin/sources/:id/poll': EDITORS,
  'GET /admin/sources/:id/errors': EDITORS,
  // Splitting an item out of a wrongly grouped story (story-split.ts): sources.manage, like the page that shows the button.
  'POST /admin/sources/:id/items/:item/split': EDITORS,
  // The back office's own 404 page for /admin paths no route serves (NOT_FOUND_ROUTES below): everyone gets it.
  'GET /admin/*': WHO,
  'POST /admin/*': WHO,
  'GET /api/admin/*': WHO,
  'POST /api/admin/*': WHO,
};

/** Catch-all routes: they answer 404 (the admin's page, or its JSON) to everyone allowed to reach them. */
const NOT_FOUND_ROUTES = new Set(['GET /admin/*', 'POST /admin/*', 'GET /api/admin/*', 'POST /api/admin/*']);

/** Routes that end or replace the session making the request: each gets a fresh user and login. */
const SESSION_CHANGING = new Set(['POST /admin/login', 'POST /admin/logout', 'POST /admin/account/password']);

let n = 0;
const app = await testApp();

/** For a route and a requester: the URL parameters (fresh fixtures) and the form to send. */
interface Call {
  params?: Record<string, string>;
  form?: Record<string, string>;
  /** A body to send instead of `form` (a multipart upload). */
  body?: { payload: Buffer; contentType: string };
}
const FIXTURES: Record<string, (who: Who, self?: { email: string }) => Promise<Call>> = {
  'POST /admin/login': async (_who) => {
    const user = await addUser(app, 'contributor');
    return { form: { email: user.email, password: TEST_PASSWORD, next: '/admin' } };
  },
  'POST /admin/account/password': async () => ({ form: { current_password: TEST_PASSWORD, password: 'كلمة مرور جديدة للاختبار 77' } }),
  'POST /admin/users': async (who) => ({ form: { email: `made-by-${who}-${++n}@example.com`, display_name: '', role: 'author', password: TEST_PASSWORD } }),
  'GET /admin/users/:id': async () => ({ params: { id: String((await addUser(app, 'contributor')).id) } }),
  'POST /admin/users/:id': async () => ({ params: { id: String((await addUser(app, 'contributor')).id) }, form: { display_name: 'اسم جديد', role: 'author', active: '1' } }),
  'POST /admin/users/:id/password': async () => ({ params: { id: String((await addUser(app, 'contributor')).id) }, form: { password: 'كلمة مرور أخرى للاختبار 88' } }),
  'POST /admin/users/:id/delete': async () => ({ params: { id: String((await addUser(app, 'contributor')).id) }, form: { confirm: '1' } }),
  'POST /admin/categories': async (who) => ({ form: { name: `قسم ${who} ${++n}`, slug: '', parent_id: '' } }),
  'GET /admin/categories/:id': async () => ({ params: { id: String(await category()) } }),
  'POST /admin/categories/:id': async () => ({ params: { id: String(await category()) }, form: { name: `قسم معدل ${++n}`, slug: '', parent_id: '' } }),
  'POST /admin/categories/:id/move': async () => ({ params: { id: String(await category()) }, form: { direction: 'up' } }),
  'POST /admin/categories/:id/delete': async () => ({ params: { id: String(await category()) }, form: { confirm: '1' } }),
  'GET /admin/tags/:id': async () => ({ params: { id: String((await tag()).id) } }),
  'POST /admin/tags/:id': async () => ({ params: { id: String((await tag()).id) }, form: { name: `وسم معدل ${++n}`, slug: '' } }),
  'POST /admin/tags/:id/merge': async () => ({ params: { id: String((await tag()).id) }, form: { into: (await tag()).slug } }),
  'POST /admin/articles/new': async (who) => ({ form: articleForm(await localCategory(), { title: `خبر جديد من ${who} ${++n}` }) }),
  'POST /api/admin/articles/autosave': async (who) => ({ form: articleForm(await localCategory(), { title: `مسودة محفوظة آلياً من ${who} ${++n}` }) }),
  'GET /admin/articles/:id': async () => ({ params: { id: String((await othersArticle()).id) } }),
  'POST /admin/articles/:id': async () => {
    const a = await othersArticle();
    return { params: { id: String(a.id) }, form: articleForm(a.category_id, { title: `تعديل ${++n}`, expected_revision: String(a.revision) }) };
  },
  'POST /api/admin/articles/:id/autosave': async () => {
    const a = await othersArticle();
    return { params: { id: String(a.id) }, form: articleForm(a.category_id, { title: `تعديل آلي ${++n}`, expected_revision: String(a.revision) }) };
  },
  'GET /admin/articles/:id/preview': async () => ({ params: { id: String((await othersArticle()).id) } }),
  'GET /admin/articles/:id/revisions': async () => ({ params: { id: String((await othersArticle()).id) } }),
  'GET /admin/articles/:id/revisions/diff': async () => ({ params: { id: String((await othersArticle(2)).id) } }),
  'POST /admin/articles/:id/revisions/:number/restore': async () => {
    const a = await othersArticle(2);
    return { params: { id: String(a.id), number: '1' }, form: { expected_revision: String(a.revision) } };
  },
  'POST /admin/media': async (who) => {
    const form = new FormData();
    form.append('alt', `صورة من ${who}`);
    form.append('file', new Blob([new Uint8Array(await numberedJpeg(++n, 64, 48))], { type: 'image/jpeg' }), `صورة ${n}.jpg`);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    return { body: { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! } };
  },
  'GET /admin/media/:id': async () => ({ params: { id: String(await mediaItem()) } }),
  'POST /admin/media/:id': async () => ({ params: { id: String(await mediaItem()) }, form: { alt: `نص بديل ${++n}` } }),
  'POST /admin/media/:id/delete': async () => ({ params: { id: String(await mediaItem()) }, form: { confirm: '1' } }),
  'POST /admin/sources': async (who) => ({ form: sourceForm(`${who}-${++n}`, await localCategory()) }),
  'GET /admin/sources/:id': async () => ({ params: { id: String(await feedSource()) } }),
  'POST /admin/sources/:id': async () => ({ params: { id: String(await feedSource()) }, form: sourceForm(`edited-${++n}`, await localCategory()) }),
  'POST /admin/sources/:id/delete': async () => ({ params: { id: String(await feedSource()) }, form: { confirm: '1' } }),
  'POST /admin/sources/:id/poll': async () => ({ params: { id: String(await feedSource()) } }),
  'GET /admin/sources/:id/errors': async () => ({ params: { id: String(await feedSource()) } }),
  'POST /admin/sources/:id/items/:item/split': async () => {
    const { source, item } = await joinedItem();
    return { params: { id: String(source), item: String(item) } };
  },
  'POST /admin/settings': async () => ({
    form: { site_name: 'جريدة', tagline: 'أخبار', locale: 'ar-LY', digits: 'latn', calendar: 'gregory', time_zone: 'Africa/Tripoli', copyright_holder: 'جريدة' },
  }),
};

/** The author of the editor rows' articles: a newsroom user who never makes a request here (created_by has no foreign key). */
const OWNER: Actor = { user_id: 990_001, role: 'editor' };

async function localCategory(): Promise<number> {
  return (await app.store.categories.all())[0]!.id;
}

/** Every field of the editor form, valid, with `over` on top. */
function articleForm(categoryId: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'خبر',
    slug: '',
    excerpt: '',
    body: '<p>نص الخبر.</p>',
    category_id: String(categoryId),
    tags: 'اختبار، مصفوفة',
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

/** A draft by {@link OWNER} with `revisions` revisions; returns its id, category and latest revision. */
async function othersArticle(revisions = 1): Promise<{ id: number; category_id: number; revision: number }> {
  const made = await createDraft(app.workflow, OWNER, { title: `خبر زميل ${++n}`, body: '<p>نص.</p>', category_id: await localCategory() });
  let revision = made.revision;
  for (let i = 1; i < revisions; i++) revision = (await updateArticle(app.workflow, OWNER, made.article.id, { title: `خبر زميل معدل ${++n}` })).revision;
  return { id: made.article.id, category_id: made.article.category_id, revision };
}

/** A new image in the media library, uploaded by no one in particular. */
async function mediaItem(): Promise<number> {
  return (await uploadImage(app.media, null, { filename: `fixture-${++n}.jpg`, bytes: await numberedJpeg(n, 64, 48), alt: 'صورة' })).media.id;
}

/** Every field of the feed source form, valid, for a feed named `name`. */
function sourceForm(name: string, categoryId: number): Record<string, string> {
  return { url: `http://127.0.0.1:9/${name}.xml`, outlet_name: `وكالة ${name}`, default_category: String(categoryId), category_map: '', poll_interval: '15', mode: 'draft' };
}

/** A feed source on a loopback address the test config refuses. */
async function feedSource(): Promise<number> {
  const name = `fixture-${++n}`;
  return (await addFeedSource(app.store, app.clock, { url: `http://127.0.0.1:9/${name}.xml`, outlet_name: `وكالة ${name}`, default_category: await localCategory() })).id;
}

/** A fixture source's item grouped into another article's story, with its text kept (so it can be split). */
async function joinedItem(): Promise<{ source: number; item: number }> {
  const source = await feedSource();
  const lead = await othersArticle();
  const now = app.clock.now().toISOString();
  const entry = JSON.stringify({ url: `https://example.org/joined-${++n}`, html: '<p>نص.</p>', published_at: now, published_at_precision: 'second', author: null, image_url: null, category_id: lead.category_id });
  const item = await app.store.transaction(async (repos) => {
    const story = await repos.feeds.storyOf(lead.id, now);
    const row = { source_id: source, guid: `joined-${n}`, url: `https://example.org/joined-${n}`, title: `خبر مضموم ${n}`, outlet_name: 'وكالة', content_hash: 'x' };
    return repos.feeds.insertItem({ ...row, article_id: lead.id, story_id: story, fetched_at: now, updated_at: now, entry });
  });
  return { source, item };
}

async function category(): Promise<number> {
  const c = await app.store.transaction((repos) => createCategory(repos, null, { name: `قسم مؤقت ${++n}`, parent_id: null }));
  return c.id;
}

async function tag() {
  const name = `وسم مؤقت ${++n}`;
  return app.store.transaction((repos) => repos.tags.findOrCreate(name, `وسم-مؤقت-${n}`));
}

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | 'not found' | `unexpected ${number}`;

function outcome(res: LightMyRequestResponse): Outcome {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 401 || (res.statusCode === 303 && location.startsWith('/admin/login?next='))) return 'unauthenticated';
  if (res.statusCode === 403) return 'forbidden';
  if (res.statusCode === 200 || res.statusCode === 303) return 'allowed';
  if (res.statusCode === 404 && (res.body.includes('<body class="admin">') || res.body.includes('"JARIDA_NOT_FOUND"'))) return 'not found';
  return `unexpected ${res.statusCode}`;
}

const clients = new Map<Who, AdminClient>();

async function clientFor(who: Who, fresh: boolean): Promise<AdminClient> {
  if (who === 'anonymous') {
    const c = new AdminClient(app, `127.0.200.${(++n % 250) + 1}`);
    await c.get('/admin/login'); // a CSRF token, as a visitor of the login page has
    return c;
  }
  if (!fresh && clients.has(who)) return clients.get(who)!;
  const { client } = await signedIn(app, who);
  if (!fresh) clients.set(who, client);
  return client;
}

let routes: AdminRouteInfo[] = [];

before(async () => {
  await app.http.ready();
  routes = app.http.adminRoutes;
});

after(() => app.dispose());

test('every registered admin route is in the matrix, and the matrix names no route that does not exist', () => {
  const registered = routes.map((r) => `${r.method} ${r.url}`);
  assert.ok(registered.length >= Object.keys(MATRIX).length / 2, 'admin routes were not recorded');
  const missing = registered.filter((r) => !(r in MATRIX));
  assert.deepEqual(missing, [], `admin routes missing from MATRIX in test/admin/route-matrix.test.ts (add a row, and a fixture for new :params):\n  ${missing.join('\n  ')}`);
  const stale = Object.keys(MATRIX).filter((r) => !registered.includes(r));
  assert.deepEqual(stale, [], 'MATRIX rows for routes that are not registered');
});

test('each route answers each role as the matrix says (anonymous: 401 or the login redirect; others: 403)', async () => {
  const failures: string[] = [];
  for (const route of routes) {
    const key = `${route.method} ${route.url}`;
    const allowed = MATRIX[key];
    if (!allowed) continue;
    for (const who of WHO) {
      const client = await clientFor(who, SESSION_CHANGING.has(key));
      const call = (await FIXTURES[key]?.(who)) ?? {};
      const url = route.url.replace(/:(\w+)/gu, (_m, name: string) => {
        const value = call.params?.[name];
        if (value === undefined) throw new Error(`no fixture for :${name} of ${key}: add one to FIXTURES`);
        return value;
      });
      const res = await client.request(route.method as 'GET' | 'POST', url, route.method === 'GET' || call.body ? undefined : (call.form ?? {}), call.body ? { body: call.body } : {});
      const reached: Outcome = NOT_FOUND_ROUTES.has(key) ? 'not found' : 'allowed';
      const expected: Outcome = allowed.includes(who) ? reached : who === 'anonymous' ? 'unauthenticated' : 'forbidden';
      const got = outcome(res);
      if (got !== expected) failures.push(`${key} as ${who}: expected ${expected}, got ${got} (${res.statusCode} ${String(res.headers.location ?? '')} ${res.body.slice(0, 160).replace(/\s+/gu, ' ')})`);
    }
  }
  assert.deepEqual(failures, []);
});

test('refused requests changed nothing: only the administrator created a user', async () => {
  const made = (await app.store.users.list()).filter((u) => u.email.startsWith('made-by-')).map((u) => u.email.replace(/-\d+@.*$/u, ''));
  assert.deepEqual(made, ['made-by-administrator']);
});

test('refused requests changed nothing: only the editor and the administrator added a feed source', async () => {
  const made = (await app.store.feeds.listSources())
    .map((s) => /^وكالة (anonymous|contributor|author|editor|administrator)-\d+$/u.exec(s.outlet_name)?.[1])
    .filter((who) => who !== undefined)
    .sort();
  assert.deepEqual(made, ['administrator', 'editor']);
});

test('an admin route without a permission, or outside the admin scope, makes start-up fail', async () => {
  const { registerAdmin } = await import('../../src/admin/admin-plugin.tsx');
  const Fastify = (await import('fastify')).default;
  const http = Fastify();
  registerAdmin(http, { store: app.store, clock: app.clock, site: async () => ({}) as never, sessionSecret: 'x'.repeat(40) }, [
    (admin) => {
      admin.get('/admin/forgotten', async () => 'no permission');
    },
  ]);
  await assert.rejects(async () => http.ready(), /admin route GET \/admin\/forgotten declares no permission/u);
  await http.close();

  // A route with a permission but outside the admin scope would skip the checks: refused too.
  const outside = Fastify();
  registerAdmin(outside, { store: app.store, clock: app.clock, site: async () => ({}) as never, sessionSecret: 'x'.repeat(40) }, []);
  assert.throws(() => outside.get('/api/admin/stray', { config: { permission: 'admin.access' } }, async () => 'unchecked'), /outside the admin scope/u);
  await outside.close();
});

/**
 * The article editor's finer rules, on the requester's own articles and a
 * colleague's: what the role × route rows above cannot say, since the
 * answer depends on whose article it is and which button was pressed.
 * Each row: who acts, on whose article (in which status), the request, the answer.
 */
type Whose = 'own draft' | 'own published' | "another author's draft";
interface EditorRule {
  who: Role;
  whose: Whose;
  request: 'open' | 'preview' | 'history' | 'autosave' | 'restore' | `press ${'save' | 'submit' | 'publish' | 'schedule' | 'unpublish'}`;
  expect: 'allowed' | 'forbidden';
}
const EDITOR_RULES: readonly EditorRule[] = [
  { who: 'contributor', whose: 'own draft', request: 'open', expect: 'allowed' },
  { who: 'contributor', whose: 'own draft', request: 'press save', expect: 'allowed' },
  { who: 'contributor', whose: 'own draft', request: 'autosave', expect: 'allowed' },
  { who: 'contributor', whose: 'own draft', request: 'press submit', expect: 'allowed' },
  { who: 'contributor', whose: 'own draft', request: 'press publish', expect: 'forbidden' },
  { who: 'contributor', whose: 'own draft', request: 'press schedule', expect: 'forbidden' },
  { who: 'contributor', whose: 'own draft', request: 'preview', expect: 'allowed' },
  { who: 'contributor', whose: 'own draft', request: 'history', expect: 'allowed' },
  { who: 'contributor', whose: 'own published', request: 'open', expect: 'allowed' },
  { who: 'contributor', whose: 'own published', request: 'press save', expect: 'forbidden' },
  { who: 'contributor', whose: 'own published', request: 'press unpublish', expect: 'forbidden' },
  { who: 'contributor', whose: 'own published', request: 'restore', expect: 'forbidden' },
  { who: 'author', whose: 'own draft', request: 'press publish', expect: 'allowed' },
  { who: 'author', whose: 'own draft', request: 'press schedule', expect: 'allowed' },
  { who: 'author', whose: 'own published', request: 'press unpublish', expect: 'allowed' },
  { who: 'author', whose: 'own published', request: 'restore', expect: 'allowed' },
  { who: 'author', whose: "another author's draft", request: 'open', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'press save', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'press publish', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'autosave', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'preview', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'history', expect: 'forbidden' },
  { who: 'author', whose: "another author's draft", request: 'restore', expect: 'forbidden' },
  { who: 'editor', whose: "another author's draft", request: 'press publish', expect: 'allowed' },
];

test('the editor on own and others\' articles: a contributor cannot publish; an author cannot edit another\'s article', async () => {
  const otherAuthor = (await signedIn(app, 'author')).user;
  const failures: string[] = [];
  for (const rule of EDITOR_RULES) {
    const { client, user } = await signedIn(app, rule.who);
    const owner: Actor = rule.whose === "another author's draft" ? { user_id: otherAuthor.id, role: 'author' } : { user_id: user.id, role: rule.who };
    const local = await localCategory();
    const made = await createDraft(app.workflow, owner, { title: `خبر القاعدة ${++n}`, body: '<p>نص.</p>', category_id: local });
    let revision = (await updateArticle(app.workflow, owner, made.article.id, { title: `خبر القاعدة معدل ${n}` })).revision;
    if (rule.whose === 'own published') revision = (await publishNow(app.workflow, { user_id: OWNER.user_id, role: 'editor' }, made.article.id)).revision;
    const id = made.article.id;
    const before = await app.store.articles.findById(id);
    await client.get('/admin/articles/new'); // a CSRF token
    // An hour ahead as the form shows time: in the site's zone (a past time is refused when scheduling).
    const future = utcToLocal(new Date(app.clock.now().getTime() + 3_600_000).toISOString(), 'Africa/Tripoli');
    const stored = (await app.store.articles.findById(id))?.published_at;
    const shown = stored ? utcToLocal(stored, 'Africa/Tripoli') : '';
    const form = (action: string) => articleForm(local, { title: `تغيير ${n}`, expected_revision: String(revision), action, published_at: action === 'schedule' ? future : shown });
    let res;
    if (rule.request === 'open') res = await client.get(`/admin/articles/${id}`);
    else if (rule.request === 'preview') res = await client.get(`/admin/articles/${id}/preview`);
    else if (rule.request === 'history') res = await client.get(`/admin/articles/${id}/revisions`);
    else if (rule.request === 'autosave') res = await client.post(`/api/admin/articles/${id}/autosave`, form('save'));
    else if (rule.request === 'restore') res = await client.post(`/admin/articles/${id}/revisions/1/restore`, { expected_revision: String(revision) });
    else res = await client.post(`/admin/articles/${id}`, form(rule.request.slice('press '.length)));
    const got = outcome(res);
    const label = `${rule.who} / ${rule.whose} / ${rule.request}`;
    if (got !== rule.expect) failures.push(`${label}: expected ${rule.expect}, got ${got} (${res.statusCode} ${res.body.slice(0, 120).replace(/\s+/gu, ' ')})`);
    if (rule.expect === 'forbidden') {
      const after = await app.store.articles.findById(id);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${label}: a refused request changed the article`);
    }
  }
  assert.deepEqual(failures, []);

  // Pressing "publish" on a new article as a contributor creates nothing.
  const { client } = await signedIn(app, 'contributor');
  await client.get('/admin/articles/new');
  const count = async () => (await app.store.articles.listPublished({ now: '9999-01-01T00:00:00.000Z', limit: 1, offset: 0 })).total;
  const published = await count();
  const title = `لن يُنشر ${++n}`;
  const res = await client.post('/admin/articles/new', articleForm(await localCategory(), { title, action: 'publish' }));
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /دورك لا يسمح بهذا الإجراء/u);
  assert.equal(await count(), published);
  assert.equal(await app.store.articles.slugTaken(slugify(title)), false, 'no draft was left behind');
});

/**
 * The media library's owner rule: the uploader, or an editor or
 * administrator, may change an image's alt text or delete it; anyone else
 * who may use the library sees it and gets 403 for those. Each row: who
 * acts, on whose image, the request, the answer.
 */
interface MediaRule {
  who: Role;
  whose: 'own' | "another author's" | 'no uploader';
  request: 'open' | 'edit alt text' | 'delete';
  expect: 'allowed' | 'forbidden';
}
const MEDIA_RULES: readonly MediaRule[] = [
  { who: 'author', whose: 'own', request: 'open', expect: 'allowed' },
  { who: 'author', whose: 'own', request: 'edit alt text', expect: 'allowed' },
  { who: 'author', whose: 'own', request: 'delete', expect: 'allowed' },
  { who: 'author', whose: "another author's", request: 'open', expect: 'allowed' },
  { who: 'author', whose: "another author's", request: 'edit alt text', expect: 'forbidden' },
  { who: 'author', whose: "another author's", request: 'delete', expect: 'forbidden' },
  { who: 'author', whose: 'no uploader', request: 'edit alt text', expect: 'forbidden' },
  // A contributor has no library; an image they uploaded while they were an author is no longer theirs to change.
  { who: 'contributor', whose: 'own', request: 'edit alt text', expect: 'forbidden' },
  { who: 'contributor', whose: "another author's", request: 'edit alt text', expect: 'forbidden' },
  { who: 'editor', whose: "another author's", request: 'edit alt text', expect: 'allowed' },
  { who: 'editor', whose: "another author's", request: 'delete', expect: 'allowed' },
  { who: 'administrator', whose: "another author's", request: 'edit alt text', expect: 'allowed' },
];

test("media: only the uploader, an editor or an administrator changes or deletes an image; others get 403 and change nothing", async () => {
  const otherAuthor = (await signedIn(app, 'author')).user;
  const failures: string[] = [];
  for (const rule of MEDIA_RULES) {
    const { client, user } = await signedIn(app, rule.who);
    const uploader = rule.whose === 'own' ? { user_id: user.id, role: 'author' as const } : rule.whose === "another author's" ? { user_id: otherAuthor.id, role: 'author' as const } : null;
    const id = (await uploadImage(app.media, uploader, { filename: `rule-${++n}.jpg`, bytes: await numberedJpeg(n, 64, 48), alt: 'نص أول' })).media.id;
    await client.get('/admin/articles'); // a CSRF token
    const res =
      rule.request === 'open'
        ? await client.get(`/admin/media/${id}`)
        : await client.post(`/admin/media/${id}${rule.request === 'delete' ? '/delete' : ''}`, rule.request === 'delete' ? { confirm: '1' } : { alt: `نص جديد ${n}` });
    const got = outcome(res);
    const label = `${rule.who} / ${rule.whose} / ${rule.request}`;
    if (got !== rule.expect) failures.push(`${label}: expected ${rule.expect}, got ${got} (${res.statusCode} ${res.body.slice(0, 120).replace(/\s+/gu, ' ')})`);
    const after = await app.store.media.findById(id);
    if (rule.expect === 'forbidden' && after?.alt !== 'نص أول') failures.push(`${label}: a refused request changed or deleted the image`);
    if (rule.request === 'open' && rule.whose !== 'own' && /name="alt"/u.test(res.body)) failures.push(`${label}: the page offers an alt text form`);
  }
  assert.deepEqual(failures, []);
});
