import { type Children, escapeHtml } from '@kitajs/html';
import { MIN_PASSWORD_LENGTH } from '../../content/passwords.ts';
import { fill } from '../../web/i18n.ts';
import type { AdminContext, FormError } from './context.ts';

/**
 * A value for an attribute, escaped with @kitajs/html's own `escapeHtml`:
 * in attributes @kitajs/html escapes only `"`, so a `&` in stored or typed
 * text (`&amp;`, `&copy`) would be decoded by the browser and come back
 * changed. Every attribute that carries text from users, the database or
 * the URL goes through this; attributes written in the code need not.
 */
export function attr(value: string): string;
export function attr(value: string | undefined): string | undefined;
export function attr(value: string | undefined): string | undefined {
  return value === undefined ? undefined : escapeHtml(value);
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField({ ctx }: { ctx: AdminContext }) {
  return <input type="hidden" name="_csrf" value={attr(ctx.csrf)} />;
}

/** A POST form with its CSRF field. */
export function PostForm(props: { ctx: AdminContext; action: string; class?: string; label?: string; children: Children }) {
  return (
    <form method="post" action={attr(props.action)} class={props.class} aria-label={attr(props.label)}>
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
        value={attr(props.value)}
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

/** A new password, with the length rule as help (`content/passwords.ts`); the browser checks the minimum too. */
export function NewPasswordField({ ctx, label, error }: { ctx: AdminContext; label: string; error: FormError | undefined }) {
  return (
    <Field
      name="password"
      label={label}
      type="password"
      required
      autocomplete="new-password"
      minlength={MIN_PASSWORD_LENGTH}
      help={fill(ctx.t.passwordRules, { min: MIN_PASSWORD_LENGTH })}
      error={error}
    />
  );
}

/**
 * Attributes of a field whose message sits beside it: tied to its help
 * (`f-<name>-help`) when it has one and, when it is the field at fault, to
 * its message (`f-<name>-error`).
 */
export function inlineFieldAria(name: string, atFault: boolean, hasHelp: boolean) {
  const ids = [hasHelp ? `f-${name}-help` : '', atFault ? `f-${name}-error` : ''].filter(Boolean).join(' ');
  return { 'aria-invalid': atFault ? 'true' : undefined, 'aria-describedby': ids || undefined };
}

/** The help text of a field (`f-<name>-help`), or nothing. */
export function FieldHelp({ name, text }: { name: string; text: string | undefined }) {
  return text ? (
    <span class="help" id={`f-${name}-help`} safe>
      {text}
    </span>
  ) : (
    ''
  );
}

/** A form's submit button on its own line. */
export function SubmitRow({ label }: { label: string }) {
  return (
    <p>
      <button type="submit" safe>
        {label}
      </button>
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
          <option value={attr(value)} selected={value === props.value} safe>
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

/** The reader site's pagination, in the back office's words (same keys). */
export { Pagination as Pager } from '../../web/views/parts.tsx';

/**
 * The "delete" section of an edit page: what deleting means, the error of a
 * refused delete, and a form that needs a ticked confirmation box.
 */
export function DeleteSection(props: { ctx: AdminContext; title: string; help: string; button: string; action: string; error: FormError | undefined }) {
  const { ctx } = props;
  return (
    <section aria-labelledby="delete-title">
      <h2 id="delete-title" safe>
        {props.title}
      </h2>
      <p safe>{props.help}</p>
      <ErrorSummary ctx={ctx} error={props.error} />
      <PostForm ctx={ctx} action={props.action} class="stack narrow">
        <p class="check">
          <input type="checkbox" id="f-confirm" name="confirm" value="1" required />
          <label for="f-confirm" safe>
            {ctx.t.confirmDelete}
          </label>
        </p>
        <p>
          <button type="submit" class="danger" safe>
            {props.button}
          </button>
        </p>
      </PostForm>
    </section>
  );
}
