import type { Children } from '@kitajs/html';
import type { Page } from '../../content/types.ts';
import { fill, formatNumber } from '../../web/i18n.ts';
import type { AdminContext, FormError } from './context.ts';

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField({ ctx }: { ctx: AdminContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf} />;
}

/** A POST form with its CSRF field. */
export function PostForm(props: { ctx: AdminContext; action: string; class?: string; label?: string; children: Children }) {
  return (
    <form method="post" action={props.action} class={props.class} aria-label={props.label}>
      <CsrfField ctx={props.ctx} />
      {props.children}
    </form>
  );
}

/** The error box of a form, announced to screen readers; `lead` says first that nothing was saved. */
export function ErrorSummary({ ctx, error, lead = true }: { ctx: AdminContext; error: FormError | undefined; lead?: boolean }) {
  if (!error) return '';
  return (
    <div class="error-summary" role="alert" id="form-error">
      {lead ? (
        <p class="error-lead" safe>
          {ctx.t.errorSummary}
        </p>
      ) : (
        ''
      )}
      <p safe>{error.message}</p>
    </div>
  );
}

/** Attributes tying a field to the form error when it is the field at fault. */
function errorAttributes(name: string, error: FormError | undefined, helpId?: string) {
  const invalid = error?.field === name;
  const describedBy = [helpId, invalid ? 'form-error' : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': invalid ? 'true' : undefined, 'aria-describedby': describedBy || undefined };
}

/** A labelled input with optional help text. */
export function Field(props: {
  name: string;
  label: string;
  value?: string | undefined;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  help?: string | undefined;
  error?: FormError | undefined;
  id?: string;
  dir?: 'auto' | 'ltr' | 'rtl';
  minlength?: number;
}) {
  const id = props.id ?? `f-${props.name}`;
  const helpId = props.help ? `${id}-help` : undefined;
  return (
    <p class="field">
      <label for={id} safe>
        {props.label}
      </label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        required={props.required}
        autocomplete={props.autocomplete}
        dir={props.dir}
        minlength={props.minlength}
        {...errorAttributes(props.name, props.error, helpId)}
      />
      {props.help ? (
        <span class="help" id={helpId} safe>
          {props.help}
        </span>
      ) : (
        ''
      )}
    </p>
  );
}

/** A labelled select of `options` (value, label). */
export function SelectField(props: {
  name: string;
  label: string;
  value?: string | undefined;
  options: ReadonlyArray<readonly [string, string]>;
  error?: FormError | undefined;
  id?: string;
  help?: string | undefined;
}) {
  const id = props.id ?? `f-${props.name}`;
  const helpId = props.help ? `${id}-help` : undefined;
  return (
    <p class="field">
      <label for={id} safe>
        {props.label}
      </label>
      <select id={id} name={props.name} {...errorAttributes(props.name, props.error, helpId)}>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value} safe>
            {label}
          </option>
        ))}
      </select>
      {props.help ? (
        <span class="help" id={helpId} safe>
          {props.help}
        </span>
      ) : (
        ''
      )}
    </p>
  );
}

/** Previous/next links and "page N of M"; `href(n)` builds page n's URL. */
export function Pager({ ctx, page, href }: { ctx: AdminContext; page: Page<unknown>; href: (n: number) => string }) {
  if (page.pages <= 1) return '';
  const { t } = ctx;
  const { settings } = ctx.site;
  return (
    <nav class="pagination" aria-label={t.pagination}>
      {page.page > 1 ? (
        <a rel="prev" href={href(page.page - 1)} safe>
          {t.previous}
        </a>
      ) : (
        ''
      )}
      <span safe>{fill(t.pageOf, { page: formatNumber(page.page, settings), pages: formatNumber(page.pages, settings) })}</span>
      {page.page < page.pages ? (
        <a rel="next" href={href(page.page + 1)} safe>
          {t.next}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
