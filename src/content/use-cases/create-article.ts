import { slugify, slugOrFallback, uniqueSlug } from '../../arabic/slug.ts';
import type { Clock } from '../../core/clock.ts';
import { invalid } from '../../core/errors.ts';
import { excerptFromBody, sanitizeBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';
import { cleanLine, cleanOptionalLine } from '../text-fields.ts';
import type { Article, NewArticle, Tag } from '../types.ts';
import { ARTICLE_STATUSES } from '../types.ts';
import { MAX_ALT_LENGTH, MAX_PERSON_NAME_LENGTH } from '../field-limits.ts';
import { MAX_TERM_NAME_LENGTH } from './taxonomy.ts';

/** The author of a byline: the one with this exact name, else a new one with a unique slug. */
export async function bylineAuthor(repos: Repos, name: string) {
  const existing = await repos.authors.findByName(name);
  if (existing) return existing;
  return repos.authors.insert(name, await uniqueSlug(slugOrFallback(name, 'author'), repos.authors.slugTaken));
}

/** Longest headline, in code points. */
export const MAX_TITLE_LENGTH = 300;

/**
 * Longest byline, in code points: a person's name (`field-limits.ts`), as a
 * user's display name, which becomes their byline; a byline is a public
 * author with a page of its own.
 */
export const MAX_BYLINE_LENGTH = MAX_PERSON_NAME_LENGTH;
/** Longest excerpt typed, in code points: a standfirst of a few sentences (one taken from the body is shorter). */
export const MAX_EXCERPT_LENGTH = 1000;
/**
 * Longest source outlet name, in code points: the same as a feed source's
 * outlet name (`feed-sources.ts` `MAX_OUTLET_NAME`, not imported here because
 * that module depends on this one), which the articles of that feed carry.
 */
export const MAX_SOURCE_NAME_LENGTH = 200;
/** Longest alternative text of a featured image, in code points: the media library's (`field-limits.ts` `MAX_ALT_LENGTH`). */
export const MAX_FEATURED_IMAGE_ALT_LENGTH = MAX_ALT_LENGTH;
/** Most tags on one article (distinct tags): more says nothing to a reader and bloats every list that shows them. */
export const MAX_TAGS_PER_ARTICLE = 30;

/** The single-line article fields with a length limit, each with its limit and the reason (admin message key) of a refusal. */
const FIELD_LIMITS = {
  author_name: { max: MAX_BYLINE_LENGTH, reason: 'article_byline_too_long' },
  excerpt: { max: MAX_EXCERPT_LENGTH, reason: 'article_excerpt_too_long' },
  source_name: { max: MAX_SOURCE_NAME_LENGTH, reason: 'article_source_name_too_long' },
  featured_image_alt: { max: MAX_FEATURED_IMAGE_ALT_LENGTH, reason: 'article_image_alt_too_long' },
} as const;

/**
 * `value` (already cleaned) unless it has more code points than the limit of
 * `field` ({@link MAX_BYLINE_LENGTH}, {@link MAX_EXCERPT_LENGTH},
 * {@link MAX_SOURCE_NAME_LENGTH}, {@link MAX_FEATURED_IMAGE_ALT_LENGTH}). A
 * value equal to `kept`, the one the article has already, passes whatever
 * its length: an article imported with a longer one must stay savable.
 * @throws JaridaError `VALIDATION` naming `field`, with `reason`
 *   (`article_byline_too_long`…), `max` and `length`.
 */
export function checkFieldLength<T extends string | null>(field: keyof typeof FIELD_LIMITS, value: T, kept?: string | null): T {
  if (value === null || value === kept) return value;
  const { max, reason } = FIELD_LIMITS[field];
  const length = [...(value as string)].length;
  if (length > max) throw invalid(`${field} is longer than ${max} characters (${length})`, { field, reason, max, length });
  return value;
}

/**
 * Checks that `names` (cleaned tag names) name at most
 * {@link MAX_TAGS_PER_ARTICLE} distinct tags, or no more than the `kept`
 * tags the article has already (an imported article with more stays
 * savable, and may lose some).
 * @throws JaridaError `VALIDATION` (field `tags`, reason `article_too_many_tags`, `max`, `count`).
 */
export function assertTagCount(names: readonly string[], kept = 0): void {
  const count = new Set(names.map((name) => slugify(name))).size;
  if (count > MAX_TAGS_PER_ARTICLE && count > kept) {
    throw invalid(`an article has at most ${MAX_TAGS_PER_ARTICLE} tags, got ${count}`, { field: 'tags', reason: 'article_too_many_tags', max: MAX_TAGS_PER_ARTICLE, count });
  }
}

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
 * The headline cleaned as a single line (`text-fields.ts` `cleanLine`: C0/C1
 * controls dropped, line breaks made spaces, trimmed, not normalized).
 * @throws JaridaError `VALIDATION` (field `title`) without letters or digits,
 *   over {@link MAX_TITLE_LENGTH} code points, or holding a lone surrogate.
 */
export function checkTitle(value: string): string {
  const title = cleanLine('title', value);
  if (!/[\p{L}\p{N}]/u.test(title)) throw invalid('title (headline) has no letters or digits', { field: 'title' });
  if ([...title].length > MAX_TITLE_LENGTH) {
    throw invalid(`title (headline) is longer than ${MAX_TITLE_LENGTH} characters (${[...title].length})`, { field: 'title' });
  }
  return title;
}

/**
 * A tag name cleaned as a single line, or null when it has no letters or
 * digits (nothing to file it under: it is left out, as a blank is).
 * @throws JaridaError `VALIDATION` (field `tags`) for a lone surrogate.
 */
export function cleanTagName(value: string): string | null {
  const name = cleanLine('tags', value);
  return slugify(name) === '' ? null : name;
}

/**
 * Checks that tag names fit the tag admin's limit (`taxonomy.ts`
 * {@link MAX_TERM_NAME_LENGTH} code points) before any is linked. A longer
 * name passes only when it is exactly the name of a tag that exists already
 * (made before the limit, by an import): an article keeping its tags must
 * stay savable and restorable.
 * @throws JaridaError `VALIDATION` (field `tags`, reason `article_tag_too_long`).
 */
export async function assertTagNamesFit(repos: Repos, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const length = [...name].length;
    if (length <= MAX_TERM_NAME_LENGTH || (await repos.tags.findBySlug(slugify(name)))?.name === name) continue;
    throw invalid(`tag ${JSON.stringify(name)} is longer than ${MAX_TERM_NAME_LENGTH} characters (${length})`, {
      field: 'tags',
      reason: 'article_tag_too_long',
      max: MAX_TERM_NAME_LENGTH,
    });
  }
}

/**
 * Tag names cleaned ({@link cleanTagName}), in order, blank ones left out.
 * @throws as {@link cleanTagName}.
 */
export function cleanTagNames(values: readonly string[]): string[] {
  return values.map(cleanTagName).filter((name): name is string => name !== null);
}

/**
 * A slug as typed in the newsroom, percent-decoded once when it holds
 * percent escapes (an Arabic address pasted from a browser's address bar,
 * `%D8%B3%D9%88%D9%82`, becomes `سوق`); other text is returned as given
 * (it is slugified later).
 * @throws JaridaError `VALIDATION` (field `slug`, reason `article_slug_percent`)
 *   when a `%` does not start a well-formed escape of UTF-8 (`%ZZ`, `%E0%A`, `50%`):
 *   kept as text, it would become a different slug than the one pasted.
 */
export function decodeTypedSlug(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalid(`slug holds malformed percent-encoding: ${JSON.stringify(value)}`, { field: 'slug', reason: 'article_slug_percent' });
  }
}

/**
 * Creates an article: validates the input, sanitizes the body, derives the
 * excerpt (when none is given) and a unique Arabic slug, and links byline and
 * tags (created on first use). Call it with the repositories of one
 * transaction so that the article, its tags and byline land together.
 *
 * Single-line text (headline, excerpt, byline, source outlet, alt text, tag
 * names) goes through `text-fields.ts` `cleanLine` (C0/C1 controls dropped,
 * trimmed; bidi controls kept); text is otherwise stored as given, not
 * Unicode-normalized; only slugs are NFC.
 *
 * Written in the newsroom (no `import_key`), byline, excerpt, outlet and alt
 * text are held to their limits ({@link checkFieldLength}) and the tags to
 * {@link MAX_TAGS_PER_ARTICLE}. Imported items keep what their source says:
 * refusing an outlet's long byline or a WordPress post's many tags would drop
 * the whole item; once imported, those values stay savable as they are.
 *
 * @throws JaridaError `VALIDATION` naming the field at fault (a headline without
 *   letters or digits or over {@link MAX_TITLE_LENGTH} code points, a tag over
 *   {@link MAX_TERM_NAME_LENGTH}, a typed byline, excerpt, outlet or alt text
 *   over its limit or too many tags, a lone surrogate in a text field,
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
  // Imports keep their source's values (see above); what the newsroom types has limits.
  const typed = !input.import_key;
  const limit = <T extends string | null>(field: keyof typeof FIELD_LIMITS, value: T): T => (typed ? checkFieldLength(field, value) : value);
  const excerpt = limit('excerpt', cleanOptionalLine('excerpt', input.excerpt)) ?? excerptFromBody(body);
  const authorName = limit('author_name', cleanOptionalLine('author_name', input.author_name));
  const tagNames = cleanTagNames(input.tags ?? []);
  if (typed) assertTagCount(tagNames);
  await assertTagNamesFit(repos, tagNames);
  const now = clock.now().toISOString();

  const author_id = authorName === null ? null : (await bylineAuthor(repos, authorName)).id;

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
    source_name: limit('source_name', cleanOptionalLine('source_name', input.source_name)),
    source_url: checkUrl('source_url', input.source_url),
    featured_image_url: checkUrl('featured_image_url', input.featured_image_url),
    featured_image_alt: limit('featured_image_alt', cleanOptionalLine('featured_image_alt', input.featured_image_alt)),
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
  const storedTagNames: string[] = [];
  for (const name of tagNames) {
    const tag = await tagNamed(repos, name);
    tagIds.push(tag.id);
    storedTagNames.push(tag.name);
  }
  await repos.articles.setTags(id, tagIds);
  const article = { id, ...row };
  await repos.index.add(article, storedTagNames);
  // In the article's transaction (outbox): webhooks learn of it only if it commits.
  // One that is not due yet is announced when it is due (the dispatcher holds its delivery).
  if (article.status === 'published') await repos.events.add({ type: 'article.published', article_id: id, occurred_at: now });
  return article;
}

/**
 * The tag a typed name means: the one with exactly that name (its slug may
 * have been chosen by an editor and differ from the name's), else the one
 * with the name's slug, else a new one. Several tags of that exact name: the
 * oldest.
 */
export async function tagNamed(repos: Repos, name: string): Promise<Tag> {
  const named = await repos.tags.findByName(name);
  if (named.length > 0) return named.reduce((a, b) => (b.id < a.id ? b : a));
  return repos.tags.findOrCreate(name, slugify(name));
}
