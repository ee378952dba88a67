import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid, notFound } from '../../core/errors.ts';
import { createCategory, deleteCategory, findMergeTarget, listTags, mergeTags, moveCategory, renameTag, updateCategory } from '../../content/use-cases/taxonomy.ts';
import { type AdminModule, adminContext, field, formError, idParam, isFormError, sendPage } from '../admin-plugin.tsx';
import { adminLanguage } from '../i18n.ts';
import type { AdminContext } from '../views/context.ts';
import { CategoriesPage, CategoryPage, TagPage, TagsPage } from '../views/taxonomy-pages.tsx';

/**
 * The parent category a form names: '' (the "top level" choice) is none; else
 * the id of a category, which the use case checks exists.
 * @throws JaridaError `VALIDATION` (field `parent_id`, reason `parent_id_invalid`)
 *   for anything else (`-1`, `abc`), rather than silently making a top-level category.
 */
function parentId(raw: string): number | null {
  const value = raw.trim();
  if (value === '') return null;
  if (!/^[1-9]\d{0,15}$/u.test(value)) throw invalid(`parent_id must be blank or a category id: ${JSON.stringify(raw)}`, { field: 'parent_id', reason: 'parent_id_invalid' });
  return Number(value);
}

/** The slugs of the tags a merge target could mean, as a list in the admin's language («أ» أو «ب»). */
function candidateSlugs(ctx: AdminContext, raw: unknown): string {
  if (!Array.isArray(raw)) return '';
  const list = new Intl.ListFormat(adminLanguage(ctx.site.settings.locale), { type: 'disjunction' });
  return list.format(raw.map((slug) => `«${String(slug)}»`));
}

/** The outlet names of the feed sources a category is used by, as a list in the admin's language («أ» و«ب»). */
function sourceNames(ctx: AdminContext, raw: unknown): string {
  if (!Array.isArray(raw)) return '';
  const list = new Intl.ListFormat(adminLanguage(ctx.site.settings.locale), { type: 'conjunction' });
  return list.format(raw.map((name) => `«${String(name)}»`));
}

/**
 * The "show in menu" checkbox: an unticked box sends nothing, so the form
 * also sends `in_menu_field`; a post without it (an older form, a script)
 * leaves the flag as it is (listed, for a new category).
 */
function inMenu(body: unknown): boolean | undefined {
  return field(body, 'in_menu_field') === '1' ? field(body, 'in_menu') === '1' : undefined;
}

/** Categories (tree, menu order) and tags (rename, merge), for editors. */
export const taxonomyRoutes: AdminModule = (admin, deps) => {
  const { store, clock } = deps;
  const config = { permission: 'taxonomy.manage' } as const;

  const categoryInput = (body: unknown) => ({ name: field(body, 'name'), slug: field(body, 'slug'), parent_id: parentId(field(body, 'parent_id')), in_menu: inMenu(body) });
  const categoryValues = (body: unknown, current = true) => ({ name: field(body, 'name'), slug: field(body, 'slug'), parent_id: field(body, 'parent_id'), in_menu: inMenu(body) ?? current });

  admin.get('/admin/categories', { config }, async (req, reply) => {
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <CategoriesPage ctx={ctx} values={{ name: '', slug: '', parent_id: '', in_menu: true }} />);
  });

  admin.post('/admin/categories', { config }, async (req, reply) => {
    try {
      await store.transaction((repos) => createCategory(repos, req.actor, categoryInput(req.body)));
    } catch (err) {
      if (!isFormError(err)) throw err;
      const ctx = await adminContext(req, reply);
      return sendPage(reply, <CategoriesPage ctx={ctx} values={categoryValues(req.body)} error={formError(ctx, err)} />, err.status);
    }
    return reply.redirect('/admin/categories?notice=notice_category_created', 303);
  });

  const categoryPage = async (req: FastifyRequest, reply: FastifyReply, id: number, failure?: { err: unknown; form: 'edit' | 'delete' }) => {
    if (failure && !isFormError(failure.err)) throw failure.err;
    const ctx = await adminContext(req, reply);
    const category = ctx.site.categories.get(id);
    if (!category) throw notFound(`no category ${id}`);
    const values =
      failure?.form === 'edit'
        ? categoryValues(req.body, category.in_menu)
        : { name: category.name, slug: category.slug, parent_id: category.parent_id === null ? '' : String(category.parent_id), in_menu: category.in_menu };
    const error = failure && isFormError(failure.err) ? formError(ctx, failure.err, { sources: sourceNames(ctx, failure.err.details.sources) }) : undefined;
    return sendPage(reply, <CategoryPage ctx={ctx} category={category} values={values} error={error} form={failure?.form} />, error && isFormError(failure?.err) ? failure.err.status : 200);
  };

  admin.get<{ Params: { id: string } }>('/admin/categories/:id', { config }, (req, reply) => categoryPage(req, reply, idParam(req.params.id)));

  admin.post<{ Params: { id: string } }>('/admin/categories/:id', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      await store.transaction((repos) => updateCategory(repos, req.actor, id, categoryInput(req.body), clock));
    } catch (err) {
      return categoryPage(req, reply, id, { err, form: 'edit' });
    }
    return reply.redirect(`/admin/categories/${id}?notice=notice_saved`, 303);
  });

  admin.post<{ Params: { id: string } }>('/admin/categories/:id/move', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    const direction = field(req.body, 'direction');
    if (direction !== 'up' && direction !== 'down') throw invalid('direction must be up or down');
    await store.transaction((repos) => moveCategory(repos, req.actor, id, direction));
    return reply.redirect('/admin/categories?notice=notice_saved', 303);
  });

  admin.post<{ Params: { id: string } }>('/admin/categories/:id/delete', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      if (field(req.body, 'confirm') !== '1') throw invalid('confirm the deletion', { field: 'confirm', reason: 'confirm_required' });
      await store.transaction((repos) => deleteCategory(repos, req.actor, id));
    } catch (err) {
      return categoryPage(req, reply, id, { err, form: 'delete' });
    }
    return reply.redirect('/admin/categories?notice=notice_category_deleted', 303);
  });

  admin.get<{ Querystring: { q?: string; page?: string } }>('/admin/tags', { config }, async (req, reply) => {
    const page = /^[1-9]\d{0,6}$/u.test(String(req.query.page ?? '')) ? Number(req.query.page) : 1;
    const list = await listTags(store, req.actor, { text: typeof req.query.q === 'string' ? req.query.q : '', page });
    const ctx = await adminContext(req, reply);
    return sendPage(reply, <TagsPage ctx={ctx} list={list} />);
  });

  const tagPage = async (req: FastifyRequest, reply: FastifyReply, id: number, failure?: { err: unknown; form: 'rename' | 'merge' }) => {
    if (failure && !isFormError(failure.err)) throw failure.err;
    const tag = await store.tags.findById(id);
    if (!tag) throw notFound(`no tag ${id}`);
    const ctx = await adminContext(req, reply);
    const values =
      failure?.form === 'rename'
        ? { name: field(req.body, 'name'), slug: field(req.body, 'slug'), into: '' }
        : { name: tag.name, slug: tag.slug, into: failure ? field(req.body, 'into') : '' };
    const error = failure && isFormError(failure.err) ? formError(ctx, failure.err, { slugs: candidateSlugs(ctx, failure.err.details.slugs) }) : undefined;
    return sendPage(reply, <TagPage ctx={ctx} tag={tag} values={values} error={error} form={failure?.form} />, error && isFormError(failure?.err) ? failure.err.status : 200);
  };

  admin.get<{ Params: { id: string } }>('/admin/tags/:id', { config }, (req, reply) => tagPage(req, reply, idParam(req.params.id)));

  admin.post<{ Params: { id: string } }>('/admin/tags/:id', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    try {
      await store.transaction((repos) => renameTag(repos, req.actor, id, { name: field(req.body, 'name'), slug: field(req.body, 'slug') }, clock));
    } catch (err) {
      return tagPage(req, reply, id, { err, form: 'rename' });
    }
    return reply.redirect(`/admin/tags/${id}?notice=notice_saved`, 303);
  });

  admin.post<{ Params: { id: string } }>('/admin/tags/:id/merge', { config }, async (req, reply) => {
    const id = idParam(req.params.id);
    let intoId: number;
    try {
      intoId = await store.transaction(async (repos) => {
        const into = await findMergeTarget(repos, field(req.body, 'into'), id);
        await mergeTags(repos, req.actor, id, into.id, clock);
        return into.id;
      });
    } catch (err) {
      return tagPage(req, reply, id, { err, form: 'merge' });
    }
    return reply.redirect(`/admin/tags/${intoId}?notice=notice_tag_merged`, 303);
  });
};
