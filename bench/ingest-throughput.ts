// Section (f) of `npm run bench`: ingestion throughput (must show #6 of issue 5).
//
// (f1) Feeds: every file of ../shared/corpus/feeds and feeds-derived served by
//      a loopback server without ETags and polled into a fresh store through
//      the real poller (fetch + parse + dedupe + store), against a same-run
//      reference that only parses the same bytes; then a second poll of the
//      same bytes, where every item is a duplicate.
// (f2) WordPress: ../shared/corpus/wxr/wptt-themeunittestdata.wordpress.xml
//      with its <item>s repeated 50× (post ids, parents, slugs, GUIDs and
//      links made unique per copy) imported in a child process through the
//      CLI's code path (bench/wxr-large.ts `--import-only`, `wordpressCommand`),
//      against a same-run reference that only runs the streaming reader over
//      the file; peak RSS of the child against its RSS after start-up.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../src/core/clock.ts';
import { addFeedSource } from '../src/content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../src/content/use-cases/site.ts';
import { parseFeedBytes } from '../src/ingest/feed-parse.ts';
import { pollSources, type FeedPollDeps } from '../src/ingest/feed-poller.ts';
import type { FeedSource } from '../src/ingest/feed-types.ts';
import { readWxr } from '../src/ingest/wxr-reader.ts';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { formatTable, num, ratio } from './table.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHARED = resolve(ROOT, '../shared/corpus');
const WXR_LARGE = fileURLToPath(new URL('./wxr-large.ts', import.meta.url));
const MB = 1024 * 1024;
/** Copies of the theme unit test data's items in the big export. */
export const WXR_COPIES = 50;

// ---------------------------------------------------------------- (f1) feeds

async function feedBench(dir: string): Promise<void> {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const sub of ['feeds', 'feeds-derived']) {
    for (const name of readdirSync(join(SHARED, sub)).sort()) {
      files.set(`/${sub}/${name}`, { body: readFileSync(join(SHARED, sub, name)), type: name.endsWith('.atom.xml') ? 'application/atom+xml' : 'application/rss+xml' });
    }
  }
  // No ETag: the second poll gets the same bytes again, so it measures dedupe rather than a 304.
  const server = createServer((req, res) => {
    const file = files.get(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const store = await openSqliteStore(join(dir, 'feeds.sqlite'));
  try {
    await ensureDefaultSite(store, systemClock);
    const deps: FeedPollDeps = { store, clock: systemClock, fetch: { allowPrivateAddresses: ['127.0.0.1'], timeoutMs: 60_000, maxBytes: 20_000_000, maxRedirects: 3 } };
    const sources: FeedSource[] = [];
    for (const [path] of files) {
      sources.push(await addFeedSource(store, systemClock, { url: `${base}${path}`, outlet_name: path.split('/')[2]?.split(/[-.]/u)[0] ?? path, default_category: 'محلي', mode: 'publish', poll_interval_s: 600 }));
    }

    const t = performance.now();
    let items = 0;
    for (const [path, file] of files) {
      try {
        items += parseFeedBytes(file.body, { contentType: file.type, timeZone: 'UTC', where: path }).entries.length;
      } catch {
        // A refused file counts no items here, as it adds none in the poll.
      }
    }
    const parseMs = performance.now() - t;

    const poll = async () => {
      const start = performance.now();
      const results = await pollSources(deps, sources, 4);
      const sum = (k: 'created' | 'joined' | 'duplicate' | 'updated' | 'unchanged') => results.reduce((n, r) => n + (r.report?.[k] ?? 0), 0);
      return { ms: performance.now() - start, created: sum('created'), joined: sum('joined'), duplicate: sum('duplicate') + sum('unchanged'), updated: sum('updated'), errors: results.filter((r) => r.status === 'error').length };
    };
    const first = await poll();
    const second = await poll();
    const bytes = [...files.values()].reduce((n, f) => n + f.body.length, 0);
    console.log(`## (f1) Feed ingestion: ${files.size} feeds of ../shared/corpus/feeds and feeds-derived (${num(bytes / MB, 2)} MB, ${num(items)} items) from a loopback server, 4 sources at a time\n`);
    console.log(
      formatTable(
        ['run', 'items', 'time', 'items/s', 'vs parse alone', 'created', 'joined a story', 'duplicate or unchanged', 'updated', 'feeds refused'],
        [
          ['parse alone (reference: parseFeedBytes over the bytes)', num(items), `${num(parseMs, 0)} ms`, num(items / (parseMs / 1000)), '1.00×', '', '', '', '', ''],
          ['first poll: fetch + parse + dedupe + store', num(items), `${num(first.ms, 0)} ms`, num(items / (first.ms / 1000)), ratio(parseMs, first.ms), num(first.created), num(first.joined), num(first.duplicate), num(first.updated), num(first.errors)],
          ['second poll, same bytes: all dedupe', num(items), `${num(second.ms, 0)} ms`, num(items / (second.ms / 1000)), ratio(parseMs, second.ms), num(second.created), num(second.joined), num(second.duplicate), num(second.updated), num(second.errors)],
        ],
      ),
    );
    console.log('"vs parse alone": the reference\'s time over the run\'s. A feed refused whole would count no items in either run.\n');
  } finally {
    await store.close();
    server.close();
  }
}

// ---------------------------------------------------------------- (f2) WordPress

/** The export with its items repeated `copies` times, each copy's ids, parents, slugs, GUIDs and links made unique. */
export function repeatWxr(xml: string, copies: number): { xml: string; items: number } {
  const first = xml.indexOf('<item>');
  const end = xml.lastIndexOf('</channel>');
  if (first < 0 || end < first) throw new Error('no <item> in the export');
  const items = xml.slice(first, end);
  const count = items.split('<item>').length - 1;
  const offset = 10 ** String(Math.max(...[...items.matchAll(/<wp:post_id>(\d+)</gu)].map((m) => Number(m[1])), 1)).length;
  const parts = [xml.slice(0, first), items];
  for (let k = 1; k < copies; k++) {
    const shift = (n: string) => String(Number(n) + k * offset);
    parts.push(
      items
        .replace(/<wp:post_id>(\d+)<\/wp:post_id>/gu, (_, n: string) => `<wp:post_id>${shift(n)}</wp:post_id>`)
        .replace(/<wp:post_parent>([1-9]\d*)<\/wp:post_parent>/gu, (_, n: string) => `<wp:post_parent>${shift(n)}</wp:post_parent>`)
        .replace(/(<wp:meta_key><!\[CDATA\[_thumbnail_id\]\]><\/wp:meta_key>\s*<wp:meta_value><!\[CDATA\[)(\d+)/gu, (_, head: string, n: string) => `${head}${shift(n)}`)
        .replace(/<wp:post_name>(<!\[CDATA\[)?([^\]<]+)/gu, (_, cdata: string | undefined, slug: string) => `<wp:post_name>${cdata ?? ''}${slug}-${k}`)
        .replace(/(<guid[^>]*>)([^<]+)/gu, (_, open: string, guid: string) => `${open}${guid}#copy-${k}`)
        .replace(/<link>([^<]+)<\/link>/gu, (_, link: string) => `<link>${link.includes('?') ? `${link}&amp;copy=${k}` : `${link.replace(/\/$/u, '')}-${k}/`}</link>`),
    );
  }
  parts.push(xml.slice(end));
  return { xml: parts.join(''), items: count * copies };
}

interface ChildResult {
  ms: number;
  startupRss: number;
  peakRss: number;
  report: { imported: number; duplicate: number; failed: number; skipped: number };
}

async function wxrBench(dir: string): Promise<void> {
  const source = join(SHARED, 'wxr/wptt-themeunittestdata.wordpress.xml');
  const file = join(dir, 'themeunittest-x50.xml');
  const repeated = repeatWxr(readFileSync(source, 'utf8'), WXR_COPIES);
  writeFileSync(file, repeated.xml);
  const size = statSync(file).size;

  let t = performance.now();
  let posts = 0;
  let entries = 0;
  for await (const entry of readWxr(file)) {
    entries++;
    if (entry.kind === 'item' && (entry.item.post_type === 'post' || entry.item.post_type === 'page')) posts++;
  }
  const readMs = performance.now() - t;

  t = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', WXR_LARGE, '--import-only', file, join(dir, 'wxr-data')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => (stdout += c));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`the import child exited with ${code}: ${stdout.slice(-2000)}`);
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildResult;

  console.log(`## (f2) WordPress import: wptt-themeunittestdata.wordpress.xml with its items repeated ${WXR_COPIES}× (${num(size / MB, 1)} MB, ${num(repeated.items)} items, ${num(posts)} posts and pages)\n`);
  console.log(
    formatTable(
      ['run', 'posts + pages', 'time', 'posts/s', 'vs reader alone', 'imported', 'skipped', 'failed', 'RSS after start-up', 'peak RSS', 'peak / start-up'],
      [
        [`reader alone (reference: readWxr over the file, ${num(entries)} entries)`, num(posts), `${num(readMs / 1000, 2)} s`, num(posts / (readMs / 1000)), '1.00×', '', '', '', '', '', ''],
        [
          'import (CLI path, child process; both passes, then read-also lists)',
          num(posts),
          `${num(r.ms / 1000, 2)} s`,
          num(posts / (r.ms / 1000)),
          ratio(readMs, r.ms),
          num(r.report.imported),
          num(r.report.skipped),
          num(r.report.failed),
          `${num(r.startupRss / MB)} MB`,
          `${num(r.peakRss / MB)} MB`,
          ratio(r.peakRss, r.startupRss),
        ],
      ],
    ),
  );
  console.log(`imported: posts and pages; skipped: the other items (attachments, menu items). The whole child ran ${num((performance.now() - t) / 1000, 1)} s.\n`);
}

/** Runs section (f); prints a note and returns when ../shared/corpus is missing. */
export async function ingestThroughputBench(): Promise<void> {
  let dirOk = true;
  try {
    statSync(SHARED);
  } catch {
    dirOk = false;
  }
  if (!dirOk) {
    console.log(`## (f) Ingestion throughput: skipped, ${SHARED} is missing\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'jarida-bench-f-'));
  try {
    await feedBench(dir);
    await wxrBench(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
