// Passwords are NFKC-normalized before they are checked, hashed and verified
// (docs/adr/009): the same Arabic text typed on another keyboard, with its
// marks in another order, is the same password; hashes made before that
// still sign in and are replaced on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Algorithm, hash } from '@node-rs/argon2';
import { fixedClock } from '../../src/core/clock.ts';
import { checkPassword, hashPassword, normalizePassword, passwordProblem, verifyPassword } from '../../src/content/passwords.ts';
import { changeOwnPassword, createUser, signIn } from '../../src/content/use-cases/users.ts';
import { testApp } from '../helpers/test-app.ts';

// «محبٍّ» with shadda then kasratan (U+0651 U+064D), as one keyboard types it, and the canonical order another one produces.
const SHADDA_FIRST = 'كلمة سر فيها محب\u0651\u064D للاختبار';
const TANWEEN_FIRST = 'كلمة سر فيها محب\u064D\u0651 للاختبار';

test('an Arabic password signs in whatever order its shadda and tanween were typed in', async () => {
  assert.notEqual(SHADDA_FIRST, TANWEEN_FIRST);
  assert.equal(normalizePassword(SHADDA_FIRST), normalizePassword(TANWEEN_FIRST));
  const app = await testApp();
  try {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    await app.store.transaction((r) => createUser(r, clock, null, { email: 'huda@example.ly', role: 'author', password: SHADDA_FIRST }));
    for (const password of [SHADDA_FIRST, TANWEEN_FIRST, TANWEEN_FIRST.normalize('NFD')]) {
      const { user } = await signIn(app.store, clock, { email: 'huda@example.ly', password, ip: '10.0.0.1' });
      assert.equal(user.email, 'huda@example.ly');
    }
    // The lam-alef ligature of text copied out of a PDF (U+FEFB) is lam and alef.
    const ligature = await hashPassword('\uFEFB تنسى كلمة مرورك أبداً');
    assert.equal(await verifyPassword(ligature, 'لا تنسى كلمة مرورك أبداً'), true);
  } finally {
    await app.dispose();
  }
});

test('a hash made before normalization still signs in, and is replaced by one of the normalized password', async () => {
  const app = await testApp();
  try {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const user = await app.store.transaction((r) => createUser(r, clock, null, { email: 'old@example.ly', role: 'editor', password: 'عبارة مرور مؤقتة طويلة' }));
    // What hashPassword stored before: argon2id of the text exactly as typed.
    const legacy = await hash(SHADDA_FIRST, { algorithm: Algorithm.Argon2id });
    await app.store.transaction((r) => r.users.update(user.id, { password_hash: legacy }));
    assert.deepEqual(await checkPassword(legacy, SHADDA_FIRST), { ok: true, rehash: true });
    const changedAt = (await app.store.users.findById(user.id))?.password_changed_at;

    await signIn(app.store, clock, { email: 'old@example.ly', password: SHADDA_FIRST, ip: '10.0.0.2' });
    const after = await app.store.users.findById(user.id);
    assert.notEqual(after?.password_hash, legacy, 'rehashed on the successful sign-in');
    assert.deepEqual(await checkPassword(after!.password_hash, SHADDA_FIRST), { ok: true, rehash: false });
    assert.equal(after?.password_changed_at, changedAt, 'not a password change: sessions stay valid');
    // Now the other order signs in too.
    await signIn(app.store, clock, { email: 'old@example.ly', password: TANWEEN_FIRST, ip: '10.0.0.2' });

    // A wrong password is still wrong, by both routes.
    await assert.rejects(signIn(app.store, clock, { email: 'old@example.ly', password: `${SHADDA_FIRST}x`, ip: '10.0.0.2' }), /wrong email or password/u);
    // The own-password form's check of the current password falls back the same way.
    await app.store.transaction((r) => r.users.update(user.id, { password_hash: legacy }));
    await changeOwnPassword(app.store, clock, { user_id: user.id, role: 'editor' }, { current: SHADDA_FIRST, next: 'عبارة مرور جديدة تماماً', ip: '10.0.0.2' });
    await signIn(app.store, clock, { email: 'old@example.ly', password: 'عبارة مرور جديدة تماماً', ip: '10.0.0.2' });
  } finally {
    await app.dispose();
  }
});

test('the length and common-password checks see the normalized password', () => {
  // Full-width Latin is the common password it looks like.
  assert.equal(passwordProblem('ｐａｓｓｗｏｒｄ１２３４'), 'password_common');
  // ﷺ (U+FDFA) is one code point but 18 characters once normalized: a passphrase of ligatures is counted as read.
  assert.equal(passwordProblem('\uFDFA'.repeat(15)), 'password_too_long');
  // Combining marks in either order are one password and one length.
  assert.equal(passwordProblem(SHADDA_FIRST), passwordProblem(TANWEEN_FIRST));
});
