import type { User } from '../accounts.ts';
import type { AdminArticleRow, Repos } from '../repos.ts';
import type { CategoryTree } from '../category-tree.ts';
import { ARTICLE_STATUSES, type ArticleStatus, type Author, type Page } from '../types.ts';

/**
 * The back office's article list: every status, filtered by status,
 * category (with its sub-categories), byline and words of the headline,
 * last changed first. Any signed-in newsroom member may see the list; what
 * they may do with each article is the editor's concern (`roles.ts`).
 */

/** Rows per page of the back office's article list. */
export const ADMIN_PAGE_SIZE = 25;

/** The list's filters as parsed from a query string; absent means "any". */
export interface ArticleListQuery {
  status?: ArticleStatus | undefined;
  category_id?: number | undefined;
  author_id?: number | undefined;
  /** Plain words of the headline (a substring, not search syntax), at most 200 characters. */
  text?: string | undefined;
  /** 1-based. */
  page: number;
}

/** A page of the list with the bylines of its rows. */
export interface ArticleList extends Page<AdminArticleRow> {
  query: ArticleListQuery;
  authors: Map<number, Author>;
}

/** Reads the list's filters from a query string (`status`, `category`, `author`, `q`, `page`); unknown values mean "any". */
export function parseArticleListQuery(raw: Record<string, unknown>): ArticleListQuery {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const str = (v: unknown) => (typeof first(v) === 'string' ? (first(v) as string) : '');
  const id = (v: unknown) => (/^[1-9]\d{0,15}$/u.test(str(v)) ? Number(str(v)) : undefined);
  const status = str(raw.status);
  const text = str(raw.q).trim().slice(0, 200);
  return {
    status: (ARTICLE_STATUSES as readonly string[]).includes(status) ? (status as ArticleStatus) : undefined,
    category_id: id(raw.category),
    author_id: id(raw.author),
    text: text === '' ? undefined : text,
    page: id(raw.page) ?? 1,
  };
}

/** One page of the back office's article list. */
export async function listArticlesForAdmin(repos: Repos, categories: CategoryTree, query: ArticleListQuery): Promise<ArticleList> {
  const { items, total } = await repos.articles.listForAdmin({
    ...(query.status ? { status: query.status } : {}),
    ...(query.category_id !== undefined ? { category_ids: categories.withDescendants(query.category_id) } : {}),
    ...(query.author_id !== undefined ? { author_id: query.author_id } : {}),
    ...(query.text ? { text: query.text } : {}),
    limit: ADMIN_PAGE_SIZE,
    offset: (query.page - 1) * ADMIN_PAGE_SIZE,
  });
  const authors = new Map<number, Author>();
  for (const authorId of new Set(items.flatMap((i) => (i.author_id === null ? [] : [i.author_id])))) {
    const author = await repos.authors.findById(authorId);
    if (author) authors.set(authorId, author);
  }
  return { items, total, page: query.page, pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)), query, authors };
}

/** Number of articles in each status (the dashboard). */
export async function countArticlesByStatus(repos: Repos): Promise<Record<ArticleStatus, number>> {
  const counts = await Promise.all(ARTICLE_STATUSES.map((status) => repos.articles.listForAdmin({ status, limit: 0, offset: 0 })));
  return Object.fromEntries(ARTICLE_STATUSES.map((s, i) => [s, counts[i]?.total ?? 0])) as Record<ArticleStatus, number>;
}

/** The bylines newsroom users write under, for the list's author filter (by name). */
export async function newsroomBylines(repos: Repos, users: readonly User[]): Promise<Author[]> {
  const authors: Author[] = [];
  for (const authorId of new Set(users.flatMap((u) => (u.author_id === null ? [] : [u.author_id])))) {
    const author = await repos.authors.findById(authorId);
    if (author) authors.push(author);
  }
  return authors.sort((a, b) => a.name.localeCompare(b.name, 'ar'));
}
