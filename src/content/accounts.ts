/**
 * Newsroom accounts: users, their server-side sessions and the login
 * attempts that rate-limit wrong passwords. Instants are UTC ISO strings.
 * The rules live in `use-cases/users.ts`; the repositories here only store.
 */
import type { Role } from './roles.ts';

/** A newsroom user as the back office shows it (never with the password hash). */
export interface User {
  id: number;
  /** Lower-cased (see `normalizeEmail`); unique. */
  email: string;
  display_name: string;
  role: Role;
  /** The byline the user's articles carry (`authors.id`); null when none. */
  author_id: number | null;
  /** Deactivated users cannot sign in; their sessions are gone. */
  active: boolean;
  created_at: string;
  updated_at: string;
  /** When the password was last set; sessions older than that are refused. */
  password_changed_at: string;
}

/** A user with the argon2id hash of the password (PHC string), for sign-in only. */
export interface UserWithHash extends User {
  password_hash: string;
}

export interface UserRepo {
  insert(row: Omit<UserWithHash, 'id'>): Promise<number>;
  update(id: number, patch: Partial<Omit<UserWithHash, 'id' | 'created_at'>>): Promise<void>;
  delete(id: number): Promise<void>;
  findById(id: number): Promise<UserWithHash | undefined>;
  /** By an email already normalized (lower-cased). */
  findByEmail(email: string): Promise<UserWithHash | undefined>;
  /** Every user, by id. */
  list(): Promise<User[]>;
  /** Active administrators (the last one may not be demoted, deactivated or deleted). */
  countActiveAdministrators(): Promise<number>;
}

/** One stored session: the serialized session object of @fastify/session. */
export interface SessionRow {
  id: string;
  user_id: number | null;
  /** JSON. */
  data: string;
  /** UTC ISO; past it the session is gone. */
  expires_at: string;
  created_at: string;
}

export interface SessionRepo {
  /** The session's JSON, when it exists and has not expired at `now`. */
  get(id: string, now: string): Promise<string | undefined>;
  /** Inserts or replaces a session (keeps `created_at` of an existing one). */
  set(row: SessionRow): Promise<void>;
  delete(id: string): Promise<void>;
  /** Deletes every session of a user except `exceptId`; returns how many. */
  deleteForUser(userId: number, exceptId?: string): Promise<number>;
  /** Deletes sessions expired at `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

export interface LoginAttemptRepo {
  add(row: { email: string; ip: string; succeeded: boolean; attempted_at: string }): Promise<void>;
  /** Attempts for `email` at or after `since`, oldest first. */
  since(email: string, since: string): Promise<Array<{ succeeded: boolean; attempted_at: string }>>;
  /** Forgets attempts before `before`. */
  prune(before: string): Promise<void>;
}
