import type { CategoryNode } from '../../content/category-tree.ts';
import type { TagWithCount } from '../../content/repos.ts';
import type { Page, Tag } from '../../content/types.ts';
import { fill, formatNumber } from '../../web/i18n.ts';
import { categoryOptions } from './articles-page.tsx';
import type { AdminContext, FormError } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { attr, DeleteSection, ErrorSummary, Field, Pager, PostForm, SelectField, SubmitRow } from './parts.tsx';
import { fillIsolated } from '../../web/views/parts.tsx';

/** Values of a category form kept after a refused submission. */
export interface CategoryValues {
  name: string;
  slug: string;
  parent_id: string;
  /** Listed in the site menu. */
  in_menu: boolean;
}

/** The "show in the site menu" checkbox, with the marker that tells an unticked box from a form without one. */
function InMenuField({ ctx, checked }: { ctx: AdminContext; checked: boolean }) {
  return (
    <>
      <input type="hidden" name="in_menu_field" value="1" />
      <p class="check">
        <input type="checkbox" id="f-in_menu" name="in_menu" value="1" checked={checked} aria-describedby="f-in_menu-help" />
        <label for="f-in_menu" safe>
          {ctx.t.inMenu}
        </label>
      </p>
      <p class="help" id="f-in_menu-help" safe>
        {ctx.t.inMenuHelp}
      </p>
    </>
  );
}


/** A button moving a category one place up or down among its siblings in the menu. */
function MoveButton({ ctx, node, direction }: { ctx: AdminContext; node: CategoryNode; direction: 'up' | 'down' }) {
  return (
    <PostForm ctx={ctx} action={`/admin/categories/${node.id}/move`} class="inline">
      <input type="hidden" name="direction" value={direction} />
      <button type="submit" class="secondary">
        <span safe>{ctx.t[direction]}</span>
        <span class="visually-hidden" safe>
          {fill(ctx.t.moveTarget, { name: node.name })}
        </span>
      </button>
    </PostForm>
  );
}
function CategoryItem({ ctx, node, first, last }: { ctx: AdminContext; node: CategoryNode; first: boolean; last: boolean }) {
  const { t } = ctx;
  return (
    <li>
      <span class="item">
        <span class="item-name" safe>
          {node.name}
        </span>
        <span class="item-slug" dir="auto" safe>
          {node.slug}
        </span>
        {node.in_menu ? (
          ''
        ) : (
          <span class="item-flag" safe>
            {t.hiddenFromMenu}
          </span>
        )}
        <span class="item-actions">
          <a href={`/admin/categories/${node.id}`} aria-label={attr(fill(t.editCategory, { name: node.name }))} safe>
            {t.edit}
          </a>
          {first ? (
            ''
          ) : (
            <MoveButton ctx={ctx} node={node} direction="up" />
          )}
          {last ? (
            ''
          ) : (
            <MoveButton ctx={ctx} node={node} direction="down" />
          )}
        </span>
      </span>
      {node.children.length > 0 ? <CategoryList ctx={ctx} nodes={node.children} /> : ''}
    </li>
  );
}

function CategoryList({ ctx, nodes }: { ctx: AdminContext; nodes: readonly CategoryNode[] }) {
  return (
    <ul class="tree">
      {nodes.map((node, i) => (
        <CategoryItem ctx={ctx} node={node} first={i === 0} last={i === nodes.length - 1} />
      ))}
    </ul>
  );
}

/** The category tree in menu order, with move and edit controls, and the form to add one. */
export function CategoriesPage({ ctx, values, error }: { ctx: AdminContext; values: CategoryValues; error?: FormError | undefined }) {
  const { t } = ctx;
  const roots = ctx.site.categories.roots;
  return (
    <AdminLayout ctx={ctx} title={t.categoriesTitle}>
      <p safe>{t.categoriesIntro}</p>
      <CategoryList ctx={ctx} nodes={roots} />
      <section aria-labelledby="new-category-title">
        <h2 id="new-category-title" safe>
          {t.newCategory}
        </h2>
        <ErrorSummary ctx={ctx} error={error} />
        <PostForm ctx={ctx} action="/admin/categories" class="stack narrow">
          <Field name="name" label={t.name} value={values.name} required error={error} dir="auto" />
          <Field name="slug" label={t.slug} value={values.slug} help={t.slugHelp} error={error} dir="auto" />
          <SelectField name="parent_id" label={t.parent} value={values.parent_id} options={[['', t.noParent], ...categoryOptions(roots)]} error={error} />
          <InMenuField ctx={ctx} checked={values.in_menu} />
          <SubmitRow label={t.createCategory} />
        </PostForm>
      </section>
    </AdminLayout>
  );
}

/** One category: rename, slug, parent; delete when empty. */
export function CategoryPage({ ctx, category, values, error, form }: { ctx: AdminContext; category: CategoryNode; values: CategoryValues; error?: FormError | undefined; form?: 'edit' | 'delete' }) {
  const { t } = ctx;
  const errorOf = (name: string) => (form === name ? error : undefined);
  // A category cannot move under itself or its own sub-tree: those are not offered.
  const below = new Set(ctx.site.categories.withDescendants(category.id).map(String));
  const parents = categoryOptions(ctx.site.categories.roots).filter(([id]) => !below.has(id));
  return (
    <AdminLayout ctx={ctx} title={fill(t.editCategory, { name: category.name })}>
      <ErrorSummary ctx={ctx} error={errorOf('edit')} />
      <PostForm ctx={ctx} action={`/admin/categories/${category.id}`} class="stack narrow">
        <Field name="name" label={t.name} value={values.name} required error={errorOf('edit')} dir="auto" />
        <Field name="slug" label={t.slug} value={values.slug} help={t.slugHelp} error={errorOf('edit')} dir="auto" />
        <SelectField name="parent_id" label={t.parent} value={values.parent_id} options={[['', t.noParent], ...parents]} error={errorOf('edit')} />
        <InMenuField ctx={ctx} checked={values.in_menu} />
        <SubmitRow label={t.saveChanges} />
      </PostForm>
      <DeleteSection ctx={ctx} title={t.deleteCategory} help={t.deleteCategoryHelp} button={t.deleteCategory} action={`/admin/categories/${category.id}/delete`} error={errorOf('delete')} />
      <p>
        <a href="/admin/categories" safe>
          {t.backToCategories}
        </a>
      </p>
    </AdminLayout>
  );
}

/** Tags by name with counts, a search box and pages. */
export function TagsPage({ ctx, list }: { ctx: AdminContext; list: Page<TagWithCount> & { text: string } }) {
  const { t } = ctx;
  const { settings } = ctx.site;
  const href = (n: number) => {
    const params = new URLSearchParams();
    if (list.text) params.set('q', list.text);
    if (n > 1) params.set('page', String(n));
    const s = params.toString();
    return s ? `/admin/tags?${s}` : '/admin/tags';
  };
  return (
    <AdminLayout ctx={ctx} title={t.tagsTitle}>
      <form method="get" action="/admin/tags" class="filters" role="search" aria-label={t.tagsSearch}>
        <p class="field">
          <label for="f-q" safe>
            {t.tagsSearch}
          </label>
          <input id="f-q" name="q" type="search" value={attr(list.text)} dir="auto" />
        </p>
        <p class="actions">
          <button type="submit" safe>
            {t.search}
          </button>
        </p>
      </form>
      <p safe>{fill(t.tagsCount, { count: formatNumber(list.total, settings) })}</p>
      {list.items.length === 0 ? (
        <p safe>{t.noTags}</p>
      ) : (
        <table class="list">
          <caption class="visually-hidden" safe>
            {t.tagsTitle}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t.name}
              </th>
              <th scope="col" safe>
                {t.slug}
              </th>
              <th scope="col" safe>
                {t.colArticles}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((tag) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/tags/${tag.id}`} aria-label={attr(fill(t.editTag, { name: tag.name }))} safe>
                    {tag.name}
                  </a>
                </th>
                <td dir="auto" safe>
                  {tag.slug}
                </td>
                <td safe>{formatNumber(tag.article_count, settings)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} page={list} href={href} />
    </AdminLayout>
  );
}

/** One tag: rename, merge into another. */
export function TagPage({ ctx, tag, values, error, form }: { ctx: AdminContext; tag: Tag; values: { name: string; slug: string; into: string }; error?: FormError | undefined; form?: 'rename' | 'merge' }) {
  const { t } = ctx;
  const errorOf = (name: string) => (form === name ? error : undefined);
  return (
    <AdminLayout ctx={ctx} title={fill(t.editTag, { name: tag.name })}>
      <section aria-labelledby="rename-title">
        <h2 id="rename-title" safe>
          {t.renameTagTitle}
        </h2>
        <ErrorSummary ctx={ctx} error={errorOf('rename')} />
        <PostForm ctx={ctx} action={`/admin/tags/${tag.id}`} class="stack narrow">
          <Field name="name" label={t.name} value={values.name} required error={errorOf('rename')} dir="auto" />
          <Field name="slug" label={t.slug} value={values.slug} help={t.slugHelp} error={errorOf('rename')} dir="auto" />
          <SubmitRow label={t.saveChanges} />
        </PostForm>
      </section>
      <section aria-labelledby="merge-title">
        <h2 id="merge-title" safe>
          {t.mergeTagTitle}
        </h2>
        <p>{fillIsolated(t.mergeTagHelp, { name: tag.name })}</p>
        <ErrorSummary ctx={ctx} error={errorOf('merge')} />
        <PostForm ctx={ctx} action={`/admin/tags/${tag.id}/merge`} class="stack narrow">
          <Field name="into" label={t.mergeInto} value={values.into} required error={errorOf('merge')} dir="auto" />
          <SubmitRow label={t.mergeSubmit} />
        </PostForm>
      </section>
      <p>
        <a href="/admin/tags" safe>
          {t.backToTags}
        </a>
      </p>
    </AdminLayout>
  );
}
