import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import SQLite from 'better-sqlite3';
import { createDraft, schedule } from '../../src/content/use-cases/article-workflow.ts';
import { createArticle } from '../../src/content/use-cases/create-article.ts';
import { listRevisions } from '../../src/content/use-cases/revisions.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { Scheduler, publishDue } from '../../src/content/use-cases/scheduler.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { systemClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { localToUtc } from '../../src/core/time-zone.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { AUTHOR, EDITOR, manualClock } from './workflow-helpers.ts';

const enc = encodeURIComponent;
/** Runs the scheduler's catch-up on a database file in a process of its own. */
const CHILD = fileURLToPath(new URL('./fixtures/scheduler-child.ts', import.meta.url));

test('a scheduled article stays hidden until its time (in the site\'s zone), then shows everywhere, cached pages too', async () => {
  const clock = manualClock('2026-11-29T10:00:00.000Z');
  const app = await testApp({ clock });
  try {
    const local = await categoryId(app.store, 'محلي');
    const { article } = await createDraft(app.workflow, AUTHOR, { title: 'افتتاح الطريق الساحلي', body: '<p>يفتتح الطريق اليوم.</p>', category_id: local });
    // 14:30 in Tripoli (UTC+2) is 12:30 UTC.
    const at = localToUtc('2026-11-29T14:30', 'Africa/Tripoli');
    assert.equal(at, '2026-11-29T12:30:00.000Z');
    const scheduled = await schedule(app.workflow, AUTHOR, article.id, at);
    assert.equal(scheduled.article.status, 'scheduled');

    const page = () => app.http.inject(`/article/${enc(article.slug)}`);
    const home = async () => (await app.http.inject('/')).body.includes('افتتاح الطريق الساحلي');
    assert.equal((await page()).statusCode, 404);
    assert.equal(await home(), false);

    clock.set('2026-11-29T12:29:59.999Z');
    assert.equal(await publishDue(app.workflow), 0, 'not a millisecond early');
    assert.equal(await home(), false);

    clock.set('2026-11-29T12:30:00.000Z');
    assert.equal(await publishDue(app.workflow), 1);
    assert.equal(await publishDue(app.workflow), 0, 'once only');
    assert.equal((await page()).statusCode, 200);
    assert.equal(await home(), true, 'the cached home page noticed');

    const stored = await app.store.articles.findById(article.id);
    assert.equal(stored?.status, 'published');
    assert.equal(stored?.published_at, at, 'the dateline is the scheduled time');
    const [latest] = await listRevisions(app.workflow, AUTHOR, article.id);
    assert.deepEqual([latest?.action, latest?.user_id, latest?.created_at, latest?.changed_fields], ['scheduled_publish', null, at, ['status']]);
    const events = (await app.store.events.after(0, 1000)).filter((e) => e.article_id === article.id);
    assert.deepEqual(events.map((e) => [e.type, e.occurred_at]), [['article.published', at]]);
  } finally {
    await app.dispose();
  }
});

test('a time already past is refused (never a backdated publish); rescheduling moves the time', async () => {
  const clock = manualClock('2026-11-29T10:00:00.000Z');
  const app = await testApp({ clock });
  try {
    const local = await categoryId(app.store, 'محلي');
    const a = (await createDraft(app.workflow, EDITOR, { title: 'خبر فات موعده', body: '<p>نص.</p>', category_id: local })).article;
    for (const past of ['2026-11-29T09:00:00Z', '2026-11-29T10:00:00Z']) {
      await assert.rejects(
        schedule(app.workflow, EDITOR, a.id, past),
        (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.field === 'published_at' && err.details.reason === 'article_schedule_past',
        past,
      );
    }
    const untouched = await app.store.articles.findById(a.id);
    assert.deepEqual([untouched?.status, untouched?.published_at], ['draft', null], 'nothing written');
    assert.equal(await app.store.revisions.latestNumber(a.id), 1);

    const b = (await createDraft(app.workflow, EDITOR, { title: 'خبر يؤجل', body: '<p>نص.</p>', category_id: local })).article;
    await schedule(app.workflow, EDITOR, b.id, '2026-11-29T11:00:00Z');
    const moved = await schedule(app.workflow, EDITOR, b.id, '2026-11-29T15:00:00Z');
    assert.equal(moved.article.published_at, '2026-11-29T15:00:00.000Z');
    assert.equal(await app.store.articles.nextScheduledAt(), '2026-11-29T15:00:00.000Z');
    clock.set('2026-11-29T12:00:00.000Z');
    assert.equal(await publishDue(app.workflow), 0);
    // Moving a scheduled article's time into the past by a plain save is the same backdated publish.
    await assert.rejects(updateArticle(app.workflow, EDITOR, b.id, { published_at: '2026-11-29T11:00:00Z' }), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'article_schedule_past');
    assert.equal((await app.store.articles.findById(b.id))?.published_at, '2026-11-29T15:00:00.000Z');
  } finally {
    await app.dispose();
  }
});

test('the timer wakes at the next scheduled time', async () => {
  const app = await testApp();
  let resolve: (id: number) => void = () => {};
  const published = new Promise<number>((r) => {
    resolve = r;
  });
  // A scheduler of its own on the real clock, told of schedule changes as the app's is.
  const scheduler = new Scheduler(app.workflow, { minSleepMs: 10, maxSleepMs: 60_000, onPublished: (a) => resolve(a.id) });
  // The scheduler's timer does not keep a process alive (a server's socket does): hold the loop open meanwhile.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    await scheduler.start();
    const local = await categoryId(app.store, 'محلي');
    const { article } = await createDraft(app.workflow, EDITOR, { title: 'خبر بعد لحظات', body: '<p>نص.</p>', category_id: local });
    await schedule({ ...app.workflow, onScheduleChanged: () => scheduler.wake() }, EDITOR, article.id, new Date(Date.now() + 300).toISOString());
    assert.equal(await published, article.id);
    assert.equal((await app.store.articles.findById(article.id))?.status, 'published');
  } finally {
    clearInterval(keepAlive);
    await scheduler.stop();
    await app.dispose();
  }
});

test('after a restart, the scheduler catches up on what fell due while the server was down', async () => {
  const config = testConfig();
  const clock = manualClock('2026-11-29T10:00:00.000Z');
  const first = await testApp({ config, clock });
  const local = await categoryId(first.store, 'محلي');
  const ids: number[] = [];
  for (const [i, title] of ['خبر الساعة الحادية عشرة', 'خبر الظهيرة', 'خبر الغد'].entries()) {
    const { article } = await createDraft(first.workflow, EDITOR, { title, body: `<p>${title}.</p>`, category_id: local });
    await schedule(first.workflow, EDITOR, article.id, ['2026-11-29T11:00:00Z', '2026-11-29T12:00:00Z', '2026-11-30T12:00:00Z'][i] ?? '');
    ids.push(article.id);
  }
  await first.close();

  clock.set('2026-11-29T13:00:00.000Z');
  const second = await testApp({ config, clock });
  try {
    const statuses = await Promise.all(ids.map(async (id) => (await second.store.articles.findById(id))?.status));
    assert.deepEqual(statuses, ['published', 'published', 'scheduled']);
    assert.equal(await second.store.articles.nextScheduledAt(), '2026-11-30T12:00:00.000Z');
  } finally {
    await second.dispose();
  }
});

/** Scheduled articles written directly (as an import of future-dated items would), due at `due`. */
async function seedDue(file: string, count: number, due: string): Promise<number[]> {
  const store = await openSqliteStore(file);
  try {
    await ensureDefaultSite(store, systemClock);
    const local = await categoryId(store, 'محلي');
    return await store.transaction(async (repos) => {
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        const a = await createArticle(repos, systemClock, {
          title: `خبر مجدول رقم ${i + 1} عن الطقس في درنة`,
          body: `<p>تتوقع الأرصاد طقساً معتدلاً ${i + 1}.</p>`,
          status: 'scheduled',
          published_at: due,
          category_id: local,
        });
        ids.push(a.id);
      }
      return ids;
    });
  } finally {
    await store.close();
  }
}

interface Row {
  id: number;
  status: string;
  published_at: string | null;
  revisions: number;
  publish_revisions: number;
  events: number;
}

function consistency(file: string, ids: readonly number[]): Row[] {
  const raw = new SQLite(file, { readonly: true });
  try {
    const stmt = raw.prepare(`
      select a.id, a.status, a.published_at,
        (select count(*) from article_revisions r where r.article_id = a.id) as revisions,
        (select count(*) from article_revisions r where r.article_id = a.id and r.action = 'scheduled_publish') as publish_revisions,
        (select count(*) from article_events e where e.article_id = a.id and e.type = 'article.published') as events
      from articles a where a.id = ?`);
    return ids.map((id) => stmt.get(id) as Row);
  } finally {
    raw.close();
  }
}

/** Every article is either untouched and scheduled, or published with exactly one publish revision and one event. */
function assertWhole(rows: readonly Row[], due: string): { published: number; scheduled: number } {
  let published = 0;
  let scheduled = 0;
  for (const row of rows) {
    assert.equal(row.published_at, due, `article ${row.id}`);
    if (row.status === 'published') {
      published++;
      assert.deepEqual([row.revisions, row.publish_revisions, row.events], [2, 1, 1], `published article ${row.id}: baseline + publish revision, one event`);
    } else {
      scheduled++;
      assert.equal(row.status, 'scheduled');
      assert.deepEqual([row.revisions, row.publish_revisions, row.events], [0, 0, 0], `scheduled article ${row.id} is untouched`);
    }
  }
  return { published, scheduled };
}

test('SIGKILL in the middle of scheduled publishing leaves no half-written article, and a restart publishes the rest', async () => {
  const config = testConfig();
  const due = '2020-01-01T08:00:00.000Z';
  const ids = await seedDue(config.dbFile, 80, due);

  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config.dbFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  let finished = false;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.startsWith('published ')) lines++;
      if (line === 'done') finished = true;
    }
    // Kill it a few commits in, while it is publishing (most likely inside a transaction).
    if (lines >= 5 && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const signal = await exited;
  assert.equal(signal, 'SIGKILL');
  assert.equal(finished, false);

  const raw = new SQLite(config.dbFile);
  assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  raw.close();
  const afterKill = assertWhole(consistency(config.dbFile, ids), due);
  assert.ok(afterKill.published >= 5, `the child published ${afterKill.published} before it was killed`);
  assert.ok(afterKill.scheduled > 0, 'the kill came before the end');

  // The restart: a new app on the same data dir catches up at start.
  const app = await testApp({ config });
  try {
    const final = assertWhole(consistency(config.dbFile, ids), due);
    assert.deepEqual(final, { published: ids.length, scheduled: 0 });
    assert.equal(await publishDue(app.workflow), 0);
  } finally {
    await app.dispose();
  }
});

test('two scheduler processes on one database publish each article once', async () => {
  const config = testConfig();
  const due = '2020-01-01T08:00:00.000Z';
  const ids = await seedDue(config.dbFile, 20, due);
  const run = () =>
    new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config.dbFile], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
      });
      child.once('error', reject);
      child.once('exit', (code) => {
        if (code !== 0) reject(new Error(`scheduler child exited with ${String(code)}`));
        else resolve(out.split('\n').filter((l) => l.startsWith('published ')).length);
      });
    });
  const counts = await Promise.all([run(), run()]);
  assert.equal(counts[0] + counts[1], ids.length, `published ${counts.join(' + ')}`);
  assert.deepEqual(assertWhole(consistency(config.dbFile, ids), due), { published: ids.length, scheduled: 0 });
});
