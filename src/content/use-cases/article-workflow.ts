/**
 * The newsroom workflow of an article (glossary statuses):
 *
 *   draft ⇄ in_review → scheduled | published → unpublished → (published again)
 *
 * Each step is one transaction holding the change, a revision (who, when,
 * what) and, when readers see a difference, an outbox event
 * (`content/article-events.ts`). Permissions come from `content/roles.ts`:
 * a contributor writes and submits, an author also publishes their own
 * articles, editors and administrators act on every article.
 */
import { JaridaError, forbidden, invalid, notFound } from '../../core/errors.ts';
import type { RevisionAction } from '../article-revisions.ts';
import { sanitizeEditorBody } from '../body-html.ts';
import { type Actor, roleHas } from '../roles.ts';
import type { Article, ArticleCreditFields, ArticleStatus } from '../types.ts';
import { assertCanEdit, assertCanPublish, canViewArticle } from './article-access.ts';
import { type EditableArticle, type WorkflowDeps, assertCategory, editable, loadForChange, nowIso, recordEvent, recordRevision, runSave, snapshotOf } from './article-save.ts';
import { createArticle, decodeTypedSlug } from './create-article.ts';
import { checkInstant, scheduleInPast } from './publication-time.ts';

/** Editor fields of a new draft. Instants are UTC ISO strings (see `core/time-zone.ts` `localToUtc` for form values). */
export interface DraftInput extends ArticleCreditFields {
  title: string;
  /** Preferred slug (Arabic kept); derived from the headline when absent or blank. */
  slug?: string | undefined;
  /** Plain text; derived from the body's first paragraph when absent or blank. */
  excerpt?: string | undefined;
  /** Editor HTML; sanitized (and `dir="auto"` added to blocks) before it is stored. */
  body: string;
  category_id: number;
  tags?: readonly string[] | undefined;
  /** Planned publication time, UTC ISO; only used when the article is scheduled or published. */
  published_at?: string | null | undefined;
}

/**
 * Creates a draft written in the newsroom: validated like every article
 * (`createArticle`), body sanitized for the editor (`sanitizeEditorBody`),
 * created by `actor`, with revision 1 (`create`) in the same transaction.
 * Single-line text is cleaned as in `createArticle`; a typed slug is
 * percent-decoded once (`decodeTypedSlug`).
 *
 * @throws JaridaError `FORBIDDEN` when the role may not create articles;
 *   `VALIDATION` naming the field at fault (headline, slug, tags, category, URL, date).
 */
export async function createDraft(deps: WorkflowDeps, actor: Actor, input: DraftInput): Promise<EditableArticle> {
  if (!roleHas(actor.role, 'article.create')) throw forbidden(`a ${actor.role} may not create articles`, { role: actor.role });
  return runSave(deps, async (repos) => {
    await assertCategory(repos, input.category_id);
    const at = nowIso(deps.clock);
    const article = await createArticle(repos, deps.clock, {
      title: input.title,
      slug: input.slug?.trim() ? decodeTypedSlug(input.slug) : undefined,
      excerpt: input.excerpt,
      body: sanitizeEditorBody(input.body),
      status: 'draft',
      published_at: checkInstant(input.published_at),
      category_id: input.category_id,
      tags: input.tags,
      author_name: input.author_name,
      source_name: input.source_name,
      source_url: input.source_url,
      featured_image_url: input.featured_image_url,
      featured_image_alt: input.featured_image_alt,
      video_url: input.video_url,
      created_by: actor.user_id,
    });
    const after = await snapshotOf(repos, article);
    const revision = await recordRevision(repos, { before: undefined, after, article_id: article.id, latest: 0, user_id: actor.user_id, action: 'create', at });
    return { saved: { article, tags: after.tags, author_name: after.author_name, revision }, refresh: false, scheduleChanged: false };
  });
}

/**
 * The article with its tags, byline and revision number, for the editor form.
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless {@link canViewArticle}.
 */
export async function getArticleForEditing(deps: WorkflowDeps, actor: Actor, id: number): Promise<EditableArticle> {
  const article = await deps.store.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`, { article_id: id });
  if (!canViewArticle(actor, article)) throw forbidden(`a ${actor.role} may not open this article`, { article_id: id, role: actor.role });
  return editable(deps.store, id, await deps.store.revisions.latestNumber(id));
}

interface Transition {
  action: RevisionAction;
  from: readonly ArticleStatus[];
  to: ArticleStatus;
  /** Publish permission (else edit permission). */
  publishing: boolean;
}

function wrongStatus(article: Article, action: string): JaridaError {
  return new JaridaError('CONFLICT', `cannot ${action} an article that is ${article.status}`, { article_id: article.id, status: article.status, action });
}

/**
 * One status change: permission, status check, conditional update, revision
 * and (for readers' changes) event, in one transaction.
 */
async function transition(
  deps: WorkflowDeps,
  actor: Actor,
  id: number,
  step: Transition,
  patchOf: (article: Article, now: string) => { published_at?: string | null },
  expectedRevision?: number,
): Promise<EditableArticle> {
  return runSave(deps, async (repos) => {
    const { article, revision: latest } = await loadForChange(repos, id, expectedRevision);
    if (step.publishing) assertCanPublish(actor, article);
    else assertCanEdit(actor, article);
    if (!step.from.includes(article.status)) throw wrongStatus(article, step.action.replaceAll('_', ' '));
    const at = nowIso(deps.clock);
    const before = await snapshotOf(repos, article);
    const applied = await repos.articles.transition(id, step.from, { status: step.to, updated_at: at, ...patchOf(article, at) });
    // Another writer changed the status between our read and our write (PostgreSQL, READ COMMITTED).
    if (!applied) throw wrongStatus(article, step.action.replaceAll('_', ' '));
    const now = (await repos.articles.findById(id)) ?? article;
    const after = await snapshotOf(repos, now);
    const revision = await recordRevision(repos, { before, beforeArticle: article, after, article_id: id, latest, user_id: actor.user_id, action: step.action, at });
    const wasLive = article.status === 'published';
    if (step.to === 'published') await recordEvent(repos, 'article.published', id, at);
    else if (wasLive) await recordEvent(repos, 'article.unpublished', id, at);
    return {
      saved: { article: now, tags: after.tags, author_name: after.author_name, revision },
      refresh: step.to === 'published' || wasLive,
      scheduleChanged: step.to === 'scheduled' || article.status === 'scheduled',
    };
  });
}

/**
 * draft → in_review: the writer hands the article to an editor.
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may edit it;
 *   `CONFLICT` from any other status, or when `expectedRevision` is stale.
 */
export function submitForReview(deps: WorkflowDeps, actor: Actor, id: number, expectedRevision?: number): Promise<EditableArticle> {
  return transition(deps, actor, id, { action: 'submit', from: ['draft'], to: 'in_review', publishing: false }, () => ({}), expectedRevision);
}

/**
 * in_review → draft: an editor sends it back, or the writer takes it back.
 * @throws as {@link submitForReview}.
 */
export function returnToDraft(deps: WorkflowDeps, actor: Actor, id: number, expectedRevision?: number): Promise<EditableArticle> {
  return transition(deps, actor, id, { action: 'return_to_draft', from: ['in_review'], to: 'draft', publishing: false }, () => ({}), expectedRevision);
}

/**
 * Publishes now: draft, in_review, scheduled or unpublished → published,
 * with an `article.published` event. `published_at` becomes now, except
 * that an article whose publication time is already past keeps it (a
 * republished article keeps its first publication time; a backdated draft
 * its date).
 *
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may publish
 *   it (never a contributor); `CONFLICT` when already published or when
 *   `expectedRevision` is stale.
 */
export function publish(deps: WorkflowDeps, actor: Actor, id: number, expectedRevision?: number): Promise<EditableArticle> {
  return transition(
    deps,
    actor,
    id,
    { action: 'publish', from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'published', publishing: true },
    (article, now) => ({
      published_at: article.status !== 'scheduled' && article.published_at !== null && article.published_at <= now ? article.published_at : now,
    }),
    expectedRevision,
  );
}

/**
 * Schedules publication at `at` (a UTC instant; convert form input with
 * `core/time-zone.ts` `localToUtc`): draft, in_review, scheduled (a new
 * time) or unpublished → scheduled, with `published_at` = `at`. The
 * scheduler (`scheduler.ts`) publishes it when the time comes, also after a
 * restart.
 *
 * @throws JaridaError `VALIDATION` (field `published_at`) for a bad instant,
 *   or one not in the future ({@link scheduleInPast}: nothing is written);
 *   otherwise as {@link publish}.
 */
export async function schedule(deps: WorkflowDeps, actor: Actor, id: number, at: string, expectedRevision?: number): Promise<EditableArticle> {
  const when = checkInstant(at);
  if (when === null) throw invalid('a scheduled article needs published_at', { field: 'published_at' });
  if (when <= nowIso(deps.clock)) throw scheduleInPast(when);
  return transition(
    deps,
    actor,
    id,
    { action: 'schedule', from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'scheduled', publishing: true },
    () => ({ published_at: when }),
    expectedRevision,
  );
}

/**
 * Takes an article off the site: published → unpublished, with an
 * `article.unpublished` event. A scheduled article goes back to draft
 * instead (its planned time is kept in the form). Its search-index row
 * stays; searches and lists only show published articles.
 *
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may publish
 *   it; `CONFLICT` from another status or with a stale `expectedRevision`.
 */
export async function unpublish(deps: WorkflowDeps, actor: Actor, id: number, expectedRevision?: number): Promise<EditableArticle> {
  const current = await deps.store.articles.findById(id);
  const to: ArticleStatus = current?.status === 'scheduled' ? 'draft' : 'unpublished';
  return transition(
    deps,
    actor,
    id,
    { action: 'unpublish', from: to === 'draft' ? ['scheduled'] : ['published'], to, publishing: true },
    () => ({}),
    expectedRevision,
  );
}
