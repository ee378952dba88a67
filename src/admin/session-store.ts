import type { SessionStore } from '@fastify/session';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../content/repos.ts';

/** What jarida keeps in a session (besides @fastify/session's `cookie`). */
declare module 'fastify' {
  interface Session {
    /** The signed-in user. */
    user_id?: number;
    /** The user's `password_changed_at` at sign-in: a later password change ends the session. */
    password_changed_at?: string;
  }
}

/** Longest life of a session (ms): a working day; then the user signs in again. */
export const SESSION_MAX_AGE_MS = 12 * 3600_000;

/**
 * The session store @fastify/session expects (`get`/`set`/`destroy` with
 * callbacks), kept in the `sessions` table through the store's repositories,
 * so that signing out, a password change or a deactivation ends sessions at
 * once, in every process. Sessions are looked up by id and refused once
 * `expires_at` has passed; expired rows are deleted at each sign-in.
 */
export class DatabaseSessionStore implements SessionStore {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  set(sessionId: string, session: Parameters<SessionStore['set']>[1], callback: (err?: unknown) => void): void {
    const now = this.clock.now();
    const expires = session.cookie?.expires instanceof Date ? session.cookie.expires : new Date(now.getTime() + SESSION_MAX_AGE_MS);
    this.store.sessions
      .set({
        id: sessionId,
        user_id: typeof session.user_id === 'number' ? session.user_id : null,
        data: JSON.stringify(session),
        expires_at: expires.toISOString(),
        created_at: now.toISOString(),
      })
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: Parameters<SessionStore['get']>[1]): void {
    this.store.sessions
      .get(sessionId, this.clock.now().toISOString())
      .then((data) => callback(null, data === undefined ? null : (JSON.parse(data) as Parameters<SessionStore['set']>[1])), callback);
  }

  destroy(sessionId: string, callback: (err?: unknown) => void): void {
    this.store.sessions.delete(sessionId).then(() => callback(), callback);
  }
}
