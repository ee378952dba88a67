import { notFound } from '../../core/errors.ts';
import { leadOf } from '../body-html.ts';
import type { CategoryNode } from '../category-tree.ts';
import type { Store } from '../repos.ts';
import type { Article, ArticleSummary, Author, Page, Tag } from '../types.ts';
import type { Site } from './site.ts';

/** Articles per list page. */
export const PAGE_SIZE = 20;
/** Size of the `اقرأ أيضاً` block. */
export const RELATED_LIMIT = 5;

function paged<T>(items: T[], total: number, page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(total / size));
  if (page > pages) throw notFound(`page ${page} is past the last page (${pages})`);
  return { items, total, page, pages };
}

/** The home page: the latest articles, then a block per top-level category. */
export async function homePage(store: Store, site: Site, now: string) {
  // A category kept out of the menu (WordPress pages, say) is kept off the home page too: no block, not in the latest list.
  const listed = menuCategoryIds(site.categories.menu());
  const hidesSome = listed.length < site.categories.size;
  const latest = await store.articles.listPublished({ now, limit: 10, offset: 0, ...(hidesSome ? { category_ids: listed } : {}) });
  const blocks: Array<{ category: CategoryNode; items: ArticleSummary[] }> = [];
  for (const category of site.categories.menu()) {
    const items = await store.articles.latestInCategories(menuCategoryIds([category]), now, 4);
    if (items.length > 0) blocks.push({ category, items });
  }
  return { latest: latest.items, blocks };
}

function menuCategoryIds(nodes: readonly CategoryNode[]): number[] {
  return nodes.flatMap((n) => [n.id, ...menuCategoryIds(n.children)]);
}

/**
 * A category's page `page` (1-based), with its sub-categories' articles.
 * @throws JaridaError `NOT_FOUND` for an unknown path or a page past the last.
 */
export async function categoryPage(store: Store, site: Site, path: readonly string[], page: number, now: string) {
  const category = site.categories.findByPath(path);
  if (!category) throw notFound(`no category at /${path.join('/')}`);
  const { items, total } = await store.articles.listPublished({
    now,
    category_ids: site.categories.withDescendants(category.id),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  return { category, list: paged(items, total, page, PAGE_SIZE) };
}

/** A tag's page. @throws JaridaError `NOT_FOUND` for an unknown tag or a page past the last. */
export async function tagPage(store: Store, slug: string, page: number, now: string): Promise<{ tag: Tag; list: Page<ArticleSummary> }> {
  const tag = await store.tags.findBySlug(slug);
  if (!tag) throw notFound(`no tag ${slug}`);
  const { items, total } = await store.articles.listPublished({ now, tag_id: tag.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { tag, list: paged(items, total, page, PAGE_SIZE) };
}

/** An author's page. @throws JaridaError `NOT_FOUND` for an unknown author or a page past the last. */
export async function authorPage(store: Store, slug: string, page: number, now: string): Promise<{ author: Author; list: Page<ArticleSummary> }> {
  const author = await store.authors.findBySlug(slug);
  if (!author) throw notFound(`no author ${slug}`);
  const { items, total } = await store.articles.listPublished({ now, author_id: author.id, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { author, list: paged(items, total, page, PAGE_SIZE) };
}

/**
 * The `اقرأ أيضاً` block: editor-chosen links first, then the stored
 * text-similarity list (see search/related.ts), then the same
 * (sub-)category, then the parent category and its other sub-categories,
 * newest first; never the article itself nor an unpublished one.
 */
export async function relatedArticles(store: Store, site: Site, article: Article, now: string, limit = RELATED_LIMIT): Promise<ArticleSummary[]> {
  const seen = new Set<number>([article.id]);
  const out: ArticleSummary[] = [];
  const take = (items: ArticleSummary[]) => {
    for (const item of items) {
      if (out.length >= limit) return;
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push(item);
    }
  };
  take(await store.articles.summariesByIds(await store.articles.relatedLinkIds(article.id), now));
  // Then the list computed from text similarity when the article was published.
  take(await store.articles.summariesByIds(await store.index.relatedIds(article.id), now));
  const chain = site.categories.ancestry(article.category_id);
  for (const category of chain.reverse()) {
    if (out.length >= limit) break;
    take(await store.articles.latestInCategories(site.categories.withDescendants(category.id), now, limit + seen.size));
  }
  return out;
}

/**
 * Everything the article page shows.
 * @throws JaridaError `NOT_FOUND` when no published article has this slug.
 */
export async function articlePage(store: Store, site: Site, slug: string, now: string) {
  const article = await store.articles.findBySlug(slug);
  if (!article || article.status !== 'published' || article.published_at === null || article.published_at > now) {
    throw notFound(`no published article ${slug}`);
  }
  const [tags, author, related, sources] = await Promise.all([
    store.articles.tagsOf(article.id),
    article.author_id === null ? undefined : store.authors.findById(article.author_id),
    relatedArticles(store, site, article, now),
    articleSources(store, article),
  ]);
  return { article, lead: leadOf(article.excerpt, article.body), tags, author, related, sources, categoryChain: site.categories.ancestry(article.category_id) };
}

/** An outlet credited on an article: its name and the URL of its own report, if any. */
export interface SourceCredit {
  name: string;
  url: string | null;
}

function httpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

/**
 * The outlets credited on an article: its own source first, then each other
 * outlet whose report of the same story joined it (docs/adr/017), oldest
 * first, one credit per outlet (names compared trimmed, case-insensitively).
 * Empty when the article names no source and leads no story.
 */
export async function articleSources(store: Store, article: Pick<Article, 'id' | 'source_name' | 'source_url'>): Promise<SourceCredit[]> {
  const credits: SourceCredit[] = [];
  const seen = new Set<string>();
  const add = (name: string | null, url: string | null) => {
    const key = name?.trim().toLowerCase();
    if (!name || !key || seen.has(key)) return;
    seen.add(key);
    credits.push({ name, url });
  };
  add(article.source_name, article.source_url);
  for (const item of await store.feeds.storyItemsOf(article.id)) add(item.outlet_name, httpUrl(item.url));
  return credits;
}

/** Canonical slug of a published article by id (for `/a/<id>`). @throws JaridaError `NOT_FOUND`. */
export async function articleSlugById(store: Store, id: number, now: string): Promise<string> {
  const article = await store.articles.findById(id);
  if (!article || article.status !== 'published' || article.published_at === null || article.published_at > now) {
    throw notFound(`no published article ${id}`);
  }
  return article.slug;
}
