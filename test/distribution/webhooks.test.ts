import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { type Clock, systemClock } from '../../src/core/clock.ts';
import { deleteArticle, unpublishArticle } from '../../src/content/use-cases/change-status.ts';
import { backoffMs, WebhookDispatcher, type WebhookDispatcherOptions, type WebhookPayload, type WebhookTarget } from '../../src/distribution/webhook-dispatcher.ts';
import { signWebhook, verifyWebhook } from '../../src/distribution/webhook-signature.ts';
import { urls } from '../../src/web/urls.ts';
import { publish } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

interface Call {
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request ended. */
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1. `answer(n)` gives the status of a call that is the n-th
 * (1-based) with the same body, i.e. the n-th attempt of one delivery, or 'hang' to keep the
 * request open until the receiver closes.
 */
async function receiver(answer: (n: number) => number | 'hang' = () => 200) {
  const calls: Call[] = [];
  const hanging: ServerResponse[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      calls.push({ headers: req.headers, body, at: performance.now() });
      waiters.splice(0).forEach((w) => w());
      const status = answer(calls.filter((c) => c.body === body).length);
      if (status === 'hang') hanging.push(res);
      else res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    /** Resolves once `n` calls have arrived (the test runner's timeout bounds the wait). */
    async waitFor(n: number): Promise<void> {
      while (calls.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    async close(): Promise<void> {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SECRET = 'a-secret-of-sixteen-or-more';

/** A dispatcher on the app's store with short delays (ms) for tests. */
function dispatcher(app: TestApp, targets: WebhookTarget[], options: Partial<WebhookDispatcherOptions> = {}, clock: Clock = systemClock) {
  return new WebhookDispatcher(app.store, clock, targets, {
    publicUrl: app.config.publicUrl,
    articlePath: urls.article,
    pollMs: 20,
    baseDelayMs: 100,
    timeoutMs: 2000,
    random: () => 0,
    ...options,
  });
}

describe('webhooks', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('signatures: sha256 HMAC over "<timestamp>.<body>", checked in constant time with a time tolerance', () => {
    const body = '{"title":"خبر"}';
    const sig = signWebhook(SECRET, 1_700_000_000, body);
    assert.match(sig, /^sha256=[0-9a-f]{64}$/u);
    assert.ok(verifyWebhook(SECRET, { signature: sig, timestamp: '1700000000', body }, 1_700_000_100));
    assert.ok(!verifyWebhook(SECRET, { signature: sig, timestamp: '1700000000', body: `${body} ` }, 1_700_000_100));
    assert.ok(!verifyWebhook('another-secret-entirely', { signature: sig, timestamp: '1700000000', body }, 1_700_000_100));
    assert.ok(!verifyWebhook(SECRET, { signature: sig, timestamp: '1700000000', body }, 1_700_001_000), 'too old');
    assert.ok(!verifyWebhook(SECRET, { signature: undefined, timestamp: '1700000000', body }));
  });

  test('backoff doubles from the base delay, with at most 25 % jitter, up to the cap', () => {
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffMs(n, 100, 10_000, () => 0)), [100, 200, 400, 800]);
    assert.equal(backoffMs(3, 100, 10_000, () => 0.999), 500);
    assert.equal(backoffMs(20, 100, 10_000, () => 0.5), 10_000);
  });

  test('a receiver on localhost gets a correctly signed call when an article is published (app configured by `webhooks`)', async () => {
    const hook = await receiver();
    const app = await testApp({ config: testConfig({ publicUrl: 'https://news.example.ly', webhooks: [{ url: hook.url, secret: SECRET }] }) });
    cleanups.push(() => hook.close(), () => app.dispose());
    assert.ok(app.webhooks, 'the app starts a dispatcher when webhooks are configured');
    // Its first look at the outbox sets the cursor; what is published after that is sent.
    await app.webhooks.runOnce();
    const article = await publish(app.store, 'رياضة/عربي', { title: 'المنتخب يفوز بالبطولة', published_at: new Date(Date.now() - 60_000).toISOString() });
    await hook.waitFor(1);
    const [call] = hook.calls;
    assert.equal(call!.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(call!.headers['x-jarida-event'], 'article.published');
    assert.match(call!.headers['x-jarida-signature'] as string, /^sha256=[0-9a-f]{64}$/u);
    assert.ok(
      verifyWebhook(SECRET, { signature: call!.headers['x-jarida-signature'] as string, timestamp: call!.headers['x-jarida-timestamp'] as string, body: call!.body }),
      'signature does not verify',
    );
    const payload = JSON.parse(call!.body) as WebhookPayload;
    assert.equal(payload.type, 'article.published');
    assert.deepEqual(payload.article, {
      id: article.id,
      slug: article.slug,
      url: `https://news.example.ly/article/${encodeURIComponent(article.slug)}`,
      short_url: `https://news.example.ly/a/${article.id}`,
      title: 'المنتخب يفوز بالبطولة',
      excerpt: article.excerpt,
      status: 'published',
      published_at: article.published_at,
      updated_at: article.updated_at,
      category_id: article.category_id,
      source_url: null,
    });
    // Recorded as delivered once the receiver answered.
    const deadline = Date.now() + 5000;
    let rows = await app.store.webhooks.ofEvent(payload.event_id);
    while (rows[0]?.status !== 'delivered' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await app.store.webhooks.ofEvent(payload.event_id);
    }
    assert.deepEqual(rows.map((r) => [r.status, r.attempts, r.last_status]), [['delivered', 1, 200]]);
    assert.equal(String(rows[0]!.id), call!.headers['x-jarida-delivery']);
  });

  test('a failing receiver is retried with growing delays until it answers, or given up after maxAttempts; publishing never waits', async () => {
    // Fails three times, then answers.
    const flaky = await receiver((n) => (n <= 3 ? 500 : 204));
    const down = await receiver(() => 503);
    // Keeps every call open: a publish must not wait for it.
    const hung = await receiver(() => 'hang');
    const app = await testApp();
    cleanups.push(() => flaky.close(), () => down.close(), () => hung.close(), () => app.dispose());
    const d = dispatcher(app, [
      { url: flaky.url, secret: SECRET },
      { url: down.url, secret: SECRET },
      { url: hung.url, secret: SECRET },
    ], { maxAttempts: 4, timeoutMs: 1000 });
    await d.runOnce();
    d.start();
    cleanups.push(() => d.stop());

    const first = await publish(app.store, 'محلي', { title: 'خبر أول', published_at: new Date(Date.now() - 60_000).toISOString() });
    await hung.waitFor(1);
    // A call is hanging at a receiver right now; publishing goes through all the same.
    const second = await publish(app.store, 'محلي', { title: 'خبر ثان', published_at: new Date(Date.now() - 60_000).toISOString() });
    assert.ok(second.id > first.id);
    assert.equal(hung.calls.length, 1, 'the second publish returned before its own call was even made');

    await flaky.waitFor(8);
    const forFirst = flaky.calls.filter((c) => (JSON.parse(c.body) as WebhookPayload).article.id === first.id);
    assert.equal(forFirst.length, 4, 'three failures, then a success, then no more calls');
    const gaps = forFirst.slice(1).map((c, i) => c.at - forFirst[i]!.at);
    // Each retry waits at least its backoff (100, 200, 400 ms here); a busy machine can only make it later.
    for (const [i, gap] of gaps.entries()) {
      assert.ok(gap >= backoffMs(i + 1, 100, 3_600_000, () => 0) - 5, `retry ${i + 1} came after ${gap.toFixed(0)} ms, before its backoff`);
    }
    assert.deepEqual([1, 2, 3].map((n) => backoffMs(n, 100, 3_600_000, () => 0)), [100, 200, 400], 'the backoff doubles');
    // Every retry is signed afresh over the same body.
    assert.equal(new Set(forFirst.map((c) => c.body)).size, 1);
    for (const c of forFirst) {
      assert.ok(verifyWebhook(SECRET, { signature: c.headers['x-jarida-signature'] as string, timestamp: c.headers['x-jarida-timestamp'] as string, body: c.body }));
    }

    await down.waitFor(8);
    const eventId = (JSON.parse(forFirst[0]!.body) as WebhookPayload).event_id;
    const deadline = Date.now() + 5000;
    let rows = await app.store.webhooks.ofEvent(eventId);
    while (rows.some((r) => r.url !== hung.url && r.status === 'pending') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      rows = await app.store.webhooks.ofEvent(eventId);
    }
    const byUrl = new Map(rows.map((r) => [r.url, r]));
    assert.deepEqual([byUrl.get(flaky.url)?.status, byUrl.get(flaky.url)?.attempts], ['delivered', 4]);
    assert.deepEqual([byUrl.get(down.url)?.status, byUrl.get(down.url)?.attempts, byUrl.get(down.url)?.last_status], ['failed', 4, 503]);
    assert.equal(down.calls.filter((c) => (JSON.parse(c.body) as WebhookPayload).article.id === first.id).length, 4);
  });

  test('attempts are stored: a new dispatcher (a restart) resumes a pending delivery', async () => {
    let healthy = false;
    const hook = await receiver(() => (healthy ? 200 : 500));
    const app = await testApp();
    cleanups.push(() => hook.close(), () => app.dispose());
    const target = [{ url: hook.url, secret: SECRET }];
    const before = dispatcher(app, target, { baseDelayMs: 1 });
    await before.runOnce();
    const article = await publish(app.store, 'محلي', { title: 'خبر قبل إعادة التشغيل', published_at: new Date(Date.now() - 60_000).toISOString() });
    assert.deepEqual(await before.runOnce(), { queued: 1, attempted: 1 });
    await before.stop();

    healthy = true;
    await new Promise((r) => setTimeout(r, 10));
    const afterRestart = dispatcher(app, target, { baseDelayMs: 1 });
    assert.deepEqual(await afterRestart.runOnce(), { queued: 0, attempted: 1 });
    const eventId = (JSON.parse(hook.calls[0]!.body) as WebhookPayload).event_id;
    const [row] = await app.store.webhooks.ofEvent(eventId);
    assert.deepEqual([row?.status, row?.attempts], ['delivered', 2]);
    assert.equal((JSON.parse(hook.calls[1]!.body) as WebhookPayload).article.id, article.id);
  });

  test('unpublish, delete and update are sent too; a receiver gets only the event types it asked for; the backlog before the first run is not', async () => {
    const all = await receiver();
    const deletions = await receiver();
    const app = await testApp();
    cleanups.push(() => all.close(), () => deletions.close(), () => app.dispose());
    const before = await publish(app.store, 'محلي', { title: 'خبر قديم قبل أول تشغيل', published_at: new Date(Date.now() - 60_000).toISOString() });
    const d = dispatcher(app, [
      { url: all.url, secret: SECRET },
      { url: deletions.url, secret: SECRET, events: ['article.deleted'] },
    ]);
    await d.runOnce();
    await app.store.transaction((repos) => unpublishArticle(repos, systemClock, before.id));
    const other = await publish(app.store, 'محلي', { title: 'خبر سيحذف', published_at: new Date(Date.now() - 60_000).toISOString() });
    await app.store.transaction((repos) => deleteArticle(repos, other.id));
    // Edits are recorded by the workflow use cases; any event type in the outbox is sent the same way.
    await app.store.transaction((repos) => repos.events.add({ type: 'article.updated', article_id: before.id, occurred_at: new Date().toISOString() }));
    await d.runOnce();
    const seen = (calls: Call[]) => calls.map((c) => [c.headers['x-jarida-event'], (JSON.parse(c.body) as WebhookPayload).article.id]).sort();
    assert.deepEqual(seen(all.calls), [
      ['article.deleted', other.id],
      ['article.published', other.id],
      ['article.unpublished', before.id],
      ['article.updated', before.id],
    ]);
    assert.deepEqual(seen(deletions.calls), [['article.deleted', other.id]]);
    // A deleted article is named by its id only.
    assert.deepEqual((JSON.parse(deletions.calls[0]!.body) as WebhookPayload).article, { id: other.id });
  });

  test('an article published with a future time is announced when it goes live', async () => {
    const hook = await receiver();
    const app = await testApp();
    cleanups.push(() => hook.close(), () => app.dispose());
    let now = Date.now();
    const clock: Clock = { now: () => new Date(now) };
    const d = dispatcher(app, [{ url: hook.url, secret: SECRET }], {}, clock);
    await d.runOnce();
    await publish(app.store, 'محلي', { title: 'خبر في موعده', published_at: new Date(now + 3_600_000).toISOString() });
    assert.deepEqual(await d.runOnce(), { queued: 1, attempted: 0 });
    assert.equal(hook.calls.length, 0);
    now += 3_600_000;
    assert.deepEqual(await d.runOnce(), { queued: 0, attempted: 1 });
    assert.equal(hook.calls[0]!.headers['x-jarida-event'], 'article.published');
  });
});
