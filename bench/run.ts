// jarida benchmarks (`npm run bench`), sized for a 2-core machine: a few minutes.
//
// (a) Import: the shared news corpus (../shared/corpus/news-normalized/articles.jsonl.gz
//     from the repo root) imported into a fresh data dir through the CLI's code
//     path (importCommand), against a same-run reference loop that only reads,
//     gunzips and JSON.parses the same file.
// (b) Page serving: an article page of jarida against a bare node:http server
//     answering the same bytes, both loaded by autocannon in a child process.
// (d) Feed serving: the site's RSS feed (full content, 30 items) against a bare
//     node:http server answering the same bytes, loaded the same way as (b).
// (c) Search latency (bench/search-latency.ts): index build rate, search and
//     suggestion p50/p95/p99 over the store imported in (a), then again with the
//     corpus repeated up to 100,000 articles, against a trivial indexed lookup.
// (e) Near-duplicate stories: precision, recall and F1 of the story grouping
//     (src/ingest/near-duplicate.ts) on hand-labelled cross-outlet pairs
//     (test/fixtures/feeds/same-story-pairs.json) drawn from
//     ../shared/corpus/feeds-derived, beside two headline baselines measured
//     in the same run, with a threshold sweep and each threshold chosen on one
//     half of the pairs and measured on the other.
// (f) Ingestion (bench/ingest-throughput.ts): feed items/s polling every file
//     of ../shared/corpus/feeds and feeds-derived from a loopback server
//     through the real poller (parse + dedupe + store), first poll and an
//     all-dedupe second poll, against parsing the same bytes alone; WordPress
//     posts/s and peak RSS importing the theme unit test export repeated 50×
//     in a child process through the CLI's path, against the reader alone.
//
// `npm run bench -- --only e` (or `--only f`) runs that section alone.
// Benchmarks print; they never fail on speed.
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { createApp } from '../src/app.tsx';
import { normalizedTerms } from '../src/arabic/analyzer.ts';
import { importCommand } from '../src/cli/import-command.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { storyText } from '../src/content/use-cases/feed-items.ts';
import { parseFeedBytes } from '../src/ingest/feed-parse.ts';
import { bandKeys, minhash, openingsAgree, SAME_STORY_SCORE, SAME_STORY_THRESHOLD, similarity, STORY_DECAY_HOURS, storyScore } from '../src/ingest/near-duplicate.ts';
import { ingestThroughputBench } from './ingest-throughput.ts';
import type { LoadOptions, LoadResult } from './load.ts';
import { searchLatencyBench } from './search-latency.ts';
import { formatTable, num, ratio } from './table.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = resolve(ROOT, '../shared/corpus/news-normalized/articles.jsonl.gz');
const LOAD_SCRIPT = fileURLToPath(new URL('./load.ts', import.meta.url));

/** Load settings, identical for jarida and the bare server. */
const LOAD = { connections: 10, duration: 10, warmup: 2 } as const;

const tempDirs: string[] = [];
function tempDataDir(): { dir: string; config: Config } {
  const dir = mkdtempSync(join(tmpdir(), 'jarida-bench-'));
  tempDirs.push(dir);
  // cwd and env of the temp dir: a local jarida.config.json or JARIDA_* variables do not leak in.
  return { dir, config: loadConfig({ cwd: dir, env: {}, overrides: { dataDir: dir, logLevel: 'silent' } }) };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

// ---------------------------------------------------------------- (a) import

interface BareParse {
  lines: number;
  badLines: number;
  ms: number;
}

/** The reference: stream, gunzip, split lines, JSON.parse each — nothing else. */
async function bareParse(file: string): Promise<BareParse> {
  const start = performance.now();
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let count = 0;
  let bad = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      JSON.parse(line);
      count++;
    } catch {
      bad++;
    }
  }
  return { lines: count, badLines: bad, ms: performance.now() - start };
}

async function importBench(): Promise<Config | undefined> {
  console.log('## (a) import');
  if (!existsSync(CORPUS)) {
    console.log(`skipped: ${CORPUS} does not exist (the shared corpus sits beside the repo as ../shared).\n`);
    return undefined;
  }
  const size = statSync(CORPUS).size;
  console.log(`corpus: ${relative(ROOT, CORPUS)} (${num(size / 1024 / 1024, 1)} MB gzipped)`);

  // Twice, best of the two: the first run also warms the page cache for the import.
  const bare = [await bareParse(CORPUS), await bareParse(CORPUS)].reduce((a, b) => (b.ms < a.ms ? b : a));

  const { config } = tempDataDir();
  const rssBefore = process.memoryUsage().rss;
  const start = performance.now();
  const report = await importCommand(config, [CORPUS], { out: () => {}, err: () => {}, tty: false });
  const ms = performance.now() - start;
  const rssAfter = process.memoryUsage().rss;

  const records = report.imported + report.duplicate + report.failed;
  const bareRate = bare.lines / (bare.ms / 1000);
  const importRate = records / (ms / 1000);
  console.log(
    formatTable(
      ['run', 'records', 'time', 'records/s', 'imported articles/s', 'vs bare parse'],
      [
        ['bare read+gunzip+JSON.parse', num(bare.lines), seconds(bare.ms), num(bareRate), '—', '1.00'],
        ['jarida import (importCommand)', num(records), seconds(ms), num(importRate), num(report.imported / (ms / 1000)), ratio(importRate, bareRate)],
      ],
    ),
  );
  console.log(
    formatTable(
      ['imported', 'duplicate', 'failed', 'flagged', 'unmapped categories', 'bad JSON lines (bare)', 'RSS growth'],
      [
        [
          num(report.imported),
          num(report.duplicate),
          num(report.failed),
          num(report.flagged.length),
          `${Object.keys(report.unmapped).length} keys / ${num(Object.values(report.unmapped).reduce((a, b) => a + b, 0))} records`,
          num(bare.badLines),
          `${num((rssAfter - rssBefore) / 1024 / 1024, 0)} MB`,
        ],
      ],
    ),
  );
  console.log(`import throughput is ${ratio(importRate, bareRate)}× the bare parse loop (${ratio(bareRate, importRate, 1)}× slower).`);
  if (report.failures.length > 0) {
    console.log(`first failures: ${report.failures.slice(0, 3).map((f) => `${f.origin}: ${f.reason}`).join(' | ')}`);
  }
  console.log('');
  return config;
}

// ---------------------------------------------------------------- (b) pages

function runLoad(url: string, duration: number): Promise<LoadResult> {
  const options: LoadOptions = { url, connections: LOAD.connections, duration };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', LOAD_SCRIPT, JSON.stringify(options)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), (duration + 60) * 1000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || last === '') {
        reject(new Error(`load generator exited with ${signal ?? code}: ${out}`));
        return;
      }
      resolvePromise(JSON.parse(last) as LoadResult);
    });
  });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolvePromise(`http://127.0.0.1:${port}`);
    });
  });
}

async function pageBench(imported: Config | undefined): Promise<void> {
  console.log('## (b) page serving');
  const config = imported ?? tempDataDir().config;
  const app = await createApp(config);
  let bare: Server | undefined;
  try {
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    const base = address.replace('localhost', '127.0.0.1');
    // The largest of the first article pages linked from home: a real imported
    // article rather than a short welcome page when the corpus is there.
    const home = await (await fetch(`${base}/`)).text();
    const links = [...new Set([...home.matchAll(/href="(\/article\/[^"]+)"/gu)].map((m) => m[1]!))].slice(0, 12);
    if (links.length === 0) throw new Error('the home page links to no article');
    let chosen: { path: string; body: Buffer; contentType: string } | undefined;
    for (const link of links) {
      // identity: the uncompressed bytes autocannon gets (it sends no Accept-Encoding).
      const response = await fetch(`${base}${link}`, { headers: { 'accept-encoding': 'identity' } });
      if (response.status !== 200) throw new Error(`${link}: HTTP ${response.status}`);
      if (response.headers.get('content-encoding')) throw new Error(`${link}: compressed (${response.headers.get('content-encoding')}) despite identity`);
      const bytes = Buffer.from(await response.arrayBuffer());
      if (!chosen || bytes.length > chosen.body.length) {
        chosen = { path: link, body: bytes, contentType: response.headers.get('content-type') ?? 'text/html; charset=utf-8' };
      }
    }
    const { path, body, contentType } = chosen!;
    const url = `${base}${path}`;

    bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
      res.end(body);
    });
    const bareUrl = `${await listen(bare)}${path}`;
    const check = Buffer.from(await (await fetch(bareUrl)).arrayBuffer());
    if (!check.equals(body)) throw new Error('the bare server does not answer the same bytes');

    console.log(`data: ${imported ? 'the imported corpus' : 'the default site (no corpus)'}`);
    console.log(`page: ${decodeURIComponent(path)} (${num(body.length)} bytes, ${contentType})`);
    console.log(
      `load: autocannon in a child process, ${LOAD.connections} connections, ${LOAD.warmup} s warm-up then ${LOAD.duration} s, same for both; loopback only; latency resolution 1 ms`,
    );

    const results: Array<[string, LoadResult]> = [];
    for (const [name, target] of [
      ['jarida (fastify app)', url],
      ['bare node:http (same bytes)', bareUrl],
    ] as const) {
      await runLoad(target, LOAD.warmup);
      results.push([name, await runLoad(target, LOAD.duration)]);
    }
    const [jarida, reference] = [results[0]![1], results[1]![1]];
    console.log(
      formatTable(
        ['server', 'requests', 'req/s', 'latency mean', 'p50', 'p99', 'MB/s', 'errors', 'non-2xx'],
        results.map(([name, r]) => [
          name,
          num(r.requests),
          num(r.reqPerSec),
          `${num(r.latencyMean, 2)} ms`,
          `${num(r.latencyP50)} ms`,
          `${num(r.latencyP99)} ms`,
          num(r.bytesPerSec / 1024 / 1024, 1),
          num(r.errors + r.timeouts),
          num(r.non2xx),
        ]),
      ),
    );
    console.log(
      `jarida/bare: req/s ${ratio(jarida.reqPerSec, reference.reqPerSec)}, mean latency ${ratio(jarida.latencyMean, reference.latencyMean)}, p99 ${ratio(jarida.latencyP99, reference.latencyP99)}`,
    );
  } finally {
    await new Promise<void>((done) => (bare ? bare.close(() => done()) : done()));
    await app.close();
  }
}

// ---------------------------------------------------------------- (d) feeds

async function feedBench(imported: Config | undefined): Promise<void> {
  console.log('## (d) feed serving');
  const config = imported ?? tempDataDir().config;
  const app = await createApp(config);
  let bare: Server | undefined;
  try {
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    const base = address.replace('localhost', '127.0.0.1');
    const path = '/feed/rss';
    // identity: the uncompressed bytes autocannon gets (it sends no Accept-Encoding).
    const response = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity' } });
    if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
    const body = Buffer.from(await response.arrayBuffer());
    const contentType = response.headers.get('content-type') ?? 'application/rss+xml; charset=utf-8';
    const etag = response.headers.get('etag') ?? '';
    const conditional = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag } });
    bare = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
      res.end(body);
    });
    const bareUrl = `${await listen(bare)}${path}`;
    const check = Buffer.from(await (await fetch(bareUrl)).arrayBuffer());
    if (!check.equals(body)) throw new Error('the bare server does not answer the same bytes');

    console.log(`data: ${imported ? 'the imported corpus' : 'the default site (no corpus)'}`);
    console.log(`feed: ${path} (${num(body.length)} bytes, ${contentType}); a conditional GET with its ETag answers ${conditional.status}`);
    const results: Array<[string, LoadResult]> = [];
    for (const [name, target] of [
      ['jarida feed (fastify app)', `${base}${path}`],
      ['bare node:http (same bytes)', bareUrl],
    ] as const) {
      await runLoad(target, LOAD.warmup);
      results.push([name, await runLoad(target, LOAD.duration)]);
    }
    const [jarida, reference] = [results[0]![1], results[1]![1]];
    console.log(
      formatTable(
        ['server', 'requests', 'req/s', 'latency mean', 'p99', 'errors', 'non-2xx'],
        results.map(([name, r]) => [name, num(r.requests), num(r.reqPerSec), `${num(r.latencyMean, 2)} ms`, `${num(r.latencyP99)} ms`, num(r.errors + r.timeouts), num(r.non2xx)]),
      ),
    );
    console.log(`feed req/s jarida/bare: ${ratio(jarida.reqPerSec, reference.reqPerSec)}`);
  } finally {
    await new Promise<void>((done) => (bare ? bare.close(() => done()) : done()));
    await app.close();
  }
}

// ---------------------------------------------------------------- (e) near-duplicate stories

const FEEDS_DERIVED = resolve(ROOT, '../shared/corpus/feeds-derived');
const SAME_STORY_PAIRS = resolve(ROOT, 'test/fixtures/feeds/same-story-pairs.json');

interface Scores {
  tp: number;
  fp: number;
  fn: number;
}

function prf({ tp, fp, fn }: Scores): [string, string, string] {
  const p = tp + fp > 0 ? tp / (tp + fp) : NaN;
  const r = tp + fn > 0 ? tp / (tp + fn) : NaN;
  return [num(p, 2), num(r, 2), num((2 * p * r) / (p + r), 2)];
}

/** Best-F1 threshold of `score` over `rows` among `thresholds`. */
function bestThreshold<R extends { same: boolean }>(rows: readonly R[], score: (r: R) => number, thresholds: readonly number[]): number {
  let best = { f1: -1, t: thresholds[0] ?? 0 };
  for (const t of thresholds) {
    const tp = rows.filter((r) => r.same && score(r) >= t).length;
    const fp = rows.filter((r) => !r.same && score(r) >= t).length;
    const fn = rows.filter((r) => r.same && score(r) < t).length;
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    if (f1 > best.f1) best = { f1, t };
  }
  return best.t;
}

function nearDuplicateBench(): void {
  console.log('## (e) near-duplicate stories');
  if (!existsSync(FEEDS_DERIVED)) {
    console.log(`skipped: ${FEEDS_DERIVED} does not exist (the shared corpus sits beside the repo as ../shared).\n`);
    return;
  }
  const start = performance.now();
  const entries = new Map<string, { title: string; text: string; at: string }>();
  for (const file of readdirSync(FEEDS_DERIVED).filter((f) => /^ant-[A-Za-z0-9]+-[A-Za-z]+\.rss\.xml$/u.test(f))) {
    for (const e of parseFeedBytes(readFileSync(join(FEEDS_DERIVED, file)), { timeZone: 'UTC', where: file }).entries) {
      entries.set(e.guid, { title: e.title, text: storyText(e.title, e.html), at: e.published_at ?? '' });
    }
  }
  const fixture = JSON.parse(readFileSync(SAME_STORY_PAIRS, 'utf8')) as { pairs: Array<{ a: string; b: string; same_story: boolean }> };
  const headline = (t: string) => normalizedTerms(t).join(' ');
  const words = (t: string) => new Set(normalizedTerms(t));
  const jaccard = (a: Set<string>, b: Set<string>) => {
    let shared = 0;
    for (const x of a) if (b.has(x)) shared++;
    return shared / (a.size + b.size - shared || 1);
  };
  const sigs = new Map<string, Uint32Array | undefined>();
  const sig = (guid: string) => {
    if (!sigs.has(guid)) sigs.set(guid, minhash(entries.get(guid)?.text ?? ''));
    return sigs.get(guid);
  };
  const pairs = fixture.pairs.filter((p) => entries.has(p.a) && entries.has(p.b));
  const rows = pairs.map((p) => {
    const [a, b] = [entries.get(p.a)!, entries.get(p.b)!];
    const [sa, sb] = [sig(p.a), sig(p.b)];
    const keys = sa && sb ? new Set(bandKeys(sa)) : undefined;
    const hours = Math.abs(Date.parse(a.at) - Date.parse(b.at)) / 3_600_000;
    return {
      same: p.same_story,
      // A fixed half of the pairs (by their guids), for choosing a threshold on one half and measuring it on the other.
      half: [...`${p.a} ${p.b}`].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7) % 2,
      score: sa && sb ? similarity(sa, sb) : -1,
      timed: sa && sb ? storyScore(sa, a.at, sb, b.at) : -1,
      withinWindow: hours <= STORY_DECAY_HOURS,
      candidate: keys !== undefined && bandKeys(sb!).some((k) => keys.has(k)),
      exactHeadline: headline(a.title) === headline(b.title),
      headlineJaccard: jaccard(words(a.title), words(b.title)),
      opening: openingsAgree({ headline: a.title, text: a.text }, { headline: b.title, text: b.text }),
    };
  });
  type Row = (typeof rows)[number];
  const count = (decide: (r: Row) => boolean, of: readonly Row[] = rows): Scores => ({
    tp: of.filter((r) => r.same && decide(r)).length,
    fp: of.filter((r) => !r.same && decide(r)).length,
    fn: of.filter((r) => r.same && !decide(r)).length,
  });
  const positives = rows.filter((r) => r.same).length;
  console.log(
    `pairs: ${relative(ROOT, SAME_STORY_PAIRS)} — ${num(pairs.length)} of ${num(fixture.pairs.length)} found in ${relative(ROOT, FEEDS_DERIVED)} (${positives} same-story, ${pairs.length - positives} not; hard negatives are same-topic pairs, so precision here is lower than on a live stream)`,
  );
  const T = SAME_STORY_THRESHOLD;
  const S = SAME_STORY_SCORE;
  const system: Array<[string, Scores]> = [
    ['exact normalized headline (baseline)', count((r) => r.exactHeadline)],
    ['headline-word Jaccard ≥ 0.5 (baseline)', count((r) => r.headlineJaccard >= 0.5)],
    [`MinHash similarity ≥ ${T}, time ignored (before)`, count((r) => r.score >= T)],
    [`MinHash similarity ≥ ${T} within ${STORY_DECAY_HOURS} h`, count((r) => r.withinWindow && r.score >= T)],
    [`time-discounted score ≥ ${S} (storyScore)`, count((r) => r.timed >= S)],
    [`LSH candidate and score ≥ ${S} (the poller before the opening check)`, count((r) => r.candidate && r.timed >= S)],
    [`as the poller runs it: LSH candidate, score ≥ ${S}, openings agree`, count((r) => r.candidate && r.timed >= S && r.opening)],
  ];
  console.log(formatTable(['grouping rule', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1'], system.map(([name, s]) => [name, num(s.tp), num(s.fp), num(s.fn), ...prf(s)])));
  const thresholds = Array.from({ length: 31 }, (_, i) => Math.round((0.05 + i * 0.005) * 1000) / 1000);
  const sweep = [0.08, 0.09, 0.1, 0.105, 0.11, 0.115, 0.12, 0.13, 0.14, 0.16, 0.18].map((t) => {
    const s = count((r) => r.timed >= t);
    return [`${t.toFixed(3)}${t === S ? ' (chosen)' : ''}`, num(s.tp), num(s.fp), ...prf(s)];
  });
  console.log(formatTable(['storyScore threshold', 'TP', 'FP', 'precision', 'recall', 'F1'], sweep));
  // Held out: the threshold chosen (best F1) on one half, measured on the other, for both scores.
  const held: string[][] = [];
  for (const [name, score] of [
    ['similarity, time ignored', (r: Row) => r.score],
    ['storyScore (time-discounted)', (r: Row) => r.timed],
  ] as const) {
    for (const half of [0, 1]) {
      const tune = rows.filter((r) => r.half === half);
      const test = rows.filter((r) => r.half !== half);
      const t = bestThreshold(tune, score, thresholds);
      const s = count((r) => score(r) >= t, test);
      held.push([`${name}: chosen on half ${half + 1}, measured on half ${2 - half}`, t.toFixed(3), `${test.filter((r) => r.same).length}/${test.length}`, num(s.tp), num(s.fp), ...prf(s)]);
    }
  }
  console.log(formatTable(['threshold chosen on one half', 'threshold', 'same/pairs measured', 'TP', 'FP', 'precision', 'recall', 'F1'], held));
  // The opening check is not tuned, so each half is simply measured with and without it.
  const halves = [0, 1].flatMap((half) => {
    const of = rows.filter((r) => r.half === half);
    return [
      [`half ${half + 1}: LSH candidate and score ≥ ${S}`, `${of.filter((r) => r.same).length}/${of.length}`, count((r) => r.candidate && r.timed >= S, of)],
      [`half ${half + 1}: the same, openings agree`, `${of.filter((r) => r.same).length}/${of.length}`, count((r) => r.candidate && r.timed >= S && r.opening, of)],
    ] as const;
  });
  console.log(formatTable(['opening check by half', 'same/pairs', 'TP', 'FP', 'precision', 'recall', 'F1'], halves.map(([name, n, s]) => [name, n, num(s.tp), num(s.fp), ...prf(s)])));
  const found = rows.filter((r) => r.same && r.timed >= S);
  console.log(
    `LSH banding: ${found.filter((r) => r.candidate).length} of ${found.length} same-story pairs the score accepts share a band key; ${num((performance.now() - start) / 1000, 2)} s for the section.\n`,
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`# jarida bench — node ${process.version}, ${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), ${new Date().toISOString()}\n`);
  // `npm run bench -- --only e` (or `f`) runs only that section, which needs no import.
  const only = process.argv.indexOf('--only');
  if (only >= 0 && process.argv[only + 1] === 'e') {
    nearDuplicateBench();
    return;
  }
  if (only >= 0 && process.argv[only + 1] === 'f') {
    await ingestThroughputBench();
    return;
  }
  try {
    nearDuplicateBench();
    const imported = await importBench();
    await pageBench(imported);
    console.log('');
    await feedBench(imported);
    console.log('');
    await searchLatencyBench(imported?.dbFile);
    console.log('');
    await ingestThroughputBench();
  } finally {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
