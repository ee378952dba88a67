import type { CategoryNode } from '../../content/category-tree.ts';
import type { ArticleList } from '../../content/use-cases/article-list.ts';
import { ARTICLE_STATUSES, type Author } from '../../content/types.ts';
import { roleHas } from '../../content/roles.ts';
import { displayDate } from '../../web/dates.ts';
import { fill, formatNumber } from '../../web/i18n.ts';
import type { AdminContext } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { attr, Pager, SelectField } from './parts.tsx';

/** Options of a category select: every category, indented by depth. */
export function categoryOptions(roots: readonly CategoryNode[], depth = 0): Array<[string, string]> {
  return roots.flatMap((node) => [[String(node.id), `${'— '.repeat(depth)}${node.name}`] as [string, string], ...categoryOptions(node.children, depth + 1)]);
}

function listUrl(list: ArticleList, page: number): string {
  const q = list.query;
  const params = new URLSearchParams();
  if (q.status) params.set('status', q.status);
  if (q.category_id !== undefined) params.set('category', String(q.category_id));
  if (q.author_id !== undefined) params.set('author', String(q.author_id));
  if (q.text) params.set('q', q.text);
  if (page > 1) params.set('page', String(page));
  const s = params.toString();
  return s ? `/admin/articles?${s}` : '/admin/articles';
}

/**
 * The article list with its filter form (a GET form: works without
 * JavaScript, and filtered lists can be bookmarked). Headlines link to the
 * article editor (`/admin/articles/:id`).
 */
export function ArticlesPage({ ctx, list, bylines }: { ctx: AdminContext; list: ArticleList; bylines: readonly Author[] }) {
  const { t } = ctx;
  const { settings, categories } = ctx.site;
  const q = list.query;
  return (
    <AdminLayout ctx={ctx} title={t.articlesTitle}>
      {ctx.actor && roleHas(ctx.actor.role, 'article.create') ? (
        <p>
          <a class="button" href="/admin/articles/new" safe>
            {t.navNewArticle}
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action="/admin/articles" class="filters" role="search" aria-label={t.filters}>
        <SelectField
          name="status"
          label={t.filterStatus}
          value={q.status ?? ''}
          options={[['', t.anyStatus], ...ARTICLE_STATUSES.map((s) => [s, t[`status_${s}`]] as const)]}
        />
        <SelectField name="category" label={t.filterCategory} value={q.category_id === undefined ? '' : String(q.category_id)} options={[['', t.anyCategory], ...categoryOptions(categories.roots)]} />
        <SelectField
          name="author"
          label={t.filterAuthor}
          value={q.author_id === undefined ? '' : String(q.author_id)}
          options={[['', t.anyAuthor], ...bylines.map((a) => [String(a.id), a.name] as const)]}
        />
        <p class="field">
          <label for="f-q" safe>
            {t.filterText}
          </label>
          <input id="f-q" name="q" type="search" value={attr(q.text ?? '')} dir="auto" />
        </p>
        <p class="actions">
          <button type="submit" safe>
            {t.applyFilters}
          </button>{' '}
          <a href="/admin/articles" safe>
            {t.clearFilters}
          </a>
        </p>
      </form>
      <p safe>{fill(t.articlesCount, { count: formatNumber(list.total, settings) })}</p>
      {list.items.length === 0 ? (
        <p safe>{t.noArticlesFound}</p>
      ) : (
        <table class="list">
          <caption class="visually-hidden" safe>
            {t.articlesTitle}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t.colTitle}
              </th>
              <th scope="col" safe>
                {t.colStatus}
              </th>
              <th scope="col" safe>
                {t.colCategory}
              </th>
              <th scope="col" safe>
                {t.colAuthor}
              </th>
              <th scope="col" safe>
                {t.colUpdated}
              </th>
              <th scope="col" safe>
                {t.colPublished}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((a) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/articles/${a.id}`} safe>
                    {a.title}
                  </a>
                </th>
                <td safe>{t[`status_${a.status}`]}</td>
                <td safe>{categories.get(a.category_id)?.name ?? ''}</td>
                <td safe>{a.author_id === null ? '' : (list.authors.get(a.author_id)?.name ?? '')}</td>
                <td safe>{displayDate(a.updated_at, settings, true)}</td>
                <td safe>{a.published_at ? displayDate(a.published_at, settings, true) : t.notPublished}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} page={list} href={(n) => listUrl(list, n)} />
    </AdminLayout>
  );
}
