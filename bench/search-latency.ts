// Search latency (part (c) of `npm run bench`; alone: `node --import tsx bench/search-latency.ts [jarida.sqlite to copy]`).
//
// Data: the store bench/run.ts imported from ../shared/corpus/news-normalized/articles.jsonl.gz
// (alone: a copy of the database given, else a fresh import through importCommand).
// 1. Index build: the FTS5 index emptied ('delete-all') and rebuilt through the real
//    write path — `repos.index.add(article, tags)` in store transactions of 500, as an
//    import writes it — timed as articles/s; beside it the analysis alone
//    (`searchFields`, no database) over the same articles.
// 2. Latency at the imported size: 1,000 searches (`searchArticles`, 20 results,
//    recency on, no filter) of 1–3 consecutive words of random published headlines,
//    and 1,000 suggestions (`suggestArticles`, 5 results) of 2–5-letter prefixes of
//    random headline words; seeded RNG, so every run asks the same. Reference,
//    interleaved with them: a trivial indexed lookup through the same store,
//    `store.articles.slugTaken(slug)` (select id from articles where slug = ? — the
//    store exposes no lookup by id that selects only the id; the slug index is unique),
//    on random real slugs. Every percentile is also printed as a ratio to the same
//    percentile of the reference.
// 3. Scale-up to 100,000 articles: the corpus repeated — article rows copied with
//    raw SQL (new ids, slug + `-cN`, no import key, same text, dates and tags), and
//    each copy indexed through `repos.index.add` in store transactions of 500 (the
//    analysis re-run per copy). Copies stop after COPY_BUDGET_S; then the size reached
//    is printed. Same queries measured again. Copies repeat the corpus's vocabulary,
//    so posting lists grow ~9× while the vocabulary does not: common words are
//    costlier than in 100k distinct articles, rare words as in the corpus.
// After the build and after the copies the index is compacted, as the import runner does
// at the end of a bulk import (ArticleIndexRepo.optimize: FTS5 'optimize').
// One warm-up pass of 50 of each call precedes every measurement. Sequential
// calls, one connection, wall time around each awaited call (performance.now()).
//
// Benchmarks print; they never fail on speed.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { importCommand } from '../src/cli/import-command.ts';
import { loadConfig } from '../src/config.ts';
import type { Article } from '../src/content/types.ts';
import { searchFields } from '../src/search/document.ts';
import { parseQuery } from '../src/search/query.ts';
import { searchArticles, suggestArticles } from '../src/search/search-articles.ts';
import { isStopword } from '../src/search/stopwords.ts';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { formatTable, num, ratio } from './table.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = resolve(ROOT, '../shared/corpus/news-normalized/articles.jsonl.gz');

const QUERIES = 1000;
const WARMUP = 50;
const SEARCH_LIMIT = 20;
const SEED = 20240601;
const SCALED_SIZE = 100_000;
/** Most seconds spent copying articles towards {@link SCALED_SIZE}. */
const COPY_BUDGET_S = 200;
/** Articles per transaction when (re)indexing. */
const BATCH = 500;
const TARGET_SEARCH_P95_MS = 20;
const TARGET_SUGGEST_P95_MS = 5;

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words of a headline as a reader would type them: letter/digit runs with their inner marks. */
function wordsOf(title: string): string[] {
  return title.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? [];
}

interface Timed {
  q: string;
  ms: number;
  /** CPU time of this process during the call (user + system): the work, without waiting for a busy machine. */
  cpuMs: number;
  /** Results (search: total matches; suggestions: suggestions shown). */
  n: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Stats {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(samples: readonly Timed[], of: (t: Timed) => number = (t) => t.ms): Stats {
  const sorted = samples.map(of).sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
}

function ms(n: number): string {
  return n < 10 ? `${num(n, 3)} ms` : `${num(n, 1)} ms`;
}

interface Workload {
  searches: string[];
  suggestions: string[];
  slugs: string[];
}

function workload(published: ReadonlyArray<{ slug: string; title: string }>): Workload {
  const random = rng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const searches: string[] = [];
  while (searches.length < QUERIES) {
    const words = wordsOf(pick(published).title);
    if (words.length === 0) continue;
    const n = Math.min(words.length, 1 + Math.floor(random() * 3));
    const start = Math.floor(random() * (words.length - n + 1));
    searches.push(words.slice(start, start + n).join(' '));
  }
  const suggestions: string[] = [];
  while (suggestions.length < QUERIES) {
    const letters = [...pick(wordsOf(pick(published).title).concat(['']))].filter((c) => /\p{L}/u.test(c));
    if (letters.length < 2) continue;
    suggestions.push(letters.slice(0, Math.min(letters.length, 2 + Math.floor(random() * 4))).join(''));
  }
  const slugs = Array.from({ length: QUERIES }, () => pick(published).slug);
  return { searches, suggestions, slugs };
}

interface Measured {
  articles: number;
  reference: Timed[];
  search: Timed[];
  suggest: Timed[];
}

/** Runs the workload interleaved (reference, search, suggestion), after a warm-up. */
async function measure(store: SqliteStore, work: Workload, now: string, articles: number): Promise<Measured> {
  const timed = async (q: string, call: () => Promise<number>): Promise<Timed> => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const n = await call();
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { q, ms, cpuMs: (used.user + used.system) / 1000, n };
  };
  const ref = (slug: string) => timed(slug, async () => ((await store.articles.slugTaken(slug)) ? 1 : 0));
  const search = (q: string) =>
    timed(q, async () => (await searchArticles(store.search, { q, filters: {}, page: 1, limit: SEARCH_LIMIT, recency: true }, now)).total);
  const suggest = (q: string) => timed(q, async () => (await suggestArticles(store.search, q, now)).length);
  for (let i = 0; i < WARMUP; i++) {
    await ref(work.slugs[i]!);
    await search(work.searches[i]!);
    await suggest(work.suggestions[i]!);
  }
  const out: Measured = { articles, reference: [], search: [], suggest: [] };
  for (let i = 0; i < QUERIES; i++) {
    out.reference.push(await ref(work.slugs[i]!));
    out.search.push(await search(work.searches[i]!));
    out.suggest.push(await suggest(work.suggestions[i]!));
  }
  return out;
}

/** Whether a search holds only stopwords (parseQuery then keeps them: they match most articles). */
function stopwordsOnly(q: string): boolean {
  const { terms } = parseQuery(q);
  return terms.length > 0 && terms.every((t) => isStopword(t.norm));
}

function latencyTable(m: Measured): string {
  const ref = stats(m.reference);
  const line = (name: string, samples: Timed[], target: string) => {
    const s = stats(samples);
    const c = stats(samples, (t) => t.cpuMs);
    return [
      name,
      num(samples.length),
      ms(s.mean),
      ms(s.p50),
      ms(s.p95),
      ms(s.p99),
      ms(s.max),
      ratio(s.p50, ref.p50, 1),
      ratio(s.p95, ref.p95, 1),
      ratio(s.p99, ref.p99, 1),
      `${ms(c.p50)} / ${ms(c.p95)}`,
      target,
    ];
  };
  return formatTable(
    ['call', 'calls', 'mean', 'p50', 'p95', 'p99', 'max', 'p50 / ref', 'p95 / ref', 'p99 / ref', 'CPU p50 / p95', 'target (at 100k)'],
    [
      line('reference: slugTaken (indexed lookup)', m.reference, '—'),
      line(`search: searchArticles, ${SEARCH_LIMIT} results`, m.search, `p95 ≤ ${TARGET_SEARCH_P95_MS} ms`),
      line('suggestions: suggestArticles, 5', m.suggest, `p95 ≤ ${TARGET_SUGGEST_P95_MS} ms`),
      line('  search, stopword-only queries', m.search.filter((t) => stopwordsOnly(t.q)), '(subset)'),
      line('  search, queries with a content word', m.search.filter((t) => !stopwordsOnly(t.q)), '(subset)'),
    ],
  );
}

/** The `count` slowest distinct texts (each at its slowest). */
function slowest(samples: readonly Timed[], count: number): string {
  const worst = new Map<string, Timed>();
  for (const s of samples) if ((worst.get(s.q)?.ms ?? -1) < s.ms) worst.set(s.q, s);
  return [...worst.values()]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map((s) => `${JSON.stringify(s.q)} ${ms(s.ms)} (${num(s.n)} ${s.n === 1 ? 'result' : 'results'})`)
    .join('; ');
}

/** Loads every article (by id) with its tag names. */
async function loadArticles(store: SqliteStore, raw: SQLite.Database): Promise<Array<{ article: Article; tags: string[] }>> {
  const tags = new Map<number, string[]>();
  const rows = raw
    .prepare('select at.article_id as id, t.name as name from article_tags at join tags t on t.id = at.tag_id order by at.article_id, at.position')
    .all() as Array<{ id: number; name: string }>;
  for (const r of rows) tags.set(r.id, [...(tags.get(r.id) ?? []), r.name]);
  const out: Array<{ article: Article; tags: string[] }> = [];
  for (let after = 0; ; ) {
    const batch = await store.articles.batchAfter(after, 2000);
    if (batch.length === 0) break;
    for (const article of batch) out.push({ article, tags: tags.get(article.id) ?? [] });
    after = batch[batch.length - 1]!.id;
  }
  return out;
}

/** Indexes `items` through `repos.index.add`, {@link BATCH} per store transaction. */
async function indexThroughStore(store: SqliteStore, items: ReadonlyArray<{ article: Article; tags: string[] }>): Promise<void> {
  for (let from = 0; from < items.length; from += BATCH) {
    const chunk = items.slice(from, from + BATCH);
    await store.transaction(async (repos) => {
      for (const { article, tags } of chunk) await repos.index.add(article, tags);
    });
  }
}

/** Part (c) of the bench, over the jarida database `dbFile` (modified: copies are added). */
export async function searchLatencyBench(dbFile: string | undefined): Promise<void> {
  console.log('## (c) search latency');
  if (dbFile === undefined || !existsSync(dbFile)) {
    console.log('skipped: no imported corpus (the shared corpus sits beside the repo as ../shared).\n');
    return;
  }
  const started = performance.now();
  const store = await openSqliteStore(dbFile);
  const raw = new SQLite(dbFile);
  raw.pragma('busy_timeout = 5000');
  try {
    const now = new Date().toISOString();
    const published = raw
      .prepare(`select slug, title from articles where status = 'published' and published_at <= ? order by id`)
      .all(now) as Array<{ slug: string; title: string }>;
    const work = workload(published);

    // 1. Index build at the imported size.
    const originals = await loadArticles(store, raw);
    const analysisStart = performance.now();
    for (const { article, tags } of originals) searchFields({ ...article, tags });
    const analysisMs = performance.now() - analysisStart;
    raw.prepare(`insert into article_search(article_search) values ('delete-all')`).run();
    const buildStart = performance.now();
    await indexThroughStore(store, originals);
    const buildMs = performance.now() - buildStart;
    // As an import ends: the index compacted (ArticleIndexRepo.optimize).
    await store.transaction((repos) => repos.index.optimize());

    // 2. Latency at the imported size.
    const small = await measure(store, work, now, originals.length);

    // 3. Copies up to SCALED_SIZE.
    const columns = (raw.prepare(`pragma table_info(articles)`).all() as Array<{ name: string }>).map((c) => c.name);
    const maxId = originals[originals.length - 1]?.article.id ?? 0;
    const stride = 10 ** String(maxId).length;
    const selectList = columns
      .map((c) => (c === 'id' ? 'id + @offset' : c === 'slug' ? `slug || @suffix` : c === 'import_key' ? 'null' : c))
      .join(', ');
    const copyRows = raw.prepare(`insert into articles (${columns.join(', ')}) select ${selectList} from articles where id >= @from and id <= @to`);
    const copyTags = raw.prepare(
      `insert into article_tags (article_id, tag_id, position) select article_id + @offset, tag_id, position from article_tags where article_id >= @from and article_id <= @to`,
    );
    let total = originals.length;
    const copyStart = performance.now();
    let outOfTime = false;
    for (let round = 1; total < SCALED_SIZE && !outOfTime; round++) {
      const offset = round * stride;
      const suffix = `-c${round}`;
      for (let from = 0; from < originals.length && total < SCALED_SIZE; from += BATCH) {
        if ((performance.now() - copyStart) / 1000 > COPY_BUDGET_S) {
          outOfTime = true;
          break;
        }
        const chunk = originals.slice(from, Math.min(from + BATCH, from + SCALED_SIZE - total));
        const first = chunk[0]!.article.id;
        const last = chunk[chunk.length - 1]!.article.id;
        raw.transaction(() => {
          copyRows.run({ offset, suffix, from: first, to: last });
          copyTags.run({ offset, from: first, to: last });
        })();
        await indexThroughStore(
          store,
          chunk.map(({ article, tags }) => ({ article: { ...article, id: article.id + offset, slug: article.slug + suffix, import_key: null }, tags })),
        );
        total += chunk.length;
      }
    }
    const copyMs = performance.now() - copyStart;
    const optimizeStart = performance.now();
    await store.transaction((repos) => repos.index.optimize());
    const optimizeMs = performance.now() - optimizeStart;
    const counted = (raw.prepare('select count(*) as n from articles').get() as { n: number }).n;
    const large = await measure(store, work, now, counted);

    console.log(
      `data: ${num(originals.length)} imported articles (${num(published.length)} published); workload: ${num(QUERIES)} searches of 1–3 headline words, ${num(QUERIES)} suggestion prefixes of 2–5 letters, seed ${SEED}; ${WARMUP} warm-up calls of each first`,
    );
    console.log(
      formatTable(
        ['index build', 'articles', 'time', 'articles/s', 'vs analysis alone'],
        [
          ['analysis alone (searchFields, no database)', num(originals.length), `${num(analysisMs / 1000, 2)} s`, num(originals.length / (analysisMs / 1000)), '1.00'],
          [
            'build: repos.index.add, 500 per transaction',
            num(originals.length),
            `${num(buildMs / 1000, 2)} s`,
            num(originals.length / (buildMs / 1000)),
            ratio(originals.length / (buildMs / 1000), originals.length / (analysisMs / 1000)),
          ],
          [
            `copies up to ${num(counted)} (rows + repos.index.add)`,
            num(counted - originals.length),
            `${num(copyMs / 1000, 2)} s`,
            num((counted - originals.length) / (copyMs / 1000)),
            ratio((counted - originals.length) / (copyMs / 1000), originals.length / (analysisMs / 1000)),
          ],
        ],
      ),
    );
    console.log(`index compacted after the copies (ArticleIndexRepo.optimize, as a bulk import ends): ${num(optimizeMs / 1000, 2)} s`);
    if (counted < SCALED_SIZE) console.log(`scale-up stopped after ${COPY_BUDGET_S} s at ${num(counted)} articles, short of ${num(SCALED_SIZE)}.`);
    for (const m of [small, large]) {
      console.log(`\n### ${num(m.articles)} articles`);
      console.log(latencyTable(m));
      console.log(`slowest searches: ${slowest(m.search, 5)}`);
      console.log(`slowest searches with a content word: ${slowest(m.search.filter((t) => !stopwordsOnly(t.q)), 5)}`);
      console.log(`slowest suggestions: ${slowest(m.suggest, 5)}`);
    }
    const search = stats(large.search);
    const suggest = stats(large.suggest);
    const searchCpu = stats(large.search, (t) => t.cpuMs);
    const suggestCpu = stats(large.suggest, (t) => t.cpuMs);
    const load = loadavg()[0] ?? 0;
    console.log(
      `\ntargets at ${num(counted)} articles: search p95 ${ms(search.p95)} (target ≤ ${TARGET_SEARCH_P95_MS} ms: ${search.p95 <= TARGET_SEARCH_P95_MS ? 'met' : 'not met'}), suggestions p95 ${ms(suggest.p95)} (target ≤ ${TARGET_SUGGEST_P95_MS} ms: ${suggest.p95 <= TARGET_SUGGEST_P95_MS ? 'met' : 'not met'})`,
    );
    console.log(
      `CPU time per call at ${num(counted)} articles (what the call costs when the machine is not shared): search p95 ${ms(searchCpu.p95)}, suggestions p95 ${ms(suggestCpu.p95)}; load average at the end ${num(load, 2)} on ${cpus().length} CPU(s)${load > cpus().length ? ' — the machine was busy: wall times include waiting for a CPU' : ''}`,
    );
    console.log(`time: ${num((performance.now() - started) / 1000, 1)} s\n`);
  } finally {
    raw.close();
    await store.close();
  }
}

// Alone: a copy of the database given as argument, else a fresh import of the corpus.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dir = mkdtempSync(join(tmpdir(), 'jarida-search-latency-'));
  try {
    const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: dir, logLevel: 'silent' } });
    const given = process.argv[2];
    if (given) {
      copyFileSync(given, config.dbFile);
      await searchLatencyBench(config.dbFile);
    } else if (existsSync(CORPUS)) {
      await importCommand(config, [CORPUS], { out: () => {}, err: () => {}, tty: false });
      await searchLatencyBench(config.dbFile);
    } else {
      await searchLatencyBench(undefined);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
