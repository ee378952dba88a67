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
 *
 * Every password is NFKC-normalized ({@link normalizePassword}) before it
 * is checked, hashed or verified, as §3.1.1.2 asks: keyboards and systems
 * differ in how they write the same Arabic text (shadda before or after a
 * tanween, a hamza precomposed or combining, the lam-alef ligature of text
 * copied out of a PDF), and the password typed must not depend on which one
 * a person happens to use.
 */

/** Shortest password accepted, in code points (ASVS 5.0 §6.2.1 asks at least 8 and recommends 15). */
export const MIN_PASSWORD_LENGTH = 12;
/** Longest password accepted, in code points (bounds the work of one sign-in). */
export const MAX_PASSWORD_LENGTH = 256;

/** Why a password is refused; the admin shows each reason in Arabic. */
export type PasswordProblem = 'password_too_short' | 'password_too_long' | 'password_common' | 'password_like_email' | 'password_repetitive';

let common: Set<string> | undefined;

/**
 * The form of a password that is checked and hashed: Unicode NFKC, the
 * normalization NIST SP 800-63B §3.1.1.2 names (NFKC or NFKD). It puts
 * combining marks in canonical order (U+0651 U+064D and U+064D U+0651 are
 * one password), composes letters with hamza and madda, and folds
 * compatibility forms such as Arabic presentation forms (U+FEFB → لا),
 * full-width Latin and the no-break space into the characters they stand for.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

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
 * What is wrong with the password `raw` for the account `email`, or
 * undefined when it is acceptable, judged on its normalized form
 * ({@link normalizePassword}). Refused: shorter than {@link MIN_PASSWORD_LENGTH} or
 * longer than {@link MAX_PASSWORD_LENGTH} code points; one of the common
 * passwords, whatever its case, also with digits or symbols added at its end
 * (`superman2024!`, `1234567890123`); the email or its local part; fewer than four distinct
 * characters (`aaaaaaaaaaaa`, NIST's "repetitive" example).
 */
export function passwordProblem(raw: string, email = ''): PasswordProblem | undefined {
  const password = normalizePassword(raw);
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
  const address = email.normalize('NFKC').trim().toLowerCase();
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
 * argon2id of the normalized password ({@link normalizePassword}) with the
 * library's defaults, which are OWASP's recommended minimum (m = 19 MiB,
 * t = 2, p = 1); about 15 ms on this project's machines. Returns a PHC
 * string (`$argon2id$v=19$m=19456,t=2,p=1$…`) that carries its own salt and
 * parameters, so they may be raised later without a migration.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), { algorithm: Algorithm.Argon2id });
}

async function verifyExactly(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Outcome of {@link checkPassword}. */
export interface PasswordCheck {
  ok: boolean;
  /**
   * The hash was made from the password as typed, not normalized (an account
   * from before normalization): store `hashPassword(password)` in its place.
   */
  rehash: boolean;
}

/**
 * Whether `password` matches the PHC `passwordHash`: its normalized form
 * first, then, when that differs, the text exactly as typed, because hashes
 * made before normalization are of unnormalized text. Such a match asks for
 * a rehash, after which any canonically equivalent spelling signs in. (A
 * hash of an unnormalized spelling matches only that spelling until then.)
 * A malformed hash is a mismatch, never a throw.
 */
export async function checkPassword(passwordHash: string, password: string): Promise<PasswordCheck> {
  const normalized = normalizePassword(password);
  if (await verifyExactly(passwordHash, normalized)) return { ok: true, rehash: false };
  if (normalized !== password && (await verifyExactly(passwordHash, password))) return { ok: true, rehash: true };
  return { ok: false, rehash: false };
}

/** Whether `password` matches the PHC `passwordHash` ({@link checkPassword}, without the rehash hint). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return (await checkPassword(passwordHash, password)).ok;
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a verification without a user (one or two, as
 * {@link checkPassword} would for this password), so that a sign-in with an
 * unknown email takes as long as one with a wrong password.
 */
export async function verifyNothing(password: string): Promise<void> {
  dummy ??= hashPassword('jarida: no such account, only time spent');
  await verifyPassword(await dummy, password);
}
