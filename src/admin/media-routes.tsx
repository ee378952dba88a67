import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError } from 'fastify';
import { isJaridaError, JaridaError } from '../core/errors.ts';
import { deleteMedia, getMedia, listMedia, type MediaDeps, mediaUrl, parseMediaListQuery, updateMediaAlt, uploadImage } from '../content/use-cases/media.ts';
import { DEFAULT_IMAGE_LIMITS } from '../media/images.ts';
import { responsiveImage } from '../web/media-routes.ts';
import { type AdminModule, adminContext, errorMessage, field, idParam, safeNext, sendPage } from './admin-plugin.tsx';
import type { AdminContext, FormError } from './views/context.ts';
import { limitValues, MediaLibraryPage, MediaPage, pickUrl } from './views/media-pages.tsx';

/**
 * The back office's media library (`/admin/media`): upload (a multipart
 * form that works without JavaScript), browse and search, pick an image for
 * an article, change its default alt text, delete it. Every route needs
 * `media.upload` (deleting someone else's image also needs
 * `article.delete_any`, checked by the use case). JSON for an editor's
 * picker: `GET /api/admin/media?q=&page=`.
 *
 * Picking: `/admin/media?return=<admin path>` shows a "choose" link on each
 * image that goes back to `<admin path>?media_id=<id>` (the article editor
 * reads it and fills the featured image URL and alt text from
 * `GET /api/admin/media/…` or the use case `getMedia`).
 */

/** The uploaded file as the multipart parser leaves it in the body (see `onFile`). */
interface UploadedFile {
  filename: string;
  data: Buffer;
  /** Longer than the byte limit: `data` holds only the start. */
  truncated: boolean;
}

function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedFile).data);
}

/** The values that fill the limits into messages (`{max_mb}`, `{max_mp}`). */
function returnParam(raw: unknown): string | undefined {
  const value = typeof raw === 'string' ? raw : '';
  if (value === '') return undefined;
  const safe = safeNext(value);
  return safe === '/admin' && value !== '/admin' ? undefined : safe;
}

/** `1600×2400 بكسل`: pixel sizes in the site's digits, without grouping (a grouped 1.600 reads as a fraction). */
function isMediaFormError(err: unknown): err is JaridaError {
  return isJaridaError(err) && ['VALIDATION', 'CONFLICT', 'MEDIA_UNSUPPORTED', 'MEDIA_TOO_LARGE', 'MEDIA_UNREADABLE'].includes(err.kind);
}

function mediaFormError(ctx: AdminContext, deps: MediaDeps, err: JaridaError): FormError {
  const field = typeof err.details.field === 'string' ? err.details.field : err.kind.startsWith('MEDIA_') ? 'file' : undefined;
  return { field, message: errorMessage(ctx, err, limitValues(deps)) };
}

/**
 * The media library's admin routes, for `modules` of the back office's deps
 * (`app.tsx`): they close over the media deps and the site's public URL.
 */
export function mediaAdminRoutes(media: MediaDeps, publicUrl: string): AdminModule {
  const limits = media.limits ?? DEFAULT_IMAGE_LIMITS;
  return async (admin, deps) => {
    const { store } = deps;

    admin.get<{ Querystring: Record<string, unknown> }>('/admin/media', { config: { permission: 'media.upload' } }, async (req, reply) => {
      const ctx = await adminContext(req, reply);
      const query = parseMediaListQuery(req.query);
      const list = await listMedia(store, query);
      const returnTo = returnParam(req.query.return);
      return sendPage(reply, <MediaLibraryPage ctx={ctx} deps={media} publicUrl={publicUrl} list={list} query={query} returnTo={returnTo} />);
    });

    /** `{ total, page, pages, items: [{ id, url, srcset, width, height, alt, filename, mime_type, bytes, created_at }] }`; `q`, `page` as the library page. */
    admin.get<{ Querystring: Record<string, unknown> }>('/api/admin/media', { config: { permission: 'media.upload' } }, async (req) => {
      const list = await listMedia(store, parseMediaListQuery(req.query));
      return {
        total: list.total,
        page: list.page,
        pages: list.pages,
        items: list.items.map((item) => ({
          id: item.id,
          url: mediaUrl(media.storage, item, publicUrl),
          srcset: responsiveImage(media.storage, item)?.srcset ?? '',
          width: item.width,
          height: item.height,
          alt: item.alt,
          filename: item.filename,
          mime_type: item.mime_type,
          bytes: item.bytes,
          created_at: item.created_at,
        })),
      };
    });

    admin.get<{ Params: { id: string } }>('/admin/media/:id', { config: { permission: 'media.upload' } }, async (req, reply) => {
      const item = await getMedia(store, idParam(req.params.id));
      const ctx = await adminContext(req, reply);
      return sendPage(reply, <MediaPage ctx={ctx} deps={media} publicUrl={publicUrl} item={item} />);
    });

    admin.post<{ Params: { id: string } }>('/admin/media/:id', { config: { permission: 'media.upload' } }, async (req, reply) => {
      const id = idParam(req.params.id);
      const alt = field(req.body, 'alt');
      try {
        await updateMediaAlt(store, req.actor, id, alt);
      } catch (err) {
        if (!isMediaFormError(err)) throw err;
        const ctx = await adminContext(req, reply);
        const item = await getMedia(store, id);
        return sendPage(reply, <MediaPage ctx={ctx} deps={media} publicUrl={publicUrl} item={item} form="alt" alt={alt} error={mediaFormError(ctx, media, err)} />, err.status);
      }
      return reply.redirect(`/admin/media/${id}?notice=notice_media_saved`, 303);
    });

    admin.post<{ Params: { id: string } }>('/admin/media/:id/delete', { config: { permission: 'media.upload' } }, async (req, reply) => {
      const id = idParam(req.params.id);
      try {
        if (field(req.body, 'confirm') !== '1') throw new JaridaError('VALIDATION', 'tick the box to confirm', { field: 'confirm', reason: 'confirm_required' });
        await deleteMedia(media, req.actor, id);
      } catch (err) {
        if (!isMediaFormError(err)) throw err;
        const ctx = await adminContext(req, reply);
        const item = await getMedia(store, id);
        return sendPage(reply, <MediaPage ctx={ctx} deps={media} publicUrl={publicUrl} item={item} form="delete" error={mediaFormError(ctx, media, err)} />, err.status);
      }
      return reply.redirect('/admin/media?notice=notice_media_deleted', 303);
    });

    // The upload: multipart parsing only in this scope, and only for a signed-in session (an anonymous
    // client cannot make the server buffer a file); the admin scope's checks (permission, CSRF) follow.
    await admin.register(async (scope) => {
      scope.addHook('preValidation', async (req) => {
        if (typeof req.session?.user_id !== 'number') throw new JaridaError('UNAUTHENTICATED', 'sign in first', { reason: 'unauthenticated' });
      });
      // A body the multipart parser cannot read (no boundary, cut short, a client that went away)
      // is the client's fault: 400, not a server error in the log.
      scope.setErrorHandler(async (err: FastifyError) => {
        const unreadable = /multipart|boundary|part terminated|unexpected end of form|malformed part|aborted/iu.test(err.message) && !isJaridaError(err);
        if (!unreadable) throw err;
        throw new JaridaError('VALIDATION', `the upload could not be read: ${err.message}`, { field: 'file', reason: 'media_file_required' }, { cause: err });
      });
      await scope.register(fastifyMultipart, {
        attachFieldsToBody: 'keyValues',
        throwFileSizeLimit: false,
        limits: { fileSize: limits.max_bytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 },
        async onFile(part: MultipartFile & { value?: unknown }) {
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) chunks.push(chunk as Buffer);
          part.value = { filename: part.filename, data: Buffer.concat(chunks), truncated: part.file.truncated } satisfies UploadedFile;
        },
      });

      scope.post<{ Querystring: Record<string, unknown> }>('/admin/media', { config: { permission: 'media.upload' } }, async (req, reply) => {
        const returnTo = returnParam(req.query.return);
        const body = req.body as Record<string, unknown> | undefined;
        const alt = field(body, 'alt');
        const file = body?.file;
        let result;
        try {
          if (!isUploadedFile(file) || (file.data.length === 0 && file.filename === '')) {
            throw new JaridaError('VALIDATION', 'no file was sent', { field: 'file', reason: 'media_file_required' });
          }
          if (file.truncated) {
            throw new JaridaError('MEDIA_TOO_LARGE', `the file is over ${limits.max_bytes} bytes`, { reason: 'media_too_large', limit: 'bytes' });
          }
          result = await uploadImage(media, req.actor, { filename: file.filename, bytes: file.data, alt });
        } catch (err) {
          if (!isMediaFormError(err)) throw err;
          const ctx = await adminContext(req, reply);
          const query = { page: 1 };
          const list = await listMedia(store, query);
          return sendPage(
            reply,
            <MediaLibraryPage ctx={ctx} deps={media} publicUrl={publicUrl} list={list} query={query} returnTo={returnTo} alt={alt} error={mediaFormError(ctx, media, err)} />,
            err.status,
          );
        }
        if (returnTo) return reply.redirect(pickUrl(returnTo, result.media.id), 303);
        return reply.redirect(`/admin/media/${result.media.id}?notice=${result.created ? 'notice_media_uploaded' : 'notice_media_exists'}`, 303);
      });
    });
  };
}
