/**
 * Polling of feed sources: each source on its own schedule (its poll
 * interval; after failures an exponential backoff capped at a day), with a
 * conditional GET (ETag / Last-Modified), the fetch guard's timeout and size
 * limit, and at most `concurrency` fetches at once, so a slow or broken
 * source never delays the others. Errors go to the source's log, which
 * editors see. The database's `next_poll_at` is the queue: nothing held in
 * memory is lost by a restart. docs/adr/016-feed-fetching-and-parsing.md.
 */
import type { Clock } from '../core/clock.ts';
import { isJaridaError } from '../core/errors.ts';
import type { Store } from '../content/repos.ts';
import { sanitizeBody } from '../content/body-html.ts';
import { ingestEntries, type IngestReport } from '../content/use-cases/feed-items.ts';
import { loadSite } from '../content/use-cases/site.ts';
import { decodeHtml, extractArticleHtml } from './feed-fulltext.ts';
import { parseFeedBytes } from './feed-parse.ts';
import type { FeedSource } from './feed-types.ts';
import { AddressGuard, type FetchPolicy, guardedFetch } from './fetch-guard.ts';

/** Longest wait after repeated failures, s. */
export const MAX_BACKOFF_S = 86_400;

/** What the poller needs. */
export interface FeedPollDeps {
  store: Store;
  clock: Clock;
  fetch: FetchPolicy;
  /** Told of articles created or updated, after commit (read-also refresh); must not throw. */
  onArticles?: ((ids: readonly number[]) => Promise<void>) | undefined;
}

/** The result of polling one source. */
export interface PollResult {
  source_id: number;
  status: 'ok' | 'not_modified' | 'error';
  report?: IngestReport;
  /** The error message when `status` is `error` (English, technical). */
  error?: string;
  /** The error's catalogue code when `status` is `error` (`JARIDA_FETCH_FAILED`…, `JARIDA_INTERNAL` for anything else), as logged. */
  error_code?: string;
}

/** Seconds to wait after `failures` consecutive failures: the interval doubled per failure, capped. */
export function backoffSeconds(intervalS: number, failures: number): number {
  return Math.min(MAX_BACKOFF_S, intervalS * 2 ** Math.min(failures, 16));
}

/**
 * Replaces the summary of summary-only entries by the article's text from
 * its page. An item already taken keeps the text taken then: its article's
 * body stands in for the summary (the body is stored as sanitized here, so
 * the item's content hash still matches and nothing is rewritten), and the
 * page is fetched again only when the feed changed the headline.
 */
async function withFullText(deps: FeedPollDeps, guard: AddressGuard, source: FeedSource, entries: ReturnType<typeof parseFeedBytes>['entries'], problems: string[]) {
  if (!source.fetch_full_text) return;
  for (const entry of entries) {
    if (!entry.summary_only || !entry.url) continue;
    const known = await deps.store.feeds.itemByGuid(source.id, entry.guid);
    if (known && known.title === entry.title.trim()) {
      const article = known.article_id === null ? undefined : await deps.store.articles.findById(known.article_id);
      // Only the item an article was made from has its text there; a story's other items keep their summary.
      if (article && article.source_url === entry.url) {
        entry.html = article.body;
        entry.summary_only = false;
      }
      continue;
    }
    try {
      const page = await guardedFetch({ url: entry.url, accept: 'text/html' }, deps.fetch, guard);
      const text = extractArticleHtml(decodeHtml(page.body, page.headers['content-type']), page.url, { title: entry.title });
      if (text) {
        entry.html = sanitizeBody(text);
        entry.summary_only = false;
      } else problems.push(`${entry.url}: no article text found on the page; the feed's summary is kept`);
    } catch (err) {
      problems.push(`${entry.url}: full text not fetched (${(err as Error).message}); the feed's summary is kept`);
    }
  }
}

/**
 * Polls one source now: fetch (conditional), parse, full text where asked,
 * then the items in one transaction; the source's validators, schedule and
 * failure count are updated, and every error or item problem is logged.
 * Never throws for a feed's fault: the result says what happened.
 */
export async function pollSource(deps: FeedPollDeps, source: FeedSource): Promise<PollResult> {
  const started = deps.clock.now();
  const guard = new AddressGuard(deps.fetch.allowPrivateAddresses);
  const log = async (code: string, message: string) =>
    deps.store.feeds.addError({ source_id: source.id, occurred_at: deps.clock.now().toISOString(), code, message });
  try {
    const res = await guardedFetch({ url: source.url, etag: source.etag, last_modified: source.last_modified, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8' }, deps.fetch, guard);
    const next = new Date(started.getTime() + source.poll_interval_s * 1000).toISOString();
    const polled = { last_polled_at: started.toISOString(), failures: 0, next_poll_at: next };
    if (res.status === 304) {
      await deps.store.feeds.updateSource(source.id, { ...polled, last_status: 'not_modified' });
      return { source_id: source.id, status: 'not_modified' };
    }
    const { settings } = await loadSite(deps.store);
    const parsed = parseFeedBytes(res.body, { contentType: res.headers['content-type'], baseUrl: res.url, timeZone: settings.time_zone, where: source.url });
    const problems = [...parsed.problems];
    await withFullText(deps, guard, source, parsed.entries, problems);
    const report = await deps.store.transaction(async (repos) => {
      const r = await ingestEntries(repos, deps.clock, source, parsed.entries);
      await repos.feeds.updateSource(source.id, { ...polled, last_status: 'ok', etag: res.headers.etag ?? null, last_modified: res.headers['last-modified'] ?? null });
      return r;
    });
    report.problems.unshift(...problems);
    for (const p of report.problems) await log('ITEM', p);
    if (deps.onArticles && report.article_ids.length > 0) await deps.onArticles(report.article_ids);
    return { source_id: source.id, status: 'ok', report };
  } catch (err) {
    const failures = source.failures + 1;
    const message = err instanceof Error ? err.message : String(err);
    const code = isJaridaError(err) ? err.code : 'JARIDA_INTERNAL';
    await deps.store.feeds.updateSource(source.id, {
      failures,
      last_status: 'error',
      last_polled_at: started.toISOString(),
      next_poll_at: new Date(started.getTime() + backoffSeconds(source.poll_interval_s, failures) * 1000).toISOString(),
    });
    await log(code, message);
    return { source_id: source.id, status: 'error', error: message, error_code: code };
  }
}

/**
 * Polls several sources at most `concurrency` at a time; each result comes
 * back in the order of `sources`. One source's slowness holds only its own slot.
 */
export async function pollSources(deps: FeedPollDeps, sources: readonly FeedSource[], concurrency: number): Promise<PollResult[]> {
  const results: PollResult[] = new Array(sources.length);
  let next = 0;
  const worker = async () => {
    while (next < sources.length) {
      const i = next++;
      results[i] = await pollSource(deps, sources[i] as FeedSource);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, sources.length)) }, worker));
  return results;
}

/** Runs due polls in the server: wakes when the earliest source is due (at most every minute), stops on `stop`. */
export class FeedPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: FeedPollDeps,
    private readonly options: { concurrency: number; onError?: (err: unknown) => void },
  ) {}

  /** Starts the loop (polls what is due now, then on schedule). */
  start(): void {
    this.stopped = false;
    this.plan(0);
  }

  private plan(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = undefined;
      });
    }, Math.max(0, Math.min(delayMs, 60_000)));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      const due = await this.deps.store.feeds.dueSources(this.deps.clock.now().toISOString(), 100);
      if (due.length > 0) await pollSources(this.deps, due, this.options.concurrency);
      const at = await this.deps.store.feeds.nextPollAt();
      this.plan(at === null ? 60_000 : Date.parse(at) - this.deps.clock.now().getTime());
    } catch (err) {
      this.options.onError?.(err);
      this.plan(60_000);
    }
  }

  /** Stops the loop and waits for a poll in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
