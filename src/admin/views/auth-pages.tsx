import type { ArticleStatus } from '../../content/types.ts';
import { ARTICLE_STATUSES } from '../../content/types.ts';
import { type Permission, roleHas } from '../../content/roles.ts';
import { fill, formatNumber } from '../../web/i18n.ts';
import type { KeptPost } from '../kept-form.ts';
import type { AdminContext, FormError } from './context.ts';
import { KeptCopy, KeptSignInFields } from './kept-form-pages.tsx';
import { ADMIN_MENU, AdminLayout } from './layout.tsx';
import { attr, ErrorSummary, Field, PostForm, NewPasswordField, SubmitRow } from './parts.tsx';
import { fillIsolated } from '../../web/views/parts.tsx';

/**
 * The login form; `next` is where to go after signing in. With `kept` (a
 * form refused because the session had ended, see `kept-form.ts`), the form
 * also carries what was posted, which is offered to save once signed in, and
 * shows it read-only below.
 */
export function LoginPage({ ctx, email, next, error, kept }: { ctx: AdminContext; email: string; next: string; error?: FormError | undefined; kept?: KeptPost | undefined }) {
  const { t } = ctx;
  return (
    <AdminLayout ctx={ctx} title={t.loginTitle}>
      {kept ? (
        <div class="error-summary" role="alert">
          <p safe>{t.keptSessionEnded}</p>
        </div>
      ) : (
        <p safe>{t.loginIntro}</p>
      )}
      <ErrorSummary ctx={ctx} error={error} lead={false} />
      <PostForm ctx={ctx} action="/admin/login" class="stack narrow">
        <input type="hidden" name="next" value={attr(next)} />
        {kept ? <KeptSignInFields kept={kept} /> : ''}
        <Field name="email" label={t.email} type="email" value={email} required autocomplete="username" dir="ltr" error={error} />
        <Field name="password" label={t.password} type="password" required autocomplete="current-password" error={error} />
        <SubmitRow label={t.loginSubmit} />
      </PostForm>
      {kept ? <KeptCopy ctx={ctx} kept={kept} /> : ''}
    </AdminLayout>
  );
}

/** The dashboard: who you are, counts by status, and shortcuts by permission. */
export function DashboardPage({ ctx, counts }: { ctx: AdminContext; counts: Record<ArticleStatus, number> }) {
  const { t } = ctx;
  const role = ctx.actor!.role;
  const shortcuts = ADMIN_MENU.filter((item) => item.href !== '/admin' && roleHas(role, item.permission as Permission));
  return (
    <AdminLayout ctx={ctx} title={t.dashboardTitle}>
      <p>{fillIsolated(t.welcome, { name: ctx.user!.display_name })}</p>
      <p safe>{fill(t.yourRole, { role: t[`role_${role}`], help: t[`roleHelp_${role}`] })}</p>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title" safe>
          {t.dashboardCounts}
        </h2>
        <ul class="counts">
          {ARTICLE_STATUSES.map((status) => (
            <li>
              <a href={`/admin/articles?status=${status}`}>
                <span class="count" safe>
                  {formatNumber(counts[status], ctx.site.settings)}
                </span>{' '}
                <span safe>{t[`status_${status}`]}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title" safe>
          {t.shortcuts}
        </h2>
        <ul class="shortcuts">
          {shortcuts.map((item) => (
            <li>
              <a href={item.href} safe>
                {t[item.label]}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </AdminLayout>
  );
}

/** The signed-in user's own account: the password change form. */
export function AccountPage({ ctx, error }: { ctx: AdminContext; error?: FormError | undefined }) {
  const { t } = ctx;
  const user = ctx.user!;
  return (
    <AdminLayout ctx={ctx} title={t.accountTitle}>
      <p safe>{fill(t.accountIntro, { email: user.email, role: t[`role_${user.role}`] })}</p>
      <section aria-labelledby="password-title">
        <h2 id="password-title" safe>
          {t.changePassword}
        </h2>
        <p safe>{t.changePasswordHelp}</p>
        <ErrorSummary ctx={ctx} error={error} />
        <PostForm ctx={ctx} action="/admin/account/password" class="stack narrow">
          <input type="text" name="email" value={attr(user.email)} autocomplete="username" hidden />
          <Field name="current_password" label={t.currentPassword} type="password" required autocomplete="current-password" error={error} />
          <NewPasswordField ctx={ctx} label={t.newPassword} error={error} />
          <SubmitRow label={t.changePassword} />
        </PostForm>
      </section>
    </AdminLayout>
  );
}
