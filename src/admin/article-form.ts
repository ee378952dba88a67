/**
 * The article editor's form: what it posts, how that becomes an
 * `ArticleEdit` for the workflow use cases, which buttons a user gets, and
 * the Arabic message for each error a use case raises. Pure functions; the
 * routes are in `article-editor-routes.tsx`.
 */
import { excerptFromBody } from '../content/body-html.ts';
import { isJaridaError, invalid, JaridaError } from '../core/errors.ts';
import { localToUtc, utcToLocal } from '../core/time-zone.ts';
import { type Actor, canEditArticle, canPublishArticle } from '../content/roles.ts';
import type { Article, ArticleStatus } from '../content/types.ts';
import type { EditableArticle } from '../content/use-cases/article-save.ts';
import { scheduleInPast } from '../content/use-cases/publication-time.ts';
import type { ArticleEdit } from '../content/use-cases/update-article.ts';
import { fill } from '../web/i18n.ts';
import type { AdminMessageKey, AdminMessages } from './locales/ar.ts';
import { field } from './admin-plugin.tsx';

/** What the editor's buttons ask for (`action` of the form). */
export const EDITOR_ACTIONS = ['save', 'submit', 'return_to_draft', 'publish', 'schedule', 'unpublish'] as const;
export type EditorAction = (typeof EDITOR_ACTIONS)[number];

/** The editor form's fields exactly as typed (strings), for saving and for showing the form again. */
export interface ArticleFormValues {
  title: string;
  slug: string;
  excerpt: string;
  /** Body HTML (the textarea, which the rich-text editor fills before submitting). */
  body: string;
  /** Category id as sent ('' when none was chosen). */
  category_id: string;
  /** Tag names separated by `,` or the Arabic comma `،`. */
  tags: string;
  author_name: string;
  source_name: string;
  source_url: string;
  featured_image_url: string;
  featured_image_alt: string;
  video_url: string;
  /** `YYYY-MM-DDTHH:MM` in the site's time zone (`<input type="datetime-local">`), or ''. */
  published_at: string;
  /** The revision the form was opened at ('' for a new article). */
  expected_revision: string;
}

const TEXT_FIELDS = [
  'title',
  'slug',
  'excerpt',
  'body',
  'category_id',
  'tags',
  'author_name',
  'source_name',
  'source_url',
  'featured_image_url',
  'featured_image_alt',
  'video_url',
  'published_at',
  'expected_revision',
] as const satisfies ReadonlyArray<keyof ArticleFormValues>;

/** Reads the editor form from a parsed `application/x-www-form-urlencoded` body (absent fields are ''). */
export function readArticleForm(body: unknown): ArticleFormValues {
  return Object.fromEntries(TEXT_FIELDS.map((name) => [name, field(body, name)])) as unknown as ArticleFormValues;
}

/** The form of a stored article, with its publication time as wall-clock time in `timeZone`. */
export function formValuesOf(saved: EditableArticle, timeZone: string): ArticleFormValues {
  const a = saved.article;
  return {
    title: a.title,
    slug: a.slug,
    // A derived excerpt shows as blank ("taken from the first paragraph"), so that it follows the body.
    excerpt: a.excerpt === excerptFromBody(a.body) ? '' : a.excerpt,
    body: a.body,
    category_id: String(a.category_id),
    tags: saved.tags.join('، '),
    author_name: saved.author_name ?? '',
    source_name: a.source_name ?? '',
    source_url: a.source_url ?? '',
    featured_image_url: a.featured_image_url ?? '',
    featured_image_alt: a.featured_image_alt ?? '',
    video_url: a.video_url ?? '',
    published_at: a.published_at ? utcToLocal(a.published_at, timeZone) : '',
    expected_revision: String(saved.revision),
  };
}

/** The empty form of a new article, with the writer's name as byline. */
export function emptyFormValues(byline: string): ArticleFormValues {
  return {
    title: '',
    slug: '',
    excerpt: '',
    body: '',
    category_id: '',
    tags: '',
    author_name: byline,
    source_name: '',
    source_url: '',
    featured_image_url: '',
    featured_image_alt: '',
    video_url: '',
    published_at: '',
    expected_revision: '',
  };
}

/** Tag names of the tags field: split on `,` and the Arabic comma `،` (U+060C), blanks dropped. */
export function splitTags(text: string): string[] {
  return text
    .split(/[,،]/u)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/**
 * The UTC instant of the form's publication time, read in `timeZone`.
 * @throws JaridaError `VALIDATION` (field `published_at`, reason
 *   `published_at_invalid`) when it is not a date and time, so that the form
 *   says that, and not one of the other refusals of the field.
 */
function formInstant(local: string, timeZone: string): string {
  try {
    return localToUtc(local, timeZone);
  } catch (err) {
    if (!isJaridaError(err, 'VALIDATION')) throw err;
    throw invalid(err.message, { ...err.details, field: 'published_at', reason: 'published_at_invalid' });
  }
}

/**
 * The `ArticleEdit` of a form: every field set (blank clears an optional
 * one), the publication time read in the site's `timeZone` (left out when
 * it still shows `storedPublishedAt`, the article's instant, to the minute).
 * @throws JaridaError `VALIDATION` (field `published_at`, reason
 *   `published_at_invalid`) for a time that is not a date-time; (field `featured_image_alt`, reason
 *   `image_alt_required`) for an image without alternative text (WCAG 1.1.1).
 */
export function editOf(values: ArticleFormValues, timeZone: string, storedPublishedAt: string | null = null): ArticleEdit & { category_id: number } {
  if (values.featured_image_url.trim() !== '' && values.featured_image_alt.trim() === '') {
    throw invalid('a featured image needs alternative text', { field: 'featured_image_alt', reason: 'image_alt_required' });
  }
  const categoryId = /^\d{1,15}$/u.test(values.category_id.trim()) ? Number(values.category_id.trim()) : Number.NaN;
  return {
    title: values.title,
    slug: values.slug,
    excerpt: values.excerpt,
    body: values.body,
    category_id: categoryId,
    tags: splitTags(values.tags),
    author_name: values.author_name,
    source_name: values.source_name,
    source_url: values.source_url,
    featured_image_url: values.featured_image_url,
    featured_image_alt: values.featured_image_alt,
    video_url: values.video_url,
    // The form shows minutes: an unchanged field keeps the stored instant (with its seconds) rather than moving it.
    published_at:
      storedPublishedAt !== null && values.published_at.trim() === utcToLocal(storedPublishedAt, timeZone)
        ? undefined
        : values.published_at.trim() === ''
          ? null
          : formInstant(values.published_at, timeZone),
  };
}

/**
 * The revision number a form of an existing article was opened at (the
 * hidden `expected_revision` of the editor and history pages). Required:
 * without it a save could not tell that someone else saved in between.
 * @throws JaridaError `VALIDATION` (field `expected_revision`, reason
 *   `article_revision_missing`) when it is absent or not a number.
 */
export function requiredRevision(raw: string): number {
  if (!/^\d{1,9}$/u.test(raw.trim())) {
    throw invalid(`expected_revision is missing or not a revision number: ${JSON.stringify(raw)}`, { field: 'expected_revision', reason: 'article_revision_missing' });
  }
  return Number(raw.trim());
}

/** The button pressed. @throws JaridaError `VALIDATION` (reason `action_invalid`) for anything else. */
export function actionOf(body: unknown): EditorAction {
  const raw = field(body, 'action') || 'save';
  if (!(EDITOR_ACTIONS as readonly string[]).includes(raw)) throw invalid(`unknown editor action ${JSON.stringify(raw)}`, { field: 'action', reason: 'action_invalid' });
  return raw as EditorAction;
}

/** Statuses each status change starts from (as in `content/use-cases/article-workflow.ts`). */
const FROM: Readonly<Record<Exclude<EditorAction, 'save'>, readonly ArticleStatus[]>> = {
  submit: ['draft'],
  return_to_draft: ['in_review'],
  publish: ['draft', 'in_review', 'scheduled', 'unpublished'],
  schedule: ['draft', 'in_review', 'scheduled', 'unpublished'],
  unpublish: ['published', 'scheduled'],
};

/** Whether `action` needs the publish permission (else the edit permission). */
export function isPublishing(action: EditorAction): boolean {
  return action === 'publish' || action === 'schedule' || action === 'unpublish';
}

/**
 * The buttons `actor` gets for an article in `status` (a new article counts
 * as a draft of its own), save first so that Enter in a field saves.
 */
export function availableActions(actor: Actor, article: Pick<Article, 'created_by' | 'status'>): EditorAction[] {
  const edit = canEditArticle(actor, article);
  const publish = canPublishArticle(actor, article);
  return EDITOR_ACTIONS.filter((action) => {
    if (action === 'save') return edit;
    if (!FROM[action].includes(article.status)) return false;
    return isPublishing(action) ? publish && edit : edit;
  });
}

/**
 * Checks, before anything is saved, that the status change can follow the
 * save: the actor's permission, the article's status, and a time for
 * scheduling that is still ahead (`when.at`: the UTC instant the article
 * will have once saved, `when.now` the current instant). The form saves the
 * fields first and then changes the status (two use cases, two
 * transactions), so these checks keep a refused change from leaving a
 * half-done request behind.
 * @throws JaridaError `FORBIDDEN`, `CONFLICT` (wrong status) or `VALIDATION`.
 */
export function assertActionPossible(
  actor: Actor,
  article: Pick<Article, 'id' | 'created_by' | 'status'>,
  action: EditorAction,
  values: ArticleFormValues,
  when?: { at: string | null | undefined; now: string },
): void {
  if (action === 'save') return;
  if (isPublishing(action) && !canPublishArticle(actor, article)) {
    throw new JaridaError('FORBIDDEN', `a ${actor.role} may not ${action} this article`, { article_id: article.id, role: actor.role });
  }
  if (!FROM[action].includes(article.status)) {
    throw new JaridaError('CONFLICT', `cannot ${action} an article that is ${article.status}`, { article_id: article.id, status: article.status, action });
  }
  if (action === 'schedule' && values.published_at.trim() === '') {
    throw invalid('scheduling needs a publication time', { field: 'published_at', reason: 'schedule_needs_time' });
  }
  if (action === 'schedule' && when?.at && when.at <= when.now) throw scheduleInPast(when.at);
}

/** Form fields that can be at fault, as the form's element ids (`f-<name>`). */
export const FORM_FIELDS: readonly string[] = TEXT_FIELDS.filter((f) => f !== 'expected_revision');

/** An editor error to show: the field at fault (when the form has it) and the message in the admin's language. */
export interface EditorError {
  field?: string | undefined;
  message: string;
}

/**
 * The Arabic (admin-language) message of an error a use case raised on the
 * editor form: the message named by `details.reason` (with `{max}` and
 * `{min}` filled from the details); a stale form
 * (`CONFLICT` with `expected_revision`); a status change that does not fit
 * the status; a refusal; else the message of the field at fault. Never the
 * English message of the error.
 */
export function editorError(t: AdminMessages, err: JaridaError): EditorError {
  const details = err.details;
  const fieldName = typeof details.field === 'string' && FORM_FIELDS.includes(details.field) ? details.field : undefined;
  const reason = details.reason;
  let key: AdminMessageKey = 'invalid_input';
  if (typeof reason === 'string' && reason in t) key = reason as AdminMessageKey;
  else if (err.kind === 'CONFLICT' && details.expected_revision !== undefined) key = 'article_conflict';
  else if (err.kind === 'CONFLICT') key = 'article_wrong_status';
  else if (err.kind === 'FORBIDDEN') key = 'article_forbidden';
  else if (fieldName && `fieldError_${fieldName}` in t) key = `fieldError_${fieldName}` as AdminMessageKey;
  const status = typeof details.status === 'string' && `status_${details.status}` in t ? t[`status_${details.status}` as AdminMessageKey] : '';
  // Limits named by the error (a field's length, the years of a date) fill `{max}` and `{min}`.
  const bounds: Record<string, number> = {};
  for (const k of ['min', 'max']) if (typeof details[k] === 'number') bounds[k] = details[k];
  return { field: fieldName, message: fill(t[key], { status, ...bounds }) };
}

/** Whether an error is one the editor form shows (bad input, a stale form, a refused action), rather than an error page. */
export function isEditorFormError(err: unknown): err is JaridaError {
  return isJaridaError(err) && (err.kind === 'VALIDATION' || err.kind === 'CONFLICT' || err.kind === 'FORBIDDEN');
}
