import { isolateBidi } from '../../content/text-fields.ts';
import { escapeHtml } from '@kitajs/html';
import type { PolledSource } from '../../content/use-cases/feed-sources.ts';
import type { JoinedItem } from '../../content/use-cases/story-split.ts';
import type { FeedSource, FeedSourceError } from '../../ingest/feed-types.ts';
import { displayDate } from '../../web/dates.ts';
import { fill, formatNumber } from '../../web/i18n.ts';
import type { AdminMessageKey } from '../locales/ar.ts';
import { categoryOptions } from './articles-page.tsx';
import type { AdminContext, FormError } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { DeleteSection, ErrorSummary, FieldHelp, inlineFieldAria, PostForm, SubmitRow } from './parts.tsx';
import { SourceErrorText } from './source-errors.tsx';
import { StoryItemsSection } from './story-items.tsx';

/** The source form's fields as typed (kept after a refused submission). The interval is in minutes. */
export interface SourceFormValues {
  url: string;
  outlet_name: string;
  default_category: string;
  category_map: string;
  poll_interval: string;
  mode: string;
  fetch_full_text: boolean;
}

/** The form field a use-case error names (the use case speaks of seconds, the form of minutes). */
function formField(error: FormError | undefined): string | undefined {
  return error?.field === 'poll_interval_s' ? 'poll_interval' : error?.field;
}

/** Attributes of a field, tying it to its help and, when at fault, to its message beside it. */
function aria(name: string, error: FormError | undefined, help: boolean) {
  return inlineFieldAria(name, formField(error) === name, help);
}

/** The message beside a field at fault (the summary above the form repeats it). */
function FieldMessage({ name, error }: { name: string; error: FormError | undefined }) {
  if (formField(error) !== name || !error) return '';
  return (
    <strong class="field-error" id={`f-${name}-error`} safe>
      {error.message}
    </strong>
  );
}

type TextProps = { name: keyof SourceFormValues; label: string; values: SourceFormValues; error: FormError | undefined; help?: string; dir: 'auto' | 'ltr'; type?: string; inputmode?: string; required?: boolean };

function TextField(props: TextProps) {
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
        // @kitajs/html escapes only `"` in attributes: `&` too, or a typed `&amp;` (feed URLs hold `&`) would come back as `&`.
        value={escapeHtml(String(props.values[name]))}
        dir={props.dir}
        inputmode={props.inputmode}
        required={props.required}
        autocomplete="off"
        {...aria(name, error, help !== undefined)}
      />
      <FieldHelp name={name} text={help} />
      <FieldMessage name={name} error={error} />
    </p>
  );
}

function Select(props: { name: keyof SourceFormValues; label: string; values: SourceFormValues; error: FormError | undefined; options: ReadonlyArray<readonly [string, string]>; help?: string }) {
  const { name, error, help } = props;
  return (
    <p class="field">
      <label for={`f-${name}`} safe>
        {props.label}
      </label>
      <select id={`f-${name}`} name={name} {...aria(name, error, help !== undefined)}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.values[name]} safe>
            {label}
          </option>
        ))}
      </select>
      <FieldHelp name={name} text={help} />
      <FieldMessage name={name} error={error} />
    </p>
  );
}

/** Every setting of a source: the add form of the list page and the edit form of a source's page. */
function SourceForm({ ctx, action, values, error, submit }: { ctx: AdminContext; action: string; values: SourceFormValues; error: FormError | undefined; submit: string }) {
  const { t } = ctx;
  return (
    <>
      <ErrorSummary ctx={ctx} error={error} />
      <PostForm ctx={ctx} action={action} class="stack narrow">
        <TextField name="url" label={t.fieldFeedUrl} values={values} error={error} dir="ltr" type="url" inputmode="url" required />
        <TextField name="outlet_name" label={t.fieldOutletName} values={values} error={error} help={t.fieldOutletNameHelp} dir="auto" required />
        <Select name="default_category" label={t.fieldDefaultCategory} values={values} error={error} help={t.fieldDefaultCategoryHelp} options={[['', t.chooseCategory], ...categoryOptions(ctx.site.categories.roots)]} />
        <p class="field">
          <label for="f-category_map" safe>
            {t.fieldCategoryMap}
          </label>
          <FieldHelp name="category_map" text={t.fieldCategoryMapHelp} />
          <textarea id="f-category_map" name="category_map" rows="4" dir="auto" {...aria('category_map', error, true)} safe>
            {values.category_map}
          </textarea>
          <FieldMessage name="category_map" error={error} />
        </p>
        <TextField name="poll_interval" label={t.fieldPollInterval} values={values} error={error} help={t.fieldPollIntervalHelp} dir="ltr" inputmode="decimal" required />
        <Select name="mode" label={t.fieldMode} values={values} error={error} options={[['draft', t.sourceMode_draft], ['publish', t.sourceMode_publish]]} />
        <p class="check">
          <input type="checkbox" id="f-fetch_full_text" name="fetch_full_text" value="1" checked={values.fetch_full_text} />
          <label for="f-fetch_full_text" safe>
            {t.fieldFullText}
          </label>
        </p>
        <SubmitRow label={submit} />
      </PostForm>
    </>
  );
}

/** A poll interval in minutes, as the form shows it (`1.5` for 90 s). */
export function intervalMinutes(seconds: number): string {
  return String(Math.round((seconds / 60) * 1000) / 1000);
}

function lastPoll(ctx: AdminContext, s: FeedSource): string {
  const { t } = ctx;
  if (s.last_polled_at === null) return t.lastStatus_never;
  const status = s.last_status === 'ok' || s.last_status === 'not_modified' || s.last_status === 'error' ? t[`lastStatus_${s.last_status}`] : (s.last_status ?? '');
  return fill(t.lastPollLine, { date: displayDate(s.last_polled_at, ctx.site.settings, true), status });
}

function PollButton({ ctx, source }: { ctx: AdminContext; source: FeedSource }) {
  return (
    <PostForm ctx={ctx} action={`/admin/sources/${source.id}/poll`} class="inline">
      <button type="submit" class="secondary">
        <span safe>{ctx.t.pollNow}</span>
        <span class="visually-hidden" safe>
          {fill(ctx.t.pollNowTarget, { name: isolateBidi(source.outlet_name) })}
        </span>
      </button>
    </PostForm>
  );
}

/** The sources with their polling state, and the form to add one. */
export function SourcesPage({ ctx, sources, values, error }: { ctx: AdminContext; sources: readonly FeedSource[]; values: SourceFormValues; error?: FormError | undefined }) {
  const { t } = ctx;
  const { settings, categories } = ctx.site;
  const cols: AdminMessageKey[] = ['colOutlet', 'colFeedUrl', 'colDefaultCategory', 'colMode', 'colInterval', 'colLastPoll', 'colFailures', 'colNextPoll', 'colActions'];
  return (
    <AdminLayout ctx={ctx} title={t.sourcesTitle}>
      <p safe>{t.sourcesIntro}</p>
      {sources.length === 0 ? (
        <p safe>{t.sourcesNone}</p>
      ) : (
        <table class="list">
          <caption class="visually-hidden" safe>
            {t.sourcesTitle}
          </caption>
          <thead>
            <tr>
              {cols.map((key) => (
                <th scope="col" safe>
                  {t[key]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {sources.map((s) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/sources/${s.id}`} aria-label={fill(t.editSource, { name: s.outlet_name })} safe>
                    {s.outlet_name}
                  </a>
                </th>
                <td dir="ltr" class="start" safe>
                  {s.url}
                </td>
                <td safe>{categories.ancestry(s.default_category_id).map((c) => c.name).join(' / ')}</td>
                <td safe>{t[`sourceMode_${s.mode}`]}</td>
                <td safe>{fill(t.intervalMinutes, { n: intervalMinutes(s.poll_interval_s) })}</td>
                <td safe>{lastPoll(ctx, s)}</td>
                <td>
                  <a href={`/admin/sources/${s.id}/errors`} aria-label={fill(t.sourceErrorsOf, { name: s.outlet_name, count: formatNumber(s.failures, settings) })} safe>
                    {formatNumber(s.failures, settings)}
                  </a>
                </td>
                <td safe>{displayDate(s.next_poll_at, settings, true)}</td>
                <td>
                  <PollButton ctx={ctx} source={s} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section aria-labelledby="new-source-title">
        <h2 id="new-source-title" safe>
          {t.newSource}
        </h2>
        <SourceForm ctx={ctx} action="/admin/sources" values={values} error={error} submit={t.createSource} />
      </section>
    </AdminLayout>
  );
}

/** What one "poll now" did: counts of items, the feed's problems, or why it failed. */
function PollOutcome({ ctx, polled }: { ctx: AdminContext; polled: PolledSource }) {
  const { t } = ctx;
  const { settings } = ctx.site;
  const { result } = polled;
  const n = (x: number | undefined) => formatNumber(x ?? 0, settings);
  const report = result.report;
  return (
    <section aria-labelledby="poll-result-title" class={result.status === 'error' ? 'error-summary' : 'notice'} role={result.status === 'error' ? 'alert' : 'status'}>
      <h2 id="poll-result-title" safe>
        {t.pollResultTitle}
      </h2>
      {result.status === 'error' ? (
        <>
          <p safe>{t.pollResult_error}</p>
          <div class="poll-error">
            <SourceErrorText ctx={ctx} code={result.error_code ?? 'JARIDA_INTERNAL'} message={result.error ?? ''} />
          </div>
        </>
      ) : result.status === 'not_modified' ? (
        <p safe>{t.pollResult_not_modified}</p>
      ) : (
        <p safe>
          {fill(t.pollResult_ok, {
            created: n(report?.created),
            joined: n(report?.joined),
            updated: n(report?.updated),
            unchanged: n(report?.unchanged),
            duplicate: n(report?.duplicate),
            skipped: n(report?.skipped),
          })}
        </p>
      )}
      {report && report.problems.length > 0 ? (
        <>
          <p safe>{t.pollProblems}</p>
          <ul>
            {report.problems.map((p) => (
              <li>
                <SourceErrorText ctx={ctx} code="ITEM" message={p} />
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

/** One source: poll now (with the outcome of the poll just run), its settings, the link to its log, delete. */
export function SourcePage(props: {
  ctx: AdminContext;
  source: FeedSource;
  values: SourceFormValues;
  error?: FormError | undefined;
  form?: 'edit' | 'delete' | 'split' | undefined;
  polled?: PolledSource | undefined;
  /** Its items grouped into other outlets' stories (a split button each). */
  joined?: readonly JoinedItem[] | undefined;
}) {
  const { ctx, source, values, error, form, polled } = props;
  const { t } = ctx;
  const errorOf = (name: string) => (form === name ? error : undefined);
  return (
    <AdminLayout ctx={ctx} title={fill(t.sourceTitle, { name: source.outlet_name })}>
      {polled ? <PollOutcome ctx={ctx} polled={polled} /> : ''}
      <p safe>{fill(t.sourceStatusLine, { last: lastPoll(ctx, source), next: displayDate(source.next_poll_at, ctx.site.settings, true) })}</p>
      {/* A div, not a p: a form may not sit in a paragraph. */}
      <div class="item-actions">
        <PollButton ctx={ctx} source={source} />
        <a href={`/admin/sources/${source.id}/errors`} safe>
          {fill(t.sourceErrorsLink, { count: formatNumber(source.failures, ctx.site.settings) })}
        </a>
      </div>
      <section aria-labelledby="source-settings-title">
        <h2 id="source-settings-title" safe>
          {t.sourceSettings}
        </h2>
        <SourceForm ctx={ctx} action={`/admin/sources/${source.id}`} values={values} error={errorOf('edit')} submit={t.saveChanges} />
      </section>
      <StoryItemsSection ctx={ctx} sourceId={source.id} items={props.joined ?? []} error={errorOf('split')} />
      <DeleteSection ctx={ctx} title={t.deleteSource} help={t.deleteSourceHelp} button={t.deleteSource} action={`/admin/sources/${source.id}/delete`} error={errorOf('delete')} />
      <p>
        <a href="/admin/sources" safe>
          {t.backToSources}
        </a>
      </p>
    </AdminLayout>
  );
}

const ERROR_KINDS: Readonly<Record<string, AdminMessageKey>> = {
  JARIDA_FETCH_FAILED: 'sourceError_fetch_failed',
  JARIDA_FETCH_REFUSED: 'sourceError_fetch_refused',
  JARIDA_UNSAFE_XML: 'sourceError_unsafe_xml',
  JARIDA_FEED_UNREADABLE: 'sourceError_unreadable',
  ITEM: 'sourceError_item',
};

/** A source's error log, newest first: when, what kind, and what it means (the technical message folded beside it). */
export function SourceErrorsPage({ ctx, source, errors }: { ctx: AdminContext; source: FeedSource; errors: readonly FeedSourceError[] }) {
  const { t } = ctx;
  const title = fill(t.sourceErrorsTitle, { name: source.outlet_name });
  return (
    <AdminLayout ctx={ctx} title={title}>
      {errors.length === 0 ? (
        <p safe>{t.sourceErrorsNone}</p>
      ) : (
        <table class="list">
          <caption safe>{t.sourceErrorsIntro}</caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t.colWhen}
              </th>
              <th scope="col" safe>
                {t.colErrorKind}
              </th>
              <th scope="col" safe>
                {t.colErrorDetail}
              </th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr>
                <td safe>{displayDate(e.occurred_at, ctx.site.settings, true)}</td>
                <td safe>{t[ERROR_KINDS[e.code] ?? 'sourceError_other']}</td>
                <td class="start">
                  <SourceErrorText ctx={ctx} code={e.code} message={e.message} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href={`/admin/sources/${source.id}`} safe>
          {fill(t.backToSource, { name: source.outlet_name })}
        </a>
      </p>
    </AdminLayout>
  );
}
