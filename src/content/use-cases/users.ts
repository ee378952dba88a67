import { z } from 'zod';
import { slugOrFallback, uniqueSlug } from '../../arabic/slug.ts';
import type { Clock } from '../../core/clock.ts';
import { JaridaError, invalid, notFound } from '../../core/errors.ts';
import type { User, UserWithHash } from '../accounts.ts';
import { assertPasswordAcceptable, checkPassword, hashPassword, verifyNothing, verifyPassword } from '../passwords.ts';
import { MAX_PERSON_NAME_LENGTH } from '../field-limits.ts';
import type { Repos, Store } from '../repos.ts';
import { type Actor, isRole, type Role, roleHas } from '../roles.ts';
import { cleanLine, cleanOptionalLine } from '../text-fields.ts';

/**
 * Newsroom accounts: create, change role, deactivate, delete, set passwords,
 * sign in. Shared by the back office (`src/admin/`) and the CLI
 * (`jarida user …`). An `actor` of null is the operator at the command line,
 * who may do everything; a signed-in actor needs `users.manage`.
 *
 * Errors carry `details.field` and `details.reason` (a message key of the
 * admin's locale files) so that forms can say in Arabic what is wrong.
 */

/** Longest display name, in code points: a person's name (`field-limits.ts`), the same as a byline's. */
export const MAX_DISPLAY_NAME_LENGTH = MAX_PERSON_NAME_LENGTH;

/** Window in which wrong passwords for one account are counted (ms). */
export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Wrong passwords for one account within {@link LOGIN_WINDOW_MS} that lock it until the oldest leaves the window. */
export const LOGIN_MAX_FAILURES = 10;

/**
 * Longest email address of a new account, in UTF-8 bytes: RFC 5321
 * §4.5.3.1.3 caps a path at 256 octets with its angle brackets, so no mail
 * can be sent to (or, here, sign in with) a longer address.
 */
export const MAX_EMAIL_LENGTH = 254;

const emailSchema = z.email();

/**
 * `raw` trimmed and lower-cased. Lookups use it as is; accounts are created
 * through {@link checkNewEmail}, which adds the length limit.
 * @throws JaridaError `VALIDATION` (reason `email_invalid`) when it is not an email address.
 */
export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) throw invalid(`not an email address: ${JSON.stringify(raw)}`, { field: 'email', reason: 'email_invalid' });
  return email;
}

/**
 * The email of a new account (or a changed one): {@link normalizeEmail} and
 * at most {@link MAX_EMAIL_LENGTH} UTF-8 bytes.
 * @throws JaridaError `VALIDATION` (field `email`, reason `email_invalid` or `email_too_long` with `max`).
 */
export function checkNewEmail(raw: string): string {
  const email = normalizeEmail(raw);
  const bytes = Buffer.byteLength(email, 'utf8');
  if (bytes > MAX_EMAIL_LENGTH) {
    throw invalid(`the email address has ${bytes} bytes, more than ${MAX_EMAIL_LENGTH}`, { field: 'email', reason: 'email_too_long', max: MAX_EMAIL_LENGTH });
  }
  return email;
}

function publicUser(user: UserWithHash): User {
  const { password_hash: _hash, ...rest } = user;
  return rest;
}

function requireManager(actor: Actor | null): void {
  if (actor && !roleHas(actor.role, 'users.manage')) throw new JaridaError('FORBIDDEN', 'managing users needs the administrator role', { reason: 'forbidden' });
}

function checkRole(role: unknown): Role {
  if (!isRole(role)) throw invalid(`unknown role ${JSON.stringify(role)}`, { field: 'role', reason: 'role_invalid' });
  return role;
}

function checkDisplayName(raw: string): string {
  const name = cleanLine('display_name', raw);
  if (!/[\p{L}\p{N}]/u.test(name)) throw invalid('the display name has no letters or digits', { field: 'display_name', reason: 'display_name_invalid' });
  if ([...name].length > MAX_DISPLAY_NAME_LENGTH) {
    throw invalid(`the display name is longer than ${MAX_DISPLAY_NAME_LENGTH} characters`, { field: 'display_name', reason: 'display_name_invalid' });
  }
  return name;
}

async function findUser(repos: Repos, id: number): Promise<UserWithHash> {
  const user = await repos.users.findById(id);
  if (!user) throw notFound(`no user ${id}`, { reason: 'user_not_found' });
  return user;
}

/** The byline of a display name: the author with exactly that name, else a new one. */
async function bylineFor(repos: Repos, name: string): Promise<number> {
  const existing = await repos.authors.findByName(name);
  if (existing) return existing.id;
  const author = await repos.authors.insert(name, await uniqueSlug(slugOrFallback(name, 'author'), repos.authors.slugTaken));
  return author.id;
}

/** Input of {@link createUser}. */
export interface NewUser {
  email: string;
  /** Byline and name shown in the back office; the email's local part when absent. */
  display_name?: string | undefined;
  role: Role | string;
  password: string;
}

/**
 * Creates a user with an argon2id hash of `password` and links the byline of
 * the display name (an existing author of exactly that name, else a new one).
 * Call with the repos of one transaction.
 *
 * @throws JaridaError `VALIDATION` (email — malformed or over
 *   {@link MAX_EMAIL_LENGTH} bytes —, role, display name or password at
 *   fault; see `passwords.ts` for the password rules), `CONFLICT` (reason
 *   `email_taken`) when an account has that email in any case, `FORBIDDEN`
 *   when `actor` may not manage users.
 */
export async function createUser(repos: Repos, clock: Clock, actor: Actor | null, input: NewUser): Promise<User> {
  requireManager(actor);
  const email = checkNewEmail(input.email);
  const role = checkRole(input.role);
  const display_name = checkDisplayName(cleanOptionalLine('display_name', input.display_name) ?? email.split('@')[0] ?? email);
  assertPasswordAcceptable(input.password, email);
  if (await repos.users.findByEmail(email)) throw new JaridaError('CONFLICT', `an account with the email ${email} exists`, { field: 'email', reason: 'email_taken' });
  const password_hash = await hashPassword(input.password);
  const now = clock.now().toISOString();
  const author_id = await bylineFor(repos, display_name);
  const id = await repos.users.insert({
    email,
    display_name,
    role,
    password_hash,
    author_id,
    active: true,
    created_at: now,
    updated_at: now,
    password_changed_at: now,
  });
  return publicUser(await findUser(repos, id));
}

/** Every user, by id (never with password hashes). @throws JaridaError `FORBIDDEN` when `actor` may not manage users. */
export async function listUsers(repos: Repos, actor: Actor | null): Promise<User[]> {
  requireManager(actor);
  return repos.users.list();
}

/** One user. @throws JaridaError `NOT_FOUND`, `FORBIDDEN`. */
export async function getUser(repos: Repos, actor: Actor | null, id: number): Promise<User> {
  requireManager(actor);
  return publicUser(await findUser(repos, id));
}

/** The user with this email (any case). @throws JaridaError `NOT_FOUND`, `VALIDATION` for a malformed email. */
export async function userByEmail(repos: Repos, email: string): Promise<User> {
  const user = await repos.users.findByEmail(normalizeEmail(email));
  if (!user) throw notFound(`no account with the email ${email.trim()}`, { field: 'email', reason: 'user_not_found' });
  return publicUser(user);
}

/** Changes to a user by an administrator. */
export interface UserPatch {
  display_name?: string | undefined;
  role?: Role | string | undefined;
  active?: boolean | undefined;
}

async function guardLastAdministrator(repos: Repos, user: User, losing: boolean): Promise<void> {
  if (losing && user.role === 'administrator' && user.active && (await repos.users.countActiveAdministrators()) <= 1) {
    throw new JaridaError('CONFLICT', 'the last active administrator cannot lose that role', { reason: 'last_administrator' });
  }
}

/**
 * Changes a user's display name, role or active flag. A role change takes
 * effect on the user's next request (sessions read the role from the users
 * table each time); deactivating deletes the user's sessions. The last active
 * administrator cannot be demoted or deactivated, and nobody deactivates
 * themselves. Renaming links the byline of the new name.
 *
 * @throws JaridaError `NOT_FOUND`, `VALIDATION`, `CONFLICT` (reason
 *   `last_administrator` or `cannot_change_self`), `FORBIDDEN`.
 */
export async function updateUser(repos: Repos, clock: Clock, actor: Actor | null, id: number, patch: UserPatch): Promise<User> {
  requireManager(actor);
  const user = await findUser(repos, id);
  const role = patch.role === undefined ? user.role : checkRole(patch.role);
  const active = patch.active ?? user.active;
  const display_name = patch.display_name === undefined ? user.display_name : checkDisplayName(patch.display_name);
  if (actor && actor.user_id === id && (!active || role !== user.role)) {
    throw new JaridaError('CONFLICT', 'you cannot change your own role or deactivate yourself', { reason: 'cannot_change_self' });
  }
  await guardLastAdministrator(repos, user, role !== 'administrator' || !active);
  const author_id = display_name !== user.display_name ? await bylineFor(repos, display_name) : user.author_id;
  await repos.users.update(id, { display_name, role, active, author_id, updated_at: clock.now().toISOString() });
  if (!active) await repos.sessions.deleteForUser(id);
  return publicUser(await findUser(repos, id));
}

/**
 * Deletes a user and their sessions. Their articles stay (with
 * `created_by` pointing at nobody) and so does their byline.
 * @throws JaridaError `NOT_FOUND`, `CONFLICT` (deleting oneself or the last administrator), `FORBIDDEN`.
 */
export async function deleteUser(repos: Repos, actor: Actor | null, id: number): Promise<void> {
  requireManager(actor);
  const user = await findUser(repos, id);
  if (actor && actor.user_id === id) throw new JaridaError('CONFLICT', 'you cannot delete your own account', { reason: 'cannot_change_self' });
  await guardLastAdministrator(repos, user, true);
  await repos.sessions.deleteForUser(id);
  await repos.users.delete(id);
}

/**
 * Sets a user's password (an administrator's reset, `jarida user
 * reset-password`, or the user's own change through
 * {@link changeOwnPassword}) and ends every session of the user except
 * `keepSessionId` (the session making the change).
 *
 * @throws JaridaError `VALIDATION` (password rules), `NOT_FOUND`, `FORBIDDEN`.
 */
export async function setPassword(repos: Repos, clock: Clock, actor: Actor | null, id: number, password: string, keepSessionId?: string): Promise<void> {
  if (!actor || actor.user_id !== id) requireManager(actor);
  const user = await findUser(repos, id);
  assertPasswordAcceptable(password, user.email);
  const password_hash = await hashPassword(password);
  const now = clock.now().toISOString();
  await repos.users.update(id, { password_hash, password_changed_at: now, updated_at: now });
  await repos.sessions.deleteForUser(id, keepSessionId);
}

/**
 * The lock on an account's password checks at `now`: once
 * {@link LOGIN_MAX_FAILURES} wrong passwords for `email` (at sign-in or in
 * the password change form) fall within {@link LOGIN_WINDOW_MS} since its
 * last right one, an error to throw, with the seconds until the oldest of
 * them leaves the window; otherwise undefined.
 */
async function accountLock(repos: Repos, email: string, now: Date, reason: 'login_locked' | 'password_check_locked'): Promise<JaridaError | undefined> {
  const attempts = await repos.loginAttempts.since(email, new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString());
  const lastSuccess = attempts.findLastIndex((a) => a.succeeded);
  const failures = attempts.slice(lastSuccess + 1);
  if (failures.length < LOGIN_MAX_FAILURES) return undefined;
  const oldest = new Date(failures[failures.length - LOGIN_MAX_FAILURES]?.attempted_at ?? now.toISOString()).getTime();
  const retry_after_s = Math.max(1, Math.ceil((oldest + LOGIN_WINDOW_MS - now.getTime()) / 1000));
  return new JaridaError('RATE_LIMITED', `too many wrong passwords for ${email}`, { reason, email, failures: failures.length, retry_after_s });
}

/**
 * Records a password check of `email` (in its own transaction, so that a
 * wrong password is counted even though the request fails) and returns the
 * lock that this attempt completes, if any.
 */
async function recordAttempt(store: Store, email: string, ip: string, succeeded: boolean, now: Date, reason: 'login_locked' | 'password_check_locked'): Promise<JaridaError | undefined> {
  return store.transaction(async (repos) => {
    await repos.loginAttempts.add({ email, ip, succeeded, attempted_at: now.toISOString() });
    // Old attempts are of no use past a day; pruning here keeps the table small without a job.
    await repos.loginAttempts.prune(new Date(now.getTime() - 24 * 3600_000).toISOString());
    return succeeded ? undefined : accountLock(repos, email, now, reason);
  });
}

/**
 * A signed-in user's own password change: checks the current password
 * first, under the same per-account limit as {@link signIn} (the two share
 * one count: {@link LOGIN_MAX_FAILURES} wrong passwords within
 * {@link LOGIN_WINDOW_MS}, at either place, lock both), so that a session
 * left open cannot be used to guess the password. Each check is recorded
 * with `input.ip`; a right current password counts as a successful sign-in.
 *
 * @throws JaridaError `VALIDATION` (reason `password_wrong`, or a password
 *   rule), `RATE_LIMITED` with `details: { reason: 'password_check_locked',
 *   email, failures, retry_after_s }` (then the password is not even
 *   checked), `NOT_FOUND`.
 */
export async function changeOwnPassword(
  store: Store,
  clock: Clock,
  actor: Actor,
  input: { current: string; next: string; ip: string },
  keepSessionId?: string,
): Promise<void> {
  const user = await findUser(store, actor.user_id);
  const before = await accountLock(store, user.email, clock.now(), 'password_check_locked');
  if (before) throw before;
  const ok = await verifyPassword(user.password_hash, input.current);
  const after = await recordAttempt(store, user.email, input.ip, ok, clock.now(), 'password_check_locked');
  if (after) throw after;
  if (!ok) throw invalid('the current password is wrong', { field: 'current_password', reason: 'password_wrong' });
  await store.transaction((repos) => setPassword(repos, clock, actor, actor.user_id, input.next, keepSessionId));
}

/** Outcome of a successful {@link signIn}. */
export interface SignedIn {
  user: User;
}

/**
 * Checks an email and password, with the wrong-password limit per account:
 * every attempt is recorded (known email or not); once
 * {@link LOGIN_MAX_FAILURES} wrong passwords for one email fall within
 * {@link LOGIN_WINDOW_MS} since its last successful sign-in, that attempt and
 * every later one answer `RATE_LIMITED` until the oldest of them leaves the
 * window, whatever the password. A hash made before passwords were
 * normalized is replaced on its first successful sign-in (`passwords.ts`
 * `checkPassword`). Unknown emails spend the same time as known
 * ones (no account discovery by timing) and get the same answer.
 *
 * @throws JaridaError `UNAUTHENTICATED` (reason `login_failed`, or
 *   `account_inactive` after a right password on a deactivated account);
 *   `RATE_LIMITED` with `details: { reason: 'login_locked', failures, retry_after_s }`.
 */
export async function signIn(store: Store, clock: Clock, input: { email: string; password: string; ip: string }): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase().slice(0, 320);
  const before = await accountLock(store, email, clock.now(), 'login_locked');
  if (before) throw before;

  const user = await store.users.findByEmail(email);
  let check = { ok: false, rehash: false };
  if (user) check = await checkPassword(user.password_hash, input.password);
  else await verifyNothing(input.password);
  const ok = check.ok;
  const granted = ok && user !== undefined && user.active;

  const after = await recordAttempt(store, email, input.ip, granted, clock.now(), 'login_locked');
  if (after) throw after;
  if (!user || !ok) throw new JaridaError('UNAUTHENTICATED', 'wrong email or password', { reason: 'login_failed' });
  if (!user.active) throw new JaridaError('UNAUTHENTICATED', 'this account is deactivated', { reason: 'account_inactive' });
  if (check.rehash) await rehash(store, user, input.password);
  return { user: publicUser(user) };
}

/**
 * Replaces a hash of the unnormalized password (made before passwords were
 * normalized, `passwords.ts`) with one of its normalized form, unless the
 * password changed meanwhile. Not a password change: sessions and
 * `password_changed_at` stay.
 */
async function rehash(store: Store, user: UserWithHash, password: string): Promise<void> {
  const password_hash = await hashPassword(password);
  await store.transaction(async (repos) => {
    if ((await repos.users.findById(user.id))?.password_hash === user.password_hash) await repos.users.update(user.id, { password_hash });
  });
}

/**
 * The user behind a session, when the session still holds: the user exists,
 * is active, and has not set a password since the session began
 * (`password_changed_at` as recorded at sign-in).
 */
export async function sessionUser(repos: Repos, userId: number, passwordChangedAt: string): Promise<User | undefined> {
  const user = await repos.users.findById(userId);
  if (!user || !user.active || user.password_changed_at !== passwordChangedAt) return undefined;
  return publicUser(user);
}
