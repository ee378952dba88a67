/**
 * Scheduled publishing: a scheduled article whose time has come becomes
 * published, with its revision and `article.published` event, in one
 * transaction per article. The publish is conditional on the article still
 * being scheduled, so two processes running the scheduler on one database,
 * or a run repeated after a crash, publish each article once. Nothing is
 * kept in memory that a restart would lose: the database's
 * `status = 'scheduled'` rows are the queue (docs/adr/012-article-workflow-revisions-scheduling.md).
 */
import type { Article } from '../types.ts';
import { type WorkflowDeps, nowIso, recordEvent, recordRevision, snapshotOf } from './article-save.ts';

/** Articles read per query of due ones. */
const BATCH = 50;

/**
 * Publishes one scheduled article if it is still scheduled and due at `now`
 * (UTC ISO): status `published`, `published_at` kept (the scheduled time),
 * a `scheduled_publish` revision without user and an `article.published`
 * event, all in one transaction. Returns the published article, or
 * undefined when there was nothing to do (published already, rescheduled,
 * unscheduled, deleted).
 */
export async function publishIfDue(deps: WorkflowDeps, id: number, now: string): Promise<Article | undefined> {
  const published = await deps.store.transaction(async (repos) => {
    const article = await repos.articles.findById(id);
    if (!article || article.status !== 'scheduled' || article.published_at === null || article.published_at > now) return undefined;
    const latest = await repos.revisions.latestNumber(id);
    const before = await snapshotOf(repos, article);
    if (!(await repos.articles.transition(id, ['scheduled'], { status: 'published', updated_at: now }))) return undefined;
    const after = { ...before, status: 'published' as const };
    await recordRevision(repos, { before, beforeArticle: article, after, article_id: id, latest, user_id: null, action: 'scheduled_publish', at: now });
    await recordEvent(repos, 'article.published', id, now);
    return { ...article, status: 'published' as const, updated_at: now };
  });
  if (published && deps.refreshRelated) await deps.refreshRelated(published);
  return published;
}

/**
 * Publishes every scheduled article due at the clock's current instant,
 * earliest first, one transaction each (see {@link publishIfDue}). An
 * article that fails is reported to `onError` and skipped; the others go on.
 * Returns how many were published.
 */
export async function publishDue(
  deps: WorkflowDeps,
  hooks: { onPublished?: (article: Article) => void; onError?: (err: unknown, articleId: number) => void } = {},
): Promise<number> {
  const now = nowIso(deps.clock);
  const failed = new Set<number>();
  let count = 0;
  for (;;) {
    const ids = (await deps.store.articles.dueScheduled(now, BATCH + failed.size)).filter((id) => !failed.has(id));
    if (ids.length === 0) return count;
    for (const id of ids) {
      try {
        const article = await publishIfDue(deps, id, now);
        if (article) {
          count++;
          hooks.onPublished?.(article);
        }
      } catch (err) {
        failed.add(id);
        hooks.onError?.(err, id);
      }
    }
  }
}

/** Scheduler settings. */
export interface SchedulerOptions {
  /** Longest sleep between two looks at the database, in ms (catches articles scheduled by another process, and clock jumps). Default 30 000. */
  maxSleepMs?: number;
  /** Shortest sleep, in ms, so that an article that keeps failing does not spin the loop. Default 1 000. */
  minSleepMs?: number;
  /** Told of every failure (the scheduler never throws from its timer). */
  onError?: (err: unknown, articleId?: number) => void;
  onPublished?: (article: Article) => void;
}

/**
 * Runs {@link publishDue} at start (catching up on what fell due while the
 * server was down), then on a timer that wakes at the next scheduled time
 * (read from the database), at most {@link SchedulerOptions.maxSleepMs}
 * apart. `wake()` re-plans at once (after an article was scheduled). Times
 * come from `deps.clock`; the timer itself is real time and does not keep
 * the process alive.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly maxSleepMs: number;
  private readonly minSleepMs: number;

  constructor(
    private readonly deps: WorkflowDeps,
    private readonly options: SchedulerOptions = {},
  ) {
    this.maxSleepMs = options.maxSleepMs ?? 30_000;
    this.minSleepMs = Math.min(options.minSleepMs ?? 1_000, this.maxSleepMs);
  }

  /** Publishes what is due now, then starts the timer. Resolves when the catch-up run is done. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.run();
  }

  /** Publishes what is due and re-plans the timer, now (no-op once stopped). */
  wake(): void {
    if (!this.stopped) void this.run();
  }

  /** Stops the timer and waits for a run in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One run at a time; a wake during a run asks for another run after it. */
  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.again = false;
    this.running = (async () => {
      try {
        await publishDue(this.deps, {
          onError: (err, id) => this.options.onError?.(err, id),
          ...(this.options.onPublished ? { onPublished: this.options.onPublished } : {}),
        });
        await this.plan();
      } catch (err) {
        this.options.onError?.(err);
        this.arm(this.maxSleepMs);
      } finally {
        this.running = undefined;
        // A wake that came during the run: its article may have been committed after our queries.
        if (this.again && !this.stopped) void this.run();
      }
    })();
    return this.running;
  }

  private async plan(): Promise<void> {
    const next = await this.deps.store.articles.nextScheduledAt();
    const until = next === null ? this.maxSleepMs : Date.parse(next) - this.deps.clock.now().getTime();
    this.arm(Math.min(this.maxSleepMs, Math.max(this.minSleepMs, until)));
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }
}
