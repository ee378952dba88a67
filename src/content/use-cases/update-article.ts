import { slugify, uniqueSlug } from '../../arabic/slug.ts';
import { invalid } from '../../core/errors.ts';
import type { ArticleSnapshot, RevisionAction } from '../article-revisions.ts';
import { excerptFromBody, sanitizeEditorBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';
import type { Actor } from '../roles.ts';
import { articleOldPath, tagOldPath } from '../redirects.ts';
import { cleanLine, cleanOptionalLine } from '../text-fields.ts';
import type { Article, ArticleCreditFields, Tag } from '../types.ts';
import { assertCanEdit, assertCanPublish } from './article-access.ts';
import {
  type EditableArticle,
  type SaveOutcome,
  type WorkflowDeps,
  affectsRelated,
  assertCategory,
  changedFields,
  editable,
  loadForChange,
  nowIso,
  recordEvent,
  recordRevision,
  runSave,
  snapshotOf,
} from './article-save.ts';
import { checkInstant, scheduleInPast } from './publication-time.ts';
import { assertTagCount, assertTagNamesFit, bylineAuthor, checkFieldLength, checkTitle, checkUrl, cleanTagNames, decodeTypedSlug, tagNamed } from './create-article.ts';

/**
 * Changes from the editor form. An absent field (undefined) is left as it
 * is; null or a blank string clears an optional field. Instants are UTC
 * ISO strings (form values go through `core/time-zone.ts` `localToUtc`).
 */
export interface ArticleEdit extends ArticleCreditFields {
  title?: string | undefined;
  /**
   * A new slug (Arabic kept, NFC); blank derives it from the headline again.
   * Percent escapes (an address pasted from a browser) are decoded once; a
   * malformed one is refused (see `create-article.ts` `decodeTypedSlug`).
   */
  slug?: string | undefined;
  /** Blank derives it from the body. */
  excerpt?: string | undefined;
  /** Editor HTML; sanitized with `sanitizeEditorBody` before it is stored. */
  body?: string | undefined;
  category_id?: number | undefined;
  /** Tag names in order; replaces the article's tags. */
  tags?: readonly string[] | undefined;
  published_at?: string | null | undefined;
}

/** Options of a save. */
export interface SaveOptions {
  /**
   * The revision number the form was opened at; a different latest revision
   * fails with `CONFLICT` (two people editing at once). Forms must send it
   * (the HTTP handlers refuse a form without it); tools that edit without a
   * form (CLI, importers) may leave it out.
   */
  expected_revision?: number | undefined;
}

/** A slug for `article` from `wanted` (or its headline when blank): NFC, Arabic kept, unique among other articles. */
async function resolveSlug(repos: Repos, article: Article, wanted: string, title: string): Promise<string> {
  const base = wanted.trim() === '' ? slugify(title) : slugify(wanted);
  if (base === '') {
    if (wanted.trim() !== '') throw invalid(`slug has no letters or digits: ${JSON.stringify(wanted)}`, { field: 'slug' });
    return article.slug;
  }
  if (base === article.slug) return base;
  return uniqueSlug(base, async (candidate) => candidate !== article.slug && (await repos.articles.slugTaken(candidate)));
}

/**
 * What became of a tag an old revision names that no tag holds the slug of
 * now: the tag it was renamed to or merged into, as the redirect its old
 * address left says (`taxonomy.ts` writes one for the slug and for the
 * slug of the old name); else the one tag with exactly that name (a tag
 * whose slug an editor chose). Undefined when neither is found.
 */
async function tagBecame(repos: Repos, name: string, slug: string): Promise<Tag | undefined> {
  const redirect = await repos.redirects.find(tagOldPath(slug));
  const target = redirect?.target_kind === 'tag' ? await repos.tags.findById(redirect.target_id) : undefined;
  if (target) return target;
  const named = await repos.tags.findByName(name);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Tag names as stored (an existing tag keeps its spelling), created on first use, without repeats.
 * A name is first looked for among `known` (the article's tags, and those
 * already resolved for this save) by exact name, so that a tag whose slug is
 * not its name's (an editor chose it) stays the same tag rather than being
 * swapped for a new one of that name; then by the slug of the name. With
 * `followMerges` (a restore), a name no tag has the slug of is taken as
 * renamed or merged away and followed ({@link tagBecame}) before a tag is
 * created: restoring a revision must not undo a merge.
 * @throws JaridaError `VALIDATION` (field `tags`) as `create-article.ts` `cleanTagName` and `assertTagNamesFit`.
 */
async function resolveTags(repos: Repos, names: readonly string[], known: readonly Tag[], followMerges = false): Promise<Tag[]> {
  const out: Tag[] = [];
  const clean = cleanTagNames(names);
  await assertTagNamesFit(repos, clean);
  for (const name of clean) {
    const slug = slugify(name);
    const tag =
      // Two tags of one name on an article stay two: each known tag is used once.
      known.find((t) => t.name === name && !out.some((o) => o.id === t.id)) ??
      (followMerges && slug !== '' && !(await repos.tags.findBySlug(slug)) ? await tagBecame(repos, name, slug) : undefined) ??
      (await tagNamed(repos, name));
    if (!out.some((t) => t.id === tag.id)) out.push(tag);
  }
  return out;
}

/** The snapshot an edit leads to, validated, with the tags it names; nothing is written but new tags. */
async function applyEdit(repos: Repos, article: Article, before: ArticleSnapshot, edit: ArticleEdit): Promise<{ next: ArticleSnapshot; tags?: Tag[] | undefined }> {
  const title = edit.title !== undefined ? checkTitle(edit.title) : before.title;
  const body = edit.body !== undefined ? sanitizeEditorBody(edit.body) : before.body;
  // An excerpt that was derived from the body follows the body.
  const derived = before.excerpt === excerptFromBody(before.body);
  const excerpt =
    edit.excerpt !== undefined
      ? checkFieldLength('excerpt', cleanLine('excerpt', edit.excerpt), before.excerpt) || excerptFromBody(body)
      : derived && body !== before.body
        ? excerptFromBody(body)
        : before.excerpt;
  if (edit.category_id !== undefined && edit.category_id !== before.category_id) await assertCategory(repos, edit.category_id);
  // Limits as in createArticle; a value the article has already passes (see checkFieldLength).
  if (edit.tags !== undefined) assertTagCount(cleanTagNames(edit.tags), before.tags.length);
  const tags = edit.tags !== undefined ? await resolveTags(repos, edit.tags, await repos.articles.tagsOf(article.id)) : undefined;
  const next: ArticleSnapshot = {
    title,
    slug: edit.slug !== undefined ? await resolveSlug(repos, article, decodeTypedSlug(edit.slug), title) : before.slug,
    excerpt,
    body,
    status: before.status,
    published_at: edit.published_at !== undefined ? checkInstant(edit.published_at) : before.published_at,
    category_id: edit.category_id ?? before.category_id,
    author_name: edit.author_name !== undefined ? checkFieldLength('author_name', cleanOptionalLine('author_name', edit.author_name), before.author_name) : before.author_name,
    source_name: edit.source_name !== undefined ? checkFieldLength('source_name', cleanOptionalLine('source_name', edit.source_name), before.source_name) : before.source_name,
    source_url: edit.source_url !== undefined ? checkUrl('source_url', edit.source_url) : before.source_url,
    featured_image_url: edit.featured_image_url !== undefined ? checkUrl('featured_image_url', edit.featured_image_url) : before.featured_image_url,
    featured_image_alt:
      edit.featured_image_alt !== undefined
        ? checkFieldLength('featured_image_alt', cleanOptionalLine('featured_image_alt', edit.featured_image_alt), before.featured_image_alt)
        : before.featured_image_alt,
    video_url: edit.video_url !== undefined ? checkUrl('video_url', edit.video_url) : before.video_url,
    tags: tags ? tags.map((t) => t.name) : before.tags,
  };
  return { next, tags };
}

/**
 * Whether readers may have known the article's address: it is published or
 * unpublished now, or a revision shows it was published once (a published
 * article unpublished and then scheduled or sent back to draft).
 */
async function everPublished(repos: Repos, article: Article): Promise<boolean> {
  if (article.status === 'published' || article.status === 'unpublished') return true;
  for (const revision of await repos.revisions.list(article.id)) {
    if (revision.action === 'publish' || revision.action === 'scheduled_publish') return true;
    if (revision.action === 'baseline') {
      // An imported article's state before its first save in the newsroom.
      const status = (await repos.revisions.get(article.id, revision.number))?.snapshot.status;
      if (status === 'published' || status === 'unpublished') return true;
    }
  }
  return false;
}

/**
 * Saves the editable fields of `next` (not its status) over `article`,
 * with its revision, event and search-index row, in the caller's
 * transaction. Nothing is written when nothing changed. A new slug of an
 * article that is or was published leaves a redirect (`content/redirects.ts`)
 * from its old address, in the same transaction.
 *
 * @throws JaridaError `FORBIDDEN` when the publication time of a scheduled or
 *   published article changes and the actor may not publish it;
 *   `VALIDATION` (field `published_at`) when such an article would lose its
 *   time (reason `published_at_required`), a published one would get a future
 *   time (`article_published_future`: use `schedule`), or a scheduled one a
 *   time already past (`article_schedule_past`).
 */
export async function saveSnapshot(
  repos: Repos,
  deps: WorkflowDeps,
  actor: Actor,
  save: {
    article: Article;
    before: ArticleSnapshot;
    next: ArticleSnapshot;
    latest: number;
    action: RevisionAction;
    restored_from?: number;
    /** Tags already resolved for `next.tags` (by the edit or the restore): each name means that tag. */
    tags?: readonly Tag[] | undefined;
  },
): Promise<SaveOutcome> {
  const { article, before, latest } = save;
  const next = { ...save.next, status: article.status };
  const changed = changedFields(before, next);
  if (changed.length === 0) return { saved: await editable(repos, article.id, latest), refresh: false, scheduleChanged: false };
  const at = nowIso(deps.clock);
  const live = article.status === 'published' || article.status === 'scheduled';
  if (live && changed.includes('published_at')) {
    assertCanPublish(actor, article);
    if (next.published_at === null) throw invalid(`a ${article.status} article needs published_at`, { field: 'published_at', reason: 'published_at_required' });
    if (article.status === 'published' && next.published_at > at) {
      throw invalid('a published article cannot get a future publication time: schedule it instead', { field: 'published_at', reason: 'article_published_future' });
    }
    // Else the scheduler would publish it at once under a backdated dateline.
    if (article.status === 'scheduled' && next.published_at <= at) throw scheduleInPast(next.published_at);
  }

  const author_id = next.author_name === null ? null : (await bylineAuthor(repos, next.author_name)).id;
  const tags = await resolveTags(repos, next.tags, [...(save.tags ?? []), ...(await repos.articles.tagsOf(article.id))]);
  await repos.articles.update(article.id, {
    title: next.title,
    slug: next.slug,
    excerpt: next.excerpt,
    body: next.body,
    published_at: next.published_at,
    category_id: next.category_id,
    author_id,
    source_name: next.source_name,
    source_url: next.source_url,
    featured_image_url: next.featured_image_url,
    featured_image_alt: next.featured_image_alt,
    video_url: next.video_url,
    updated_at: at,
  });
  if (changed.includes('slug') && (await everPublished(repos, article))) {
    // Links to the old address keep working. The redirect names the article, not a path, so a chain
    // of renames ends at the current address, and a return to an old slug serves the page itself.
    await repos.redirects.put({ old_path: articleOldPath(before.slug), target_kind: 'article', target_id: article.id, created_at: at });
  }
  await repos.articles.setTags(article.id, tags.map((t) => t.id));
  const stored = await repos.articles.findById(article.id);
  if (!stored) throw new Error(`article ${article.id} vanished inside its own transaction`);
  await repos.index.sync(stored, tags.map((t) => t.name));
  const after = await snapshotOf(repos, stored);
  const revision = await recordRevision(repos, {
    before,
    beforeArticle: article,
    after,
    article_id: article.id,
    latest,
    user_id: actor.user_id,
    action: save.action,
    at,
    restored_from: save.restored_from,
  });
  if (article.status === 'published') await recordEvent(repos, 'article.updated', article.id, at);
  return {
    saved: { article: stored, tags: after.tags, author_name: after.author_name, revision },
    refresh: article.status === 'published' && affectsRelated(changed),
    scheduleChanged: article.status === 'scheduled' && changed.includes('published_at'),
  };
}

/**
 * Saves editor changes to an article in one transaction: validation as in
 * `createArticle` (errors name the field), body sanitized for the editor,
 * slug kept unique with Arabic kept, byline and tags linked, the search
 * index re-synced, a revision written (who, when, which fields) and, for a
 * published article, an `article.updated` event; then its read-also list is
 * refreshed when the headline, body, category or date changed. Single-line
 * text goes through `text-fields.ts` `cleanLine`; text is otherwise stored
 * byte for byte. A save that changes nothing writes nothing. A new slug of
 * a published (or once published) article leaves a 301 from its old address.
 *
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may edit it
 *   (an author another's article, a contributor a published one) or, for a
 *   scheduled or published article's time, publish it; `VALIDATION` naming
 *   the field; `CONFLICT` when `options.expected_revision` is stale.
 */
export async function updateArticle(deps: WorkflowDeps, actor: Actor, id: number, edit: ArticleEdit, options: SaveOptions = {}): Promise<EditableArticle> {
  return runSave(deps, async (repos) => {
    const { article, revision: latest } = await loadForChange(repos, id, options.expected_revision);
    assertCanEdit(actor, article);
    const before = await snapshotOf(repos, article);
    const { next, tags } = await applyEdit(repos, article, before, edit);
    return saveSnapshot(repos, deps, actor, { article, before, next, latest, action: 'update', tags });
  });
}

/**
 * Resolves a stored snapshot against today's articles and tags: its slug
 * (another article may have taken it since) and its tag names, each the tag
 * it names now: a tag renamed or merged away since is the tag it became,
 * never created again (see `resolveTags`). Returns the snapshot with those
 * tags' current names, and the tags, for `saveSnapshot`.
 * @throws JaridaError `VALIDATION` when the snapshot's category no longer exists.
 */
export async function snapshotForRestore(repos: Repos, article: Article, snapshot: ArticleSnapshot): Promise<{ snapshot: ArticleSnapshot; tags: Tag[] }> {
  await assertCategory(repos, snapshot.category_id);
  const tags = await resolveTags(repos, snapshot.tags, await repos.articles.tagsOf(article.id), true);
  return { snapshot: { ...snapshot, slug: await resolveSlug(repos, article, snapshot.slug, snapshot.title), tags: tags.map((t) => t.name) }, tags };
}
