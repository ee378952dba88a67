/**
 * What every save of an article shares, whichever use case makes it
 * (`article-workflow.ts`, `update-article.ts`, `revisions.ts`,
 * `scheduler.ts`, `feed-items.ts`): loading under an expected revision,
 * snapshots and their differences, revisions, outbox events, and the
 * transaction that runs a save and what follows its commit.
 */
import type { Clock } from '../../core/clock.ts';
import { JaridaError, invalid, notFound } from '../../core/errors.ts';
import type { ArticleEventType } from '../article-events.ts';
import { type ArticleSnapshot, type RevisionAction, SNAPSHOT_FIELDS, type SnapshotField } from '../article-revisions.ts';
import type { Repos, Store } from '../repos.ts';
import type { Article } from '../types.ts';

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
