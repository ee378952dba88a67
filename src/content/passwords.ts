import { readFileSync } from 'node:fs';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { invalid } from '../core/errors.ts';

/**
 * Password rules and hashing (docs/adr/009-accounts-passwords-sessions.md).
 *
 * Rules follow NIST SP 800-63B §3.1.1.2 ("memorized secrets"): a minimum
 * length and a blocklist of commonly used passwords, no composition rules,
 * long passphrases allowed, any Unicode character (Arabic passphrases
 * included). Lengths are counted in Unicode code points.
 */

/** Shortest password accepted, in code points (ASVS 5.0 §6.2.1 asks at least 8 and recommends 15). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted, in code points (bounds the work of one sign-in). */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is refused; the admin shows each reason in Arabic. */
export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_common' | 'password_like_email' | 'password_repetitive';

let common: Set<string> | undefined;

/** The shipped list of common passwords (`common-passwords.txt`, see its header), lower-cased. */
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => line.toLowerCase()),
  );
  return common;
}

/**
 * What is wrong with `password` for the account `email`, or undefined when
 * it is acceptable. Refused: shorter than {@link MIN_PASSWORD_LENGTH} or
 * longer than {@link MAX_PASSWORD_LENGTH} code points; one of the common
 * passwords, whatever its case, also with digits or symbols added at its end
 * (`superman2024!`, `1234567890123`); the email or its local part; fewer than four distinct
 * characters (`aaaaaaaaaaaa`, NIST's "repetitive" example).
 */
export function passwordProblem(password: string, email = ''): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return 'password_too_short';
  if (length > MAX_PASSWORD_LENGTH) return 'password_too_long';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const stem = lower.replace(/[\d\p{P}\p{S}\s]+$/u, '');
  if (list.has(lower) || (stem.length >= 4 && list.has(stem))) return 'password_common';
  // A common password that itself ends in digits, with more digits or symbols added (`1234567890123`).
  for (let end = lower.length - 1; end >= 6; end--) {
    if (!/^[\d\p{P}\p{S}\s]$/u.test(lower[end] ?? '')) break;
    if (list.has(lower.slice(0, end))) return 'password_common';
  }
  const address = email.trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if (address !== '' && (lower === address || (local.length >= 4 && (lower === local || stem === local)))) return 'password_like_email';
  if (new Set(password).size < 4) return 'password_repetitive';
  return undefined;
}

const PROBLEM_TEXT: Record<PasswordProblem, string> = {
  password_too_short: `the password is shorter than ${MIN_PASSWORD_LENGTH} characters`,
  password_too_long: `the password is longer than ${MAX_PASSWORD_LENGTH} characters`,
  password_common: 'the password is one of the most common passwords',
  password_like_email: 'the password repeats the email address',
  password_repetitive: 'the password repeats too few characters',
};

/**
 * Checks {@link passwordProblem} and throws when there is one.
 * @throws JaridaError `VALIDATION` with `details: { field: 'password', reason }` (reason a {@link PasswordProblem}).
 */
export function assertPasswordAcceptable(password: string, email = ''): void {
  const problem = passwordProblem(password, email);
  if (problem) throw invalid(PROBLEM_TEXT[problem], { field: 'password', reason: problem });
}

/**
 * argon2id with the library's defaults, which are OWASP's recommended
 * minimum (m = 19 MiB, t = 2, p = 1); about 15 ms on this project's machines.
 * Returns a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) that carries its
 * own salt and parameters, so they may be raised later without a migration.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

/** Whether `password` matches the PHC `passwordHash` (false, never a throw, for a malformed hash). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification without a user, so that a sign-in
 * with an unknown email takes as long as one with a wrong password.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword('jarida: no such account, only time spent');
  await verifyPassword(await dummy, password);
}
