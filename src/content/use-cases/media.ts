import type { Clock } from '../../core/clock.ts';
import { forbidden, invalid, JaridaError, notFound } from '../../core/errors.ts';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits, processImage } from '../../media/images.ts';
import type { MediaStorage } from '../../media/storage.ts';
import { MAX_ALT_LENGTH } from '../field-limits.ts';
import type { Media, MediaItem } from '../media.ts';
import type { Store } from '../repos.ts';
import { type Actor, roleHas } from '../roles.ts';
import { cleanLine, cleanLineWithoutBidiControls } from '../text-fields.ts';
import type { Page } from '../types.ts';

/**
 * The media library: upload, list, pick, describe and delete images
 * (docs/adr/013). The admin pages, the API and tools call these functions.
 *
 * The one ordering rule: files are written before the row that names them
 * and deleted after it. An upload writes every file (each atomically, see
 * `media/storage.ts`), then inserts the image and its variants in one
 * transaction; a process killed before the commit leaves files that no row
 * names, never a row naming a missing file. {@link sweepOrphanMedia}
 * removes such files later.
 *
 * Errors carry `details.reason`, a message key of the admin locales.
 */

/** What the media use cases need. */
export interface MediaDeps {
  store: Store;
  storage: MediaStorage;
  clock: Clock;
  /** Upload limits; {@link DEFAULT_IMAGE_LIMITS} when absent. */
  limits?: ImageLimits;
}

/** Images per page of the media library. */
export const MEDIA_PAGE_SIZE = 24;

/** Longest alternative text, in code points (`field-limits.ts`: shared with an article's featured image). */
export { MAX_ALT_LENGTH };

/** Longest file name kept, in code points (most file systems allow 255 bytes). */
export const MAX_FILENAME_LENGTH = 255;

/** Unreferenced files younger than this are left to the upload that may still be writing them (ms). */
export const ORPHAN_MIN_AGE_MS = 10 * 60_000;

function requireUploader(actor: Actor | null): void {
  if (actor && !roleHas(actor.role, 'media.upload')) throw forbidden(`the ${actor.role} role may not upload images`, { reason: 'forbidden' });
}

/**
 * Whether `actor` may change an image's metadata (`edit`: its alternative
 * text) or delete it: its uploader may, and whoever may edit (`edit`) or
 * delete (`delete`) any article, i.e. editors and administrators. Null is
 * the operator. Everyone with `media.upload` may see and pick every image.
 */
export function canManageMedia(actor: Actor | null, item: Pick<Media, 'uploaded_by'>, action: 'edit' | 'delete'): boolean {
  if (!actor) return true;
  if (!roleHas(actor.role, 'media.upload')) return false;
  return item.uploaded_by === actor.user_id || roleHas(actor.role, action === 'edit' ? 'article.edit_any' : 'article.delete_any');
}

/** The alternative text, cleaned as a single-line field. @throws JaridaError `VALIDATION` when empty or too long. */
function checkAlt(raw: string): string {
  const alt = cleanLine('alt', raw);
  if (alt === '') throw invalid('an image needs an alternative text', { field: 'alt', reason: 'media_alt_required' });
  if ([...alt].length > MAX_ALT_LENGTH) throw invalid(`the alternative text has more than ${MAX_ALT_LENGTH} characters`, { field: 'alt', reason: 'media_alt_too_long' });
  return alt;
}

/**
 * The file name as given, cleaned as a single-line field (`text-fields.ts`
 * `cleanLineWithoutBidiControls`: bidi overrides and isolates dropped, so `photo\u202Egnp.exe`
 * cannot show as `photoexe.png`; trimmed), otherwise not normalized: what
 * the uploader sees in their folder is what the library shows and searches.
 * @throws JaridaError `VALIDATION` (reason `media_filename_invalid`) for C0 control
 *   characters, a lone surrogate, or over {@link MAX_FILENAME_LENGTH}.
 */
function checkFilename(raw: string): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/u.test(raw) || !raw.isWellFormed()) {
    throw invalid('the file name holds control characters', { field: 'file', reason: 'media_filename_invalid' });
  }
  const name = cleanLineWithoutBidiControls('file', raw);
  if ([...name].length > MAX_FILENAME_LENGTH) throw invalid('the file name is too long', { field: 'file', reason: 'media_filename_invalid' });
  return name;
}

/** Storage key of an original: two hex digits of fan-out, then the content address. */
function originalKey(sha256: string, ext: string): string {
  return `${sha256.slice(0, 2)}/${sha256}/original.${ext}`;
}

/** The folder (key prefix, with its trailing slash) of an image's files: unique by its content address. */
export function mediaFolder(item: Pick<MediaItem, 'key'>): string {
  return item.key.slice(0, item.key.lastIndexOf('/') + 1);
}

/**
 * The URL of the image's widest variant: what an article stores as its
 * featured image URL (absolute on `publicUrl` when given, as article URLs
 * must be; the reader pages recognise it on any host by its path).
 */
export function mediaUrl(storage: MediaStorage, item: MediaItem, publicUrl?: string): string {
  const widest = item.variants[item.variants.length - 1];
  const url = storage.url(widest ? widest.key : item.key);
  return publicUrl && url.startsWith('/') ? `${publicUrl}${url}` : url;
}

/** Input of {@link uploadImage}. */
export interface ImageUpload {
  /** The file name given by the uploader's system; '' when none. */
  filename: string;
  bytes: Uint8Array;
  /** Alternative text (required). */
  alt: string;
}

/**
 * Accepts an image into the library: checks its type by its bytes and the
 * limits, renders its WebP variants (upright, without metadata), stores the
 * original and the variants, then records them in one transaction. The
 * same bytes uploaded again give the same item (`created: false`; its alt
 * text and file name stay as first given).
 *
 * @throws JaridaError `MEDIA_UNSUPPORTED`, `MEDIA_TOO_LARGE`, `MEDIA_UNREADABLE` (see
 *   `media/images.ts`); `VALIDATION` (alt text, file name); `FORBIDDEN` without `media.upload`.
 */
export async function uploadImage(deps: MediaDeps, actor: Actor | null, input: ImageUpload): Promise<{ media: MediaItem; created: boolean }> {
  requireUploader(actor);
  const alt = checkAlt(input.alt);
  const filename = checkFilename(input.filename);
  const image = await processImage(input.bytes, deps.limits ?? DEFAULT_IMAGE_LIMITS);
  const key = originalKey(image.sha256, image.ext);
  const known = await deps.store.media.findByKey(key);
  if (known) return { media: known, created: false };

  const folder = key.slice(0, key.lastIndexOf('/') + 1);
  const variants = image.variants.map((v) => ({ width: v.width, height: v.height, key: `${folder}${v.width}w.webp`, bytes: v.data.length }));
  // Every file first, each written atomically; a same-bytes upload racing this one writes the same content.
  await deps.storage.put(key, input.bytes);
  for (const [i, v] of image.variants.entries()) await deps.storage.put(variants[i]!.key, v.data);

  const row = {
    key,
    filename: filename === '' ? `${image.sha256.slice(0, 12)}.${image.ext}` : filename,
    mime_type: image.mime_type,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    alt,
    uploaded_by: actor?.user_id ?? null,
    created_at: deps.clock.now().toISOString(),
  };
  return deps.store.transaction(async (repos) => {
    const raced = await repos.media.findByKey(key);
    if (raced) return { media: raced, created: false };
    const id = await repos.media.insert(row, variants);
    return { media: { id, ...row, variants: variants.map((v) => ({ ...v, media_id: id })) }, created: true };
  });
}

/** The library's filters as parsed from a query string. */
export interface MediaListQuery {
  /** Words of the file name or alternative text (a substring), at most 200 characters. */
  text?: string | undefined;
  /** 1-based. */
  page: number;
}

/** Reads `q` and `page` from a query string; anything else means the first page of everything. */
export function parseMediaListQuery(raw: Record<string, unknown>): MediaListQuery {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const str = (v: unknown) => (typeof first(v) === 'string' ? (first(v) as string) : '');
  const text = str(raw.q).trim().slice(0, 200);
  const page = /^[1-9]\d{0,6}$/u.test(str(raw.page)) ? Number(str(raw.page)) : 1;
  return { text: text === '' ? undefined : text, page };
}

/** One page of the media library, newest first. */
export async function listMedia(store: Store, query: MediaListQuery, pageSize = MEDIA_PAGE_SIZE): Promise<Page<MediaItem>> {
  const { items, total } = await store.media.list({ ...(query.text ? { text: query.text } : {}), limit: pageSize, offset: (query.page - 1) * pageSize });
  return { items, total, page: query.page, pages: Math.max(1, Math.ceil(total / pageSize)) };
}

/** One image with its variants. @throws JaridaError `NOT_FOUND`. */
export async function getMedia(store: Store, id: number): Promise<MediaItem> {
  const item = await store.media.findById(id);
  if (!item) throw notFound(`no media ${id}`);
  return item;
}

/**
 * Changes the default alternative text of an image (articles that already
 * use it keep their own). Its uploader may, and editors and administrators
 * ({@link canManageMedia}).
 * @throws JaridaError `NOT_FOUND`, `VALIDATION`, `FORBIDDEN` (another user's image, or no `media.upload`).
 */
export async function updateMediaAlt(store: Store, actor: Actor | null, id: number, rawAlt: string): Promise<MediaItem> {
  requireUploader(actor);
  return store.transaction(async (repos) => {
    const item = await repos.media.findById(id);
    if (!item) throw notFound(`no media ${id}`);
    // Refused before the text is looked at: someone else's image is not theirs to change, valid text or not.
    if (!canManageMedia(actor, item, 'edit')) throw forbidden('only its uploader or an editor may change an image', { reason: 'forbidden' });
    const alt = checkAlt(rawAlt);
    await repos.media.updateAlt(id, alt);
    return { ...item, alt };
  });
}

/**
 * Deletes an image and its files, unless an article (any status) uses it as
 * its featured image or in its body. Its uploader may delete it, and anyone
 * who may delete any article. The row goes first, in a transaction that also
 * makes the check (article saves wait for it); files follow, and any that a
 * crash leaves are the sweep's.
 *
 * @throws JaridaError `CONFLICT` (`reason: 'media_in_use'`, `details.article_ids`),
 *   `NOT_FOUND`, `FORBIDDEN`.
 */
export async function deleteMedia(deps: MediaDeps, actor: Actor | null, id: number): Promise<void> {
  requireUploader(actor);
  const item = await deps.store.transaction(async (repos) => {
    const found = await repos.media.findById(id);
    if (!found) throw notFound(`no media ${id}`);
    if (!canManageMedia(actor, found, 'delete')) {
      throw forbidden('only its uploader or an editor may delete an image', { reason: 'forbidden' });
    }
    const users = await repos.media.articlesUsing(mediaFolder(found), 10);
    if (users.length > 0) {
      throw new JaridaError('CONFLICT', `the image is used by article ${users.join(', ')}`, { reason: 'media_in_use', article_ids: users });
    }
    await repos.media.delete(id);
    return found;
  });
  for (const key of [...item.variants.map((v) => v.key), item.key]) {
    try {
      await deps.storage.delete(key);
    } catch {
      // Left for sweepOrphanMedia: no row names it any more.
    }
  }
}

/** What {@link sweepOrphanMedia} removed. */
export interface SweepReport {
  /** Complete files that no row named. */
  orphans: number;
  /** Leftovers of writes that never finished. */
  incomplete: number;
}

/**
 * Deletes stored files that no media row names and that were last written
 * more than `min_age_ms` ago (younger ones may belong to an upload still
 * running), and leftovers of interrupted writes. Each file's age is checked
 * again right before it is deleted, so an upload that rewrites an old
 * orphan keeps its file. Never deletes a row. Run at start-up (`app.tsx`).
 *
 * @param options.min_age_ms default {@link ORPHAN_MIN_AGE_MS}; `now_ms` defaults to the
 *   wall clock, because file times come from the file system's clock, not an injected one.
 */
export async function sweepOrphanMedia(
  deps: Pick<MediaDeps, 'store' | 'storage'>,
  options: { min_age_ms?: number; now_ms?: number } = {},
): Promise<SweepReport> {
  const cutoff = (options.now_ms ?? Date.now()) - (options.min_age_ms ?? ORPHAN_MIN_AGE_MS);
  let orphans = 0;
  let batch: string[] = [];
  const flush = async () => {
    const named = await deps.store.media.referencedKeys(batch);
    for (const key of batch) {
      if (named.has(key)) continue;
      const still = (await deps.storage.stat(key))?.modified_ms;
      if (still === undefined || still >= cutoff) continue;
      await deps.storage.delete(key);
      orphans++;
    }
    batch = [];
  };
  for await (const file of deps.storage.list()) {
    if (file.modified_ms >= cutoff) continue;
    batch.push(file.key);
    if (batch.length >= 500) await flush();
  }
  if (batch.length > 0) await flush();
  const incomplete = await deps.storage.removeIncomplete(cutoff);
  return { orphans, incomplete };
}
