/**
 * Webhooks: a delivery loop over the article-event outbox. Publishing only
 * writes an `article_events` row in its own transaction; this loop, running
 * beside the server, turns each new event into one pending delivery per
 * configured receiver (advancing its cursor in the same transaction), then
 * POSTs due deliveries, signed (see `webhook-signature.ts`), and retries
 * failures with exponential backoff. Attempts are stored, so a restart
 * resumes where the last process stopped; a delivery is leased while it is
 * being sent, so a crash mid-call means one more attempt, never a lost one
 * (at-least-once: receivers dedupe on `event_id`). docs/adr/008-distribution.md.
 */
import type { ArticleEvent, ArticleEventType } from '../content/article-events.ts';
import type { Repos, Store } from '../content/repos.ts';
import type { Clock } from '../core/clock.ts';
import type { WebhookDelivery } from './distribution-repo.ts';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.ts';

/** One configured receiver (config `webhooks`). */
export interface WebhookTarget {
  url: string;
  /** HMAC-SHA256 key. */
  secret: string;
  /** Event types it wants; all when absent. */
  events?: readonly ArticleEventType[] | undefined;
}

/** The JSON body of a webhook call. */
export interface WebhookPayload {
  /** The outbox event's id: the same on every retry and for every receiver, for de-duplication. */
  event_id: number;
  type: ArticleEventType;
  /** When the change was committed, UTC ISO 8601. */
  occurred_at: string;
  /** The site's public address. */
  site_url: string;
  /** The article as it was when the event was read; only `id` once it is deleted. */
  article:
    | {
        id: number;
        slug: string;
        url: string;
        short_url: string;
        title: string;
        excerpt: string;
        status: string;
        published_at: string | null;
        updated_at: string;
        category_id: number;
        source_url: string | null;
      }
    | { id: number };
}

/** Tuning of the loop; defaults suit a live site, tests shorten them. Durations in ms. */
export interface WebhookDispatcherOptions {
  /** The site's public address (no trailing slash). */
  publicUrl: string;
  /** Path of an article page from its slug (the reader site's URL scheme). */
  articlePath: (slug: string) => string;
  /** Longest wait between two looks at the outbox. Default 1 s. */
  pollMs?: number;
  /** Time-out of one call. Default 10 s. */
  timeoutMs?: number;
  /** Attempts before a delivery is given up (`failed`). Default 12 (about 3½ hours with the default delays). */
  maxAttempts?: number;
  /** Delay after the first failure; doubles after each. Default 10 s. */
  baseDelayMs?: number;
  /** Longest delay between attempts. Default 1 hour. */
  maxDelayMs?: number;
  /** Events older than this when first read are skipped (a receiver added after a long pause does not get a flood). Default 24 h. */
  maxEventAgeMs?: number;
  /** Deliveries sent at once. Default 16. */
  concurrency?: number;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  fetch?: typeof fetch;
  log?: { warn: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };
}

/** Name of this listener's cursor in `event_cursors`. */
export const WEBHOOK_CURSOR = 'webhooks';

/**
 * Delay before attempt `failures + 1`, after `failures` failed attempts
 * (1-based): `base × 2^(failures−1)`, plus up to 25 % jitter so that
 * receivers coming back are not hit by every retry at once, capped at `max`.
 */
export function backoffMs(failures: number, base: number, max: number, random: () => number = Math.random): number {
  const exponential = base * 2 ** Math.max(0, failures - 1);
  return Math.min(max, Math.round(exponential * (1 + 0.25 * random())));
}

const EVENT_BATCH = 200;

/** The delivery loop. `start()` runs it in the background; `runOnce()` is one round (tests, tools). */
export class WebhookDispatcher {
  private readonly options: Required<Omit<WebhookDispatcherOptions, 'log'>> & Pick<WebhookDispatcherOptions, 'log'>;
  private readonly targets: ReadonlyMap<string, WebhookTarget>;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Look again as soon as the current round ends (a call finished meanwhile). */
  private again = false;
  /** Calls out now, each ending with its outcome written. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    targets: readonly WebhookTarget[],
    options: WebhookDispatcherOptions,
  ) {
    this.targets = new Map(targets.map((t) => [t.url, t]));
    this.options = {
      pollMs: 1000,
      timeoutMs: 10_000,
      maxAttempts: 12,
      baseDelayMs: 10_000,
      maxDelayMs: 3_600_000,
      maxEventAgeMs: 24 * 3600 * 1000,
      concurrency: 16,
      random: Math.random,
      fetch: globalThis.fetch,
      ...options,
    };
  }

  /** Starts the background loop (idempotent). Its timers do not keep the process alive. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the loop and waits for the round and the calls in progress (calls end within the time-out). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.all([...this.inFlight]);
  }

  /** Looks at the outbox now instead of at the next poll (e.g. right after a publish). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.loop().finally(() => {
        this.running = undefined;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    let next = this.options.pollMs;
    this.again = false;
    try {
      // Calls are not awaited here: a slow receiver must not hold up the others.
      await this.fanOut();
      await this.deliverDue(false);
      const due = await this.store.webhooks.nextDueAt();
      if (due !== null) next = Math.min(next, Math.max(0, new Date(due).getTime() - this.clock.now().getTime()));
    } catch (err) {
      this.options.log?.error({ err }, 'webhook dispatcher round failed');
    }
    this.schedule(this.again ? 0 : next);
  }

  /**
   * One round: turns new outbox events into pending deliveries, then sends
   * the deliveries that are due and waits for their outcomes to be
   * recorded. Returns how many deliveries were created and attempted.
   */
  async runOnce(): Promise<{ queued: number; attempted: number }> {
    const queued = await this.fanOut();
    const attempted = await this.deliverDue(true);
    return { queued, attempted };
  }

  private async fanOut(): Promise<number> {
    let queued = 0;
    // Looked at outside a transaction first: every commit moves the store's
    // version and so empties the page cache, and most rounds find nothing.
    const cursor = await this.store.webhooks.cursor(WEBHOOK_CURSOR);
    if (cursor !== undefined && (await this.store.events.after(cursor, 1)).length === 0) return 0;
    for (;;) {
      const { count, more } = await this.store.transaction(async (repos) => {
        const cursor = await repos.webhooks.cursor(WEBHOOK_CURSOR);
        if (cursor === undefined) {
          // First run: receivers hear of changes from now on, not of the whole archive.
          await repos.webhooks.setCursor(WEBHOOK_CURSOR, await repos.webhooks.lastEventId());
          return { count: 0, more: false };
        }
        const events = await repos.events.after(cursor, EVENT_BATCH);
        if (events.length === 0) return { count: 0, more: false };
        let n = 0;
        for (const event of events) n += await this.queue(repos, event);
        await repos.webhooks.setCursor(WEBHOOK_CURSOR, events[events.length - 1]!.id);
        return { count: n, more: events.length === EVENT_BATCH };
      });
      queued += count;
      if (!more) return queued;
    }
  }

  private async queue(repos: Repos, event: ArticleEvent): Promise<number> {
    const now = this.clock.now();
    if (now.getTime() - new Date(event.occurred_at).getTime() > this.options.maxEventAgeMs) return 0;
    const targets = [...this.targets.values()].filter((t) => !t.events || t.events.includes(event.type));
    if (targets.length === 0) return 0;
    const article = event.type === 'article.deleted' ? undefined : await repos.articles.findById(event.article_id);
    const { publicUrl, articlePath } = this.options;
    const payload: WebhookPayload = {
      event_id: event.id,
      type: event.type,
      occurred_at: event.occurred_at,
      site_url: publicUrl,
      article: article
        ? {
            id: article.id,
            slug: article.slug,
            url: `${publicUrl}${articlePath(article.slug)}`,
            short_url: `${publicUrl}/a/${article.id}`,
            title: article.title,
            excerpt: article.excerpt,
            status: article.status,
            published_at: article.published_at,
            updated_at: article.updated_at,
            category_id: article.category_id,
            source_url: article.source_url,
          }
        : { id: event.article_id },
    };
    // An article published with a future time is announced when it goes live.
    const goesLive = event.type === 'article.published' && article?.published_at ? article.published_at : '';
    const at = goesLive > now.toISOString() ? goesLive : now.toISOString();
    const body = JSON.stringify(payload);
    await repos.webhooks.addDeliveries(
      targets.map((t) => ({ event_id: event.id, event_type: event.type, url: t.url, body, next_attempt_at: at, created_at: now.toISOString() })),
    );
    return targets.length;
  }

  /** Claims due deliveries (up to the free call slots) and sends them; `wait`: until their outcomes are written. */
  private async deliverDue(wait: boolean): Promise<number> {
    const { timeoutMs } = this.options;
    const slots = this.options.concurrency - this.inFlight.size;
    if (slots <= 0) return 0;
    const now = this.clock.now();
    // Lease: while a call is out, the delivery is not due; after a crash it comes due again.
    const leaseUntil = new Date(now.getTime() + timeoutMs + 60_000).toISOString();
    if ((await this.store.webhooks.due(now.toISOString(), 1)).length === 0) return 0;
    const claimed = await this.store.transaction(async (repos) => {
      const due = await repos.webhooks.due(now.toISOString(), slots);
      for (const d of due) {
        d.attempts += 1;
        await repos.webhooks.update(d.id, { attempts: d.attempts, last_attempt_at: now.toISOString(), next_attempt_at: leaseUntil });
      }
      return due;
    });
    const calls = claimed.map((d) => {
      const call: Promise<void> = this.send(d)
        .then((result) => this.store.transaction((repos) => repos.webhooks.update(d.id, this.outcome(d, result))))
        .catch((err: unknown) => this.options.log?.error({ err, delivery_id: d.id }, 'webhook outcome not recorded'))
        .finally(() => {
          this.inFlight.delete(call);
          // A retry may now be due sooner than the next poll.
          this.nudge();
        });
      this.inFlight.add(call);
      return call;
    });
    if (wait) await Promise.all(calls);
    return claimed.length;
  }

  private async send(d: WebhookDelivery): Promise<{ status: number | null; error: string | null }> {
    const target = this.targets.get(d.url);
    if (!target) return { status: null, error: 'receiver no longer configured' };
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const res = await this.options.fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'jarida-webhooks/1',
          [WEBHOOK_HEADERS.event]: d.event_type,
          [WEBHOOK_HEADERS.delivery]: String(d.id),
          [WEBHOOK_HEADERS.timestamp]: String(timestamp),
          [WEBHOOK_HEADERS.signature]: signWebhook(target.secret, timestamp, d.body),
        },
        body: d.body,
        // A signed body goes only where it was configured to go.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.body?.cancel().catch(() => undefined);
      return res.ok ? { status: res.status, error: null } : { status: res.status, error: `HTTP ${res.status}` };
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      return { status: null, error: (e.name === 'TimeoutError' ? 'timed out' : (e.cause?.code ?? e.message)).slice(0, 500) };
    }
  }

  private outcome(d: WebhookDelivery, r: { status: number | null; error: string | null }): Partial<WebhookDelivery> {
    const now = this.clock.now();
    if (r.error === null) return { status: 'delivered', delivered_at: now.toISOString(), last_status: r.status, last_error: null };
    // 410 Gone: the receiver asks never to be called with this again.
    const giveUp = d.attempts >= this.options.maxAttempts || r.status === 410 || !this.targets.has(d.url);
    if (giveUp) {
      this.options.log?.warn({ url: d.url, event_id: d.event_id, attempts: d.attempts, error: r.error }, 'webhook delivery given up');
      return { status: 'failed', last_status: r.status, last_error: r.error };
    }
    const delay = backoffMs(d.attempts, this.options.baseDelayMs, this.options.maxDelayMs, this.options.random);
    return { next_attempt_at: new Date(now.getTime() + delay).toISOString(), last_status: r.status, last_error: r.error };
  }
}
