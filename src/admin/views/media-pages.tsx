import type { MediaItem } from '../../content/media.ts';
import type { Page } from '../../content/types.ts';
import { canManageMedia, type MediaDeps, type MediaListQuery, mediaUrl } from '../../content/use-cases/media.ts';
import { DEFAULT_IMAGE_LIMITS } from '../../media/images.ts';
import { displayDate } from '../../web/dates.ts';
import { fill, formatNumber, intlLocale } from '../../web/i18n.ts';
import { responsiveImage } from '../../web/media-routes.ts';
import type { AdminContext, FormError } from './context.ts';
import { AdminLayout } from './layout.tsx';
import { attr, CsrfField, DeleteSection, ErrorSummary, Field, Pager, PostForm, SubmitRow } from './parts.tsx';

/** Pages of the back office's media library (routes in `../media-routes.tsx`). */

export function limitValues(deps: MediaDeps): Record<string, number> {
  const limits = deps.limits ?? DEFAULT_IMAGE_LIMITS;
  const tenths = (n: number) => Math.round(n * 10) / 10;
  return { max_mb: tenths(limits.max_bytes / (1024 * 1024)), max_mp: tenths(limits.max_pixels / 1_000_000) };
}

/** The library URL for a query, page and picking target. */
export function libraryUrl(query: MediaListQuery, page: number, returnTo: string | undefined): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  if (page > 1) params.set('page', String(page));
  if (returnTo) params.set('return', returnTo);
  const s = params.toString();
  return s ? `/admin/media?${s}` : '/admin/media';
}

/** Where "choose" sends the picked image: the return path with `media_id` added. */
export function pickUrl(returnTo: string, id: number): string {
  return `${returnTo}${returnTo.includes('?') ? '&' : '?'}media_id=${id}`;
}

/** The picking target of a query string: an admin path, else none. */

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
  return <img src={attr(url(v.key))} width={width} height={height} alt={attr(item.alt)} loading="lazy" />;
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
      <form method="post" action={attr(returnTo ? `/admin/media?return=${encodeURIComponent(returnTo)}` : '/admin/media')} enctype="multipart/form-data" class="stack narrow">
        <CsrfField ctx={ctx} />
        <p class="field">
          <label for="f-file" safe>
            {t.mediaFile}
          </label>
          <input id="f-file" name="file" type="file" accept="image/jpeg,image/png,image/webp,image/avif,image/gif" required {...fieldError('file')} />
        </p>
        <Field name="alt" label={t.mediaAlt} value={alt} required help={t.mediaAltHelp} error={error} dir="auto" />
        <SubmitRow label={t.mediaUploadSubmit} />
      </form>
    </section>
  );
}

/** The library: upload form, search, and the images newest first (with "choose" links when picking). */
export function MediaLibraryPage(props: {
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
        {returnTo ? <input type="hidden" name="return" value={attr(returnTo)} /> : ''}
        <p class="field">
          <label for="f-q" safe>
            {t.mediaSearch}
          </label>
          <input id="f-q" name="q" type="search" value={attr(query.text ?? '')} dir="auto" />
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
                      <a class="button" href={attr(pickUrl(returnTo, item.id))} aria-label={attr(fill(t.mediaPickTarget, { name: item.filename }))} safe>
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
export function MediaPage(props: { ctx: AdminContext; deps: MediaDeps; publicUrl: string; item: MediaItem; error?: FormError | undefined; form?: 'alt' | 'delete'; alt?: string }) {
  const { ctx, deps, item, error, form } = props;
  const { t } = ctx;
  const image = responsiveImage(deps.storage, item);
  // Shown within 480 px either way: a portrait photo must not push the forms below the fold.
  const preview = fitted(item.width, item.height, 480);
  const errorOf = (name: string) => (form === name ? error : undefined);
  // The same rules as the use cases: the uploader, or an editor or administrator.
  const canEdit = ctx.actor !== null && canManageMedia(ctx.actor, item, 'edit');
  const canDelete = ctx.actor !== null && canManageMedia(ctx.actor, item, 'delete');
  return (
    <AdminLayout ctx={ctx} title={fill(t.mediaDetails, { name: item.filename })}>
      <p>
        <a href="/admin/media" safe>
          {t.mediaBack}
        </a>
      </p>
      {image ? <img src={attr(image.src)} srcset={attr(image.srcset)} sizes={`${preview.width}px`} width={preview.width} height={preview.height} alt={attr(item.alt)} /> : ''}
      <p class="field">
        <label for="f-url" safe>
          {t.mediaUrl}
        </label>{' '}
        <input id="f-url" type="url" readonly value={attr(mediaUrl(deps.storage, item, props.publicUrl))} dir="ltr" size="60" />
      </p>
      <p safe>{dimensions(ctx, item.width, item.height)}</p>
      <h2 safe>{t.mediaVariants}</h2>
      <ul>
        {item.variants.map((v) => (
          <li>
            <a href={attr(deps.storage.url(v.key))} dir="ltr" safe>
              {`WebP ${v.width}×${v.height}`}
            </a>
          </li>
        ))}
      </ul>
      <section aria-labelledby="alt-title">
        <h2 id="alt-title" safe>
          {t.mediaAlt}
        </h2>
        {canEdit ? (
          <>
            <ErrorSummary ctx={ctx} error={errorOf('alt')} />
            <PostForm ctx={ctx} action={`/admin/media/${item.id}`} class="stack narrow">
              <Field name="alt" label={t.mediaAlt} value={props.alt ?? item.alt} required help={t.mediaAltHelp} error={errorOf('alt')} dir="auto" />
              <SubmitRow label={t.mediaSaveAlt} />
            </PostForm>
          </>
        ) : (
          <>
            <p dir="auto" safe>
              {item.alt}
            </p>
            <p class="help" safe>
              {t.mediaNotYours}
            </p>
          </>
        )}
      </section>
      {canDelete ? (
        <DeleteSection ctx={ctx} title={t.mediaDelete} help={t.mediaDeleteHelp} button={t.mediaDelete} action={`/admin/media/${item.id}/delete`} error={errorOf('delete')} />
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

/** Errors a media form shows beside its fields rather than as an error page. */
