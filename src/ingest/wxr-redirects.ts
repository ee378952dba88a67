/**
 * Redirects a WordPress import adds so the old site's addresses keep
 * working: posts and pages (permalink, `?p=`, `?page_id=`), categories (the
 * whole `/category/parent/child/` chain, `?cat=`) and tags (`/tag/…`). A path
 * that already redirects somewhere is left as it is.
 */
import { slugify } from '../arabic/slug.ts';
import { normalizeOldPath, type RedirectTargetKind } from '../content/redirects.ts';
import type { Repos } from '../content/repos.ts';
import { decodeSlugOnce } from './wxr-items.ts';
import type { WxrCategory, WxrItem } from './wxr-reader.ts';

/** Adds a redirect from an old path (none when undefined or already taken). */
export type AddRedirect = (path: string | undefined, kind: RedirectTargetKind, id: number) => Promise<void>;

/** Path of a URL on the old site, or undefined when it is not a URL. */
export function oldPathOf(link: string): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return normalizeOldPath(`${url.pathname}${url.search}`);
  } catch {
    return undefined;
  }
}

/**
 * An {@link AddRedirect} writing through `repos`, dated `now()` (UTC ISO)
 * and counted in `tally.redirects_added`.
 */
export function redirectAdder(repos: Repos, tally: { redirects_added: number }, now: () => string): AddRedirect {
  return async (path, kind, id) => {
    if (!path || (await repos.redirects.find(path))) return;
    await repos.redirects.add({ old_path: path, target_kind: kind, target_id: id, created_at: now() });
    tally.redirects_added++;
  };
}

/**
 * The old addresses of category `cat` (now category `id`): its
 * `/category/…` chain through its parents in `categories` (by decoded slug),
 * and `/?cat=<term id>`.
 */
export async function addCategoryRedirects(add: AddRedirect, categories: ReadonlyMap<string, WxrCategory>, cat: WxrCategory, id: number): Promise<void> {
  // WordPress's category address holds the whole chain: /category/parent/child/. The slugs go in
  // as exported (as they were in the old links) and are decoded once, as a request's path is.
  const chain: string[] = [];
  for (let c: WxrCategory | undefined = cat, guard = 0; c && guard < 50; c = categories.get(decodeSlugOnce(c.parent)), guard++) {
    chain.unshift(c.nicename);
    if (!c.parent) break;
  }
  await add(normalizeOldPath(`/category/${chain.join('/')}`), 'category', id);
  if (cat.term_id) await add(`/?cat=${cat.term_id}`, 'category', id);
}

/**
 * The old addresses of post or page `item` (now article `articleId`): its
 * permalink and `/?p=` or `/?page_id=`; then `/tag/<slug>` of each of its
 * tags (`tagNames`) whose WordPress slug `tagSlugs` knows, once per import
 * (`tagsRedirected` holds the slugs done).
 */
export async function addArticleRedirects(
  repos: Repos,
  add: AddRedirect,
  item: WxrItem,
  articleId: number,
  tagNames: readonly string[],
  tagSlugs: ReadonlyMap<string, string>,
  tagsRedirected: Set<string>,
): Promise<void> {
  await add(oldPathOf(item.link), 'article', articleId);
  if (item.post_id) await add(item.post_type === 'page' ? `/?page_id=${item.post_id}` : `/?p=${item.post_id}`, 'article', articleId);
  for (const name of tagNames) {
    const wpSlug = tagSlugs.get(name);
    if (!wpSlug || tagsRedirected.has(wpSlug)) continue;
    const tag = await repos.tags.findBySlug(slugify(name));
    // As exported, decoded once like a request's path (see the category chain).
    if (tag) await add(normalizeOldPath(`/tag/${wpSlug}`), 'tag', tag.id);
    tagsRedirected.add(wpSlug);
  }
}
