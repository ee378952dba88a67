import { sanitizeEditorBody } from '../../content/body-html.ts';
import { fill } from '../../web/i18n.ts';
import { KEPT_ACTION_FIELD, KEPT_FIELD_PREFIX, type KeptPost, keptValue, resentFields } from '../kept-form.ts';
import type { AdminContext } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { attr, PostForm } from './parts.tsx';

/** Hidden inputs carrying `fields` (names prefixed with `prefix`). */
function HiddenFields({ fields, prefix = '' }: { fields: ReadonlyArray<readonly [string, string]>; prefix?: string }) {
  return (
    <>
      {fields.map(([name, value]) => (
        <input type="hidden" name={attr(prefix + name)} value={attr(value)} />
      ))}
    </>
  );
}

/**
 * The kept form's text, read-only, to copy: its text fields, and its HTML
 * field (the article body) as readers would see it, through the same
 * allowlist sanitizer as a save, so copying it into the editor keeps
 * paragraphs, subheadings and links.
 */
export function KeptCopy({ ctx, kept }: { ctx: AdminContext; kept: KeptPost }) {
  const { t } = ctx;
  const html = kept.form.html;
  // Sanitized like a saved body (the same allowlist), so nothing in it runs.
  const safeBody = html ? sanitizeEditorBody(keptValue(kept, html[0])) : '';
  return (
    <section aria-labelledby="kept-copy-title" class="kept-copy">
      <h2 id="kept-copy-title" safe>
        {t.keptCopyTitle}
      </h2>
      <p class="help" safe>
        {t.keptCopyHelp}
      </p>
      {kept.form.text.map(([name, label]) =>
        keptValue(kept, name) === '' ? (
          ''
        ) : (
          <p class="field">
            <label for={`kept-${name}`} safe>
              {t[label]}
            </label>
            <textarea id={`kept-${name}`} readonly rows="2" dir="auto" safe>
              {keptValue(kept, name)}
            </textarea>
          </p>
        ),
      )}
      {html && keptValue(kept, html[0]) !== '' ? (
        <div class="field">
          <p id="kept-html-label" safe>
            {t[html[1]]}
          </p>
          <div class="kept-body" dir="auto" aria-labelledby="kept-html-label">
            {safeBody}
          </div>
        </div>
      ) : (
        ''
      )}
    </section>
  );
}

/** The form that sends the kept fields again, with this session's token, to where they were first posted. */
function ResendForm({ ctx, kept }: { ctx: AdminContext; kept: KeptPost }) {
  return (
    <PostForm ctx={ctx} action={kept.action} class="stack narrow">
      <HiddenFields fields={resentFields(kept)} />
      <p>
        <button type="submit" safe>
          {ctx.t.keptResend}
        </button>{' '}
        <a href="/admin" safe>
          {ctx.t.keptDiscard}
        </a>
      </p>
    </PostForm>
  );
}

/**
 * What was posted, to send again: after signing in again (`reason: 'signed_in'`),
 * or when the form's token belonged to an earlier session (`'expired'`).
 */
export function ResendPage({ ctx, kept, reason }: { ctx: AdminContext; kept: KeptPost; reason: 'signed_in' | 'expired' }) {
  const { t } = ctx;
  const intro = fill(reason === 'signed_in' ? t.keptSignedIn : t.keptFormExpired, { button: t.keptResend });
  return (
    <AdminLayout ctx={ctx} title={t.keptTitle}>
      <div class={reason === 'expired' ? 'error-summary' : 'notice'} role={reason === 'expired' ? 'alert' : 'status'}>
        <p safe>{intro}</p>
      </div>
      <ResendForm ctx={ctx} kept={kept} />
      <KeptCopy ctx={ctx} kept={kept} />
    </AdminLayout>
  );
}

/** Inside the sign-in form: the kept form's path and fields, which come back once signed in. */
export function KeptSignInFields({ kept }: { kept: KeptPost }) {
  return (
    <>
      <input type="hidden" name={KEPT_ACTION_FIELD} value={attr(kept.action)} />
      <HiddenFields fields={kept.fields} prefix={KEPT_FIELD_PREFIX} />
    </>
  );
}
