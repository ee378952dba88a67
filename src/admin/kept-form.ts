import type { AdminMessageKey } from './locales/ar.ts';

/**
 * Forms whose content is kept when the save is refused before it ran
 * (docs/adr/022): the session ended (401) or the form's CSRF token belongs to
 * an earlier session (403, e.g. the writer signed out and in again in another
 * tab). A route opts in with `config.keepForm`; instead of an error page it
 * answers a page that holds what was posted: the sign-in form carrying the
 * fields (then, once signed in, a page that sends them again with a fresh
 * token), or straight away that page. Each page also shows the text read-only
 * to copy. Nothing is saved until the writer presses the button, and the
 * fields go back only to a route that keeps forms.
 */
export interface KeptForm {
  /** Text fields shown read-only on the page, with the admin message labelling each. */
  text: ReadonlyArray<readonly [field: string, label: AdminMessageKey]>;
  /** An HTML field (the article body) shown as readers would see it, sanitized. */
  html?: readonly [field: string, label: AdminMessageKey];
  /** Fields set when the form is sent again (the editor's button: a plain save, never a publish). */
  resend?: Readonly<Record<string, string>>;
}

/** A refused POST whose fields are kept: where it went, what it carried, and how its route shows it. */
export interface KeptPost {
  /** The path it was posted to (a route with `config.keepForm`). */
  action: string;
  /** Its fields in order (repeated names repeated), without the CSRF token. */
  fields: ReadonlyArray<readonly [string, string]>;
  form: KeptForm;
}

/** Prefix of the kept fields inside the sign-in form (`kept.title`…), which has fields of its own. */
export const KEPT_FIELD_PREFIX = 'kept.';
/** Sign-in form field naming the kept form's path. */
export const KEPT_ACTION_FIELD = 'kept_action';

/** The string fields of a parsed form body, in order, without the CSRF token (and without `prefix`, keeping only names that have it). */
export function formFields(body: unknown, prefix = ''): Array<[string, string]> {
  if (typeof body !== 'object' || body === null) return [];
  const out: Array<[string, string]> = [];
  for (const [name, raw] of Object.entries(body as Record<string, unknown>)) {
    if (name === '_csrf' || !name.startsWith(prefix)) continue;
    for (const value of [raw].flat()) if (typeof value === 'string') out.push([name.slice(prefix.length), value]);
  }
  return out;
}

/** The fields to send again: the kept ones with `form.resend` set over them. */
export function resentFields(kept: KeptPost): Array<readonly [string, string]> {
  const resend = kept.form.resend ?? {};
  return [...kept.fields.filter(([name]) => !Object.hasOwn(resend, name)), ...Object.entries(resend)];
}

/** The first value of `name` among kept fields ('' when absent). */
export function keptValue(kept: KeptPost, name: string): string {
  return kept.fields.find(([n]) => n === name)?.[1] ?? '';
}

/** A route path with `:params` as a pattern matching concrete paths (`/admin/articles/:id` → `/admin/articles/12`). */
export function routePattern(url: string): RegExp {
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/:\w+/gu, '[^/?#]+');
  return new RegExp(`^${escaped}$`, 'u');
}
