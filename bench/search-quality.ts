// Arabic search quality (`npm run bench:search-quality`), about half a minute on 2 cores.
//
// Collection: XQuAD-R, Arabic (../shared/corpus/search-eval/xquad-r-ar.json from the
// repo root; see PROVENANCE.md there): 240 Wikipedia paragraphs, 1,190 questions,
// each answered by one paragraph. Each paragraph becomes a published article in a
// fresh temporary SQLite store, through `createArticle` (headline: the paragraph's
// first sentence, since the file's titles are English Wikipedia page names shared
// by several paragraphs; body: the paragraph as one <p>; excerpt derived by
// createArticle from the body, as for any article without one; one category).
// Each question is a query; the relevant document is its own paragraph.
// Scores: MRR@10 (1/rank of the paragraph when in the first 10, else 0, averaged),
// Success@10 and Success@1.
//
// Rows, all measured in this run on the same articles and the same FTS5 table
// (`article_search`, same columns, same BM25 field weights, same SearchRepo SQL):
// - "jarida": the real path, index rows written by createArticle, questions through
//   searchArticles (parseQuery: normalize, light stem, stopwords, quoted phrases).
// - Ablations: the FTS rows are rewritten by this bench with raw SQL (emptied with
//   FTS5 'delete-all', then one insert per article, every column filled as
//   `searchFields` fills it but with other terms), and the questions are parsed by
//   this bench into a ParsedQuery of the same shape and run through the same
//   `SearchRepo.search` that searchArticles calls (no snippets: they do not rank).
//   * analysis off: a plain tokenizer in every column and in queries — a word is a
//     run of letters/digits (\p{L}\p{N}) with the combining marks inside it (\p{M},
//     harakat kept), lowercased; nothing else (no NFKC, no alef/yeh/teh-marbuta
//     folding, no harakat/tatweel removal, no stemming, no stopwords).
//   * + normalization: jarida's normalized words (`normalizedTerms`) in the stemmed
//     columns too; query terms unstemmed; no stopwords.
//   * + light stemming: jarida's index; queries analyzed as parseQuery does but
//     without dropping stopwords.
//   * jarida without stemming: normalization + stopwords, no stemming.
//   * jarida, quotes ignored: quote characters removed from the question before
//     searchArticles (parseQuery otherwise reads quoted text as a phrase).
//   * jarida, no headline: the stemmed `title` column (and the title words of `exact`
//     and `headline`) left empty: the paragraph is indexed once in body/exact plus its
//     derived excerpt, closer to the plain-paragraph setup of the reference figures.
//   * jarida, any word only: jarida's index and parseQuery, ranked over articles with
//     ANY query word (the MATCH of `ftsExpression(q, 'any')` with the same BM25 order,
//     here in raw SQL), i.e. without SearchRepo's "all words first" pass.
// A control re-writes jarida's own rows (`searchFields`) through the raw-SQL path and
// checks searchArticles ranks every question exactly as on createArticle's rows.
//
// FTS5's bm25() has k1 = 1.2 and b = 0.75 built in; the PROVENANCE reference
// figures (plain BM25, k1 = 0.9, b = 0.4, paragraphs only) come from another engine
// and are printed for context only, not as a same-run reference.
//
// Benchmarks print; they never fail on quality.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { analyze, normalizedTerms } from '../src/arabic/analyzer.ts';
import { bodyText } from '../src/content/body-html.ts';
import type { Article } from '../src/content/types.ts';
import { createArticle } from '../src/content/use-cases/create-article.ts';
import { fixedClock } from '../src/core/clock.ts';
import { FIELD_WEIGHTS, SEARCH_FIELDS, type SearchFields, searchFields } from '../src/search/document.ts';
import { MAX_TERMS, type ParsedQuery, parseQuery, type QueryTerm } from '../src/search/query.ts';
import { searchArticles } from '../src/search/search-articles.ts';
import { isStopword } from '../src/search/stopwords.ts';
import { ftsExpression } from '../src/store/sqlite/sqlite-search.ts';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/sqlite-store.ts';
import { formatTable, num, ratio } from './table.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EVAL_FILE = resolve(ROOT, '../shared/corpus/search-eval/xquad-r-ar.json');

/** Cut-off of the scores. */
const K = 10;
/** Articles written per transaction. */
const BATCH = 200;
/** Publication time of every article and "now" of every search (recency is off anyway). */
const PUBLISHED_AT = '2024-01-01T00:00:00.000Z';
const NOW = '2024-06-01T00:00:00.000Z';
const TARGET_MRR = 0.93;

/** The PROVENANCE.md figures (another engine: plain BM25 k1=0.9 b=0.4, paragraphs only). */
const PROVENANCE_REFERENCE: ReadonlyArray<readonly [string, number]> = [
  ['no Arabic analysis', 0.866],
  ['normalization only', 0.868],
  ['Lucene light10 (normalize + light stem)', 0.912],
  ['Snowball Arabic', 0.918],
];

// ---------------------------------------------------------------- collection

interface SquadFile {
  data: Array<{ title?: string; paragraphs: Array<{ context: string; qas: Array<{ id: string; question: string }> }> }>;
}

interface Question {
  id: string;
  text: string;
  /** Index of its paragraph. */
  paragraph: number;
}

function loadCollection(file: string): { paragraphs: string[]; questions: Question[] } {
  const json = JSON.parse(readFileSync(file, 'utf8')) as SquadFile;
  const paragraphs: string[] = [];
  const questions: Question[] = [];
  for (const doc of json.data) {
    for (const p of doc.paragraphs) {
      const index = paragraphs.push(p.context.trim()) - 1;
      for (const qa of p.qas) questions.push({ id: qa.id, text: qa.question, paragraph: index });
    }
  }
  return { paragraphs, questions };
}

/** The first sentence of a paragraph (up to . ! ? ؟ before a space), at most 300 code points, cut on a space. */
function headlineOf(paragraph: string): string {
  const text = paragraph.replace(/\s+/gu, ' ').trim();
  const sentence = /^.*?[.!?؟](?= |$)/u.exec(text)?.[0] ?? text;
  const chars = [...sentence];
  if (chars.length <= 300) return sentence;
  const head = chars.slice(0, 300).join('');
  return head.slice(0, Math.max(head.lastIndexOf(' '), 1)).trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
}

// ---------------------------------------------------------------- analysis variants

/** The "analysis off" tokenizer: letter/digit runs with their inner marks, lowercased; nothing else. */
function plainTerms(text: string): string[] {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu) ?? []).map((w) => w.toLowerCase());
}

/** Quoted parts of a question, as parseQuery finds them. */
function quotedParts(q: string): string[] {
  return [...q.matchAll(/["“”«»]([^"“”«»]*)["“”«»]/gu)].map((m) => m[1] ?? '');
}

/** A ParsedQuery built like parseQuery's (dedup on `stem`, stopwords dropped unless nothing else, at most MAX_TERMS). */
function buildQuery(terms: QueryTerm[], phrases: string[][], dropStopwords: boolean): ParsedQuery {
  const seen = new Set<string>();
  const all = terms.filter((t) => (seen.has(t.stem) ? false : (seen.add(t.stem), true)));
  const content = dropStopwords ? all.filter((t) => !isStopword(t.norm)) : all;
  return { terms: (content.length > 0 ? content : all).slice(0, MAX_TERMS), phrases: phrases.slice(0, 4) };
}

/** Index fields with `words` (title/excerpt/body terms) in every stemmed column and `exact` as given. */
function fieldsWith(article: Article, stemmed: (text: string) => string[], exact: (text: string) => string[]): SearchFields {
  const text = bodyText(article.body);
  const join = (terms: string[]) => terms.join(' ');
  return {
    title: join(stemmed(article.title)),
    excerpt: join(stemmed(article.excerpt)),
    body: join(stemmed(text)),
    tags: '',
    source: '',
    exact: join([...exact(article.title), ...exact(article.excerpt), ...exact(text)]),
    headline: join([...new Set(exact(article.title))]),
  };
}

// ---------------------------------------------------------------- evaluation

interface Scores {
  mrr: number;
  s1: number;
  s10: number;
  /** Questions with no result at all. */
  empty: number;
  msPerQuery: number;
  /** Rank (1-based) of the relevant article per question, 0 when not in the first K. */
  ranks: number[];
  /** Result ids per question (for the control). */
  lists: string[];
}

async function evaluate(questions: readonly Question[], ids: readonly number[], run: (q: string) => Promise<number[]>): Promise<Scores> {
  const ranks: number[] = [];
  const lists: string[] = [];
  let empty = 0;
  const start = performance.now();
  for (const q of questions) {
    const hits = await run(q.text);
    if (hits.length === 0) empty++;
    ranks.push(hits.slice(0, K).indexOf(ids[q.paragraph]!) + 1);
    lists.push(hits.join(','));
  }
  const ms = performance.now() - start;
  const n = questions.length;
  return {
    mrr: ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n,
    s1: ranks.filter((r) => r === 1).length / n,
    s10: ranks.filter((r) => r > 0).length / n,
    empty,
    msPerQuery: ms / n,
    ranks,
    lists,
  };
}

/** Empties the FTS5 table and writes every article's row from `fields` (raw SQL, one transaction). */
function rewriteIndex(db: SQLite.Database, articles: readonly Article[], fields: (a: Article) => SearchFields): void {
  const clear = db.prepare(`insert into article_search(article_search) values ('delete-all')`);
  const insert = db.prepare(`insert into article_search (rowid, ${SEARCH_FIELDS.join(', ')}) values (?, ${SEARCH_FIELDS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    clear.run();
    for (const a of articles) {
      const f = fields(a);
      insert.run(a.id, ...SEARCH_FIELDS.map((k) => f[k]));
    }
  })();
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = performance.now();
  console.log('# jarida search quality — XQuAD-R Arabic, MRR@10\n');
  if (!existsSync(EVAL_FILE)) {
    console.log(`skipped: ${EVAL_FILE} does not exist (the shared corpus sits beside the repo as ../shared).`);
    return;
  }
  const { paragraphs, questions } = loadCollection(EVAL_FILE);
  console.log(`collection: ${relative(ROOT, EVAL_FILE)} — ${num(paragraphs.length)} paragraphs, ${num(questions.length)} questions`);

  const dir = mkdtempSync(join(tmpdir(), 'jarida-search-quality-'));
  let store: SqliteStore | undefined;
  let raw: SQLite.Database | undefined;
  try {
    const dbFile = join(dir, 'jarida.db');
    store = await openSqliteStore(dbFile);
    const s = store;
    const clock = fixedClock(NOW);
    // One category of our own: ensureDefaultSite would add its welcome articles to the index.
    const categoryId = await s.transaction((repos) => repos.categories.insert({ parent_id: null, slug: 'محلي', name: 'محلي', menu_order: 0 }));

    const indexStart = performance.now();
    const articles: Article[] = [];
    for (let from = 0; from < paragraphs.length; from += BATCH) {
      const chunk = paragraphs.slice(from, from + BATCH);
      articles.push(
        ...(await s.transaction(async (repos) => {
          const made: Article[] = [];
          for (const p of chunk) {
            made.push(
              await createArticle(repos, clock, {
                title: headlineOf(p),
                body: `<p>${escapeHtml(p)}</p>`,
                status: 'published',
                published_at: PUBLISHED_AT,
                category_id: categoryId,
              }),
            );
          }
          return made;
        })),
      );
    }
    const indexMs = performance.now() - indexStart;
    const ids = articles.map((a) => a.id);
    console.log(`indexed: ${num(articles.length)} articles through createArticle in ${num(indexMs)} ms; queries: searchArticles, limit ${K}, recency off\n`);

    const viaSearchArticles = (transform: (q: string) => string = (q) => q) => async (q: string) =>
      (await searchArticles(s.search, { q: transform(q), filters: {}, page: 1, limit: K, recency: false }, NOW)).results.map((r) => r.article.id);
    const viaRepo = (parse: (q: string) => ParsedQuery) => async (q: string) =>
      (await s.search.search({ query: parse(q), filters: {}, now: NOW, limit: K, offset: 0, recency: false, order: 'relevance' })).items.map((h) => h.id);

    // jarida, the real path.
    const jarida = await evaluate(questions, ids, viaSearchArticles());
    const noQuotes = await evaluate(questions, ids, viaSearchArticles((q) => q.replace(/["“”«»]/gu, ' ')));
    raw = new SQLite(dbFile);
    raw.pragma('busy_timeout = 5000');
    const db = raw;

    // "Any word" replay: the pre-"all words first" ranking, same MATCH terms and ORDER BY as SearchRepo.search.
    const bm25 = `bm25(article_search, ${SEARCH_FIELDS.map((f) => FIELD_WEIGHTS[f].toFixed(2)).join(', ')})`;
    const anyStatement = db.prepare(`select a.id from article_search cross join articles a on a.id = article_search.rowid
      where article_search match ? and a.status = 'published' and a.published_at <= ? order by ${bm25}, a.published_at desc limit ${K}`);
    const anyWord = await evaluate(questions, ids, async (q) => {
      const match = ftsExpression(parseQuery(q), 'any');
      return match === '' ? [] : (anyStatement.all(match, NOW) as Array<{ id: number }>).map((r) => r.id);
    });
    // How often SearchRepo's first pass (all words) found something.
    const allStatement = db.prepare(`select count(*) as n from article_search where article_search match ?`);
    const allWordsHit = questions.map((q) => {
      const parsed = parseQuery(q.text);
      return parsed.terms.length > 1 && (allStatement.get(ftsExpression(parsed, 'all')) as { n: number }).n > 0;
    });

    // Control: jarida's own rows, re-written through the raw-SQL path.
    rewriteIndex(db, articles, (a) => searchFields({ ...a, tags: [] }));
    const control = await evaluate(questions, ids, viaSearchArticles());
    const controlSame = control.lists.filter((l, i) => l === jarida.lists[i]).length;

    const noStopwords = await evaluate(
      questions,
      ids,
      viaRepo((q) => buildQuery(analyze(q).map((t) => ({ norm: t.norm, stem: t.stem })), parseQuery(q).phrases, false)),
    );

    rewriteIndex(db, articles, (a) => searchFields({ ...a, title: '', tags: [] }));
    const noHeadline = await evaluate(questions, ids, viaSearchArticles());

    rewriteIndex(db, articles, (a) => fieldsWith(a, normalizedTerms, normalizedTerms));
    const unstemmed = (q: string) => analyze(q).map((t) => ({ norm: t.norm, stem: t.norm }));
    const normalizeOnly = await evaluate(questions, ids, viaRepo((q) => buildQuery(unstemmed(q), parseQuery(q).phrases, false)));
    const noStemming = await evaluate(questions, ids, viaRepo((q) => buildQuery(unstemmed(q), parseQuery(q).phrases, true)));

    rewriteIndex(db, articles, (a) => fieldsWith(a, plainTerms, plainTerms));
    const plainPhrases = (q: string) => quotedParts(q).map(plainTerms).filter((p) => p.length >= 2);
    const analysisOff = await evaluate(
      questions,
      ids,
      viaRepo((q) => buildQuery(plainTerms(q).map((w) => ({ norm: w, stem: w })), plainPhrases(q), false)),
    );

    const row = (name: string, index: string, query: string, sc: Scores) => [
      name,
      index,
      query,
      sc.mrr.toFixed(3),
      ratio(sc.mrr, analysisOff.mrr, 3),
      sc.s10.toFixed(3),
      sc.s1.toFixed(3),
      num(sc.empty),
      num(sc.msPerQuery, 2),
    ];
    console.log(
      formatTable(
        ['configuration', 'index terms', 'query terms', `MRR@${K}`, 'vs off', `Success@${K}`, 'Success@1', 'no result', 'ms/query'],
        [
          row('analysis off (reference)', 'plain', 'plain, stopwords kept', analysisOff),
          row('+ normalization', 'normalized', 'normalized, stopwords kept', normalizeOnly),
          row('+ light stemming', 'jarida', 'analyzed, stopwords kept', noStopwords),
          row('+ stopwords = jarida (searchArticles)', 'jarida', 'parseQuery', jarida),
          row('jarida without stemming', 'normalized', 'normalized, stopwords dropped', noStemming),
          row('jarida, quotes ignored', 'jarida', 'parseQuery, no phrases', noQuotes),
          row('jarida, no headline field', 'jarida − title', 'parseQuery', noHeadline),
          row('jarida, any word only (raw SQL)', 'jarida', 'parseQuery, OR', anyWord),
        ],
      ),
    );
    console.log(
      `control: jarida's rows re-written by this bench's raw-SQL path rank ${num(controlSame)}/${num(questions.length)} questions identically (MRR@${K} ${control.mrr.toFixed(3)}).`,
    );
    const phraseQuestions = questions.filter((q) => parseQuery(q.text).phrases.length > 0).length;
    const allCount = allWordsHit.filter(Boolean).length;
    const mrrOf = (pick: (i: number) => boolean) => {
      const rs = jarida.ranks.filter((_, i) => pick(i));
      return rs.length === 0 ? NaN : rs.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / rs.length;
    };
    console.log(
      `queries: ${num(phraseQuestions)} questions hold a quoted phrase (parseQuery reads it as a phrase; see "quotes ignored"); ${num(allCount)} were answered by SearchRepo's all-words pass (jarida MRR@${K} on those ${num(mrrOf((i) => allWordsHit[i]!), 3)}, on the other ${num(questions.length - allCount)} ${num(mrrOf((i) => !allWordsHit[i]), 3)}).`,
    );
    const lost = questions.filter((_, i) => jarida.lists[i] === '');
    if (lost.length > 0) {
      console.log(`questions jarida answers with no result at all (${lost.length}): ${lost.map((q) => JSON.stringify(q.text)).join(' | ')}`);
    }
    const better = jarida.ranks.filter((r, i) => r > 0 && (analysisOff.ranks[i] === 0 || r < analysisOff.ranks[i]!)).length;
    const worse = jarida.ranks.filter((r, i) => analysisOff.ranks[i]! > 0 && (r === 0 || r > analysisOff.ranks[i]!)).length;
    console.log(`jarida vs analysis off, per question: relevant paragraph ranked higher for ${num(better)}, lower for ${num(worse)}.`);
    console.log(
      `for context only (another engine, not this run): ${PROVENANCE_REFERENCE.map(([name, v]) => `${name} ${v.toFixed(3)}`).join('; ')} — plain BM25 k1=0.9 b=0.4 on paragraphs; FTS5 bm25() here has k1=1.2 b=0.75.`,
    );
    console.log(
      `target MRR@${K} ≥ ${TARGET_MRR.toFixed(2)}: jarida ${jarida.mrr.toFixed(3)} (${jarida.mrr >= TARGET_MRR ? 'met' : `not met, ${(TARGET_MRR - jarida.mrr).toFixed(3)} short`}); analysis off ${analysisOff.mrr.toFixed(3)}, ratio ${ratio(jarida.mrr, analysisOff.mrr, 3)}.`,
    );
  } finally {
    raw?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

await main();
