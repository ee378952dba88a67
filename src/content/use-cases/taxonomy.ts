import { normalizeArabic } from '../../arabic/normalize.ts';
import { slugify } from '../../arabic/slug.ts';
import { type Clock, systemClock } from '../../core/clock.ts';
import { JaridaError, invalid, notFound } from '../../core/errors.ts';
import { CategoryTree } from '../category-tree.ts';
import { categoryOldPath, tagOldPath } from '../redirects.ts';
import type { Repos, TagWithCount } from '../repos.ts';
import { type Actor, roleHas } from '../roles.ts';
import { cleanLine } from '../text-fields.ts';
import type { Category, Page, Tag } from '../types.ts';

/**
 * Categories (the menu tree and its order) and tags, as editors manage them
 * in the back office. Every function needs `taxonomy.manage` from a
 * signed-in actor (null: the operator at the command line). Call the writing
 * ones with the repos of one transaction: a tag merge or rename re-indexes
 * the tag's articles in the same transaction, so search never sees a tag
 * that is gone; a category or tag address that changes leaves its 301
 * (`content/redirects.ts`) in the same transaction too.
 *
 * Errors carry `details.field` and `details.reason` (admin message keys).
 */

/** Longest category or tag name, in code points. */
export const MAX_TERM_NAME_LENGTH = 80;

function requireEditor(actor: Actor | null): void {
  if (actor && !roleHas(actor.role, 'taxonomy.manage')) throw new JaridaError('FORBIDDEN', 'managing categories and tags needs the editor role', { reason: 'forbidden' });
}

function checkName(raw: string): string {
  const name = cleanLine('name', raw);
  if (!/[\p{L}\p{N}]/u.test(name) || [...name].length > MAX_TERM_NAME_LENGTH) {
    throw invalid(`a name needs letters or digits and at most ${MAX_TERM_NAME_LENGTH} characters`, { field: 'name', reason: 'name_invalid' });
  }
  return name;
}

/** The slug given (cleaned like any slug) or derived from the name. */
function checkSlug(raw: string | undefined, name: string): string {
  const slug = slugify(raw?.trim() ? raw : name);
  if (slug === '') throw invalid('the slug has no letters or digits', { field: 'slug', reason: 'slug_invalid' });
  return slug;
}

async function tree(repos: Repos): Promise<CategoryTree> {
  return new CategoryTree(await repos.categories.all());
}

function siblingsOf(t: CategoryTree, parentId: number | null) {
  return parentId === null ? t.roots : (t.get(parentId)?.children ?? []);
}

/** Input of {@link createCategory} and {@link updateCategory}. */
export interface CategoryInput {
  name: string;
  /** Derived from the name when empty. */
  slug?: string | undefined;
  /** Null for a top-level menu item. */
  parent_id: number | null;
  /** Listed in the site menu: true when a category is created without it; unchanged when an update leaves it out. */
  in_menu?: boolean | undefined;
}

async function checkPlacement(repos: Repos, t: CategoryTree, input: CategoryInput, selfId?: number): Promise<{ name: string; slug: string }> {
  const name = checkName(input.name);
  const slug = checkSlug(input.slug, name);
  if (input.parent_id !== null) {
    if (!t.get(input.parent_id)) throw invalid(`no parent category ${input.parent_id}`, { field: 'parent_id', reason: 'parent_invalid' });
    if (selfId !== undefined && t.ancestry(input.parent_id).some((c) => c.id === selfId)) {
      throw invalid('a category cannot sit under itself or one of its sub-categories', { field: 'parent_id', reason: 'category_cycle' });
    }
  }
  if (siblingsOf(t, input.parent_id).some((c) => c.slug === slug && c.id !== selfId)) {
    throw new JaridaError('CONFLICT', `a category with the slug ${slug} exists at that place`, { field: 'slug', reason: 'slug_taken' });
  }
  return { name, slug };
}

/**
 * Adds a category at the end of its parent's menu.
 * @throws JaridaError `VALIDATION` (name, slug, parent), `CONFLICT` (slug taken among siblings), `FORBIDDEN`.
 */
export async function createCategory(repos: Repos, actor: Actor | null, input: CategoryInput): Promise<Category> {
  requireEditor(actor);
  const t = await tree(repos);
  const { name, slug } = await checkPlacement(repos, t, input);
  const siblings = siblingsOf(t, input.parent_id);
  const menu_order = siblings.reduce((max, c) => Math.max(max, c.menu_order + 1), 0);
  const in_menu = input.in_menu ?? true;
  const id = await repos.categories.insert({ parent_id: input.parent_id, name, slug, menu_order, in_menu });
  return { id, parent_id: input.parent_id, name, slug, menu_order, in_menu };
}

/**
 * Renames a category, changes its slug, shows or hides it in the site menu,
 * or moves it under another parent (to the end of that parent's menu). Its
 * articles and sub-categories follow it. A new slug or parent changes the
 * address of the category and of every sub-category below it: each old
 * address is left as a 301 to the category (`content/redirects.ts`), which
 * readers follow to wherever it is now.
 * @param clock dates the redirects written.
 * @throws JaridaError `NOT_FOUND`, `VALIDATION` (including a move under its own sub-tree), `CONFLICT`, `FORBIDDEN`.
 */
export async function updateCategory(repos: Repos, actor: Actor | null, id: number, input: CategoryInput, clock: Clock = systemClock): Promise<Category> {
  requireEditor(actor);
  const t = await tree(repos);
  const current = t.get(id);
  if (!current) throw notFound(`no category ${id}`, { reason: 'category_not_found' });
  const { name, slug } = await checkPlacement(repos, t, input, id);
  let menu_order = current.menu_order;
  if (input.parent_id !== current.parent_id) {
    menu_order = siblingsOf(t, input.parent_id).reduce((max, c) => Math.max(max, c.menu_order + 1), 0);
  }
  const in_menu = input.in_menu ?? current.in_menu;
  await repos.categories.update(id, { name, slug, parent_id: input.parent_id, menu_order, in_menu });
  if (slug !== current.slug || input.parent_id !== current.parent_id) await redirectMovedCategories(repos, t, id, clock);
  return { id, parent_id: input.parent_id, name, slug, menu_order, in_menu };
}

/**
 * Leaves a 301 from the old address of `id` and of each category below it
 * (paths read from `before`, the tree before the change) to that category.
 * `put`, as for articles: the last category at an address is the one its
 * links meant, and since the target is the category, a chain of changes
 * ends at its current address and a return to an old path serves the page
 * (redirects are consulted only on a 404).
 */
async function redirectMovedCategories(repos: Repos, before: CategoryTree, id: number, clock: Clock): Promise<void> {
  const after = await tree(repos);
  const created_at = clock.now().toISOString();
  for (const moved of before.withDescendants(id)) {
    const oldPath = categoryOldPath(before.path(moved));
    if (oldPath === categoryOldPath(after.path(moved))) continue;
    await repos.redirects.put({ old_path: oldPath, target_kind: 'category', target_id: moved, created_at });
  }
}

/**
 * Moves a category one place up or down among its siblings (the menu
 * order). Sibling positions are renumbered 0, 1, 2… on the way.
 * @throws JaridaError `NOT_FOUND`, `FORBIDDEN`.
 */
export async function moveCategory(repos: Repos, actor: Actor | null, id: number, direction: 'up' | 'down'): Promise<void> {
  requireEditor(actor);
  const t = await tree(repos);
  const current = t.get(id);
  if (!current) throw notFound(`no category ${id}`, { reason: 'category_not_found' });
  const order = siblingsOf(t, current.parent_id).map((c) => c.id);
  const at = order.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (to >= 0 && to < order.length) [order[at], order[to]] = [order[to] as number, order[at] as number];
  for (const [position, siblingId] of order.entries()) {
    if (t.get(siblingId)?.menu_order !== position) await repos.categories.update(siblingId, { menu_order: position });
  }
}

/**
 * Deletes an unused category: one with no sub-categories, no articles, and
 * no feed source filing into it (as its default category or in its category
 * mapping). A source is never changed behind the editor's back: a mapping
 * line dropped silently would file that feed category's items elsewhere, and
 * one left pointing at nothing would make the poller's inserts fail, so the
 * delete is refused naming the sources, to be changed first.
 * @throws JaridaError `NOT_FOUND`, `CONFLICT` (reason `category_has_children`,
 *   `category_has_articles`, or `category_used_by_sources` with
 *   `details.sources`: the outlet names of those sources, by id), `FORBIDDEN`.
 */
export async function deleteCategory(repos: Repos, actor: Actor | null, id: number): Promise<void> {
  requireEditor(actor);
  const t = await tree(repos);
  const current = t.get(id);
  if (!current) throw notFound(`no category ${id}`, { reason: 'category_not_found' });
  if (current.children.length > 0) throw new JaridaError('CONFLICT', 'the category has sub-categories', { reason: 'category_has_children' });
  if ((await repos.categories.articleCount(id)) > 0) throw new JaridaError('CONFLICT', 'the category has articles', { reason: 'category_has_articles' });
  // A full read of the sources: a newsroom has tens of them, and a deletion is rare.
  const users = (await repos.feeds.listSources()).filter((s) => s.default_category_id === id || Object.values(s.category_map).includes(id));
  if (users.length > 0) {
    const sources = users.map((s) => s.outlet_name);
    throw new JaridaError('CONFLICT', `feed sources file into the category: ${sources.join(', ')}`, { reason: 'category_used_by_sources', sources, source_ids: users.map((s) => s.id) });
  }
  await repos.categories.delete(id);
}

/** Tags per page of the back office's tag list. */
export const TAGS_PAGE_SIZE = 50;

/** One page of tags by name with article counts; `text` filters by name or slug. @throws JaridaError `FORBIDDEN`. */
export async function listTags(repos: Repos, actor: Actor | null, query: { text?: string; page: number }): Promise<Page<TagWithCount> & { text: string }> {
  requireEditor(actor);
  const text = (query.text ?? '').trim().slice(0, 200);
  const page = Math.max(1, Math.floor(query.page));
  const { items, total } = await repos.tags.list({ ...(text ? { text } : {}), limit: TAGS_PAGE_SIZE, offset: (page - 1) * TAGS_PAGE_SIZE });
  return { items, total, page, pages: Math.max(1, Math.ceil(total / TAGS_PAGE_SIZE)), text };
}

async function reindexTagArticles(repos: Repos, articleIds: readonly number[]): Promise<void> {
  for (const articleId of articleIds) {
    const article = await repos.articles.findById(articleId);
    if (!article) continue;
    const tags = await repos.articles.tagsOf(articleId);
    await repos.index.sync(article, tags.map((t) => t.name));
  }
}

async function findTag(repos: Repos, id: number): Promise<Tag> {
  const tag = await repos.tags.findById(id);
  if (!tag) throw notFound(`no tag ${id}`, { reason: 'tag_not_found' });
  return tag;
}

/**
 * Records that the addresses of tag `old` now mean `target` (itself renamed,
 * or the tag it was merged into): its old slug answers 301 (`put`: the last
 * tag at an address is the one its links meant), and so does the slug of its
 * old name when that differs, because article revisions name tags by name,
 * and a restore finds what became of a tag by that slug
 * (`update-article.ts` `resolveTags`). That second address never served a
 * page, so it is only `add`ed: it never takes an address another tag had.
 */
async function redirectTagAddresses(repos: Repos, old: Tag, target: Tag, clock: Clock): Promise<void> {
  const created_at = clock.now().toISOString();
  if (old.slug !== target.slug) await repos.redirects.put({ old_path: tagOldPath(old.slug), target_kind: 'tag', target_id: target.id, created_at });
  const named = slugify(old.name);
  if (named !== '' && named !== old.slug && named !== target.slug) {
    await repos.redirects.add({ old_path: tagOldPath(named), target_kind: 'tag', target_id: target.id, created_at });
  }
}

/**
 * Renames a tag (and its slug, derived from the new name when not given);
 * its articles are re-indexed for search, and a changed slug leaves a 301
 * from the old tag address (see {@link redirectTagAddresses}).
 * @param clock dates the redirects written.
 * @throws JaridaError `NOT_FOUND`, `VALIDATION`, `CONFLICT` (reason `tag_slug_taken`: merge instead), `FORBIDDEN`.
 */
export async function renameTag(repos: Repos, actor: Actor | null, id: number, input: { name: string; slug?: string | undefined }, clock: Clock = systemClock): Promise<Tag> {
  requireEditor(actor);
  const old = await findTag(repos, id);
  const name = checkName(input.name);
  const slug = checkSlug(input.slug, name);
  const other = await repos.tags.findBySlug(slug);
  if (other && other.id !== id) throw new JaridaError('CONFLICT', `the tag ${other.name} has the slug ${slug}: merge the two instead`, { field: 'slug', reason: 'tag_slug_taken' });
  await repos.tags.update(id, { name, slug });
  await redirectTagAddresses(repos, old, { id, name, slug }, clock);
  await reindexTagArticles(repos, await repos.tags.articleIds(id));
  return { id, name, slug };
}

/**
 * Merges tag `fromId` into `intoId`: articles that carried the first carry
 * the second, the first is deleted, and the articles are re-indexed. The
 * first tag's address, and every old address that led to it, answer 301
 * with the second's (see {@link redirectTagAddresses}); that redirect is
 * also the record a restore reads to bring back the second tag where an
 * old revision names the first.
 * @param clock dates the redirects written.
 * @throws JaridaError `NOT_FOUND`, `VALIDATION` (reason `merge_same`), `FORBIDDEN`.
 */
export async function mergeTags(repos: Repos, actor: Actor | null, fromId: number, intoId: number, clock: Clock = systemClock): Promise<Tag> {
  requireEditor(actor);
  if (fromId === intoId) throw invalid('a tag cannot be merged into itself', { field: 'into', reason: 'merge_same' });
  const from = await findTag(repos, fromId);
  const into = await findTag(repos, intoId);
  const articleIds = await repos.tags.articleIds(fromId);
  await repos.tags.merge(fromId, intoId);
  await repos.redirects.retarget('tag', fromId, intoId);
  await redirectTagAddresses(repos, from, into, clock);
  await reindexTagArticles(repos, articleIds);
  return into;
}

/** A name compared the way search compares words: harakat, tatweel, hamza forms, ى/ي, ة/ه and spacing aside. */
function nameKey(name: string): string {
  return normalizeArabic(name).replace(/\s+/gu, ' ').trim();
}

/**
 * The tag an editor means by `text` in the merge form, other than the tag
 * `fromId` being merged: the tag with exactly that name; else the tag with
 * that slug; else the tag whose name is the same once Arabic spelling
 * variants are set aside (`normalizeArabic`: «الإقتصاد» finds «الاقتصاد»);
 * else the tag whose slug is the text's slug. Tags share names (only slugs
 * are unique), so a step that finds several stops with an error listing
 * their slugs, which are unambiguous.
 *
 * The spelling step reads every tag's name (one pass, no index can hold
 * the normalized form without a migration); it runs only when the exact
 * name and slug found nothing, in a form used now and then.
 *
 * @throws JaridaError `VALIDATION` with `field: 'into'` and `reason`
 *   `merge_target_missing` (nothing found), `merge_target_ambiguous`
 *   (`details.slugs`: the candidates) or `merge_same` (only `fromId` itself matches).
 */
export async function findMergeTarget(repos: Repos, text: string, fromId: number): Promise<Tag> {
  const wanted = cleanLine('into', text);
  if (wanted === '') throw invalid('name the tag to merge into', { field: 'into', reason: 'merge_target_missing' });
  const pick = (found: readonly Tag[]): Tag | undefined => {
    const others = found.filter((t) => t.id !== fromId);
    if (others.length === 1) return others[0];
    if (others.length > 1) {
      const slugs = others.map((t) => t.slug);
      throw invalid(`${others.length} tags are named ${wanted}: give the slug of one (${slugs.join(', ')})`, { field: 'into', reason: 'merge_target_ambiguous', slugs });
    }
    if (found.length > 0) throw invalid('a tag cannot be merged into itself', { field: 'into', reason: 'merge_same' });
    return undefined;
  };
  const bySlug = async (slug: string) => {
    const tag = slug === '' ? undefined : await repos.tags.findBySlug(slug);
    return tag ? [tag] : [];
  };
  const key = nameKey(wanted);
  // Each step runs only when the ones before it found nothing.
  const found =
    pick(await repos.tags.findByName(wanted)) ??
    pick(await bySlug(wanted)) ??
    pick((await repos.tags.all()).filter((t) => nameKey(t.name) === key)) ??
    pick(await bySlug(slugify(wanted)));
  if (!found) throw invalid(`no tag is named ${wanted}`, { field: 'into', reason: 'merge_target_missing' });
  return found;
}
