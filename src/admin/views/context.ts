import type { User } from '../../content/accounts.ts';
import type { Actor } from '../../content/roles.ts';
import type { Site } from '../../content/use-cases/site.ts';
import type { AdminMessageKey, AdminMessages } from '../locales/ar.ts';

/** What every admin view gets. */
export interface AdminContext {
  site: Site;
  /** The admin catalogue for the site's locale. */
  t: AdminMessages;
  /** The signed-in user (null on the login page). */
  user: User | null;
  actor: Actor | null;
  /** A CSRF token for this response's forms (hidden field `_csrf`). */
  csrf: string;
  /** Path of the current page, without query (for `aria-current`). */
  path: string;
  /** Cache-busting version of `admin.css`. */
  assetVersion: string;
  /** A message key to show once after a redirect (`?notice=`). */
  notice?: AdminMessageKey | undefined;
  /** Current instant, UTC ISO. */
  now: string;
}

/** An error to show on a form: the field at fault (if any) and the message, already in the admin's language. */
export interface FormError {
  field?: string | undefined;
  message: string;
}
