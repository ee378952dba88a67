/**
 * Old addresses that answer 301 with a jarida page (migration 012): a site
 * moved from WordPress keeps its links (`/?p=123`, `/2020/05/01/slug/`,
 * `/category/slug/`), and so does an article whose slug the newsroom changed
 * after publishing it (`/article/<old slug>`, docs/adr/019), a category whose
 * path changed and a tag renamed or merged into another (`/category/<old
 * path>`, `/tag/<old slug>`, docs/adr/020). The target is an entity, not a
 * path, so a redirect follows a later change of slug and only answers while
 * its target is public (docs/adr/018-wordpress-import.md).
 */

/** What an old address points at. */
export type RedirectTargetKind = 'article' | 'category' | 'tag';

/** One stored redirect. `old_path` is normalized by {@link normalizeOldPath}. */
export interface Redirect {
  old_path: string;
  target_kind: RedirectTargetKind;
  target_id: number;
  created_at: string;
}

export interface RedirectRepo {
  /** Stores the redirect unless `old_path` already has one (the first import to claim a path keeps it). */
  add(redirect: Redirect): Promise<void>;
  /**
   * Stores the redirect, replacing the one `old_path` had: the article that
   * last held an address is the one its links meant.
   */
  put(redirect: Redirect): Promise<void>;
  find(oldPath: string): Promise<Redirect | undefined>;
  /**
   * Points every redirect at `fromId` of `kind` at `toId` instead (a tag
   * merged into another: its old addresses mean the tag it went into).
   */
  retarget(kind: RedirectTargetKind, fromId: number, toId: number): Promise<void>;
}

/** Query parameters of WordPress's plain permalinks that name one thing (`/?p=123`, `/?page_id=7`, `/?cat=3`). */
export const PLAIN_PERMALINK_PARAMS = ['p', 'page_id', 'cat', 'tag'] as const;

/**
 * The key of an old address: the path percent-decoded once (a malformed escape
 * keeps the raw text), NFC, without a trailing slash (`/` stays `/`), and for
 * the home page with a plain-permalink parameter (see
 * {@link PLAIN_PERMALINK_PARAMS}) that one parameter as `/?p=123`; any other
 * query is dropped. Returns undefined for the home page without such a
 * parameter (it is never redirected).
 *
 * @param pathAndQuery a request URL's path and query, or a full URL (its host is ignored).
 */
export function normalizeOldPath(pathAndQuery: string): string | undefined {
  let path: string;
  let query: string;
  try {
    const url = new URL(pathAndQuery, 'http://x.invalid');
    path = url.pathname;
    query = url.search;
  } catch {
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  decoded = decoded.normalize('NFC').replace(/\/+$/u, '') || '/';
  if (decoded === '/') {
    const params = new URLSearchParams(query);
    for (const name of PLAIN_PERMALINK_PARAMS) {
      const value = params.get(name)?.trim();
      if (value) return `/?${name}=${value}`;
    }
    return undefined;
  }
  return decoded;
}

/**
 * The key ({@link normalizeOldPath}) of the reader address of the article
 * with `slug`: `/article/<slug>`, decoded, NFC (what `web/urls.ts`
 * `urls.article` gives, as a key).
 */
export function articleOldPath(slug: string): string {
  return `/article/${slug.normalize('NFC')}`;
}

/**
 * The key ({@link normalizeOldPath}) of the reader address of the category
 * at a slug path (`['رياضة', 'عربي']` → `/category/رياضة/عربي`, what
 * `urls.category` gives, as a key).
 */
export function categoryOldPath(path: readonly string[]): string {
  return `/category/${path.join('/').normalize('NFC')}`;
}

/** The key ({@link normalizeOldPath}) of the reader address of the tag with `slug` (`/tag/<slug>`). */
export function tagOldPath(slug: string): string {
  return `/tag/${slug.normalize('NFC')}`;
}
