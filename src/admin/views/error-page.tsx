import type { ErrorKind } from '../../core/errors.ts';
import type { AdminContext } from './context.ts';
import { AdminLayout } from './layout.tsx';

/** Title and text of the admin's answer to a catalogued error kind (the error page, and the message of `/api/admin` errors). */
export function errorTexts(t: AdminContext['t'], kind: ErrorKind): [title: string, text: string] {
  return kind === 'FORBIDDEN'
    ? [t.forbiddenTitle, t.forbiddenText]
    : kind === 'CSRF'
      ? [t.csrfTitle, t.csrfText]
      : kind === 'NOT_FOUND'
        ? [t.notFoundTitle, t.notFoundText]
        : kind === 'RATE_LIMITED'
          ? [t.rateLimitedTitle, t.too_many_requests]
          : kind === 'UNAUTHENTICATED'
            ? [t.loginTitle, t.sessionEnded]
            : kind === 'VALIDATION' || kind === 'CONFLICT'
              ? [t.errorTitle, t.invalid_input]
              : [t.serverErrorTitle, t.serverErrorText];
}

/** The admin error page for a catalogued error kind (401, 403, CSRF, 404, 413, 429, 5xx); `message` replaces the kind's text. */
export function AdminErrorPage({ ctx, kind, message }: { ctx: AdminContext; kind: ErrorKind; message?: string | undefined }) {
  const { t } = ctx;
  const [title, text] = errorTexts(t, kind);
  return (
    <AdminLayout ctx={ctx} title={title}>
      <p safe>{message ?? text}</p>
      <p>
        {kind === 'UNAUTHENTICATED' ? (
          <a href="/admin/login" safe>
            {t.loginTitle}
          </a>
        ) : (
          <a href="/admin" safe>
            {t.backToDashboard}
          </a>
        )}
      </p>
    </AdminLayout>
  );
}
