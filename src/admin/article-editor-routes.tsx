import type { FastifyReply, FastifyRequest } from 'fastify';
import { isJaridaError, JaridaError } from '../core/errors.ts';
import { type Actor, canEditArticle } from '../content/roles.ts';
import type { EditableArticle, WorkflowDeps } from '../content/use-cases/article-save.ts';
import { createDraft, getArticleForEditing, publish, returnToDraft, schedule, submitForReview, unpublish } from '../content/use-cases/article-workflow.ts';
import type { MissingMedia } from '../content/use-cases/missing-media.ts';
import { diffRevisions, listRevisions, restoreRevision } from '../content/use-cases/revisions.ts';
import type { Site } from '../content/use-cases/site.ts';
import { updateArticle } from '../content/use-cases/update-article.ts';
import type { ViewContext } from '../web/views/context.ts';
import { type AdminModule, adminContext, field, idParam, sendPage } from './admin-plugin.tsx';
import { type EditorAsset, editorScript, editorStyle, warmEditorScript } from './article-editor-assets.ts';
import { ArticleEditorPage, AUTOSAVED_STATUSES, type EditorAssetVersions } from './article-editor-page.tsx';
import { EDITOR_FORM_LIMIT_BYTES } from './editor/limits.ts';
import type { KeptForm } from './kept-form.ts';
import {
  type ArticleFormValues,
  actionOf,
  assertActionPossible,
  availableActions,
  type EditorAction,
  type EditorError,
  editOf,
  editorError,
  emptyFormValues,
  formValuesOf,
  isEditorFormError,
  readArticleForm,
  requiredRevision,
} from './article-form.ts';
import { RevisionDiffPage, RevisionsPage } from './article-history-pages.tsx';
import { renderPreview } from './article-preview.tsx';
import type { AdminMessageKey } from './locales/ar.ts';
import type { AdminContext } from './views/context.ts';

/** What the article editor needs beyond the admin deps. */
export interface ArticleEditorDeps {
  /** The workflow use cases' deps (`app.workflow`). */
  workflow: WorkflowDeps;
  /** The reader site's view context, for the preview (the same one the site renders with). */
  context: (site: Site) => ViewContext;
  /**
   * The featured-image URL and alt text of a media-library item picked for
   * the article (`?media_id=` on the editor's address, as the library's
   * picker returns); undefined for an unknown id.
   */
  pickedImage?: (mediaId: number) => Promise<{ url: string; alt: string } | undefined>;
}

/** Fills the featured image from a `?media_id=` the media library's picker came back with. */
async function withPickedImage(editor: ArticleEditorDeps, query: unknown, values: ArticleFormValues): Promise<ArticleFormValues> {
  const raw = (query as Record<string, unknown> | undefined)?.media_id;
  if (!editor.pickedImage || typeof raw !== 'string' || !/^[1-9]\d{0,15}$/u.test(raw)) return values;
  const picked = await editor.pickedImage(Number(raw));
  if (!picked) return values;
  return { ...values, featured_image_url: picked.url, featured_image_alt: values.featured_image_alt.trim() !== '' ? values.featured_image_alt : picked.alt };
}

const YEAR = 'public, max-age=31536000, immutable';

function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: EditorAsset, type: string): FastifyReply {
  const gzip = /\bgzip\b/u.test(String(req.headers['accept-encoding'] ?? ''));
  reply.header('cache-control', YEAR).header('vary', 'accept-encoding').type(type);
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply.send(gzip ? asset.gzip : asset.body);
}

function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new JaridaError('UNAUTHENTICATED', 'sign in first', { reason: 'unauthenticated' });
  return req.actor;
}

/** The notice after a restore: plain, or saying which deleted images did not come back. */
function restoreNotice(missing: MissingMedia): AdminMessageKey {
  if (missing.featured_image && missing.body_images > 0) return 'notice_article_restore_without_images';
  if (missing.featured_image) return 'notice_article_restore_without_featured';
  if (missing.body_images > 0) return 'notice_article_restore_without_body_images';
  return 'notice_article_restore';
}

/**
 * What the editor's form keeps when its save is refused because the session
 * ended or its token is from an earlier session (`kept-form.ts`): headline,
 * excerpt and body shown to copy, every field carried, and sent again as a
 * plain save (never the publish button pressed before, which the writer
 * presses again in the editor).
 */
const KEEP_EDITOR_FORM: KeptForm = {
  text: [
    ['title', 'fieldTitle'],
    ['excerpt', 'fieldExcerpt'],
  ],
  html: ['body', 'fieldBody'],
  resend: { action: 'save' },
};

/** A positive revision number from a query or path value. @throws JaridaError `NOT_FOUND` otherwise. */
function revisionParam(raw: unknown): number {
  return idParam(typeof raw === 'string' ? raw : undefined);
}

/**
 * The article editor (docs/adr/015-article-editor.md): the form at
 * `/admin/articles/new` and `/admin/articles/:id` (a button per permitted
 * action; the fields are saved with `updateArticle`, then the status
 * change runs), autosave at `/api/admin/articles/autosave` and
 * `/api/admin/articles/:id/autosave` (JSON), the preview, the history with
 * diffs and restore, and the editor's script and style under
 * `/admin/assets/`. Handlers parse, call the workflow use cases with the
 * signed-in actor, and render; finer permission checks are the use cases'.
 */
export function articleEditorRoutes(editor: ArticleEditorDeps): AdminModule {
  const { workflow } = editor;
  return (admin, deps) => {
    admin.addHook('onListen', async () => warmEditorScript((err) => admin.log.error({ err }, 'editor: bundling the browser script failed')));

    /** Content hashes of the editor's assets; without a script (a failed bundle) the form still works as plain HTML. */
    const assetVersions = async (req: FastifyRequest): Promise<EditorAssetVersions> => {
      let script: string | undefined;
      try {
        script = (await editorScript()).version;
      } catch (err) {
        req.log.error({ err }, 'editor: bundling the browser script failed; serving the form without it');
      }
      return { script, style: editorStyle().version };
    };

    admin.get('/admin/assets/editor.js', { config: { permission: 'public' } }, async (req, reply) =>
      sendAsset(req, reply, await editorScript(), 'text/javascript; charset=utf-8'),
    );
    admin.get('/admin/assets/editor.css', { config: { permission: 'public' } }, async (req, reply) => sendAsset(req, reply, editorStyle(), 'text/css; charset=utf-8'));

    /** Runs a status change after the fields were saved at `revision`. */
    const runAction = (actor: Actor, id: number, action: Exclude<EditorAction, 'save'>, revision: number, at: string | null | undefined): Promise<EditableArticle> => {
      switch (action) {
        case 'submit':
          return submitForReview(workflow, actor, id, revision);
        case 'return_to_draft':
          return returnToDraft(workflow, actor, id, revision);
        case 'publish':
          return publish(workflow, actor, id, revision);
        case 'schedule':
          return schedule(workflow, actor, id, at ?? '', revision);
        case 'unpublish':
          return unpublish(workflow, actor, id, revision);
      }
    };

    const editorPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      page: { saved?: EditableArticle; values: ArticleFormValues; error?: EditorError; savedAnyway?: boolean; conflict?: boolean; status?: number },
      ctx?: AdminContext,
    ) => {
      const actor = actorOf(req);
      const c = ctx ?? (await adminContext(req, reply));
      const article = page.saved?.article ?? { created_by: actor.user_id, status: 'draft' as const };
      return sendPage(
        reply,
        <ArticleEditorPage
          ctx={c}
          saved={page.saved}
          values={page.values}
          error={page.error}
          savedAnyway={page.savedAnyway}
          conflict={page.conflict}
          actions={availableActions(actor, article)}
          editable={canEditArticle(actor, article)}
          assets={await assetVersions(req)}
        />,
        page.status ?? 200,
      );
    };

    admin.get('/admin/articles/new', { config: { permission: 'article.create' } }, async (req, reply) => {
      const ctx = await adminContext(req, reply);
      return editorPage(req, reply, { values: await withPickedImage(editor, req.query, emptyFormValues(ctx.user?.display_name ?? '')) }, ctx);
    });

    admin.post('/admin/articles/new', { bodyLimit: EDITOR_FORM_LIMIT_BYTES, config: { permission: 'article.create', keepForm: KEEP_EDITOR_FORM } }, async (req, reply) => {
      const actor = actorOf(req);
      const site = await deps.site();
      const values = readArticleForm(req.body);
      let created: EditableArticle | undefined;
      let action: EditorAction;
      try {
        action = actionOf(req.body);
        const edit = editOf(values, site.settings.time_zone);
        assertActionPossible(actor, { id: 0, created_by: actor.user_id, status: 'draft' }, action, values, { at: edit.published_at, now: workflow.clock.now().toISOString() });
        created = await createDraft(workflow, actor, { ...edit, title: edit.title ?? '', body: edit.body ?? '' });
        if (action !== 'save') await runAction(actor, created.article.id, action, created.revision, edit.published_at);
      } catch (err) {
        if (!isEditorFormError(err)) throw err;
        const ctx = await adminContext(req, reply);
        if (!created) return editorPage(req, reply, { values, error: editorError(ctx.t, err), status: err.status }, ctx);
        // The draft exists; only the status change was refused.
        const saved = await getArticleForEditing(workflow, actor, created.article.id);
        return editorPage(req, reply, { saved, values: formValuesOf(saved, site.settings.time_zone), error: editorError(ctx.t, err), savedAnyway: true, status: err.status }, ctx);
      }
      req.log.info({ by: actor.user_id, article_id: created.article.id, action }, 'admin: article created');
      return reply.redirect(`/admin/articles/${created.article.id}?notice=${action === 'save' ? 'notice_article_created' : `notice_article_${action}`}`, 303);
    });

    admin.get<{ Params: { id: string } }>('/admin/articles/:id', { config: { permission: 'article.edit_own' } }, async (req, reply) => {
      const actor = actorOf(req);
      const saved = await getArticleForEditing(workflow, actor, idParam(req.params.id));
      const site = await deps.site();
      return editorPage(req, reply, { saved, values: await withPickedImage(editor, req.query, formValuesOf(saved, site.settings.time_zone)) });
    });

    admin.post<{ Params: { id: string } }>(
      '/admin/articles/:id',
      { bodyLimit: EDITOR_FORM_LIMIT_BYTES, config: { permission: 'article.edit_own', keepForm: KEEP_EDITOR_FORM } },
      async (req, reply) => {
        const actor = actorOf(req);
        const id = idParam(req.params.id);
        const site = await deps.site();
        const current = await getArticleForEditing(workflow, actor, id);
        const values = readArticleForm(req.body);
        let saved: EditableArticle | undefined;
        let action: EditorAction;
        try {
          action = actionOf(req.body);
          const expected = requiredRevision(values.expected_revision);
          const edit = editOf(values, site.settings.time_zone, current.article.published_at);
          const at = edit.published_at === undefined ? current.article.published_at : edit.published_at;
          assertActionPossible(actor, current.article, action, values, { at, now: workflow.clock.now().toISOString() });
          saved = await updateArticle(workflow, actor, id, edit, { expected_revision: expected });
          if (action !== 'save') saved = await runAction(actor, id, action, saved.revision, at);
        } catch (err) {
          if (!isEditorFormError(err)) throw err;
          const ctx = await adminContext(req, reply);
          const error = editorError(ctx.t, err);
          const fresh = await getArticleForEditing(workflow, actor, id);
          if (saved) {
            // The fields were saved; only the status change was refused.
            return editorPage(req, reply, { saved: fresh, values: formValuesOf(fresh, site.settings.time_zone), error, savedAnyway: true, status: err.status }, ctx);
          }
          const conflict = err.kind === 'CONFLICT' && err.details.expected_revision !== undefined;
          // What the writer typed is shown again as it was, with the revision it was based on: a stale form stays stale.
          return editorPage(req, reply, { saved: fresh, values, error, conflict, status: err.status }, ctx);
        }
        req.log.info({ by: actor.user_id, article_id: id, action, revision: saved.revision }, 'admin: article saved');
        return reply.redirect(`/admin/articles/${id}?notice=notice_article_${action}`, 303);
      },
    );

    /** Autosave answers: `{ revision, saved_at }`, or `{ error: { code, message, field } }` with the use case's status. */
    const autosaveError = async (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
      if (!isEditorFormError(err)) throw err;
      const ctx = await adminContext(req, reply);
      const e = editorError(ctx.t, err);
      return reply.code(err.status).send({ error: { code: err.code, message: e.message, field: e.field ?? null } });
    };

    admin.post('/api/admin/articles/autosave', { bodyLimit: EDITOR_FORM_LIMIT_BYTES, config: { permission: 'article.create' } }, async (req, reply) => {
      const actor = actorOf(req);
      const site = await deps.site();
      try {
        const values = readArticleForm(req.body);
        const edit = editOf(values, site.settings.time_zone);
        const created = await createDraft(workflow, actor, { ...edit, title: edit.title ?? '', body: edit.body ?? '' });
        const id = created.article.id;
        req.log.info({ by: actor.user_id, article_id: id }, 'admin: article created by autosave');
        return {
          id,
          revision: created.revision,
          saved_at: workflow.clock.now().toISOString(),
          edit_url: `/admin/articles/${id}`,
          autosave_url: `/api/admin/articles/${id}/autosave`,
        };
      } catch (err) {
        return autosaveError(req, reply, err);
      }
    });

    admin.post<{ Params: { id: string } }>('/api/admin/articles/:id/autosave', { bodyLimit: EDITOR_FORM_LIMIT_BYTES, config: { permission: 'article.edit_own' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = idParam(req.params.id);
      const site = await deps.site();
      try {
        const current = await getArticleForEditing(workflow, actor, id);
        const values = readArticleForm(req.body);
        // Autosave never writes without knowing what the form was based on, nor to what readers see now.
        const expected = requiredRevision(values.expected_revision);
        if (!AUTOSAVED_STATUSES.includes(current.article.status)) {
          throw new JaridaError('CONFLICT', `autosave does not write to a ${current.article.status} article`, { reason: 'autosave_live', status: current.article.status });
        }
        const saved = await updateArticle(workflow, actor, id, editOf(values, site.settings.time_zone, current.article.published_at), { expected_revision: expected });
        return { revision: saved.revision, saved_at: workflow.clock.now().toISOString() };
      } catch (err) {
        return autosaveError(req, reply, err);
      }
    });

    admin.get<{ Params: { id: string } }>('/admin/articles/:id/preview', { config: { permission: 'article.edit_own' } }, async (req, reply) => {
      const actor = actorOf(req);
      const site = await deps.site();
      const ctx = await adminContext(req, reply);
      const html = await renderPreview(workflow, actor, idParam(req.params.id), {
        site,
        context: editor.context(site),
        t: ctx.t,
        styleHref: `/admin/assets/editor.css?v=${editorStyle().version}`,
      });
      reply.header('x-robots-tag', 'noindex, nofollow');
      return sendPage(reply, html);
    });

    const historyPage = async (req: FastifyRequest, reply: FastifyReply, id: number, error?: { message: string; status: number }) => {
      const actor = actorOf(req);
      const revisions = await listRevisions(workflow, actor, id);
      const { article } = await getArticleForEditing(workflow, actor, id);
      const names = new Map((await deps.store.users.list()).map((u) => [u.id, u.display_name] as const));
      const ctx = await adminContext(req, reply);
      return sendPage(
        reply,
        <RevisionsPage
          ctx={ctx}
          article={article}
          revisions={revisions}
          names={names}
          canRestore={canEditArticle(actor, article)}
          assets={await assetVersions(req)}
          error={error?.message}
        />,
        error?.status ?? 200,
      );
    };

    admin.get<{ Params: { id: string } }>('/admin/articles/:id/revisions', { config: { permission: 'article.edit_own' } }, async (req, reply) =>
      historyPage(req, reply, idParam(req.params.id)),
    );

    admin.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>(
      '/admin/articles/:id/revisions/diff',
      { config: { permission: 'article.edit_own' } },
      async (req, reply) => {
        const actor = actorOf(req);
        const id = idParam(req.params.id);
        let from: number;
        let to: number;
        if (req.query.from === undefined && req.query.to === undefined) {
          // Without a choice: what the latest save changed.
          const latest = (await listRevisions(workflow, actor, id))[0]?.number ?? 1;
          [from, to] = [Math.max(1, latest - 1), latest];
        } else {
          [from, to] = [revisionParam(req.query.from), revisionParam(req.query.to)];
        }
        const diff = await diffRevisions(workflow, actor, id, from, to);
        const { article } = await getArticleForEditing(workflow, actor, id);
        const names = new Map((await deps.store.users.list()).map((u) => [u.id, u.display_name] as const));
        const ctx = await adminContext(req, reply);
        return sendPage(reply, <RevisionDiffPage ctx={ctx} article={article} diff={diff} names={names} assets={await assetVersions(req)} />);
      },
    );

    admin.post<{ Params: { id: string; number: string } }>(
      '/admin/articles/:id/revisions/:number/restore',
      { config: { permission: 'article.edit_own' } },
      async (req, reply) => {
        const actor = actorOf(req);
        const id = idParam(req.params.id);
        const number = revisionParam(req.params.number);
        let restored;
        try {
          restored = await restoreRevision(workflow, actor, id, number, { expected_revision: requiredRevision(field(req.body, 'expected_revision')) });
        } catch (err) {
          if (!isEditorFormError(err) || (isJaridaError(err, 'FORBIDDEN') && !(await canOpen(actor, id)))) throw err;
          const ctx = await adminContext(req, reply);
          return historyPage(req, reply, id, { message: editorError(ctx.t, err).message, status: err.status });
        }
        req.log.info({ by: actor.user_id, article_id: id, restored: number, missing_media: restored.missing_media }, 'admin: revision restored');
        return reply.redirect(`/admin/articles/${id}?notice=${restoreNotice(restored.missing_media)}`, 303);
      },
    );

    /** Whether the actor may open the article (a refused restore is then shown on its history page, else on the error page). */
    const canOpen = async (actor: Actor, id: number): Promise<boolean> => {
      try {
        await getArticleForEditing(workflow, actor, id);
        return true;
      } catch (err) {
        if (isJaridaError(err, 'FORBIDDEN') || isJaridaError(err, 'NOT_FOUND')) return false;
        throw err;
      }
    };
  };
}
