import { slugify, uniqueSlug } from '../../arabic/slug.ts';
import { invalid } from '../../core/errors.ts';
import type { ArticleSnapshot, RevisionAction } from '../article-revisions.ts';
import { excerptFromBody, sanitizeEditorBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';
import type { Actor } from '../roles.ts';
import { articleOldPath } from '../redirects.ts';
import { cleanLine, cleanOptionalLine } from '../text-fields.ts';
import type { Article } from '../types.ts';
import {
  type EditableArticle,
  type SaveOutcome,
  type WorkflowDeps,
  affectsRelated,
  assertCanEdit,
  assertCanPublish,
  assertCategory,
  changedFields,
  checkInstant,
  editable,
  loadForChange,
  nowIso,
  recordEvent,
  recordRevision,
  runSave,
  scheduleInPast,
  snapshotOf,
} from './article-workflow.ts';
import { assertTagNamesFit, bylineAuthor, checkTitle, checkUrl, cleanTagNames, decodeTypedSlug } from './create-article.ts';

/**
 * Changes from the editor form. An absent field (undefined) is left as it
 * is; null or a blank string clears an optional field. Instants are UTC
 * ISO strings (form values go through `core/time-zone.ts` `localToUtc`).
 */
export interface ArticleEdit {
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
  author_name?: string | null | undefined;
  source_name?: string | null | undefined;
  source_url?: string | null | undefined;
  featured_image_url?: string | null | undefined;
  featured_image_alt?: string | null | undefined;
  video_url?: string | null | undefined;
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
 * Tag names as stored (an existing tag keeps its spelling), created on first use, without repeats.
 * @throws JaridaError `VALIDATION` (field `tags`) as `create-article.ts` `cleanTagName` and `assertTagNamesFit`.
 */
async function resolveTags(repos: Repos, names: readonly string[]): Promise<Array<{ id: number; name: string }>> {
  const out: Array<{ id: number; name: string }> = [];
  const clean = cleanTagNames(names);
  await assertTagNamesFit(repos, clean);
  for (const name of clean) {
    const tag = await repos.tags.findOrCreate(name, slugify(name));
    if (!out.some((t) => t.id === tag.id)) out.push({ id: tag.id, name: tag.name });
  }
  return out;
}

/** The snapshot an edit leads to, validated; nothing is written but new tags. */
async function applyEdit(repos: Repos, article: Article, before: ArticleSnapshot, edit: ArticleEdit): Promise<ArticleSnapshot> {
  const title = edit.title !== undefined ? checkTitle(edit.title) : before.title;
  const body = edit.body !== undefined ? sanitizeEditorBody(edit.body) : before.body;
  // An excerpt that was derived from the body follows the body.
  const derived = before.excerpt === excerptFromBody(before.body);
  const excerpt =
    edit.excerpt !== undefined
      ? cleanLine('excerpt', edit.excerpt) || excerptFromBody(body)
      : derived && body !== before.body
        ? excerptFromBody(body)
        : before.excerpt;
  if (edit.category_id !== undefined && edit.category_id !== before.category_id) await assertCategory(repos, edit.category_id);
  return {
    title,
    slug: edit.slug !== undefined ? await resolveSlug(repos, article, decodeTypedSlug(edit.slug), title) : before.slug,
    excerpt,
    body,
    status: before.status,
    published_at: edit.published_at !== undefined ? checkInstant(edit.published_at) : before.published_at,
    category_id: edit.category_id ?? before.category_id,
    author_name: edit.author_name !== undefined ? cleanOptionalLine('author_name', edit.author_name) : before.author_name,
    source_name: edit.source_name !== undefined ? cleanOptionalLine('source_name', edit.source_name) : before.source_name,
    source_url: edit.source_url !== undefined ? checkUrl('source_url', edit.source_url) : before.source_url,
    featured_image_url: edit.featured_image_url !== undefined ? checkUrl('featured_image_url', edit.featured_image_url) : before.featured_image_url,
    featured_image_alt: edit.featured_image_alt !== undefined ? cleanOptionalLine('featured_image_alt', edit.featured_image_alt) : before.featured_image_alt,
    video_url: edit.video_url !== undefined ? checkUrl('video_url', edit.video_url) : before.video_url,
    tags: edit.tags !== undefined ? (await resolveTags(repos, edit.tags)).map((t) => t.name) : before.tags,
  };
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
 *   time, a published one would get a future time (use `schedule`), or a
 *   scheduled one a time already past (reason `article_schedule_past`).
 */
export async function saveSnapshot(
  repos: Repos,
  deps: WorkflowDeps,
  actor: Actor,
  save: { article: Article; before: ArticleSnapshot; next: ArticleSnapshot; latest: number; action: RevisionAction; restored_from?: number },
): Promise<SaveOutcome> {
  const { article, before, latest } = save;
  const next = { ...save.next, status: article.status };
  const changed = changedFields(before, next);
  if (changed.length === 0) return { saved: await editable(repos, article.id, latest), refresh: false, scheduleChanged: false };
  const at = nowIso(deps.clock);
  const live = article.status === 'published' || article.status === 'scheduled';
  if (live && changed.includes('published_at')) {
    assertCanPublish(actor, article);
    if (next.published_at === null) throw invalid(`a ${article.status} article needs published_at`, { field: 'published_at' });
    if (article.status === 'published' && next.published_at > at) {
      throw invalid('a published article cannot get a future publication time: schedule it instead', { field: 'published_at' });
    }
    // Else the scheduler would publish it at once under a backdated dateline.
    if (article.status === 'scheduled' && next.published_at <= at) throw scheduleInPast(next.published_at);
  }

  const author_id = next.author_name === null ? null : (await bylineAuthor(repos, next.author_name)).id;
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
  const tags = await resolveTags(repos, next.tags);
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
    const next = await applyEdit(repos, article, before, edit);
    return saveSnapshot(repos, deps, actor, { article, before, next, latest, action: 'update' });
  });
}

/** Resolves a stored snapshot's slug against today's articles (another may have taken it since). */
export async function snapshotForRestore(repos: Repos, article: Article, snapshot: ArticleSnapshot): Promise<ArticleSnapshot> {
  await assertCategory(repos, snapshot.category_id);
  return { ...snapshot, slug: await resolveSlug(repos, article, snapshot.slug, snapshot.title) };
}
