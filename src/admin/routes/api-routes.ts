import { listArticlesForAdmin, parseArticleListQuery } from '../../content/use-cases/article-list.ts';
import { listUsers } from '../../content/use-cases/users.ts';
import type { AdminModule } from '../admin-plugin.tsx';

/**
 * The back office's JSON API (same session, permissions and CSRF rules as
 * the pages): who am I, the article list, the users.
 */
export const adminApiRoutes: AdminModule = (admin, deps) => {
  const { store, site } = deps;

  /** `{ user: { id, email, display_name, role, author_id }, permissions }` of the signed-in user. */
  admin.get('/api/admin/me', { config: { permission: 'admin.access' } }, async (req) => {
    const u = req.user!;
    return { user: { id: u.id, email: u.email, display_name: u.display_name, role: u.role, author_id: u.author_id } };
  });

  /** `{ total, page, pages, items: [{ id, slug, title, status, published_at, updated_at, category_id, author_id, created_by }] }`; query as the list page. */
  admin.get<{ Querystring: Record<string, unknown> }>('/api/admin/articles', { config: { permission: 'admin.access' } }, async (req) => {
    const list = await listArticlesForAdmin(store, (await site()).categories, parseArticleListQuery(req.query));
    return { total: list.total, page: list.page, pages: list.pages, items: list.items };
  });

  /** `{ users: [User] }` (never password hashes). */
  admin.get('/api/admin/users', { config: { permission: 'users.manage' } }, async (req) => ({ users: await listUsers(store, req.actor) }));
};
