import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError } from 'fastify';
import { isJaridaError, JaridaError } from '../core/errors.ts';
import type { MediaItem } from '../content/media.ts';
import { roleHas } from '../content/roles.ts';
import type { Page } from '../content/types.ts';
import {
  deleteMedia,
  getMedia,
  listMedia,
  type MediaDeps,
  type MediaListQuery,
  mediaUrl,
  parseMediaListQuery,
  updateMediaAlt,
  uploadImage,
} from '../content/use-cases/media.ts';
import { DEFAULT_IMAGE_LIMITS } from '../media/images.ts';
import { displayDate } from '../web/dates.ts';
import { fill, formatNumber, intlLocale } from '../web/i18n.ts';
import { responsiveImage } from '../web/media-routes.ts';
import { type AdminModule, adminContext, errorMessage, field, idParam, safeNext, sendPage } from './admin-plugin.tsx';
import type { AdminContext, FormError } from './views/context.ts';
import { AdminLayout } from './views/layout.tsx';
import { CsrfField, ErrorSummary, Field, Pager, PostForm } from './views/parts.tsx';

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
function limitValues(deps: MediaDeps): Record<string, number> {
  const limits = deps.limits ?? DEFAULT_IMAGE_LIMITS;
  const tenths = (n: number) => Math.round(n * 10) / 10;
  return { max_mb: tenths(limits.max_bytes / (1024 * 1024)), max_mp: tenths(limits.max_pixels / 1_000_000) };
}

/** The library URL for a query, page and picking target. */
function libraryUrl(query: MediaListQuery, page: number, returnTo: string | undefined): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  if (page > 1) params.set('page', String(page));
  if (returnTo) params.set('return', returnTo);
  const s = params.toString();
  return s ? `/admin/media?${s}` : '/admin/media';
}

/** Where "choose" sends the picked image: the return path with `media_id` added. */
function pickUrl(returnTo: string, id: number): string {
  return `${returnTo}${returnTo.includes('?') ? '&' : '?'}media_id=${id}`;
}

/** The picking target of a query string: an admin path, else none. */
function returnParam(raw: unknown): string | undefined {
  const value = typeof raw === 'string' ? raw : '';
  if (value === '') return undefined;
  const safe = safeNext(value);
  return safe === '/admin' && value !== '/admin' ? undefined : safe;
}

/** `1600×2400 بكسل`: pixel sizes in the site's digits, without grouping (a grouped 1.600 reads as a fraction). */
function dimensions(ctx: AdminContext, width: number, height: number): string {
  const n = new Intl.NumberFormat(intlLocale(ctx.site.settings), { useGrouping: false });
  return fill(ctx.t.mediaDimensions, { width: n.format(width), height: n.format(height) });
}

/** Width and height of an image scaled down (never up) to fit a `box`×`box` square, in CSS pixels. */
function fitted(width: number, height: number, box: number): { width: number; height: number } {
  const scale = Math.min(1, box / width, box / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** A thumbnail: the narrowest variant, 160 px wide at most, with its intrinsic size. */
function Thumbnail({ item, url }: { item: MediaItem; url: (key: string) => string }) {
  const v = item.variants[0];
  if (!v) return '';
  const { width, height } = fitted(v.width, v.height, 160);
  return <img src={url(v.key)} width={width} height={height} alt={item.alt} loading="lazy" />;
}

function UploadForm({ ctx, deps, error, alt, returnTo }: { ctx: AdminContext; deps: MediaDeps; error?: FormError | undefined; alt: string; returnTo: string | undefined }) {
  const { t } = ctx;
  const fieldError = (name: string) => (error?.field === name ? { 'aria-invalid': 'true', 'aria-describedby': 'form-error' } : {});
  return (
    <section aria-labelledby="upload-title">
      <h2 id="upload-title" safe>
        {t.mediaUpload}
      </h2>
      <p class="help" safe>
        {fill(t.mediaIntro, limitValues(deps))}
      </p>
      <ErrorSummary ctx={ctx} error={error} />
      <form method="post" action={returnTo ? `/admin/media?return=${encodeURIComponent(returnTo)}` : '/admin/media'} enctype="multipart/form-data" class="stack narrow">
        <CsrfField ctx={ctx} />
        <p class="field">
          <label for="f-file" safe>
            {t.mediaFile}
          </label>
          <input id="f-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif" required {...fieldError('file')} />
        </p>
        <Field name="alt" label={t.mediaAlt} value={alt} required help={t.mediaAltHelp} error={error} dir="auto" />
        <p>
          <button type="submit" safe>
            {t.mediaUploadSubmit}
          </button>
        </p>
      </form>
    </section>
  );
}

/** The library: upload form, search, and the images newest first (with "choose" links when picking). */
function MediaLibraryPage(props: {
  ctx: AdminContext;
  deps: MediaDeps;
  publicUrl: string;
  list: Page<MediaItem>;
  query: MediaListQuery;
  returnTo: string | undefined;
  error?: FormError | undefined;
  alt?: string;
}) {
  const { ctx, deps, list, query, returnTo } = props;
  const { t } = ctx;
  const { settings } = ctx.site;
  const url = (key: string) => deps.storage.url(key);
  return (
    <AdminLayout ctx={ctx} title={returnTo ? t.mediaPickTitle : t.mediaTitle}>
      <UploadForm ctx={ctx} deps={deps} error={props.error} alt={props.alt ?? ''} returnTo={returnTo} />
      <form method="get" action="/admin/media" class="filters" role="search" aria-label={t.mediaSearch}>
        {returnTo ? <input type="hidden" name="return" value={returnTo} /> : ''}
        <p class="field">
          <label for="f-q" safe>
            {t.mediaSearch}
          </label>
          <input id="f-q" name="q" type="search" value={query.text ?? ''} dir="auto" />
        </p>
        <p class="actions">
          <button type="submit" safe>
            {t.mediaSearchSubmit}
          </button>
        </p>
      </form>
      <p safe>{fill(t.mediaCount, { count: formatNumber(list.total, settings) })}</p>
      {list.items.length === 0 ? (
        <p safe>{t.mediaNone}</p>
      ) : (
        <table class="list">
          <caption class="visually-hidden" safe>
            {t.mediaTitle}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>
                {t.mediaColPreview}
              </th>
              <th scope="col" safe>
                {t.mediaColFile}
              </th>
              <th scope="col" safe>
                {t.mediaColAlt}
              </th>
              <th scope="col" safe>
                {t.mediaColSize}
              </th>
              <th scope="col" safe>
                {t.mediaColUploaded}
              </th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((item) => (
              <tr>
                <td>
                  <Thumbnail item={item} url={url} />
                </td>
                <th scope="row">
                  <a href={`/admin/media/${item.id}`} dir="auto" safe>
                    {item.filename}
                  </a>
                  {returnTo ? (
                    <>
                      {' '}
                      <a class="button" href={pickUrl(returnTo, item.id)} aria-label={fill(t.mediaPickTarget, { name: item.filename })} safe>
                        {t.mediaPick}
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                </th>
                <td dir="auto" safe>
                  {item.alt}
                </td>
                <td safe>{dimensions(ctx, item.width, item.height)}</td>
                <td safe>{displayDate(item.created_at, settings, true)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager ctx={ctx} page={list} href={(n) => libraryUrl(query, n, returnTo)} />
    </AdminLayout>
  );
}

/** One image: preview, its URL, sizes, the alt text form and the delete form. */
function MediaPage(props: { ctx: AdminContext; deps: MediaDeps; publicUrl: string; item: MediaItem; error?: FormError | undefined; form?: 'alt' | 'delete'; alt?: string }) {
  const { ctx, deps, item, error, form } = props;
  const { t } = ctx;
  const image = responsiveImage(deps.storage, item);
  // Shown within 480 px either way: a portrait photo must not push the forms below the fold.
  const preview = fitted(item.width, item.height, 480);
  const errorOf = (name: string) => (form === name ? error : undefined);
  const canDelete = ctx.actor !== null && (item.uploaded_by === ctx.actor.user_id || roleHas(ctx.actor.role, 'article.delete_any'));
  return (
    <AdminLayout ctx={ctx} title={fill(t.mediaDetails, { name: item.filename })}>
      <p>
        <a href="/admin/media" safe>
          {t.mediaBack}
        </a>
      </p>
      {image ? <img src={image.src} srcset={image.srcset} sizes={`${preview.width}px`} width={preview.width} height={preview.height} alt={item.alt} /> : ''}
      <p class="field">
        <label for="f-url" safe>
          {t.mediaUrl}
        </label>{' '}
        <input id="f-url" type="url" readonly value={mediaUrl(deps.storage, item, props.publicUrl)} dir="ltr" size="60" />
      </p>
      <p safe>{dimensions(ctx, item.width, item.height)}</p>
      <h2 safe>{t.mediaVariants}</h2>
      <ul>
        {item.variants.map((v) => (
          <li>
            <a href={deps.storage.url(v.key)} dir="ltr" safe>
              {`WebP ${v.width}×${v.height}`}
            </a>
          </li>
        ))}
      </ul>
      <section aria-labelledby="alt-title">
        <h2 id="alt-title" safe>
          {t.mediaAlt}
        </h2>
        <ErrorSummary ctx={ctx} error={errorOf('alt')} />
        <PostForm ctx={ctx} action={`/admin/media/${item.id}`} class="stack narrow">
          <Field name="alt" label={t.mediaAlt} value={props.alt ?? item.alt} required help={t.mediaAltHelp} error={errorOf('alt')} dir="auto" />
          <p>
            <button type="submit" safe>
              {t.mediaSaveAlt}
            </button>
          </p>
        </PostForm>
      </section>
      {canDelete ? (
        <section aria-labelledby="delete-title">
          <h2 id="delete-title" safe>
            {t.mediaDelete}
          </h2>
          <p safe>{t.mediaDeleteHelp}</p>
          <ErrorSummary ctx={ctx} error={errorOf('delete')} />
          <PostForm ctx={ctx} action={`/admin/media/${item.id}/delete`} class="stack narrow">
            <p class="check">
              <input type="checkbox" id="f-confirm" name="confirm" value="1" required />
              <label for="f-confirm" safe>
                {t.confirmDelete}
              </label>
            </p>
            <p>
              <button type="submit" class="danger" safe>
                {t.mediaDelete}
              </button>
            </p>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

/** Errors a media form shows beside its fields rather than as an error page. */
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
