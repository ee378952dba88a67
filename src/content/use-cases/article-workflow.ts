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
import type { Clock } from '../../core/clock.ts';
import { JaridaError, forbidden, invalid, notFound } from '../../core/errors.ts';
import type { ArticleEventType } from '../article-events.ts';
import { type ArticleSnapshot, type RevisionAction, SNAPSHOT_FIELDS, type SnapshotField } from '../article-revisions.ts';
import { sanitizeEditorBody } from '../body-html.ts';
import type { Repos, Store } from '../repos.ts';
import { type Actor, canEditArticle, canPublishArticle, roleHas } from '../roles.ts';
import type { Article, ArticleStatus } from '../types.ts';
import { createArticle, decodeTypedSlug } from './create-article.ts';

/** What the workflow use cases need. */
export interface WorkflowDeps {
  store: Store;
  clock: Clock;
  /**
   * Recomputes an article's read-also list once its change is committed
   * (`search/related.ts` `refreshRelated`, bound by the app). Absent: lists
   * are left as they are. It runs after the commit, so it must not throw:
   * the change has happened whatever it does.
   */
  refreshRelated?: (article: Article) => Promise<void>;
  /** Told when an article's scheduled time was set or changed, so a running scheduler re-plans its timer. */
  onScheduleChanged?: () => void;
}

/** An article as the editor form shows it. */
export interface EditableArticle {
  article: Article;
  /** Tag names, in order. */
  tags: string[];
  /** The byline's name, or null. */
  author_name: string | null;
  /** Number of the latest revision (0 for an article never saved through the workflow); send it back as `expected_revision`. */
  revision: number;
}

/** Editor fields of a new draft. Instants are UTC ISO strings (see `core/time-zone.ts` `localToUtc` for form values). */
export interface DraftInput {
  title: string;
  /** Preferred slug (Arabic kept); derived from the headline when absent or blank. */
  slug?: string | undefined;
  /** Plain text; derived from the body's first paragraph when absent or blank. */
  excerpt?: string | undefined;
  /** Editor HTML; sanitized (and `dir="auto"` added to blocks) before it is stored. */
  body: string;
  category_id: number;
  tags?: readonly string[] | undefined;
  /** Byline name. */
  author_name?: string | null | undefined;
  source_name?: string | null | undefined;
  source_url?: string | null | undefined;
  featured_image_url?: string | null | undefined;
  featured_image_alt?: string | null | undefined;
  video_url?: string | null | undefined;
  /** Planned publication time, UTC ISO; only used when the article is scheduled or published. */
  published_at?: string | null | undefined;
}

/** The current instant as UTC ISO. */
export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}

/** The editable fields of `article` as stored now (tags and byline read through `repos`). */
export async function snapshotOf(repos: Repos, article: Article): Promise<ArticleSnapshot> {
  const [tags, author] = await Promise.all([
    repos.articles.tagsOf(article.id),
    article.author_id === null ? undefined : repos.authors.findById(article.author_id),
  ]);
  return {
    title: article.title,
    slug: article.slug,
    excerpt: article.excerpt,
    body: article.body,
    status: article.status,
    published_at: article.published_at,
    category_id: article.category_id,
    author_name: author?.name ?? null,
    source_name: article.source_name,
    source_url: article.source_url,
    featured_image_url: article.featured_image_url,
    featured_image_alt: article.featured_image_alt,
    video_url: article.video_url,
    tags: tags.map((t) => t.name),
  };
}

/** Fields whose values differ between two snapshots, in {@link SNAPSHOT_FIELDS} order. */
export function changedFields(before: ArticleSnapshot, after: ArticleSnapshot): SnapshotField[] {
  return SNAPSHOT_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}

/** Fields whose change alters the read-also list (headline, lead, category, date). */
const RELATED_FIELDS: readonly SnapshotField[] = ['title', 'body', 'category_id', 'published_at', 'status'];

/** Whether a change of `fields` calls for a new read-also list. */
export function affectsRelated(fields: readonly SnapshotField[]): boolean {
  return fields.some((f) => RELATED_FIELDS.includes(f));
}

/**
 * Loads an article for a change inside a transaction.
 * @throws JaridaError `NOT_FOUND` for an unknown id; `CONFLICT` when
 *   `expectedRevision` is given and another save came in between;
 *   `VALIDATION` (field `expected_revision`) when it is not a whole number ≥ 0.
 */
export async function loadForChange(repos: Repos, id: number, expectedRevision?: number): Promise<{ article: Article; revision: number }> {
  if (expectedRevision !== undefined && !(Number.isSafeInteger(expectedRevision) && expectedRevision >= 0)) {
    // NaN from a careless parse would otherwise read as "someone else saved".
    throw invalid(`expected_revision must be a revision number, got ${String(expectedRevision)}`, { field: 'expected_revision', reason: 'article_revision_missing' });
  }
  const article = await repos.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`, { article_id: id });
  const revision = await repos.revisions.latestNumber(id);
  if (expectedRevision !== undefined && expectedRevision !== revision) {
    throw new JaridaError('CONFLICT', `article ${id} was saved by someone else since it was opened (revision ${revision}, form has ${expectedRevision})`, {
      article_id: id,
      revision,
      expected_revision: expectedRevision,
    });
  }
  return { article, revision };
}

/** @throws JaridaError `FORBIDDEN` unless `actor` may edit `article`. */
export function assertCanEdit(actor: Actor, article: Article): void {
  if (!canEditArticle(actor, article)) {
    throw forbidden(`a ${actor.role} may not edit this article`, { article_id: article.id, role: actor.role, status: article.status });
  }
}

/** @throws JaridaError `FORBIDDEN` unless `actor` may publish, schedule or unpublish `article`. */
export function assertCanPublish(actor: Actor, article: Article): void {
  if (!canPublishArticle(actor, article)) {
    throw forbidden(`a ${actor.role} may not publish, schedule or unpublish this article`, { article_id: article.id, role: actor.role });
  }
}

/**
 * Whether `actor` may see an article's form and history: whoever may edit
 * it, and its creator also once it left their hands (a contributor's
 * published article).
 */
export function canViewArticle(actor: Actor, article: Pick<Article, 'created_by' | 'status'>): boolean {
  if (!roleHas(actor.role, 'admin.access')) return false;
  return roleHas(actor.role, 'article.edit_any') || article.created_by === actor.user_id;
}

/**
 * Writes the revision of a save that has been applied (inside the save's
 * transaction). An article without revisions (imported, or older than
 * revisions) first gets a `baseline` revision of its state before the save,
 * so a diff and a restore can reach back to it.
 *
 * @returns the new revision's number.
 */
export async function recordRevision(
  repos: Repos,
  save: {
    before: ArticleSnapshot | undefined;
    beforeArticle?: Article | undefined;
    after: ArticleSnapshot;
    article_id: number;
    latest: number;
    user_id: number | null;
    action: RevisionAction;
    at: string;
    restored_from?: number | null | undefined;
  },
): Promise<number> {
  let latest = save.latest;
  if (latest === 0 && save.before) {
    latest = 1;
    await repos.revisions.add({
      article_id: save.article_id,
      number: latest,
      user_id: save.beforeArticle?.created_by ?? null,
      created_at: save.beforeArticle?.updated_at ?? save.at,
      action: 'baseline',
      changed_fields: [...SNAPSHOT_FIELDS],
      restored_from: null,
      snapshot: save.before,
    });
  }
  const number = latest + 1;
  await repos.revisions.add({
    article_id: save.article_id,
    number,
    user_id: save.user_id,
    created_at: save.at,
    action: save.action,
    changed_fields: save.before ? changedFields(save.before, save.after) : [...SNAPSHOT_FIELDS],
    restored_from: save.restored_from ?? null,
    snapshot: save.after,
  });
  return number;
}

/** Records an outbox event in the caller's transaction. */
export async function recordEvent(repos: Repos, type: ArticleEventType, articleId: number, at: string): Promise<void> {
  await repos.events.add({ type, article_id: articleId, occurred_at: at });
}

/** What a save tells the code that runs after its commit. */
export interface SaveOutcome {
  saved: EditableArticle;
  /** Recompute the read-also list. */
  refresh: boolean;
  /** The scheduled time was set or changed. */
  scheduleChanged: boolean;
}

/**
 * Runs a save in one transaction, then (after the commit) refreshes the
 * read-also list and tells the scheduler when the save asks for it.
 */
export async function runSave(deps: WorkflowDeps, fn: (repos: Repos) => Promise<SaveOutcome>): Promise<EditableArticle> {
  const outcome = await deps.store.transaction(fn);
  if (outcome.refresh && deps.refreshRelated) await deps.refreshRelated(outcome.saved.article);
  if (outcome.scheduleChanged) deps.onScheduleChanged?.();
  return outcome.saved;
}

/** The article as stored now, for the editor. */
export async function editable(repos: Repos, id: number, revision: number): Promise<EditableArticle> {
  const article = await repos.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`, { article_id: id });
  const snapshot = await snapshotOf(repos, article);
  return { article, tags: snapshot.tags, author_name: snapshot.author_name, revision };
}

/** @throws JaridaError `VALIDATION` (field `category_id`) unless the category exists. */
export async function assertCategory(repos: Repos, categoryId: number): Promise<void> {
  if (!Number.isInteger(categoryId) || !(await repos.categories.all()).some((c) => c.id === categoryId)) {
    throw invalid(`category_id ${String(categoryId)} is not a category of the menu`, { field: 'category_id' });
  }
}

/** Years a publication time entered in the newsroom may fall in. */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;

/**
 * An instant (ISO 8601 with `Z` or an offset) as UTC ISO, or null when blank,
 * between the years {@link EARLIEST_YEAR} and {@link LATEST_YEAR}.
 * A wall-clock time without offset is refused rather than read in the
 * server's zone: form values go through `core/time-zone.ts` `localToUtc`.
 * @throws JaridaError `VALIDATION` (field `published_at`) when unparseable or without offset
 *   (reason `published_at_invalid`) or out of range (`published_at_out_of_range`, with `min` and `max` years).
 */
export function checkInstant(value: string | null | undefined, field = 'published_at'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/T.*(?:Z|[+-]\d{2}:?\d{2})$/iu.test(value.trim())) {
    throw invalid(`${field} is not an instant with a time zone offset (ISO 8601): ${JSON.stringify(value)}`, { field, reason: 'published_at_invalid' });
  }
  // A newsroom date outside these years is a typo (year 1, 20204), and year 1 does not even format as ISO 8601.
  const year = d.getUTCFullYear();
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    throw invalid(`${field} must fall between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}: ${JSON.stringify(value)}`, {
      field,
      reason: 'published_at_out_of_range',
      min: EARLIEST_YEAR,
      max: LATEST_YEAR,
    });
  }
  return d.toISOString();
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
 * The refusal of a scheduled time that is not in the future (field
 * `published_at`, reason `article_schedule_past`): scheduling it would
 * publish at once under a backdated dateline. Publish now instead, or pick
 * a later time.
 */
export function scheduleInPast(at: string): JaridaError {
  return invalid(`the scheduled time ${at} has passed: publish now or choose a later time`, { field: 'published_at', reason: 'article_schedule_past' });
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
