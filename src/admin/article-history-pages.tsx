import type { RevisionSummary, SnapshotField } from '../content/article-revisions.ts';
import type { Article } from '../content/types.ts';
import type { BlockKind, DiffPart, FieldDiff, RevisionDiff } from '../content/use-cases/revisions.ts';
import { displayDate, machineDate } from '../web/dates.ts';
import { fill, formatNumber } from '../web/i18n.ts';
import { type EditorAssetVersions, EditorStyle } from './article-editor-page.tsx';
import type { AdminMessageKey } from './locales/ar.ts';
import type { AdminContext } from './views/context.ts';
import { AdminLayout } from './views/layout.tsx';
import { CsrfField } from './views/parts.tsx';

/** Who saved a revision, as the history shows it: the user's display name, the scheduler, or a dash. */
export function whoLabel(ctx: AdminContext, revision: Pick<RevisionSummary, 'user_id' | 'action'>, names: ReadonlyMap<number, string>): string {
  if (revision.user_id !== null) return names.get(revision.user_id) ?? ctx.t.whoUnknown;
  return revision.action === 'scheduled_publish' ? ctx.t.whoSystem : ctx.t.whoUnknown;
}

function When({ ctx, iso }: { ctx: AdminContext; iso: string }) {
  const { settings } = ctx.site;
  return (
    <time datetime={machineDate(iso, settings.time_zone)} safe>
      {displayDate(iso, settings, true)}
    </time>
  );
}

function actionText(ctx: AdminContext, r: RevisionSummary): string {
  const text = ctx.t[`revisionAction_${r.action}` as AdminMessageKey];
  return r.restored_from !== null ? `${text} ${fill(ctx.t.restoredFrom, { n: String(r.restored_from) })}` : text;
}

function fieldsText(ctx: AdminContext, fields: readonly SnapshotField[]): string {
  return fields.map((f) => ctx.t[`snap_${f}` as AdminMessageKey]).join('، ');
}

function ArticleLinks({ ctx, article }: { ctx: AdminContext; article: Article }) {
  return (
    <p class="article-meta">
      <a href={`/admin/articles/${article.id}`} safe>
        {ctx.t.backToEditor}
      </a>
      <a href={`/admin/articles/${article.id}/preview`} safe>
        {ctx.t.linkPreview}
      </a>
    </p>
  );
}

/**
 * The history of an article (`/admin/articles/:id/revisions`): every
 * revision newest first (number, who, when in the site's zone, action,
 * changed fields), a link to its diff with the one before, a restore button
 * (POST with CSRF) for those who may edit, and a form comparing any two.
 */
export function RevisionsPage(props: {
  ctx: AdminContext;
  article: Article;
  revisions: readonly RevisionSummary[];
  names: ReadonlyMap<number, string>;
  canRestore: boolean;
  assets: EditorAssetVersions;
  /** A refused restore, in the admin's language. */
  error?: string | undefined;
}) {
  const { ctx, article, revisions, names } = props;
  const { t } = ctx;
  const latest = revisions[0]?.number ?? 0;
  const numbers = revisions.map((r) => String(r.number));
  return (
    <AdminLayout ctx={ctx} title={fill(t.historyTitle, { title: article.title })}>
      <EditorStyle version={props.assets.style} />
      <ArticleLinks ctx={ctx} article={article} />
      {props.error ? (
        <div class="error-summary" role="alert" id="form-error">
          <p class="error-lead" safe>
            {t.errorSummary}
          </p>
          <p safe>{props.error}</p>
        </div>
      ) : (
        ''
      )}
      {revisions.length >= 2 ? (
        <form method="get" action={`/admin/articles/${article.id}/revisions/diff`} class="compare" aria-label={t.compareTitle}>
          <p class="field">
            <label for="f-from" safe>
              {t.compareFrom}
            </label>
            <select id="f-from" name="from">
              {numbers.map((n) => (
                <option value={n} selected={n === String(latest - 1)} safe>
                  {n}
                </option>
              ))}
            </select>
          </p>
          <p class="field">
            <label for="f-to" safe>
              {t.compareTo}
            </label>
            <select id="f-to" name="to">
              {numbers.map((n) => (
                <option value={n} selected={n === String(latest)} safe>
                  {n}
                </option>
              ))}
            </select>
          </p>
          <p class="actions">
            <button type="submit" safe>
              {t.compareSubmit}
            </button>
          </p>
        </form>
      ) : (
        ''
      )}
      <table class="list history">
        <caption safe>{t.historyTable}</caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.colRevision}
            </th>
            <th scope="col" safe>
              {t.colWho}
            </th>
            <th scope="col" safe>
              {t.colWhen}
            </th>
            <th scope="col" safe>
              {t.colAction}
            </th>
            <th scope="col" safe>
              {t.colChanged}
            </th>
            <th scope="col" safe>
              {t.colActions}
            </th>
          </tr>
        </thead>
        <tbody>
          {revisions.map((r) => (
            <tr>
              <th scope="row" safe>
                {r.number === latest ? `${formatNumber(r.number, ctx.site.settings)} ${t.currentRevision}` : formatNumber(r.number, ctx.site.settings)}
              </th>
              <td safe>{whoLabel(ctx, r, names)}</td>
              <td>
                <When ctx={ctx} iso={r.created_at} />
              </td>
              <td safe>{actionText(ctx, r)}</td>
              <td safe>{fieldsText(ctx, r.changed_fields)}</td>
              <td>
                {r.number > 1 ? (
                  <a href={`/admin/articles/${article.id}/revisions/diff?from=${r.number - 1}&to=${r.number}`} safe>
                    {fill(t.compareWithPrevious, { n: String(r.number) })}
                  </a>
                ) : (
                  ''
                )}
                {props.canRestore && r.number !== latest ? (
                  <form method="post" action={`/admin/articles/${article.id}/revisions/${r.number}/restore`} class="inline">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="expected_revision" value={String(latest)} />{' '}
                    <button type="submit" class="secondary" safe>
                      {fill(t.restoreButton, { n: String(r.number) })}
                    </button>
                  </form>
                ) : (
                  ''
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </AdminLayout>
  );
}

/** Word-level parts as `<del>`/`<ins>` (text escaped). */
function Parts({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <>
      {parts.map((p) =>
        p.op === 'insert' ? (
          <ins safe>{p.text}</ins>
        ) : p.op === 'delete' ? (
          <del safe>{p.text}</del>
        ) : (
          <span safe>{p.text}</span>
        ),
      )}
    </>
  );
}

/** A field's value as the history shows it: category names, status names, dates in the site's zone. */
function shown(ctx: AdminContext, field: FieldDiff['field'], value: string | null): string {
  if (value === null || value === '') return ctx.t.diffEmptyValue;
  if (field === 'category_id') return ctx.site.categories.get(Number(value))?.name ?? value;
  if (field === 'status') return ctx.t[`status_${value}` as AdminMessageKey] ?? value;
  if (field === 'published_at') return displayDate(value, ctx.site.settings, true);
  return value;
}

function FieldChange({ ctx, diff }: { ctx: AdminContext; diff: FieldDiff }) {
  // Ids, statuses and instants are shown by name, replaced whole; text fields word by word.
  const whole = diff.field === 'category_id' || diff.field === 'status' || diff.field === 'published_at' || diff.before === null || diff.after === null;
  return (
    <tr>
      <th scope="row" safe>
        {ctx.t[`snap_${diff.field}` as AdminMessageKey]}
      </th>
      <td dir="auto">
        {whole ? (
          <>
            <del safe>{shown(ctx, diff.field, diff.before)}</del> <ins safe>{shown(ctx, diff.field, diff.after)}</ins>
          </>
        ) : (
          <Parts parts={diff.parts} />
        )}
      </td>
    </tr>
  );
}

function kindText(ctx: AdminContext, before: BlockKind | null, after: BlockKind | null): string {
  const name = (k: BlockKind) => ctx.t[`block_${k}` as AdminMessageKey];
  if (before && after && before !== after) return `${name(before)} ← ${name(after)}`;
  const k = after ?? before;
  return k ? name(k) : '';
}

/**
 * What changed between two revisions (`/admin/articles/:id/revisions/diff?from=&to=`):
 * each changed field, and the body block by block with deletions in
 * `<del>` and insertions in `<ins>`.
 */
export function RevisionDiffPage(props: { ctx: AdminContext; article: Article; diff: RevisionDiff; names: ReadonlyMap<number, string>; assets: EditorAssetVersions }) {
  const { ctx, article, diff, names } = props;
  const { t } = ctx;
  const nothing = diff.fields.length === 0 && diff.body === null;
  return (
    <AdminLayout ctx={ctx} title={fill(t.diffTitle, { from: String(diff.from.number), to: String(diff.to.number), title: article.title })}>
      <EditorStyle version={props.assets.style} />
      <p class="article-meta">
        <a href={`/admin/articles/${article.id}/revisions`} safe>
          {t.backToHistory}
        </a>
        <a href={`/admin/articles/${article.id}`} safe>
          {t.backToEditor}
        </a>
      </p>
      <p safe>
        {fill(t.diffSummary, {
          from: String(diff.from.number),
          fromWho: whoLabel(ctx, diff.from, names),
          fromWhen: displayDate(diff.from.created_at, ctx.site.settings, true),
          to: String(diff.to.number),
          toWho: whoLabel(ctx, diff.to, names),
          toWhen: displayDate(diff.to.created_at, ctx.site.settings, true),
        })}
      </p>
      <p class="diff-legend">
        <span safe>{t.diffLegend}</span> <del safe>{t.diffDeletedSample}</del> <ins safe>{t.diffInsertedSample}</ins>
      </p>
      {nothing ? <p safe>{t.diffNoChanges}</p> : ''}
      {diff.fields.length > 0 ? (
        <>
          <h2 safe>{t.diffFields}</h2>
          <table class="list diff-fields">
            <caption class="visually-hidden" safe>
              {t.diffFields}
            </caption>
            <tbody>
              {diff.fields.map((d) => (
                <FieldChange ctx={ctx} diff={d} />
              ))}
            </tbody>
          </table>
        </>
      ) : (
        ''
      )}
      {diff.body ? (
        <>
          <h2 safe>{t.diffBody}</h2>
          <ol class="diff-blocks">
            {diff.body.map((b) => (
              <li class={`diff-block op-${b.op}`}>
                <span class="diff-kind" safe>
                  {kindText(ctx, b.kind_before, b.kind_after)}
                </span>
                <div class="diff-text" dir="auto">
                  <Parts parts={b.parts} />
                </div>
              </li>
            ))}
          </ol>
        </>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}
