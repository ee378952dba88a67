import type { User } from '../../content/accounts.ts';
import { ROLES } from '../../content/roles.ts';
import { displayDate } from '../../web/dates.ts';
import { fill } from '../../web/i18n.ts';
import type { AdminContext, FormError } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { attr, DeleteSection, ErrorSummary, Field, PostForm, SelectField, NewPasswordField, SubmitRow } from './parts.tsx';

/** Values of the new-user form kept after a refused submission (never the password). */
export interface NewUserValues {
  email: string;
  display_name: string;
  role: string;
}

function roleOptions(ctx: AdminContext): Array<readonly [string, string]> {
  return ROLES.map((r) => [r, `${ctx.t[`role_${r}`]} — ${ctx.t[`roleHelp_${r}`]}`] as const);
}

/** Users: the list and the form to create one. */
export function UsersPage({ ctx, users, values, error }: { ctx: AdminContext; users: readonly User[]; values: NewUserValues; error?: FormError | undefined }) {
  const { t } = ctx;
  const { settings } = ctx.site;
  return (
    <AdminLayout ctx={ctx} title={t.usersTitle}>
      <table class="list">
        <caption safe>{t.usersList}</caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {t.colName}
            </th>
            <th scope="col" safe>
              {t.colEmail}
            </th>
            <th scope="col" safe>
              {t.colRole}
            </th>
            <th scope="col" safe>
              {t.colActive}
            </th>
            <th scope="col" safe>
              {t.colCreated}
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <th scope="row">
                <a href={`/admin/users/${u.id}`} aria-label={attr(fill(t.editUser, { name: u.display_name }))} safe>
                  {u.display_name}
                </a>
              </th>
              <td dir="ltr" safe>
                {u.email}
              </td>
              <td safe>{t[`role_${u.role}`]}</td>
              <td safe>{u.active ? t.active : t.inactive}</td>
              <td safe>{displayDate(u.created_at, settings)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="new-user-title">
        <h2 id="new-user-title" safe>
          {t.newUser}
        </h2>
        <ErrorSummary ctx={ctx} error={error} />
        <PostForm ctx={ctx} action="/admin/users" class="stack narrow">
          <Field name="email" label={t.email} type="email" value={values.email} required autocomplete="off" dir="ltr" error={error} />
          <Field name="display_name" label={t.displayName} value={values.display_name} help={t.displayNameHelp} error={error} dir="auto" />
          <SelectField name="role" label={t.role} value={values.role} options={roleOptions(ctx)} error={error} />
          <NewPasswordField ctx={ctx} label={t.initialPassword} error={error} />
          <SubmitRow label={t.createUser} />
        </PostForm>
      </section>
    </AdminLayout>
  );
}

/** One user: profile and role, new password, deletion. `error` belongs to the form named by `form`. */
export function UserPage({ ctx, user, error, form }: { ctx: AdminContext; user: User; error?: FormError | undefined; form?: 'profile' | 'password' | 'delete' }) {
  const { t } = ctx;
  const errorOf = (name: string) => (form === name ? error : undefined);
  return (
    <AdminLayout ctx={ctx} title={fill(t.userTitle, { name: user.display_name })}>
      <p dir="ltr" class="start" safe>
        {user.email}
      </p>
      <section aria-labelledby="profile-title">
        <h2 id="profile-title" safe>
          {t.profile}
        </h2>
        <ErrorSummary ctx={ctx} error={errorOf('profile')} />
        <PostForm ctx={ctx} action={`/admin/users/${user.id}`} class="stack narrow">
          <Field name="display_name" label={t.displayName} value={user.display_name} required help={t.displayNameHelp} error={errorOf('profile')} dir="auto" />
          <SelectField name="role" label={t.role} value={user.role} options={roleOptions(ctx)} error={errorOf('profile')} />
          <p class="check">
            <input type="checkbox" id="f-active" name="active" value="1" checked={user.active} />
            <label for="f-active" safe>
              {t.accountActive}
            </label>
          </p>
          <SubmitRow label={t.saveChanges} />
        </PostForm>
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title" safe>
          {t.setPasswordTitle}
        </h2>
        <p safe>{t.setPasswordHelp}</p>
        <ErrorSummary ctx={ctx} error={errorOf('password')} />
        <PostForm ctx={ctx} action={`/admin/users/${user.id}/password`} class="stack narrow">
          <NewPasswordField ctx={ctx} label={t.newPassword} error={errorOf('password')} />
          <SubmitRow label={t.setPassword} />
        </PostForm>
      </section>
      <DeleteSection ctx={ctx} title={t.deleteUserTitle} help={t.deleteUserHelp} button={t.deleteUser} action={`/admin/users/${user.id}/delete`} error={errorOf('delete')} />
      <p>
        <a href="/admin/users" safe>
          {t.backToUsers}
        </a>
      </p>
    </AdminLayout>
  );
}
