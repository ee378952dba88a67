import type { ErrorKind } from '../../core/errors.ts';
import type { AdminContext } from './context.ts';
import { AdminLayout } from './layout.tsx';

/** The admin error page for a catalogued error kind (401, 403, CSRF, 404, 429, 5xx). */
export function AdminErrorPage({ ctx, kind }: { ctx: AdminContext; kind: ErrorKind }) {
  const { t } = ctx;
  const [title, text] =
    kind === 'FORBIDDEN'
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
  return (
    <AdminLayout ctx={ctx} title={title}>
      <p safe>{text}</p>
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
