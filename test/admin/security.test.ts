// Back-office security: CSRF, the wrong-password limit per account (429 and
// a log line) and per address, sessions that end at once (logout, password
// change, deactivation) and roles that change at once, cookie flags, the
// session secret, and security headers on admin and reader pages.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createApp } from '../../src/app.tsx';
import { LOGIN_REQUESTS_PER_IP_PER_MINUTE } from '../../src/admin/admin-plugin.tsx';
import { sessionSecret } from '../../src/admin/session-secret.ts';
import type { Clock } from '../../src/core/clock.ts';
import { LOGIN_MAX_FAILURES, LOGIN_WINDOW_MS } from '../../src/content/use-cases/users.ts';
import { tempDir, testApp, testConfig } from '../helpers/test-app.ts';
import { AdminClient, addUser, signedIn, TEST_PASSWORD } from './admin-client.ts';

test('a state-changing request without a valid CSRF token is refused and changes nothing', async () => {
  const app = await testApp();
  try {
    const { client } = await signedIn(app, 'administrator');
    const before = (await app.store.users.list()).length;
    const form = { email: 'csrf@example.com', role: 'author', password: TEST_PASSWORD };

    const none = await client.post('/admin/users', form, { csrf: false });
    assert.equal(none.statusCode, 403);
    assert.match(none.body, /انتهت صلاحية النموذج/u);
    const forged = await client.post('/admin/users', form, { csrf: 'forged-token-forged-token' });
    assert.equal(forged.statusCode, 403);
    // A real token of another session (another user's) is refused too: tokens are bound to their session.
    const { client: other } = await signedIn(app, 'administrator');
    assert.equal((await client.post('/admin/users', form, { csrf: other.csrf })).statusCode, 403);
    assert.equal((await app.store.users.list()).length, before + 1, 'only the second administrator was added, by signedIn');

    // The login form is protected as well (login CSRF).
    const visitor = new AdminClient(app);
    assert.equal((await visitor.post('/admin/login', { email: 'x@example.com', password: 'y' }, { csrf: false })).statusCode, 403);

    const ok = await client.post('/admin/users', form);
    assert.equal(ok.statusCode, 303);
    assert.equal((await app.store.users.list()).length, before + 2);
  } finally {
    await app.dispose();
  }
});

test('ten wrong passwords for one account answer 429 and are logged; the lock lifts after the window', async () => {
  let now = Date.parse('2025-03-01T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const lines: string[] = [];
  const config = testConfig({ logLevel: 'info' });
  const app = await createApp(config, { clock, logStream: { write: (line) => void lines.push(line) } });
  try {
    const victim = await addUser(app, 'editor', 'victim@example.com');
    const other = await addUser(app, 'author', 'other@example.com');
    const statuses: number[] = [];
    for (let i = 1; i <= LOGIN_MAX_FAILURES; i++) {
      // Each attempt from another address: the limit is per account, not only per address.
      const client = new AdminClient(app, `127.0.1.${i}`);
      const res = await client.login('Victim@Example.com', `wrong password number ${i}`);
      statuses.push(res.statusCode);
      now += 1000;
    }
    assert.deepEqual(statuses, [...Array(LOGIN_MAX_FAILURES - 1).fill(401), 429]);

    // Locked: even the right password answers 429, with Retry-After and an Arabic message.
    const locked = await new AdminClient(app, '127.0.2.1').login(victim.email);
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.match(locked.body, /محاولات دخول خاطئة كثيرة/u);
    // Other accounts are not affected.
    assert.equal((await new AdminClient(app, '127.0.2.2').login(other.email)).statusCode, 303);

    const warnings = lines.map((l) => JSON.parse(l) as { level: number; msg: string; email?: string; failures?: number }).filter((l) => l.level === 40 && /too many wrong passwords/u.test(l.msg));
    assert.ok(warnings.length >= 2, 'the lock is logged at warn level');
    assert.equal(warnings[0]?.email, 'victim@example.com');
    assert.equal(warnings[0]?.failures, LOGIN_MAX_FAILURES);
    assert.ok(!lines.some((l) => l.includes('wrong password number')), 'passwords never reach the log');

    now += LOGIN_WINDOW_MS;
    assert.equal((await new AdminClient(app, '127.0.2.3').login(victim.email)).statusCode, 303);
  } finally {
    await app.close();
  }
});

test('ten wrong current passwords in the password change form answer 429 and are logged; sign-in shares the count', async () => {
  let now = Date.parse('2025-03-02T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const lines: string[] = [];
  const app = await createApp(testConfig({ logLevel: 'info' }), { clock, logStream: { write: (line) => void lines.push(line) } });
  try {
    // A session left open: whoever has it must not be able to guess the password through this form.
    const { client, user } = await signedIn(app, 'author');
    await client.get('/admin/account');
    const next = 'عبارة مرور جديدة وطويلة';
    const statuses: number[] = [];
    for (let i = 1; i <= LOGIN_MAX_FAILURES; i++) {
      statuses.push((await client.post('/admin/account/password', { current_password: `typed guess no. ${i}`, password: next })).statusCode);
      now += 1000;
    }
    assert.deepEqual(statuses, [...Array(LOGIN_MAX_FAILURES - 1).fill(400), 429]);

    // Locked: the right current password answers 429 too, with Retry-After and the wait in words.
    const locked = await client.post('/admin/account/password', { current_password: TEST_PASSWORD, password: next });
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    assert.match(locked.body, /كلمات مرور خاطئة كثيرة لهذا الحساب\. حاول مرة أخرى بعد 15 دقيقة\./u);
    assert.match(locked.body, /id="f-current_password"[^>]*aria-invalid="true"/u);
    const before = (await app.store.users.findById(user.id))?.password_changed_at;
    assert.equal(before, user.password_changed_at, 'the password did not change');
    // One count per account: the sign-in form is locked for it as well.
    assert.equal((await new AdminClient(app, '127.0.7.1').login(user.email)).statusCode, 429);

    const warnings = lines
      .map((l) => JSON.parse(l) as { level: number; msg: string; email?: string; failures?: number; user_id?: number })
      .filter((l) => l.level === 40 && /password change refused, too many wrong passwords/u.test(l.msg));
    assert.ok(warnings.length >= 2, 'the lock is logged at warn level');
    assert.equal(warnings[0]?.email, user.email);
    assert.equal(warnings[0]?.user_id, user.id);
    assert.equal(warnings[0]?.failures, LOGIN_MAX_FAILURES);
    assert.ok(!lines.some((l) => l.includes('typed guess no.') || l.includes(next)), 'passwords never reach the log');

    now += LOGIN_WINDOW_MS;
    assert.equal((await client.post('/admin/account/password', { current_password: TEST_PASSWORD, password: next })).statusCode, 303);
  } finally {
    await app.close();
  }
});

test('wrong sign-in passwords lock the password change form of the same account', async () => {
  const app = await testApp();
  try {
    const { client, user } = await signedIn(app, 'editor');
    for (let i = 1; i <= LOGIN_MAX_FAILURES; i++) await new AdminClient(app, `127.0.8.${i}`).login(user.email, `guess number ${i}`);
    await client.get('/admin/account');
    const res = await client.post('/admin/account/password', { current_password: TEST_PASSWORD, password: 'عبارة مرور جديدة وطويلة' });
    assert.equal(res.statusCode, 429);
    assert.equal((await app.store.users.findById(user.id))?.password_changed_at, user.password_changed_at);
  } finally {
    await app.dispose();
  }
});

test('login requests from one address are limited per minute', async () => {
  const app = await testApp();
  try {
    const client = new AdminClient(app, '127.0.3.1');
    await client.get('/admin/login');
    const statuses: number[] = [];
    for (let i = 0; i <= LOGIN_REQUESTS_PER_IP_PER_MINUTE; i++) {
      statuses.push((await client.post('/admin/login', { email: `nobody${i}@example.com`, password: 'whatever it is 123' })).statusCode);
    }
    assert.deepEqual(statuses.slice(0, -1), Array(LOGIN_REQUESTS_PER_IP_PER_MINUTE).fill(401));
    assert.equal(statuses.at(-1), 429);
  } finally {
    await app.dispose();
  }
});

test('logout, a password change and deactivation end sessions at once; a role change applies at once', async () => {
  const app = await testApp();
  try {
    const { client: admin } = await signedIn(app, 'administrator');

    // Logout: the old cookie is worth nothing afterwards, and its row is gone.
    const { client: leaving } = await signedIn(app, 'author');
    const stolen = leaving.cookies.get('jarida_session')!;
    assert.equal((await leaving.post('/admin/logout')).headers.location, '/admin/login?notice=notice_logged_out');
    const replay = new AdminClient(app);
    replay.cookies.set('jarida_session', stolen);
    const res = await replay.get('/admin');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/admin\/login\?next=/u);

    // Password change: the other device is signed out, the device that changed it is not.
    const { client: laptop, user } = await signedIn(app, 'editor');
    const phone = new AdminClient(app, '127.0.4.1');
    assert.equal((await phone.login(user.email)).statusCode, 303);
    const changed = await laptop.post('/admin/account/password', { current_password: TEST_PASSWORD, password: 'عبارة مرور جديدة وطويلة' });
    assert.equal(changed.statusCode, 303);
    assert.equal((await laptop.get('/admin')).statusCode, 200);
    assert.equal((await phone.get('/admin')).statusCode, 303);

    // Role change: the next request of the same session has the new role.
    assert.equal((await laptop.get('/admin/categories')).statusCode, 200);
    await admin.get(`/admin/users/${user.id}`);
    assert.equal((await admin.post(`/admin/users/${user.id}`, { display_name: user.display_name, role: 'contributor', active: '1' })).statusCode, 303);
    assert.equal((await laptop.get('/admin/categories')).statusCode, 403);

    // Deactivation: the session ends and the account cannot sign in.
    await admin.post(`/admin/users/${user.id}`, { display_name: user.display_name, role: 'contributor' });
    assert.equal((await laptop.get('/admin')).statusCode, 303);
    const again = await new AdminClient(app, '127.0.4.2').login(user.email, 'عبارة مرور جديدة وطويلة');
    assert.equal(again.statusCode, 401);
    assert.match(again.body, /هذا الحساب معطّل/u);
  } finally {
    await app.dispose();
  }
});

test('the last administrator cannot be demoted, deactivated or deleted, nor an administrator change themselves', async () => {
  const app = await testApp();
  try {
    const { client, user } = await signedIn(app, 'administrator');
    await client.get(`/admin/users/${user.id}`);
    const demote = await client.post(`/admin/users/${user.id}`, { display_name: user.display_name, role: 'editor', active: '1' });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.body, /لا يمكنك تغيير دورك/u);
    const del = await client.post(`/admin/users/${user.id}/delete`, { confirm: '1' });
    assert.equal(del.statusCode, 409);
    assert.equal((await app.store.users.findById(user.id))?.role, 'administrator');
  } finally {
    await app.dispose();
  }
});

test('cookies: HttpOnly and SameSite=Lax; Secure when the request came over HTTPS through a trusted proxy', async () => {
  const plain = await testApp();
  const proxied = await testApp({ config: testConfig({ trustProxy: true }) });
  try {
    const user = await addUser(plain, 'author');
    const c = new AdminClient(plain);
    await c.get('/admin/login');
    const res = await c.post('/admin/login', { email: user.email, password: TEST_PASSWORD });
    const session = [res.headers['set-cookie']].flat().find((h) => String(h).startsWith('jarida_session='));
    assert.match(String(session), /HttpOnly/u);
    assert.match(String(session), /SameSite=Lax/iu);
    assert.doesNotMatch(String(session), /Secure/u);

    const user2 = await addUser(proxied, 'author');
    const https = { 'x-forwarded-proto': 'https' };
    const page = await proxied.http.inject({ url: '/admin/login', headers: https });
    // Over HTTPS the visitor's CSRF cookie has the __Host- prefix: no sibling subdomain can plant one.
    const csrfCookie = [page.headers['set-cookie']].flat().map(String).find((h) => h.startsWith('__Host-jarida_csrf='))!;
    assert.match(csrfCookie, /; Secure/u);
    assert.match(csrfCookie, /; Path=\//u);
    assert.doesNotMatch(csrfCookie, /Domain=/iu);
    const token = /name="_csrf" value="([^"]+)"/u.exec(page.body)![1]!;
    const login = await proxied.http.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { ...https, cookie: csrfCookie.split(';')[0]!, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, email: user2.email, password: TEST_PASSWORD }).toString(),
    });
    assert.equal(login.statusCode, 303);
    const secure = [login.headers['set-cookie']].flat().map(String).find((h) => h.startsWith('jarida_session='));
    assert.match(String(secure), /; Secure/u);
  } finally {
    await plain.dispose();
    await proxied.dispose();
  }
});

test('the session secret: generated once per data folder, mode 0600, never a default; a configured one wins', async () => {
  const dir = tempDir();
  const first = sessionSecret(dir);
  const file = join(dir, 'session-secret');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.ok(first.length >= 32);
  assert.equal(sessionSecret(dir), first, 'kept across restarts');
  assert.notEqual(sessionSecret(tempDir()), first, 'each installation has its own');
  const configured = 'c'.repeat(40);
  const other = tempDir();
  assert.equal(sessionSecret(other, configured), configured);
  assert.equal(existsSync(join(other, 'session-secret')), false);
  assert.equal(readFileSync(file, 'utf8').trim(), first);

  // A session cookie signed with another installation's secret is not accepted.
  const a = await testApp();
  const b = await testApp();
  try {
    const { client } = await signedIn(a, 'administrator');
    const foreign = new AdminClient(b);
    foreign.cookies.set('jarida_session', client.cookies.get('jarida_session')!);
    assert.equal((await foreign.get('/admin')).statusCode, 303);
  } finally {
    await a.dispose();
    await b.dispose();
  }
});

test('security headers: CSP without inline scripts, frame-ancestors and referrer policy on reader and admin pages', async () => {
  const app = await testApp();
  try {
    for (const url of ['/', '/search?q=ليبيا', '/admin/login']) {
      const res = await app.http.inject({ url });
      assert.equal(res.statusCode, 200, url);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/u, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/u, url);
      assert.match(csp, /frame-ancestors 'none'/u, url);
      assert.equal(res.headers['x-frame-options'], 'DENY', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.ok(res.headers['referrer-policy'], url);
      // No inline script or style attribute on the page that CSP would block.
      assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)(?![^>]*application\/ld\+json)[^>]*>|\sstyle="|\son[a-z]+="/u, url);
    }
    const admin = await app.http.inject({ url: '/admin/login' });
    assert.equal(admin.headers['referrer-policy'], 'same-origin');
    assert.equal(admin.headers['cache-control'], 'no-store');
    const reader = await app.http.inject({ url: '/' });
    assert.equal(reader.headers['referrer-policy'], 'strict-origin-when-cross-origin');
    // Cached reader pages keep the headers (the page cache sends stored bytes).
    const again = await app.http.inject({ url: '/' });
    assert.match(String(again.headers['content-security-policy']), /frame-ancestors/u);
  } finally {
    await app.dispose();
  }
});
