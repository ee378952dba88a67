import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem, verifyPassword } from '../../src/content/passwords.ts';
import { getSiteSettings, saveSiteSettings } from '../../src/content/use-cases/settings.ts';
import { createCategory, moveCategory } from '../../src/content/use-cases/taxonomy.ts';
import { createUser, deleteUser, signIn, updateUser } from '../../src/content/use-cases/users.ts';
import { testApp } from '../helpers/test-app.ts';

const GOOD = 'قهوة الصباح على الشاطئ';

test('password rules: length in code points, common passwords (also with digits added), the email, repetition', () => {
  assert.equal(passwordProblem('a'.repeat(MIN_PASSWORD_LENGTH - 1) + 'b'), 'password_repetitive');
  assert.equal(passwordProblem('abcdefghijk'), 'password_too_short');
  // 12 Arabic letters are 12 characters, though 24 bytes.
  assert.equal(passwordProblem('كلمةسرطويلةج'), undefined);
  assert.equal(passwordProblem('x'.repeat(257)), 'password_too_long');
  assert.equal(passwordProblem('qwertyuiop123'), 'password_common');
  assert.equal(passwordProblem('Superman2024!!'), 'password_common');
  assert.equal(passwordProblem('1234567890123'), 'password_common');
  assert.equal(passwordProblem('ahmed.salem@example.ly', 'Ahmed.Salem@example.ly'), 'password_like_email');
  assert.equal(passwordProblem('ahmed.salem2024', 'ahmed.salem@example.ly'), 'password_like_email');
  assert.equal(passwordProblem('abababababab'), 'password_repetitive');
  assert.equal(passwordProblem(GOOD, 'a@b.co'), undefined);
});

test('argon2id hashes carry their parameters and verify; a malformed hash is a plain no', async () => {
  const hash = await hashPassword(GOOD);
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/u);
  assert.equal(await verifyPassword(hash, GOOD), true);
  assert.equal(await verifyPassword(hash, `${GOOD} `), false);
  assert.equal(await verifyPassword('not a hash', GOOD), false);
});

test('users: emails unique whatever their case, also in the database; no hash leaves the use case', async () => {
  const app = await testApp();
  try {
    const clock = fixedClock('2025-01-01T00:00:00Z');
    const user = await app.store.transaction((r) => createUser(r, clock, null, { email: '  Hana@Example.LY ', role: 'editor', password: GOOD }));
    assert.equal(user.email, 'hana@example.ly');
    assert.equal('password_hash' in user, false);
    await assert.rejects(
      app.store.transaction((r) => createUser(r, clock, null, { email: 'HANA@example.ly', role: 'author', password: GOOD })),
      (err) => isJaridaError(err, 'CONFLICT') && err.details.reason === 'email_taken',
    );
    // Written past the use case, a differently-cased duplicate still fails on the unique index.
    await assert.rejects(
      app.store.transaction((r) => r.users.insert({ ...user, email: 'HANA@EXAMPLE.LY', password_hash: 'x', active: true })),
      /UNIQUE/u,
    );
    await assert.rejects(
      app.store.transaction((r) => createUser(r, clock, null, { email: 'not-an-email', role: 'author', password: GOOD })),
      (err) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'email_invalid',
    );
    await assert.rejects(
      app.store.transaction((r) => createUser(r, clock, null, { email: 'x@example.ly', role: 'owner', password: GOOD })),
      (err) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'role_invalid',
    );
    // A refused user leaves nothing behind (not even a byline).
    assert.equal((await app.store.users.list()).length, 1);
    assert.equal(await app.store.authors.findByName('x'), undefined);
  } finally {
    await app.dispose();
  }
});

test('users: the last active administrator stays; actors without users.manage are refused', async () => {
  const app = await testApp();
  try {
    const clock = fixedClock('2025-01-01T00:00:00Z');
    const boss = await app.store.transaction((r) => createUser(r, clock, null, { email: 'boss@example.ly', role: 'administrator', password: GOOD }));
    const last = (err: unknown) => isJaridaError(err, 'CONFLICT') && err.details.reason === 'last_administrator';
    await assert.rejects(app.store.transaction((r) => updateUser(r, clock, null, boss.id, { role: 'editor' })), last);
    await assert.rejects(app.store.transaction((r) => updateUser(r, clock, null, boss.id, { active: false })), last);
    await assert.rejects(app.store.transaction((r) => deleteUser(r, null, boss.id)), last);
    const second = await app.store.transaction((r) => createUser(r, clock, null, { email: 'deputy@example.ly', role: 'administrator', password: GOOD }));
    await app.store.transaction((r) => updateUser(r, clock, null, boss.id, { role: 'editor' }));
    const editor = { user_id: boss.id, role: 'editor' as const };
    await assert.rejects(app.store.transaction((r) => deleteUser(r, editor, second.id)), (err) => isJaridaError(err, 'FORBIDDEN'));
  } finally {
    await app.dispose();
  }
});

test('sign-in: unknown and wrong answer alike; a deactivated account is told so only with the right password', async () => {
  const app = await testApp();
  try {
    const clock = fixedClock('2025-01-01T00:00:00Z');
    const user = await app.store.transaction((r) => createUser(r, clock, null, { email: 'writer@example.ly', role: 'author', password: GOOD }));
    const reason = (r: string) => (err: unknown) => isJaridaError(err, 'UNAUTHENTICATED') && err.details.reason === r;
    await assert.rejects(signIn(app.store, clock, { email: 'nobody@example.ly', password: GOOD, ip: '127.0.0.1' }), reason('login_failed'));
    await assert.rejects(signIn(app.store, clock, { email: 'writer@example.ly', password: 'wrong wrong wrong', ip: '127.0.0.1' }), reason('login_failed'));
    assert.equal((await signIn(app.store, clock, { email: ' WRITER@example.ly', password: GOOD, ip: '127.0.0.1' })).user.id, user.id);
    await app.store.transaction((r) => updateUser(r, clock, null, user.id, { active: false }));
    await assert.rejects(signIn(app.store, clock, { email: 'writer@example.ly', password: 'wrong wrong wrong', ip: '127.0.0.1' }), reason('login_failed'));
    await assert.rejects(signIn(app.store, clock, { email: 'writer@example.ly', password: GOOD, ip: '127.0.0.1' }), reason('account_inactive'));
  } finally {
    await app.dispose();
  }
});

test('menu order: moving renumbers siblings and stops at the ends', async () => {
  const app = await testApp();
  try {
    const ids: number[] = [];
    for (const name of ['أ', 'ب', 'ج']) ids.push((await app.store.transaction((r) => createCategory(r, null, { name: `قسم ${name}`, parent_id: null }))).id);
    const order = async () => (await app.store.categories.all()).filter((c) => c.parent_id === null).sort((a, b) => a.menu_order - b.menu_order || a.id - b.id).map((c) => c.id).slice(-3);
    await app.store.transaction((r) => moveCategory(r, null, ids[2]!, 'up'));
    assert.deepEqual(await order(), [ids[0], ids[2], ids[1]]);
    await app.store.transaction((r) => moveCategory(r, null, ids[1]!, 'down'));
    assert.deepEqual(await order(), [ids[0], ids[2], ids[1]]);
    await assert.rejects(
      app.store.transaction((r) => moveCategory(r, { user_id: 1, role: 'author' }, ids[0]!, 'up')),
      (err) => isJaridaError(err, 'FORBIDDEN'),
    );
  } finally {
    await app.dispose();
  }
});

test('settings: a partial save keeps the other settings; a bad value changes nothing', async () => {
  const app = await testApp();
  try {
    const before = await getSiteSettings(app.store, null);
    await app.store.transaction((r) => saveSiteSettings(r, null, { site_name: '  صحيفة الواحة  ' }));
    const after = await getSiteSettings(app.store, null);
    assert.deepEqual(after, { ...before, site_name: 'صحيفة الواحة' });
    await assert.rejects(
      app.store.transaction((r) => saveSiteSettings(r, null, { site_name: 'اسم آخر', calendar: 'julian' })),
      (err) => isJaridaError(err, 'VALIDATION') && err.details.field === 'calendar',
    );
    assert.equal((await getSiteSettings(app.store, null)).site_name, 'صحيفة الواحة');
  } finally {
    await app.dispose();
  }
});
