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
import { ROLES, type Role } from '../../src/content/roles.ts';
import { createCategory } from '../../src/content/use-cases/taxonomy.ts';
import { testApp } from '../helpers/test-app.ts';
import { AdminClient, addUser, signedIn, TEST_PASSWORD } from './admin-client.ts';

type Who = 'anonymous' | Role;
const WHO: readonly Who[] = ['anonymous', ...ROLES];
const SIGNED_IN: readonly Who[] = ROLES;
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
};

/** Routes that end or replace the session making the request: each gets a fresh user and login. */
const SESSION_CHANGING = new Set(['POST /admin/login', 'POST /admin/logout', 'POST /admin/account/password']);

let n = 0;
const app = await testApp();

/** For a route and a requester: the URL parameters (fresh fixtures) and the form to send. */
interface Call {
  params?: Record<string, string>;
  form?: Record<string, string>;
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
  'POST /admin/settings': async () => ({
    form: { site_name: 'جريدة', tagline: 'أخبار', locale: 'ar-LY', digits: 'latn', calendar: 'gregory', time_zone: 'Africa/Tripoli', copyright_holder: 'جريدة' },
  }),
};

async function category(): Promise<number> {
  const c = await app.store.transaction((repos) => createCategory(repos, null, { name: `قسم مؤقت ${++n}`, parent_id: null }));
  return c.id;
}

async function tag() {
  const name = `وسم مؤقت ${++n}`;
  return app.store.transaction((repos) => repos.tags.findOrCreate(name, `وسم-مؤقت-${n}`));
}

type Outcome = 'allowed' | 'unauthenticated' | 'forbidden' | `unexpected ${number}`;

function outcome(res: LightMyRequestResponse): Outcome {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 401 || (res.statusCode === 303 && location.startsWith('/admin/login?next='))) return 'unauthenticated';
  if (res.statusCode === 403) return 'forbidden';
  if (res.statusCode === 200 || res.statusCode === 303) return 'allowed';
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
      const res = await client.request(route.method as 'GET' | 'POST', url, route.method === 'GET' ? undefined : (call.form ?? {}));
      const expected: Outcome = allowed.includes(who) ? 'allowed' : who === 'anonymous' ? 'unauthenticated' : 'forbidden';
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
