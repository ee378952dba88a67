/**
 * The old site's uploaded files in a WordPress import: attachment files and
 * other files of `wp-content/uploads` that posts link to are copied next to
 * the database, links to them are rewritten to the copies, and articles of an
 * earlier run are pointed at the files this run copied.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Repos } from '../content/repos.ts';
import type { AttachmentIndex } from './wxr-attachments.ts';
import { identity, rewriteBodyUrls } from './wxr-content.ts';
import { decodeSlugOnce } from './wxr-items.ts';
import type { WxrItem } from './wxr-reader.ts';

/** The path of an uploaded file under `wp-content/uploads/`, from its meta or URL. */
export function uploadPath(item: WxrItem): string | undefined {
  const meta = item.meta._wp_attached_file?.trim();
  if (meta) return meta.replace(/^\/+/u, '');
  const m = /\/wp-content\/uploads\/(.+)$/u.exec(item.attachment_url.split(/[?#]/u)[0] ?? '');
  return m?.[1] && decodeSlugOnce(m[1]);
}

/** The import report's counts of files, updated as files are copied and articles relinked. */
export interface UploadTally {
  files_copied: number;
  files_missing: string[];
  articles_relinked: number;
}

/** What {@link wxrUploads} works with. */
export interface UploadsSetup {
  /** A copy of the old site's `wp-content/uploads` folder; absent: nothing is copied and URLs are kept. */
  uploadsDir?: string | undefined;
  /** Where copied files go (`<dataDir>/uploads`), served at `/wp-content/uploads/`. */
  uploadsTarget: string;
  /** The site's public address, for featured images. */
  publicUrl: string;
  /** Attachments read in pass 1; copied ones get their local URL recorded. */
  attachments: AttachmentIndex;
  /** Addresses of the old site: only uploads under their hosts are copied. */
  siteUrls: readonly string[];
  tally: UploadTally;
}

/** The uploads of one import. */
export interface WxrUploads {
  /** Whether an uploads folder was given (files are copied and links rewritten). */
  copying: boolean;
  /** A root-relative path made a full URL on the site's public address; other URLs as they are. */
  absolute: (url: string) => string;
  /** A URL of the old site's uploads → the copy's root-relative path; a file not in the folder keeps its URL. */
  rewriteUrl: (url: string) => string;
  /** Copies the attachments' files, recording missing ones in the tally. */
  copyAttachments: () => void;
  /**
   * Points an article of an earlier run at files this run copied: its
   * featured image when it still has the old URL, and the body's links.
   */
  relink: (repos: Repos, id: number, oldFeatured: string | undefined, featured: string | null) => Promise<void>;
}

/**
 * The uploads of an import. Attachment files are copied next to the
 * database. Bodies point at them by a root-relative path (feeds make it
 * absolute with the then publicUrl); featured images must be full URLs, so
 * they get publicUrl.
 */
export function wxrUploads(setup: UploadsSetup): WxrUploads {
  const { attachments, tally } = setup;
  const publicBase = setup.publicUrl.replace(/\/+$/u, '');
  const absolute = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? `${publicBase}${url}` : url);
  const localPath = (rel: string) => `/wp-content/uploads/${rel.split(/[\\/]/u).map(encodeURIComponent).join('/')}`;
  const from = setup.uploadsDir ? resolve(setup.uploadsDir) : undefined;
  /** Copies `file` (a path under uploads) unless already there; its path under uploads, or undefined when it is not in the folder. */
  const copyUpload = (file: string): string | undefined => {
    if (!from) return undefined;
    const source = resolve(from, file);
    const rel = relative(from, source);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
    const target = join(setup.uploadsTarget, rel);
    try {
      const size = statSync(source).size;
      let same = false;
      try {
        same = statSync(target).size === size;
      } catch {
        // not copied yet
      }
      if (!same) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(source, target);
        tally.files_copied++;
      }
      return rel;
    } catch {
      return undefined;
    }
  };
  const copyAttachments = () => {
    if (!from) return;
    for (const [id, att] of attachments.entries()) {
      if (!att.file) continue;
      const rel = copyUpload(att.file);
      if (rel === undefined) tally.files_missing.push(att.file);
      else attachments.setCopiedUrl(id, localPath(rel));
    }
  };
  const uploadsPrefix = /^https?:\/\/[^/]+(\/.*)?\/wp-content\/uploads\/([^?#]+)$/u;
  const siteHosts = new Set(
    setup.siteUrls.flatMap((u) => {
      try {
        return [new URL(u).host];
      } catch {
        return [];
      }
    }),
  );
  // Other files of the old site's uploads (resized copies such as `photo-300x200.jpg` are no attachments of their own), by URL.
  const otherFiles = new LRUCache<string, string | false>({ max: 10_000 });
  const rewriteUrl = !from
    ? identity
    : (url: string) => {
        const known = attachments.copiedUrl(url);
        if (known) return known;
        const m = uploadsPrefix.exec(url);
        if (!m?.[2]) return url;
        let host: string;
        try {
          host = new URL(url).host;
        } catch {
          return url;
        }
        if (!siteHosts.has(host)) return url;
        let local = otherFiles.get(url);
        if (local === undefined) {
          const rel = copyUpload(decodeSlugOnce(m[2]));
          local = rel === undefined ? false : localPath(rel);
          otherFiles.set(url, local);
        }
        // A file that is not in the folder keeps its old URL: a local path would be a broken image.
        return local === false ? url : local;
      };
  const relink = async (repos: Repos, id: number, oldFeatured: string | undefined, featured: string | null) => {
    const existing = await repos.articles.findById(id);
    if (!existing) return;
    const patch: { body?: string; featured_image_url?: string } = {};
    if (oldFeatured && featured && existing.featured_image_url === oldFeatured && featured !== oldFeatured) patch.featured_image_url = featured;
    const body = rewriteBodyUrls(existing.body, rewriteUrl);
    if (body !== existing.body) patch.body = body;
    if (Object.keys(patch).length === 0) return;
    await repos.articles.update(id, patch);
    tally.articles_relinked++;
  };
  return { copying: from !== undefined, absolute, rewriteUrl, copyAttachments, relink };
}
