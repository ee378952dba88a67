import type { Clock } from '../../src/core/clock.ts';
import type { Actor } from '../../src/content/roles.ts';

/** A clock the test moves by hand. */
export interface ManualClock extends Clock {
  set(iso: string): void;
  advance(ms: number): void;
}

export function manualClock(start: string): ManualClock {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set(iso) {
      t = Date.parse(iso);
    },
    advance(ms) {
      t += ms;
    },
  };
}

/** Newsroom users of the tests (user ids are arbitrary: `created_by` has no foreign key). */
export const EDITOR: Actor = { user_id: 101, role: 'editor' };
export const ADMIN: Actor = { user_id: 102, role: 'administrator' };
export const AUTHOR: Actor = { user_id: 103, role: 'author' };
export const OTHER_AUTHOR: Actor = { user_id: 104, role: 'author' };
export const CONTRIBUTOR: Actor = { user_id: 105, role: 'contributor' };
