import { slugify, slugOrFallback, uniqueSlug } from '../../arabic/slug.ts';
import type { Clock } from '../../core/clock.ts';
import { invalid } from '../../core/errors.ts';
import { excerptFromBody, sanitizeBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';
import type { Article, NewArticle } from '../types.ts';
import { ARTICLE_STATUSES } from '../types.ts';

/** The author of a byline: the one with this exact name, else a new one with a unique slug. */
export async function bylineAuthor(repos: Repos, name: string) {
  const existing = await repos.authors.findByName(name);
  if (existing) return existing;
  return repos.authors.insert(name, await uniqueSlug(slugOrFallback(name, 'author'), repos.authors.slugTaken));
}

/** Longest headline, in code points. */
export const MAX_TITLE_LENGTH = 300;

/**
 * `value` trimmed, or null when blank.
 * @throws JaridaError `VALIDATION` naming `field` unless it is an http(s) URL.
 */
export function checkUrl(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid(`${field} is not a valid URL: ${JSON.stringify(value)}`, { field });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`${field} must be an http(s) URL, got ${url.protocol}`, { field });
  }
  return value.trim();
}

/**
 * The headline trimmed (not normalized).
 * @throws JaridaError `VALIDATION` (field `title`) without letters or digits or over {@link MAX_TITLE_LENGTH} code points.
 */
export function checkTitle(value: string): string {
  const title = value.trim();
  if (!/[\p{L}\p{N}]/u.test(title)) throw invalid('title (headline) has no letters or digits', { field: 'title' });
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw invalid(`title (headline) is longer than ${MAX_TITLE_LENGTH} characters (${[...title].length})`, { field: 'title' });
  }
  return title;
}

/**
 * Creates an article: validates the input, sanitizes the body, derives the
 * excerpt (when none is given) and a unique Arabic slug, and links byline and
 * tags (created on first use). Call it with the repositories of one
 * transaction so that the article, its tags and byline land together.
 *
 * Text (headline, excerpt, body, tags) is stored byte for byte as given, not
 * Unicode-normalized; only slugs are NFC.
 *
 * @throws JaridaError `VALIDATION` naming the field at fault (a headline without
 *   letters or digits or over {@link MAX_TITLE_LENGTH} code points,
 *   a bad status, an unparseable date, non-http URL, a published article without
 *   a publication time).
 */
export async function createArticle(repos: Repos, clock: Clock, input: NewArticle): Promise<Article> {
  // Text is stored exactly as given: normalizing (even to NFC) reorders stacked harakat.
  const title = checkTitle(input.title);
  if (!ARTICLE_STATUSES.includes(input.status)) throw invalid(`unknown status ${JSON.stringify(input.status)}`, { field: 'status' });
  let publishedAt: string | null = null;
  if (input.published_at !== null) {
    const d = new Date(input.published_at);
    if (Number.isNaN(d.getTime())) throw invalid(`published_at is not a date: ${JSON.stringify(input.published_at)}`, { field: 'published_at' });
    publishedAt = d.toISOString();
  }
  if ((input.status === 'published' || input.status === 'scheduled') && publishedAt === null) {
    throw invalid(`a ${input.status} article needs published_at`, { field: 'published_at' });
  }
  const body = sanitizeBody(input.body);
  const excerpt = input.excerpt?.trim() ? input.excerpt.trim() : excerptFromBody(body);
  const now = clock.now().toISOString();

  const author_id = input.author_name?.trim() ? (await bylineAuthor(repos, input.author_name.trim())).id : null;

  const base = (input.slug ? slugify(input.slug) : '') || slugify(title);
  // An empty base is replaced by the id once it is known (slugs are never empty).
  const provisional = base === '' ? `article-${now}-${Math.random().toString(36).slice(2)}` : await uniqueSlug(base, repos.articles.slugTaken);

  const row = {
    slug: provisional,
    title,
    excerpt,
    body,
    status: input.status,
    published_at: publishedAt,
    published_at_precision: input.published_at_precision ?? 'second',
    updated_at: now,
    created_at: now,
    category_id: input.category_id,
    author_id,
    source_name: input.source_name?.trim() || null,
    source_url: checkUrl('source_url', input.source_url),
    featured_image_url: checkUrl('featured_image_url', input.featured_image_url),
    featured_image_alt: input.featured_image_alt?.trim() || null,
    video_url: checkUrl('video_url', input.video_url),
    import_key: input.import_key ?? null,
    created_by: input.created_by ?? null,
  };
  const id = await repos.articles.insert(row);
  if (base === '') {
    row.slug = await uniqueSlug(String(id), repos.articles.slugTaken);
    await repos.articles.update(id, { slug: row.slug });
  }

  const tagIds: number[] = [];
  const tagNames: string[] = [];
  for (const name of input.tags ?? []) {
    const clean = name.trim();
    const slug = slugify(clean);
    if (slug === '') continue;
    const tag = await repos.tags.findOrCreate(clean, slug);
    tagIds.push(tag.id);
    tagNames.push(tag.name);
  }
  await repos.articles.setTags(id, tagIds);
  const article = { id, ...row };
  await repos.index.add(article, tagNames);
  // In the article's transaction (outbox): webhooks learn of it only if it commits.
  // One that is not due yet is announced when it is due (the dispatcher holds its delivery).
  if (article.status === 'published') await repos.events.add({ type: 'article.published', article_id: id, occurred_at: now });
  return article;
}
