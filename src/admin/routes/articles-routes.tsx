import { listArticlesForAdmin, newsroomBylines, parseArticleListQuery } from '../../content/use-cases/article-list.ts';
import { type AdminModule, adminContext, sendPage } from '../admin-plugin.tsx';
import { ArticlesPage } from '../views/articles-page.tsx';

/** The article list with filters (the article editor registers `/admin/articles/new` and `/admin/articles/:id`). */
export const articleListRoutes: AdminModule = (admin, deps) => {
  const { store } = deps;
  admin.get<{ Querystring: Record<string, unknown> }>('/admin/articles', { config: { permission: 'admin.access' } }, async (req, reply) => {
    const ctx = await adminContext(req, reply);
    const list = await listArticlesForAdmin(store, ctx.site.categories, parseArticleListQuery(req.query));
    const bylines = await newsroomBylines(store, await store.users.list());
    return sendPage(reply, <ArticlesPage ctx={ctx} list={list} bylines={bylines} />);
  });
};
