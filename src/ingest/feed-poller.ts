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
import { emptyIngestReport, ingestEntriesInBatches, type IngestReport } from '../content/use-cases/feed-items.ts';
import { loadSite } from '../content/use-cases/site.ts';
import { DEFAULT_FULL_TEXT_LIMITS, fetchFullTexts, type FullTextLimits } from './feed-fulltext-fetch.ts';
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
  /** Bounds on article pages fetched per poll; {@link DEFAULT_FULL_TEXT_LIMITS} when absent. */
  fullText?: FullTextLimits | undefined;
}

/** An identical problem (same code and message) of a source is logged again only after this long, ms. */
export const REPEAT_LOG_AFTER_MS = 86_400_000;
/** How many of a source's newest log rows are compared when looking for a repeat. */
const REPEAT_LOOKBACK = 500;

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
 * Adds problems to a source's log, leaving out any that the log already has
 * (same code and message) from the last {@link REPEAT_LOG_AFTER_MS}: a feed
 * without validators is parsed again at every poll and would otherwise log
 * the same repairs each time.
 */
async function logProblems(deps: FeedPollDeps, sourceId: number, entries: ReadonlyArray<{ code: string; message: string }>): Promise<void> {
  if (entries.length === 0) return;
  const now = deps.clock.now();
  const since = new Date(now.getTime() - REPEAT_LOG_AFTER_MS).toISOString();
  const recent = new Set((await deps.store.feeds.errors(sourceId, REPEAT_LOOKBACK)).filter((e) => e.occurred_at >= since).map((e) => `${e.code}\n${e.message}`));
  for (const { code, message } of entries) {
    const key = `${code}\n${message}`;
    if (recent.has(key)) continue;
    recent.add(key);
    await deps.store.feeds.addError({ source_id: sourceId, occurred_at: now.toISOString(), code, message });
  }
}

/**
 * Polls one source now: fetch (conditional), parse, full text where asked
 * (bounded, see `feed-fulltext-fetch.ts`), then the items in small
 * transactions (`ingestEntriesInBatches`), so the site's readers and
 * editors' saves wait for a few items at most. The source's validators are
 * stored only after every item is in, and not when article pages were left
 * for later: either way the next poll reads the whole feed again, which adds
 * nothing twice (items are found by GUID and URL). Schedule and failure count
 * are updated, and errors and item problems logged (an identical one at most
 * once a day). Never throws for a feed's fault: the result says what happened.
 */
export async function pollSource(deps: FeedPollDeps, source: FeedSource): Promise<PollResult> {
  const started = deps.clock.now();
  let report: IngestReport | undefined;
  try {
    const guard = new AddressGuard(deps.fetch.allowPrivateAddresses);
    const res = await guardedFetch({ url: source.url, etag: source.etag, last_modified: source.last_modified, accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8' }, deps.fetch, guard);
    const next = new Date(started.getTime() + source.poll_interval_s * 1000).toISOString();
    const polled = { last_polled_at: started.toISOString(), failures: 0, next_poll_at: next };
    if (res.status === 304) {
      await deps.store.feeds.updateSource(source.id, { ...polled, last_status: 'not_modified' });
      return { source_id: source.id, status: 'not_modified' };
    }
    const { settings } = await loadSite(deps.store);
    const parsed = parseFeedBytes(res.body, { contentType: res.headers['content-type'], baseUrl: res.url, timeZone: settings.time_zone, where: source.url, now: started });
    const problems = [...parsed.problems];
    const { deferred } = await fetchFullTexts(deps, guard, source, parsed.entries, problems, deps.fullText ?? DEFAULT_FULL_TEXT_LIMITS);
    report = emptyIngestReport();
    await ingestEntriesInBatches(deps.store, deps.clock, source, parsed.entries, report);
    const validators = deferred > 0 ? { etag: null, last_modified: null } : { etag: res.headers.etag ?? null, last_modified: res.headers['last-modified'] ?? null };
    await deps.store.feeds.updateSource(source.id, { ...polled, last_status: 'ok', ...validators });
    report.problems.unshift(...problems);
    await logProblems(deps, source.id, report.problems.map((message) => ({ code: 'ITEM', message })));
    if (deps.onArticles && report.article_ids.length > 0) await deps.onArticles(report.article_ids);
    return { source_id: source.id, status: 'ok', report };
  } catch (err) {
    const failures = source.failures + 1;
    const message = err instanceof Error ? err.message : String(err);
    const code = isJaridaError(err) ? err.code : 'JARIDA_INTERNAL';
    // Batches committed before the failure are stored articles: their read-also lists still want refreshing.
    if (deps.onArticles && report && report.article_ids.length > 0) await deps.onArticles(report.article_ids);
    await deps.store.feeds.updateSource(source.id, {
      failures,
      last_status: 'error',
      last_polled_at: started.toISOString(),
      next_poll_at: new Date(started.getTime() + backoffSeconds(source.poll_interval_s, failures) * 1000).toISOString(),
    });
    await logProblems(deps, source.id, [{ code, message }]);
    return { source_id: source.id, status: 'error', error: message, error_code: code, ...(report ? { report } : {}) };
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

/**
 * Runs due polls in the server. Each source takes a slot (at most
 * `concurrency` at once) as soon as it is due and frees it when its own poll
 * ends, which looks for the next due source at once: a slow source holds only
 * its own slot, never the start of the others. Wakes when the next source is
 * due (at least every minute); stops on `stop`.
 */
export class FeedPoller {
  private timer: NodeJS.Timeout | undefined;
  /** Polls in progress, by source id. */
  private readonly inFlight = new Map<number, Promise<void>>();
  /** The look for due sources in progress; they run one at a time so no source is started twice. */
  private looking: Promise<void> | undefined;
  private lookAgain = false;
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
    this.timer = setTimeout(() => this.kick(), Math.max(0, Math.min(delayMs, 60_000)));
    this.timer.unref();
  }

  /** Looks for due sources now, or right after the look in progress. */
  private kick(): void {
    if (this.stopped) return;
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = this.startDue().finally(() => {
      this.looking = undefined;
      if (this.lookAgain) {
        this.lookAgain = false;
        this.kick();
      }
    });
  }

  /** Starts every due source that is not running, while slots are free, and sets the timer for the next one. */
  private async startDue(): Promise<void> {
    try {
      const now = this.deps.clock.now().getTime();
      // Sources due within the wake-up cap, earliest first; the running ones are skipped (their next_poll_at is still past).
      const upcoming = (await this.deps.store.feeds.dueSources(new Date(now + 60_000).toISOString(), 100 + this.inFlight.size)).filter((s) => !this.inFlight.has(s.id));
      let wake = 60_000;
      for (const source of upcoming) {
        const at = Date.parse(source.next_poll_at);
        if (at > now) {
          wake = at - now;
          break;
        }
        // No free slot: the end of a running poll looks again.
        if (this.inFlight.size >= Math.max(1, this.options.concurrency)) break;
        this.launch(source);
      }
      this.plan(wake);
    } catch (err) {
      this.options.onError?.(err);
      this.plan(60_000);
    }
  }

  private launch(source: FeedSource): void {
    const run = pollSource(this.deps, source)
      .then(
        () => undefined,
        (err: unknown) => this.options.onError?.(err),
      )
      .finally(() => {
        this.inFlight.delete(source.id);
        this.kick();
      });
    this.inFlight.set(source.id, run);
  }

  /** Stops the loop and waits for the polls in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.looking;
    await Promise.all(this.inFlight.values());
  }
}
