/**
 * Fetching the article pages of summary-only feed items during a poll, with
 * bounds so that one source's slow pages cannot hold its polling slot for
 * long: at most {@link FullTextLimits.maxPages} pages per poll, all within
 * one time budget, a few at a time. An item left over keeps the feed's
 * summary and is tried again at the next poll (its stored content hash still
 * is the summary's, see {@link fetchFullTexts}). Only HTML pages are taken:
 * a link to an image or a PDF keeps the summary.
 */
import type { Store } from '../content/repos.ts';
import { sanitizeBody } from '../content/body-html.ts';
import { itemContentHash } from '../content/use-cases/feed-items.ts';
import { decodeHtml, extractArticleHtml } from './feed-fulltext.ts';
import type { FeedEntry } from './feed-parse.ts';
import type { FeedSource } from './feed-types.ts';
import { type AddressGuard, type FetchPolicy, guardedFetch } from './fetch-guard.ts';

/** Bounds on the article pages fetched in one poll of one source. */
export interface FullTextLimits {
  /** Pages fetched at most per poll. */
  maxPages: number;
  /** Time for all of them together, ms (each fetch also keeps the fetch policy's own timeout). */
  budgetMs: number;
  /** Pages fetched at once. */
  concurrency: number;
}

/** Defaults: 20 pages, one minute, 3 at a time. */
export const DEFAULT_FULL_TEXT_LIMITS: Readonly<FullTextLimits> = Object.freeze({ maxPages: 20, budgetMs: 60_000, concurrency: 3 });

/** Media types of pages whose text is taken (HTML and XHTML). */
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** The media type of a Content-Type header, lower-cased, or '' when absent. */
export function mediaTypeOf(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** What {@link fetchFullTexts} did. */
export interface FullTextOutcome {
  /** Items whose page was not fetched this time (over the page cap or the time budget): tried again next poll. */
  deferred: number;
}

/**
 * Replaces the summary of summary-only entries by the article's text from
 * its page, in place. An item already taken with its page's text keeps that
 * text: its article's body stands in for the summary (the body is stored as
 * sanitized here, so the item's content hash still matches and nothing is
 * rewritten). An item stored with only its summary (its content hash is the
 * summary's: the page failed, was not HTML, or was over the cap) is fetched
 * again, after the new items. Problems are appended to `problems`.
 */
export async function fetchFullTexts(
  deps: { store: Store; fetch: FetchPolicy },
  guard: AddressGuard,
  source: FeedSource,
  entries: FeedEntry[],
  problems: string[],
  limits: FullTextLimits = DEFAULT_FULL_TEXT_LIMITS,
): Promise<FullTextOutcome> {
  if (!source.fetch_full_text) return { deferred: 0 };
  const fresh: FeedEntry[] = [];
  const retry: FeedEntry[] = [];
  for (const entry of entries) {
    if (!entry.summary_only || !entry.url) continue;
    const known = await deps.store.feeds.itemByGuid(source.id, entry.guid);
    const title = entry.title.trim();
    if (!known || known.title !== title) {
      fresh.push(entry);
      continue;
    }
    // Equal means the item was stored with the summary, not a page's text.
    if (known.content_hash === itemContentHash(title, entry.html)) {
      retry.push(entry);
      continue;
    }
    const article = known.article_id === null ? undefined : await deps.store.articles.findById(known.article_id);
    // Only the item an article was made from has its text there; a story's other items keep their summary.
    if (article && article.source_url === entry.url) {
      entry.html = article.body;
      entry.summary_only = false;
    }
  }
  const queue = [...fresh, ...retry];
  const todo = queue.slice(0, Math.max(0, limits.maxPages));
  let deferred = queue.length - todo.length;
  const budget = AbortSignal.timeout(Math.max(1, limits.budgetMs));
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const entry = todo[next++] as FeedEntry;
      if (budget.aborted) {
        deferred++;
        continue;
      }
      const problem = await fullTextOf(deps.fetch, guard, entry, budget);
      if (problem === 'deferred') deferred++;
      else if (problem) problems.push(problem);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limits.concurrency, todo.length)) }, worker));
  if (deferred > 0) {
    problems.push(`${deferred} article page${deferred === 1 ? '' : 's'} not fetched in this poll (over ${limits.maxPages} pages or ${limits.budgetMs} ms); their summaries are kept and the pages are tried again at the next poll`);
  }
  return { deferred };
}

/** Fetches one entry's page into it; returns a problem line, `deferred` when the budget ran out, or undefined. */
async function fullTextOf(policy: FetchPolicy, guard: AddressGuard, entry: FeedEntry, budget: AbortSignal): Promise<string | 'deferred' | undefined> {
  const url = entry.url as string;
  try {
    const page = await guardedFetch({ url, accept: 'text/html, application/xhtml+xml;q=0.9', signal: budget }, policy, guard);
    const type = mediaTypeOf(page.headers['content-type']);
    if (!HTML_TYPES.has(type)) return `${url}: the page is ${type === '' ? 'of no declared type' : type}, not HTML; the feed's summary is kept`;
    const text = extractArticleHtml(decodeHtml(page.body, page.headers['content-type']), page.url, { title: entry.title });
    if (!text) return `${url}: no article text found on the page; the feed's summary is kept`;
    entry.html = sanitizeBody(text);
    entry.summary_only = false;
    return undefined;
  } catch (err) {
    if (budget.aborted) return 'deferred';
    return `${url}: full text not fetched (${(err as Error).message}); the feed's summary is kept`;
  }
}
