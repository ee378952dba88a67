import { type Children, escapeHtml } from '@kitajs/html';
import type { SiteSettings } from '../content/site-settings.ts';
import type { ArticleStatus } from '../content/types.ts';
import type { EditableArticle } from '../content/use-cases/article-save.ts';
import { displayDate } from '../web/dates.ts';
import { fill, intlLocale } from '../web/i18n.ts';
import { urls } from '../web/urls.ts';
import type { ArticleFormValues, EditorAction, EditorError } from './article-form.ts';
import { EDITOR_MESSAGE_KEYS } from './editor/messages.ts';
import { adminLanguage } from './i18n.ts';
import type { AdminMessageKey } from './locales/ar.ts';
import { categoryOptions } from './views/articles-page.tsx';
import type { AdminContext } from './views/context.ts';
import { AdminLayout } from './views/layout.tsx';
import { CsrfField, FieldHelp, inlineFieldAria } from './views/parts.tsx';
import { timeZoneName } from './views/time-zones.ts';

/** Versions (content hashes) of the editor's script and style, for their URLs. */
export interface EditorAssetVersions {
  /** Undefined when the script could not be bundled: the form then works as plain HTML. */
  script: string | undefined;
  style: string;
}

/** Statuses whose changes readers do not see at once: the only ones autosaved (a live article is saved by hand). */
export const AUTOSAVED_STATUSES: readonly ArticleStatus[] = ['draft', 'in_review', 'unpublished'];

/**
 * The site's zone as the form names it: from Intl, its name in the admin's
 * language first («توقيت شرق أوروبا الرسمي»), then the IANA id
 * (`Africa/Tripoli`, isolated for mixed-direction text). `at` is kept for
 * callers; the generic name does not change with daylight saving time.
 */
export function zoneLabel(settings: Pick<SiteSettings, 'locale' | 'digits' | 'time_zone'>, _at: string): { zone: string; zoneName: string } {
  const locale = intlLocale({ locale: adminLanguage(settings.locale), digits: settings.digits });
  return { zone: `\u2068${settings.time_zone}\u2069`, zoneName: timeZoneName(locale, settings.time_zone) ?? settings.time_zone };
}

/** The editor's stylesheet link (in the body: `rel=stylesheet` is allowed there). */
export function EditorStyle({ version }: { version: string }) {
  return <link rel="stylesheet" href={`/admin/assets/editor.css?v=${version}`} />;
}

interface FieldProps {
  ctx: AdminContext;
  name: keyof ArticleFormValues;
  label: string;
  values: ArticleFormValues;
  error: EditorError | undefined;
  help?: string | undefined;
}

/** The message under a field at fault (the summary above the form repeats it). */
function FieldMessage({ name, error }: { name: string; error: EditorError | undefined }) {
  if (error?.field !== name) return '';
  return (
    <span class="field-error" id={`f-${name}-error`} safe>
      {error.message}
    </span>
  );
}

function fieldAria(name: string, error: EditorError | undefined, help: string | undefined) {
  return inlineFieldAria(name, error?.field === name, Boolean(help));
}

function TextField(props: FieldProps & { dir?: 'auto' | 'ltr'; required?: boolean; class?: string; inputmode?: string; type?: string }) {
  const { name, error, help } = props;
  return (
    <p class="field">
      <label for={`f-${name}`} safe>
        {props.label}
      </label>
      <input
        id={`f-${name}`}
        name={name}
        type={props.type ?? 'text'}
        // @kitajs/html escapes only `"` in attributes: `&` is escaped here too, or `&amp;` typed in a field
        // would come back as `&` (the browser decodes character references in attribute values).
        value={escapeHtml(props.values[name])}
        dir={props.dir ?? 'auto'}
        required={props.required}
        class={props.class}
        inputmode={props.inputmode}
        autocomplete="off"
        {...fieldAria(name, error, help)}
      />
      <FieldHelp name={name} text={help} />
      <FieldMessage name={name} error={error} />
    </p>
  );
}

function TextArea(props: FieldProps & { rows: number; dir: 'auto' | 'ltr'; class?: string; wrapperClass?: string; children?: Children }) {
  const { name, error, help } = props;
  // A leading newline is eaten by the HTML parser: one is added so the value round-trips.
  const value = `\n${props.values[name]}`;
  return (
    <div class={`field ${props.wrapperClass ?? ''}`.trim()}>
      <label for={`f-${name}`} id={`f-${name}-label`} safe>
        {props.label}
      </label>
      <FieldHelp name={name} text={help} />
      <textarea id={`f-${name}`} name={name} rows={String(props.rows)} dir={props.dir} class={props.class} {...fieldAria(name, error, help)} safe>
        {value}
      </textarea>
      <FieldMessage name={name} error={error} />
    </div>
  );
}

const ACTION_LABELS: Readonly<Record<EditorAction, AdminMessageKey>> = {
  save: 'actionSaveChanges',
  submit: 'actionSubmit',
  return_to_draft: 'actionReturnToDraft',
  publish: 'actionPublish',
  schedule: 'actionSchedule',
  unpublish: 'actionUnpublish',
};

function actionLabel(action: EditorAction, status: ArticleStatus): AdminMessageKey {
  if (action === 'save' && status === 'draft') return 'actionSave';
  if (action === 'unpublish' && status === 'scheduled') return 'actionUnschedule';
  return ACTION_LABELS[action];
}

/** What the editor page shows. */
export interface EditorPageProps {
  ctx: AdminContext;
  /** The article as stored (absent for a new one). */
  saved?: EditableArticle | undefined;
  values: ArticleFormValues;
  error?: EditorError | undefined;
  /** The error box's first line says nothing was saved, unless the fields were saved and only the status change failed. */
  savedAnyway?: boolean;
  /** The form is stale (409): links to the latest version are offered. */
  conflict?: boolean;
  actions: readonly EditorAction[];
  /** Whether the user may change the fields (else the form is read-only). */
  editable: boolean;
  assets: EditorAssetVersions;
}

/**
 * The article editor (`/admin/articles/new`, `/admin/articles/:id`): one
 * POST form of every field with a button per permitted action. Works
 * without JavaScript (the body is a textarea of HTML); with it, the
 * rich-text editor replaces the textarea and the form autosaves.
 */
export function ArticleEditorPage(props: EditorPageProps) {
  const { ctx, saved, values, error } = props;
  const { t } = ctx;
  const { settings } = ctx.site;
  const article = saved?.article;
  const status: ArticleStatus = article?.status ?? 'draft';
  const title = article ? fill(t.editorEditTitle, { title: article.title }) : t.editorNewTitle;
  const action = article ? `/admin/articles/${article.id}` : '/admin/articles/new';
  const autosave = !props.editable
    ? undefined
    : !article
      ? '/api/admin/articles/autosave'
      : AUTOSAVED_STATUSES.includes(status)
        ? `/api/admin/articles/${article.id}/autosave`
        : undefined;
  const messages = JSON.stringify(Object.fromEntries(EDITOR_MESSAGE_KEYS.map((k) => [k, t[k]])));
  const zone = zoneLabel(settings, ctx.now);
  const live = article && article.status === 'published' && article.published_at !== null && article.published_at <= ctx.now;
  const fields = { ctx, values, error };
  return (
    <AdminLayout ctx={ctx} title={title}>
      <EditorStyle version={props.assets.style} />
      {article && saved ? (
        <p class="article-meta">
          <span safe>{fill(t.articleStatusLine, { status: t[`status_${article.status}`] })}</span>
          <span safe>{fill(t.articleRevisionLine, { revision: String(saved.revision) })}</span>
          <span safe>{fill(t.articleUpdatedLine, { date: displayDate(article.updated_at, settings, true) })}</span>
          <a href={`/admin/articles/${article.id}/preview`} safe>
            {t.linkPreview}
          </a>
          <a href={`/admin/articles/${article.id}/revisions`} safe>
            {t.linkHistory}
          </a>
          {live ? (
            <a href={urls.article(article.slug)} safe>
              {t.linkOnSite}
            </a>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <div class="error-summary" role="alert" id="form-error">
          <p class="error-lead" safe>
            {props.savedAnyway ? t.articleSavedLead : t.errorSummary}
          </p>
          <p safe>{error.message}</p>
          {error.field ? (
            <p>
              <a href={`#f-${error.field}`} safe>
                {t.errorFieldLink}
              </a>
            </p>
          ) : (
            ''
          )}
          {props.conflict && article ? (
            <p>
              <a href={`/admin/articles/${article.id}`} target="_blank" safe>
                {t.article_conflict_open}
              </a>{' '}
              ·{' '}
              <a href={`/admin/articles/${article.id}/revisions`} target="_blank" safe>
                {t.linkHistory}
              </a>
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      {!props.editable ? (
        <p class="read-only-note" safe>
          {t.readOnlyNote}
        </p>
      ) : (
        ''
      )}
      <form
        method="post"
        action={action}
        id="article-form"
        class="article-form"
        aria-label={t.articleFormLabel}
        data-autosave={autosave}
        data-new={article ? undefined : '1'}
        data-locale={intlLocale(settings)}
        data-time-zone={settings.time_zone}
        data-messages={messages}
      >
        <CsrfField ctx={ctx} />
        <input type="hidden" name="expected_revision" value={values.expected_revision} />
        <fieldset class="plain" disabled={!props.editable}>
          <legend class="visually-hidden" safe>
            {t.articleFormLabel}
          </legend>
          <TextField {...fields} name="title" label={t.fieldTitle} required class="title-input" />
          <TextField {...fields} name="slug" label={t.fieldSlug} help={t.fieldSlugHelp} />
          <TextArea {...fields} name="excerpt" label={t.fieldExcerpt} help={t.fieldExcerptHelp} rows={3} dir="auto" />
          <TextArea {...fields} name="body" label={t.fieldBody} help={t.fieldBodyHelp} rows={18} dir="ltr" class="code" wrapperClass="body-field" />
          <p class="field">
            <label for="f-category_id" safe>
              {t.fieldCategory}
            </label>
            <select id="f-category_id" name="category_id" required {...fieldAria('category_id', error, undefined)}>
              <option value="" safe>
                {t.chooseCategory}
              </option>
              {categoryOptions(ctx.site.categories.roots).map(([value, label]) => (
                <option value={value} selected={value === values.category_id} safe>
                  {label}
                </option>
              ))}
            </select>
            <FieldMessage name="category_id" error={error} />
          </p>
          <TextField {...fields} name="tags" label={t.fieldTags} help={t.fieldTagsHelp} />
          <TextField {...fields} name="author_name" label={t.fieldByline} help={t.fieldBylineHelp} />
          <fieldset>
            <legend safe>{t.sourceLegend}</legend>
            <TextField {...fields} name="source_name" label={t.fieldSourceName} />
            <TextField {...fields} name="source_url" label={t.fieldSourceUrl} dir="ltr" inputmode="url" />
          </fieldset>
          <fieldset>
            <legend safe>{t.imageLegend}</legend>
            <TextField {...fields} name="featured_image_url" label={t.fieldImageUrl} dir="ltr" inputmode="url" />
            <TextField {...fields} name="featured_image_alt" label={t.fieldImageAlt} help={t.fieldImageAltHelp} />
            <p class="help">
              <a href={`/admin/media?return=${encodeURIComponent(action)}`} safe>
                {t.pickFromLibrary}
              </a>{' '}
              <span safe>{t.pickFromLibraryHelp}</span>
            </p>
          </fieldset>
          <TextField {...fields} name="video_url" label={t.fieldVideoUrl} dir="ltr" inputmode="url" />
          <TextField {...fields} name="published_at" label={t.fieldPublishedAt} help={fill(t.fieldPublishedAtInZone, zone)} type="datetime-local" dir="ltr" />
        </fieldset>
        {props.actions.length > 0 ? (
          <div class="article-actions" role="group" aria-label={t.actionsLabel}>
            {props.actions.map((a) => (
              <button type="submit" name="action" value={a} class={a === 'save' ? undefined : a === 'unpublish' ? 'danger' : 'secondary'} safe>
                {t[actionLabel(a, status)]}
              </button>
            ))}
            {/* In the sticky bar, so the writer sees it wherever they are in a long article. */}
            <p id="autosave-status" class="autosave-status" role="status" aria-live="polite"></p>
          </div>
        ) : (
          ''
        )}
      </form>
      {props.editable && props.assets.script ? <script src={`/admin/assets/editor.js?v=${props.assets.script}`} defer></script> : ''}
    </AdminLayout>
  );
}
