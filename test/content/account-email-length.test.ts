// An account's email is what it signs in with: one longer than RFC 5321
// allows (254 octets) can receive no mail and, past 320 characters, could
// not even sign in (sign-in reads at most 320). Such accounts are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { createUser, MAX_EMAIL_LENGTH, signIn } from '../../src/content/use-cases/users.ts';
import { testApp } from '../helpers/test-app.ts';

const PASSWORD = 'قهوة الصباح على الشاطئ';

/** A syntactically valid address of exactly `length` characters: 64 letters, `@`, labels of at most 63 letters, `.ly`. */
function emailOf(length: number): string {
  const labels: string[] = [];
  let rest = length - 64 - 1 - '.ly'.length;
  while (rest > 0) {
    let n = Math.min(63, rest);
    // Never leave exactly one character: it would be a dot with no label after it.
    if (rest - n === 1) n -= 1;
    labels.push('b'.repeat(n));
    rest -= n + 1;
  }
  return `${'a'.repeat(64)}@${labels.join('.')}.ly`;
}

test('an email over 254 bytes is refused when an account is created; one of 254 signs in', async () => {
  assert.equal(MAX_EMAIL_LENGTH, 254);
  const app = await testApp();
  try {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const longest = emailOf(254);
    assert.equal(longest.length, 254);
    await app.store.transaction((r) => createUser(r, clock, null, { email: longest, role: 'author', password: PASSWORD }));
    assert.equal((await signIn(app.store, clock, { email: longest, password: PASSWORD, ip: '10.0.0.1' })).user.email, longest);

    for (const length of [255, 321, 400]) {
      const email = emailOf(length);
      assert.equal(email.length, length);
      await assert.rejects(
        app.store.transaction((r) => createUser(r, clock, null, { email, role: 'author', password: PASSWORD })),
        (err) => isJaridaError(err, 'VALIDATION') && err.details.field === 'email' && err.details.reason === 'email_too_long' && err.details.max === 254,
        `${length} characters`,
      );
    }
    assert.equal((await app.store.users.list()).length, 1, 'nothing written for the refused ones');
  } finally {
    await app.dispose();
  }
});
