import { slugify } from '../arabic/slug.ts';
import type { Clock } from '../core/clock.ts';
import { isJaridaError } from '../core/errors.ts';
import { CategoryTree } from '../content/category-tree.ts';
import type { Repos, Store } from '../content/repos.ts';
import type { NewArticle } from '../content/types.ts';
import { importArticleInto } from '../content/use-cases/import-article.ts';
import { createCategory } from '../content/use-cases/taxonomy.ts';
import { DfCache, refreshRelatedMany } from '../search/related.ts';
import type { SearchRepo } from '../search/search-repo.ts';
import { AttachmentIndex } from './wxr-attachments.ts';
import { type ContentContext, wordpressContentToBody, wordpressText } from './wxr-content.ts';
import { decodeSlugOnce, itemInstant, placeholderTitle, statusOf, stillEncoded } from './wxr-items.ts';
import { detached, readWxr, type WxrCategory, type WxrItem, type WxrSite } from './wxr-reader.ts';
import { addArticleRedirects, addCategoryRedirects, oldPathOf, redirectAdder } from './wxr-redirects.ts';
import { uploadPath, wxrUploads } from './wxr-uploads.ts';

/**
 * `jarida import-wordpress`: a WordPress export (WXR) into the site, in two
 * streaming passes over the file (docs/adr/018-wordpress-import.md):
 *
 * 1. read everything once, writing nothing to the site: the file must be
 *    well-formed and safe before a single row lands; authors, categories and
 *    tags are kept, attachments go to a temporary index on disk
 *    (`wxr-attachments.ts`), items are only counted;
 * 2. create missing categories with their hierarchy, then import posts and
 *    pages in transactions of {@link BATCH}, each post in its own savepoint
 *    with its tags, byline and redirects: it lands whole or not at all.
 *
 * Posts are known by `wxr:<blog>:<post id>`, `<blog>` being the blog's own
 * address (`wp:base_blog_url`, else the channel's link, else
 * `wp:base_site_url`), so a second run imports nothing again (reported as
 * duplicates) and only adds redirects that were missing, and two WordPress.com
 * blogs (whose `base_site_url` is always `https://wordpress.com/`) never
 * collide.
 *
 * Item fields are read by `wxr-items.ts`, uploaded files copied and relinked
 * by `wxr-uploads.ts`, and the old addresses kept by `wxr-redirects.ts`.
 */

/** Options of a WordPress import. */
export interface WxrImportOptions {
  /** IANA zone of `wp:post_date` when an item has no GMT date (drafts); the site's zone by default. */
  timeZone: string;
  /** A copy of the old site's `wp-content/uploads` folder: attachment files are copied from it. */
  uploadsDir?: string | undefined;
  /** Where copied files go (`<dataDir>/uploads`), served at `/wp-content/uploads/`. */
  uploadsTarget: string;
  /** The site's public address, for featured images of copied files (article bodies get root-relative paths). */
  publicUrl: string;
  /** Called after each item of pass 2 with the items done and the total. */
  onProgress?: ((done: number, total: number, report: WxrImportReport) => void) | undefined;
  search?: SearchRepo | undefined;
}

/** An item not imported, and why. */
export interface WxrSkip {
  origin: string;
  reason: string;
}

/** What a WordPress import did. */
export interface WxrImportReport {
  file: string;
  site: string;
  imported: number;
  duplicate: number;
  failed: number;
  skipped: number;
  /** Posts or pages that could not be imported (nothing of them was written). */
  failures: WxrSkip[];
  /** Items left out on purpose (attachments, menu items, private posts, revisions…). */
  skipped_items: WxrSkip[];
  /** {@link skipped_items} counted by reason. */
  skipped_by_reason: Record<string, number>;
  categories_created: number;
  redirects_added: number;
  files_copied: number;
  /** Attachment files not found in the uploads folder. */
  files_missing: string[];
  /** Articles of an earlier run whose image URLs were pointed at files this run copied. */
  articles_relinked: number;
  /** Imported items with warnings. */
  flagged: Array<{ origin: string; flags: string[] }>;
}

/** Items written per transaction. */
const BATCH = 100;
/** Category of imported WordPress pages (jarida has no static pages yet). */
export const PAGES_CATEGORY = 'صفحات';
/** Most skip lines kept in a report (the counts by reason stay exact). */
const MAX_SKIP_LINES = 1000;

/**
 * Imports a WXR file. Categories are matched to the site's menu by slug or
 * name under the same parent and created when missing; WordPress pages go
 * into the {@link PAGES_CATEGORY} category.
 *
 * @throws JaridaError `UNSAFE_XML` or `IMPORT_FILE_UNREADABLE` (from pass 1,
 *   before anything is written).
 */
export async function importWordpress(store: Store, clock: Clock, file: string, options: WxrImportOptions): Promise<WxrImportReport> {
  const attachments = new AttachmentIndex();
  try {
    return await importWith(attachments, store, clock, file, options);
  } finally {
    attachments.close();
  }
}

async function importWith(attachments: AttachmentIndex, store: Store, clock: Clock, file: string, options: WxrImportOptions): Promise<WxrImportReport> {
  // Pass 1: validate the whole file and collect what items refer to.
  let site: WxrSite = { title: '', link: '', base_site_url: '', base_blog_url: '', wxr_version: '' };
  const authors = new Map<string, string>();
  const categories = new Map<string, WxrCategory>();
  const tagSlugs = new Map<string, string>();
  let total = 0;
  for await (const entry of readWxr(file)) {
    if (entry.kind === 'site') site = entry.site;
    else if (entry.kind === 'author') authors.set(entry.author.login, entry.author.display_name || entry.author.login);
    else if (entry.kind === 'category') categories.set(decodeSlugOnce(entry.category.nicename), entry.category);
    // Kept as exported: the old address holds the slug as WordPress wrote it.
    else if (entry.kind === 'tag') tagSlugs.set(entry.tag.name, entry.tag.slug);
    else {
      total++;
      const { item } = entry;
      if (item.post_type === 'attachment') {
        const path = uploadPath(item);
        attachments.add(item.post_id, {
          url: item.attachment_url || item.guid,
          alt: item.meta._wp_attachment_image_alt?.trim() ?? '',
          title: item.title.trim(),
          parent: item.post_parent,
          ...(path ? { file: path } : {}),
        });
      }
      // The taxonomy pass 1 keeps is copied out of the parser's chunks (see `detached`).
      // Categories used by items but missing from the channel's list still need a place.
      for (const term of item.terms) {
        const slug = decodeSlugOnce(term.nicename);
        if (term.domain === 'category' && slug && !categories.has(slug)) categories.set(detached(slug), { term_id: '', nicename: detached(term.nicename), parent: '', name: detached(term.name) });
        if (term.domain === 'post_tag' && term.name && !tagSlugs.has(term.name)) tagSlugs.set(detached(term.name), detached(term.nicename));
      }
    }
  }
  attachments.flush();
  const siteUrl = (site.base_blog_url || site.link || site.base_site_url || file).replace(/\/+$/u, '');
  // Imports before the blog's own address was the key used `base_site_url`.
  const legacySiteUrl = (site.base_site_url || site.link || file).replace(/\/+$/u, '');
  const report: WxrImportReport = {
    file, site: siteUrl, imported: 0, duplicate: 0, failed: 0, skipped: 0, failures: [], skipped_items: [], skipped_by_reason: {},
    categories_created: 0, redirects_added: 0, files_copied: 0, files_missing: [], articles_relinked: 0, flagged: [],
  };
  const skip = (origin: string, reason: string) => {
    report.skipped++;
    report.skipped_by_reason[reason] = (report.skipped_by_reason[reason] ?? 0) + 1;
    if (report.skipped_items.length < MAX_SKIP_LINES) report.skipped_items.push({ origin, reason });
  };

  const uploads = wxrUploads({
    uploadsDir: options.uploadsDir,
    uploadsTarget: options.uploadsTarget,
    publicUrl: options.publicUrl,
    attachments,
    siteUrls: [siteUrl, legacySiteUrl, site.link],
    tally: report,
  });
  uploads.copyAttachments();

  const origin = (item: WxrItem) => `${file}:${item.line} (${item.post_type || 'item'} ${item.post_id}${item.title.trim() ? ` ${JSON.stringify(item.title.trim().slice(0, 60))}` : ''})`;
  const now = () => clock.now().toISOString();

  // Categories: matched or created, parents first, in one transaction.
  const categoryIds = new Map<string, number>();
  let pagesCategory: number | undefined;
  await store.transaction(async (repos) => {
    let tree = new CategoryTree(await repos.categories.all());
    const addRedirect = redirectAdder(repos, report, now);
    const place = async (name: string, slug: string, parentId: number | null): Promise<number> => {
      const siblings = parentId === null ? tree.roots : (tree.get(parentId)?.children ?? []);
      // A slug encoded twice keeps escapes once decoded, which a jarida slug cannot hold: the name gives it.
      const wanted = slugify((stillEncoded(slug) ? '' : slug) || name);
      const found = siblings.find((c) => c.slug === wanted || c.name === name);
      if (found) return found.id;
      const created = await createCategory(repos, null, { name: name || slug, slug: wanted || undefined, parent_id: parentId });
      report.categories_created++;
      tree = new CategoryTree(await repos.categories.all());
      return created.id;
    };
    const ensure = async (slug: string, seen: Set<string> = new Set()): Promise<number | undefined> => {
      const known = categoryIds.get(slug);
      if (known !== undefined) return known;
      const cat = categories.get(slug);
      if (!cat || seen.has(slug)) return undefined;
      seen.add(slug);
      const parentSlug = decodeSlugOnce(cat.parent);
      const parentId = parentSlug ? ((await ensure(parentSlug, seen)) ?? null) : null;
      const id = await place(cat.name.trim(), slug, parentId);
      categoryIds.set(slug, id);
      await addCategoryRedirects(addRedirect, categories, cat, id);
      return id;
    };
    for (const slug of categories.keys()) await ensure(slug);
  });

  // Pass 2: posts and pages.
  const importedIds: number[] = [];
  const tagsRedirected = new Set<string>();
  let done = 0;
  let batch: WxrItem[] = [];
  const context = (postId: string): ContentContext => ({
    postId,
    attachment: (id) => attachments.get(id),
    attachmentsOf: (id) => attachments.childrenOf(id),
    rewriteUrl: uploads.rewriteUrl,
  });

  const handle = async (repos: Repos, item: WxrItem) => {
    if (item.post_type !== 'post' && item.post_type !== 'page') {
      skip(origin(item), item.post_type === 'attachment' ? 'attachments are kept as references of the posts that use them' : `post type ${JSON.stringify(item.post_type || '(none)')} is not imported`);
      return;
    }
    const status = statusOf(item);
    if (typeof status !== 'string') {
      skip(origin(item), status.skip);
      return;
    }
    const flags: string[] = [];
    const postId = item.post_id || item.guid;
    let publishedAt = itemInstant(item, options.timeZone);
    if (status === 'draft' || status === 'in_review') publishedAt = null;
    else if (publishedAt === null) {
      report.failed++;
      report.failures.push({ origin: origin(item), reason: `no readable date (wp:post_date ${JSON.stringify(item.post_date)})` });
      return;
    }
    let categoryId: number | undefined;
    if (item.post_type === 'page') {
      if (pagesCategory === undefined) {
        const tree = new CategoryTree(await repos.categories.all());
        pagesCategory = tree.roots.find((c) => c.name === PAGES_CATEGORY || c.slug === slugify(PAGES_CATEGORY))?.id;
        if (pagesCategory === undefined) {
          // WordPress pages (about, contact…) are not news: their category is kept out of the site menu.
          pagesCategory = (await createCategory(repos, null, { name: PAGES_CATEGORY, parent_id: null, in_menu: false })).id;
          report.categories_created++;
        }
      }
      categoryId = pagesCategory;
    } else {
      const cats = item.terms.filter((t) => t.domain === 'category').map((t) => decodeSlugOnce(t.nicename));
      categoryId = cats.map((s) => categoryIds.get(s)).find((id) => id !== undefined);
      if (cats.length > 1) flags.push(`in ${cats.length} WordPress categories; filed under the first (${cats[0]})`);
    }
    if (categoryId === undefined) {
      const fallback = categoryIds.get('uncategorized') ?? new CategoryTree(await repos.categories.all()).roots[0]?.id;
      if (fallback === undefined) throw new Error('the site has no category');
      categoryId = fallback;
      flags.push('no WordPress category: filed under the first menu category');
    }
    const tagNames = item.terms.filter((t) => t.domain === 'post_tag' && t.name.trim() !== '').map((t) => t.name.trim());
    const thumb = item.meta._thumbnail_id ? attachments.get(item.meta._thumbnail_id.trim()) : undefined;
    if (item.meta._thumbnail_id && !thumb) flags.push(`featured image ${item.meta._thumbnail_id} is not in the export`);
    const body = wordpressContentToBody(item.content, context(item.post_id));
    // WordPress keeps titles and excerpts as HTML: tags dropped, entities decoded once.
    const excerpt = wordpressText(item.excerpt).trim();
    let title = wordpressText(item.title);
    if (!/[\p{L}\p{N}]/u.test(title)) {
      title = placeholderTitle(body, item.post_id);
      flags.push(`no title on the old site: imported as ${JSON.stringify(title)}`);
    }
    let slug = item.post_name ? decodeSlugOnce(item.post_name) : undefined;
    if (slug !== undefined && stillEncoded(slug)) {
      flags.push(`slug ${JSON.stringify(item.post_name)} was percent-encoded twice; decoded once it is ${JSON.stringify(slug)}, which a slug (letters, digits, hyphens) cannot hold: the slug comes from the title, and the old address redirects`);
      slug = undefined;
    }
    const key = `wxr:${siteUrl}:${postId}`;
    let importKey = key;
    if (legacySiteUrl !== siteUrl && !(await repos.articles.findByImportKey(key))) {
      // An earlier run keyed the post by base_site_url, which every blog of WordPress.com (or of a
      // multisite) shares: it is this post only if its old address already leads there.
      const legacyKey = `wxr:${legacySiteUrl}:${postId}`;
      const legacy = await repos.articles.findByImportKey(legacyKey);
      const oldPath = oldPathOf(item.link);
      const claimed = oldPath === undefined ? undefined : await repos.redirects.find(oldPath);
      if (legacy && claimed?.target_kind === 'article' && claimed.target_id === legacy.id) importKey = legacyKey;
    }
    const featured = thumb ? uploads.absolute(uploads.rewriteUrl(thumb.url)) : null;
    const article: NewArticle = {
      title,
      body,
      ...(excerpt ? { excerpt } : {}),
      status,
      published_at: publishedAt,
      category_id: categoryId,
      author_name: item.creator ? (authors.get(item.creator) ?? item.creator) : null,
      featured_image_url: featured,
      featured_image_alt: thumb ? thumb.alt || null : null,
      tags: tagNames,
      ...(slug ? { slug } : {}),
      import_key: importKey,
    };
    try {
      await repos.savepoint(async () => {
        const [outcome] = await importArticleInto(repos, clock, article);
        if (!outcome) return;
        report[outcome.status]++;
        if (outcome.status === 'imported') importedIds.push(outcome.id);
        else if (uploads.copying) await uploads.relink(repos, outcome.id, thumb?.url, featured);
        await addArticleRedirects(repos, redirectAdder(repos, report, now), item, outcome.id, tagNames, tagSlugs, tagsRedirected);
        if (outcome.status === 'imported' && flags.length > 0) report.flagged.push({ origin: origin(item), flags });
      });
    } catch (err) {
      if (!isJaridaError(err)) throw err;
      report.failed++;
      report.failures.push({ origin: origin(item), reason: err.message });
    }
  };

  const flush = async () => {
    const pending = batch;
    batch = [];
    if (pending.length === 0) return;
    await store.transaction(async (repos) => {
      for (const item of pending) {
        await handle(repos, item);
        done++;
        options.onProgress?.(done, total, report);
      }
    });
  };
  for await (const entry of readWxr(file)) {
    if (entry.kind !== 'item') continue;
    batch.push(entry.item);
    if (batch.length >= BATCH) await flush();
  }
  await flush();

  if (options.search && importedIds.length > 0) {
    const tree = new CategoryTree(await store.categories.all());
    const cache = new DfCache();
    for (let from = 0; from < importedIds.length; from += BATCH) {
      const articles = [];
      for (const id of importedIds.slice(from, from + BATCH)) {
        const a = await store.articles.findById(id);
        if (a) articles.push(a);
      }
      await refreshRelatedMany(store, options.search, tree, articles, now(), cache);
    }
  }
  return report;
}
