import { isolateBidi } from '../../content/text-fields.ts';
import type { Children } from '@kitajs/html';
import { type Permission, roleHas } from '../../content/roles.ts';
import { directionOf, fill } from '../../web/i18n.ts';
import { adminLanguage } from '../i18n.ts';
import type { AdminMessageKey } from '../locales/ar.ts';
import type { AdminContext } from './context.ts';
import { CsrfField } from './parts.tsx';

/** The back office's menu: each item shows only to roles holding its permission. */
export const ADMIN_MENU: ReadonlyArray<{ href: string; label: AdminMessageKey; permission: Permission }> = [
  { href: '/admin', label: 'navDashboard', permission: 'admin.access' },
  { href: '/admin/articles', label: 'navArticles', permission: 'admin.access' },
  { href: '/admin/articles/new', label: 'navNewArticle', permission: 'article.create' },
  { href: '/admin/media', label: 'navMedia', permission: 'media.upload' },
  { href: '/admin/categories', label: 'navCategories', permission: 'taxonomy.manage' },
  { href: '/admin/tags', label: 'navTags', permission: 'taxonomy.manage' },
  { href: '/admin/sources', label: 'navSources', permission: 'sources.manage' },
  { href: '/admin/users', label: 'navUsers', permission: 'users.manage' },
  { href: '/admin/settings', label: 'navSettings', permission: 'settings.manage' },
  { href: '/admin/account', label: 'navAccount', permission: 'admin.access' },
];

function current(path: string, href: string): boolean {
  return href === '/admin' ? path === '/admin' || path === '/admin/' : path === href || path.startsWith(`${href}/`);
}

/**
 * The page shell of every admin page: `lang`/`dir` of the language its strings are in,
 * skip link, header with the signed-in user and the logout button, the menu
 * by permission, and `<main>` with the page's `<h1>` (`title`) and a one-time
 * notice under it. Admin views of later features use it the same way:
 *
 * ```tsx
 * <AdminLayout ctx={ctx} title={ctx.t.navNewArticle}>…form…</AdminLayout>
 * ```
 */
export function AdminLayout(props: { ctx: AdminContext; title: string; children: Children }) {
  const { ctx } = props;
  const { t, user } = ctx;
  const { settings } = ctx.site;
  // The language of the strings served (`ctx.t`), never a locale whose language has no strings.
  const lang = adminLanguage(settings.locale);
  const menu = ctx.actor ? ADMIN_MENU.filter((item) => roleHas(ctx.actor!.role, item.permission)) : [];
  // Of two menu items matching the path (articles, new article), the longer one is the current page.
  const here = menu.filter((item) => current(ctx.path, item.href)).sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang} dir={directionOf(lang)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          <title safe>{`${isolateBidi(props.title)} | ${t.adminTitle} | ${isolateBidi(settings.site_name)}`}</title>
          <link rel="stylesheet" href={`/admin/assets/admin.css?v=${ctx.assetVersion}`} />
        </head>
        <body class="admin">
          <a class="skip-link" href="#main" safe>
            {t.skipToContent}
          </a>
          <header class="admin-header">
            <p class="brand">
              <a href="/admin" safe>
                {t.adminTitle}
              </a>
              <span aria-hidden="true"> · </span>
              <a href="/" safe>
                {`${settings.site_name} — ${t.viewSite}`}
              </a>
            </p>
            {user && ctx.actor ? (
              <div class="who">
                <span safe>{fill(t.signedInAs, { name: user.display_name, role: t[`role_${ctx.actor.role}`] })}</span>
                <form method="post" action="/admin/logout" class="inline">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="secondary" safe>
                    {t.logout}
                  </button>
                </form>
              </div>
            ) : (
              ''
            )}
          </header>
          <div class="admin-body">
            {menu.length > 0 ? (
              <nav class="admin-menu" aria-label={t.adminMenu}>
                <ul>
                  {menu.map((item) => (
                    <li>
                      <a href={item.href} aria-current={item.href === here ? 'page' : undefined} safe>
                        {t[item.label]}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : (
              ''
            )}
            <main id="main" tabindex="-1">
              <h1 safe>{props.title}</h1>
              {ctx.notice ? (
                <p class="notice" role="status" safe>
                  {t[ctx.notice]}
                </p>
              ) : (
                ''
              )}
              {props.children}
            </main>
          </div>
        </body>
      </html>
    </>
  );
}
