import type { FastifyRequest } from 'fastify';
import { isJaridaError } from '../../core/errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../content/passwords.ts';
import { countArticlesByStatus } from '../../content/use-cases/article-list.ts';
import { changeOwnPassword, signIn } from '../../content/use-cases/users.ts';
import { intlLocale } from '../../web/i18n.ts';
import { type AdminModule, adminContext, field, formError, isFormError, keptFormAt, LOGIN_REQUESTS_PER_IP_PER_MINUTE, safeNext, sendPage } from '../admin-plugin.tsx';
import { clearVisitorCsrf, newSessionCsrfSecret } from '../csrf.ts';
import { EDITOR_FORM_LIMIT_BYTES } from '../editor/limits.ts';
import { adminLanguage } from '../i18n.ts';
import { formFields, KEPT_ACTION_FIELD, KEPT_FIELD_PREFIX, type KeptPost } from '../kept-form.ts';
import { AccountPage, DashboardPage, LoginPage } from '../views/auth-pages.tsx';
import type { AdminContext } from '../views/context.ts';
import { ResendPage } from '../views/kept-form-pages.tsx';

/**
 * How long to wait before trying again, in whole minutes (at least one),
 * worded by Intl in the admin's language: Arabic counts need the right noun
 * form («دقيقة»، «دقيقتان»، «3 دقائق»، «15 دقيقة»), which a fixed «{n} دقيقة» gets wrong.
 */
function retryMinutes(ctx: AdminContext, retryAfterSeconds: number): string {
  const { settings } = ctx.site;
  const locale = intlLocale({ locale: adminLanguage(settings.locale), digits: settings.digits });
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(Math.max(1, Math.ceil(retryAfterSeconds / 60)));
}

/** The form a sign-in carries (see `kept-form.ts`), if it names a route that keeps forms. */
function keptFromSignIn(req: FastifyRequest): KeptPost | undefined {
  const action = field(req.body, KEPT_ACTION_FIELD);
  const form = action === '' ? undefined : keptFormAt(req, action);
  const fields = formFields(req.body, KEPT_FIELD_PREFIX);
  return form && fields.length > 0 ? { action, fields, form } : undefined;
}

/** Login, logout, the dashboard and the user's own account. */
export const authRoutes: AdminModule = (admin, deps) => {
  const { store, clock } = deps;

  admin.get<{ Querystring: { next?: string } }>('/admin/login', { config: { permission: 'public' } }, async (req, reply) => {
    if (req.actor) return reply.redirect(safeNext(req.query.next ?? ''), 303);
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <LoginPage ctx={ctx} email="" next={safeNext(req.query.next ?? '')} />);
  });

  admin.post(
    '/admin/login',
    {
      // The sign-in form may carry an article whose save was refused when the session ended (`kept-form.ts`).
      bodyLimit: EDITOR_FORM_LIMIT_BYTES,
      config: { permission: 'public', rateLimit: { max: LOGIN_REQUESTS_PER_IP_PER_MINUTE, timeWindow: 60_000 } },
    },
    async (req, reply) => {
      const email = field(req.body, 'email');
      const next = safeNext(field(req.body, 'next'));
      const kept = keptFromSignIn(req);
      try {
        const { user } = await signIn(store, clock, { email, password: field(req.body, 'password'), ip: req.ip });
        // A new session id at sign-in: an id planted before it (session fixation) is worth nothing;
        // and a new CSRF secret in it: no token from before signing in is accepted after.
        await req.session.regenerate();
        req.session.user_id = user.id;
        req.session.password_changed_at = user.password_changed_at;
        newSessionCsrfSecret(req);
        clearVisitorCsrf(req, reply);
        await store.sessions.deleteExpired(clock.now().toISOString());
        req.log.info({ user_id: user.id, ip: req.ip }, 'admin: signed in');
        if (kept) return sendPage(reply, <ResendPage ctx={await adminContext(req, reply)} kept={kept} reason="signed_in" />);
        return reply.redirect(next, 303);
      } catch (err) {
        if (!isJaridaError(err, 'RATE_LIMITED') && !isJaridaError(err, 'UNAUTHENTICATED')) throw err;
        const retry = Number(err.details.retry_after_s ?? 60);
        if (err.kind === 'RATE_LIMITED') {
          req.log.warn({ email: err.details.email, ip: req.ip, failures: err.details.failures }, 'admin: login refused, too many wrong passwords for one account');
          reply.header('retry-after', String(retry));
        } else {
          req.log.info({ email: email.trim().toLowerCase(), ip: req.ip, reason: err.details.reason }, 'admin: login failed');
        }
        const ctx = await adminContext(req, reply);
        const error = formError(ctx, err, { minutes: retryMinutes(ctx, retry) });
        return sendPage(reply, <LoginPage ctx={ctx} email={email} next={next} error={{ ...error, field: 'password' }} kept={kept} />, err.status);
      }
    },
  );

  admin.post('/admin/logout', { config: { permission: 'admin.access' } }, async (req, reply) => {
    req.log.info({ user_id: req.actor?.user_id }, 'admin: signed out');
    await req.session.destroy();
    reply.clearCookie('jarida_session', { path: '/' });
    return reply.redirect('/admin/login?notice=notice_logged_out', 303);
  });

  admin.get('/admin', { config: { permission: 'admin.access' } }, async (req, reply) => {
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <DashboardPage ctx={ctx} counts={await countArticlesByStatus(store)} />);
  });

  admin.get('/admin/account', { config: { permission: 'admin.access' } }, async (req, reply) => {
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <AccountPage ctx={ctx} />);
  });

  admin.post('/admin/account/password', { config: { permission: 'admin.access' } }, async (req, reply) => {
    try {
      await changeOwnPassword(store, clock, req.actor!, { current: field(req.body, 'current_password'), next: field(req.body, 'password'), ip: req.ip }, req.session.sessionId);
    } catch (err) {
      if (!isFormError(err) && !isJaridaError(err, 'RATE_LIMITED')) throw err;
      const locked = err.kind === 'RATE_LIMITED';
      const retry = Number(err.details.retry_after_s ?? 60);
      if (locked) {
        req.log.warn(
          { user_id: req.actor?.user_id, email: err.details.email, ip: req.ip, failures: err.details.failures },
          'admin: password change refused, too many wrong passwords for one account',
        );
        reply.header('retry-after', String(retry));
      } else if (err.details.reason === 'password_wrong') {
        req.log.info({ user_id: req.actor?.user_id, ip: req.ip }, 'admin: password change with a wrong current password');
      }
      const ctx = await adminContext(req, reply);
      const error = formError(ctx, err, { min: MIN_PASSWORD_LENGTH, minutes: retryMinutes(ctx, retry) });
      return sendPage(reply, <AccountPage ctx={ctx} error={locked ? { ...error, field: 'current_password' } : error} />, err.status);
    }
    // This session stays valid: it records the new password time.
    const user = await store.users.findById(req.actor!.user_id);
    req.session.password_changed_at = user?.password_changed_at;
    return reply.redirect('/admin/account?notice=notice_password_changed', 303);
  });
};
