import { type Kysely, sql } from 'kysely';
import type { ArticleIndexRepo } from '../../content/repos.ts';
import type { ArticleSummary } from '../../content/types.ts';
import { FIELD_WEIGHTS, SEARCH_FIELDS, searchFields } from '../../search/document.ts';
import type { ParsedQuery } from '../../search/query.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchHit, type SearchLimits, type SearchPage, type SearchRepo, type SearchRequest, type SimilarCandidate } from '../../search/search-repo.ts';
import type { Database } from '../schema.ts';

/** Matches a suggestion looks at, newest indexed first. */
const SUGGEST_CANDIDATES = 300;

/** Columns an article summary is read with (aliased `a`). */
const SUMMARY = sql.raw(
  'a.id, a.slug, a.title, a.excerpt, a.published_at, a.category_id, a.source_name, a.featured_image_url, a.featured_image_alt',
);

/** `bm25(article_search, …)` with the field weights, in column order. Lower is better. */
const BM25 = sql.raw(`bm25(article_search, ${SEARCH_FIELDS.map((f) => FIELD_WEIGHTS[f].toFixed(2)).join(', ')})`);

/** An FTS5 string literal: terms hold only letters and digits, quotes are doubled all the same. */
function quote(term: string): string {
  return `"${term.replace(/"/gu, '""')}"`;
}

/**
 * The FTS5 MATCH expression of a parsed query: each term as its stem in the
 * stemmed columns or its normalized form in `exact`, all of them (`all`) or
 * any (`any`; BM25 then ranks articles with more, rarer, better-placed terms
 * first); quoted phrases are required in `all` mode and add to the score in
 * `any` mode. User text never
 * reaches FTS5 syntax: only analyzer terms, quoted.
 */
export function ftsExpression(query: ParsedQuery, mode: 'all' | 'any' = 'any'): string {
  const terms = query.terms.map((t) => `({title excerpt body tags source}: ${quote(t.stem)} OR exact: ${quote(t.norm)})`);
  const phrases = query.phrases.map((p) => `exact: ${quote(p.join(' '))}`);
  if (mode === 'any') {
    // Nothing has every word: a quoted phrase then only adds to the score.
    const parts = [...phrases, ...terms];
    return parts.length > 0 ? `(${parts.join(' OR ')})` : '';
  }
  const all = terms.length > 0 ? `(${terms.join(' AND ')})` : '';
  return [...phrases, ...(all ? [all] : [])].join(' AND ');
}

/** The search index in an FTS5 table (rowid = article id), written through `db` (a transaction when called from one). */
export function sqliteIndexRepo(db: Kysely<Database>): ArticleIndexRepo {
  const add: ArticleIndexRepo['add'] = async (article, tags) => {
    const f = searchFields({ ...article, tags });
    await sql`insert into article_search (rowid, title, excerpt, body, tags, source, exact, headline)
      values (${article.id}, ${f.title}, ${f.excerpt}, ${f.body}, ${f.tags}, ${f.source}, ${f.exact}, ${f.headline})`.execute(db);
  };
  return {
    add,
    async sync(article, tags) {
      // A delete in a contentless-delete table leaves a tombstone: only when the row is there.
      const present = await sql`select rowid from article_search where rowid = ${article.id}`.execute(db);
      if (present.rows.length > 0) await sql`delete from article_search where rowid = ${article.id}`.execute(db);
      await add(article, tags);
    },
    async remove(articleId) {
      await sql`delete from article_search where rowid = ${articleId}`.execute(db);
    },
    async setRelated(articleId, related) {
      await db.deleteFrom('article_related_auto').where('article_id', '=', articleId).execute();
      if (related.length === 0) return;
      await db
        .insertInto('article_related_auto')
        .values(related.map((r, position) => ({ article_id: articleId, related_id: r.id, position, score: r.score })))
        .execute();
    },
    async optimize() {
      await sql`insert into article_search(article_search) values ('optimize')`.execute(db);
    },
    async relatedIds(articleId) {
      const rows = await db.selectFrom('article_related_auto').select('related_id').where('article_id', '=', articleId).orderBy('position').execute();
      return rows.map((r) => r.related_id);
    },
  };
}

/**
 * Ranked queries over the FTS5 index. Every query joins with CROSS JOIN: it
 * makes the full-text match the outer loop. With a plain join SQLite may walk
 * `articles` by its (status, published_at) index and run the MATCH once per
 * row, measured here at seconds instead of milliseconds.
 */
export function sqliteSearchRepo(db: Kysely<Database>, limits: SearchLimits = DEFAULT_SEARCH_LIMITS): SearchRepo {
  const { rankWindow: RANK_WINDOW, countCap: COUNT_CAP } = limits;
  return {
    async search(req: SearchRequest): Promise<SearchPage> {
      if (ftsExpression(req.query) === '') return { items: [], total: 0, total_exact: true };
      const f = req.filters;
      const where = (match: string) => sql.join(
        [
          sql`article_search match ${match}`,
          sql`a.status = 'published'`,
          sql`a.published_at <= ${req.now}`,
          ...(f.category_ids ? [sql`a.category_id in (${sql.join(f.category_ids.length > 0 ? f.category_ids : [-1])})`] : []),
          ...(f.from ? [sql`a.published_at >= ${f.from}`] : []),
          ...(f.to ? [sql`a.published_at < ${f.to}`] : []),
          ...(f.source ? [sql`a.source_name = ${f.source}`] : []),
        ],
        sql` and `,
      );
      // Matches joined to the narrow covering index, never to the wide article rows (the
      // body comes before the status column: reading a row walks its overflow pages).
      const matches = (match: string) => sql`article_search cross join articles a indexed by articles_search_filter on a.id = article_search.rowid where ${where(match)}`;
      const ranked = req.order === 'relevance';
      type Row = { id: number; published_at: string; score: number };
      // The newest RANK_WINDOW matches, scored when `scored` (bm25() costs microseconds a row).
      const window = async (match: string, scored: boolean) =>
        (
          await sql<Row>`select article_search.rowid as id, a.published_at as published_at,
            ${scored ? BM25 : sql`0`} as score from ${matches(match)} order by article_search.rowid desc limit ${RANK_WINDOW}`.execute(db)
        ).rows;
      // Recency: up to half again the text score for today's news, fading over about a month.
      // bm25() is negative: lower is better.
      const nowMs = Date.parse(req.now);
      const factor = (at: string) => (req.recency ? 1 + 0.5 / (1 + Math.max(0, nowMs - Date.parse(at)) / 86_400_000 / 30) : 1);
      const rank = (rows: Row[]) =>
        ranked
          ? rows
              .map((r) => ({ ...r, score: r.score * factor(r.published_at) }))
              .sort((x, y) => x.score - y.score || (x.published_at < y.published_at ? 1 : x.published_at > y.published_at ? -1 : 0))
          : rows;

      // Articles with every word come first, then those with some of them (coordination
      // before BM25, as a reader expects); each part ranked within the newest RANK_WINDOW.
      const allMatch = ftsExpression(req.query, 'all');
      const every = rank(await window(allMatch, ranked));
      // A quoted phrase is required of the articles with every word (they come first) and only
      // adds to the score of the rest: readers' quotes are often inexact (measured on XQuAD-R:
      // requiring them everywhere lowers MRR@10 from 0.932 to 0.923).
      const anyMatch = req.query.terms.length + req.query.phrases.length > 1 ? ftsExpression(req.query, 'any') : allMatch;
      const end = req.offset + req.limit;
      // Scores only when the page reaches past the articles with every word.
      const some = anyMatch === allMatch ? every : rank(await window(anyMatch, ranked && end > every.length));
      const first = new Set(every.map((r) => r.id));
      const list = anyMatch === allMatch ? every : [...every, ...some.filter((r) => !first.has(r.id))];
      // Older matches than the window, newest first, not already listed.
      const oldest = some.length < RANK_WINDOW ? 0 : Math.min(...some.map((r) => r.id));
      const listedOlder = every.filter((r) => r.id < oldest).map((r) => r.id);
      const olderThan = sql`${matches(anyMatch)} and article_search.rowid < ${oldest}${listedOlder.length > 0 ? sql` and article_search.rowid not in (${sql.join(listedOlder)})` : sql``}`;
      const older =
        oldest === 0
          ? 0
          : Number((await sql<{ n: number }>`select count(*) as n from (select 1 from ${olderThan} limit ${Math.max(0, COUNT_CAP - list.length) + 1})`.execute(db)).rows[0]?.n ?? 0);
      const found = list.length + older;
      const page = { total: Math.min(found, COUNT_CAP), total_exact: found <= COUNT_CAP };
      const last = Math.min(end, page.total);
      const ids = list.slice(req.offset, last).map((r) => r.id);
      if (last > list.length) {
        const from = Math.max(req.offset, list.length) - list.length;
        const rest = await sql<{ id: number }>`select article_search.rowid as id from ${olderThan}
          order by article_search.rowid desc limit ${last - list.length - from} offset ${from}`.execute(db);
        ids.push(...rest.rows.map((r) => r.id));
      }
      if (ids.length === 0) return { items: [], ...page };
      const hits = await sql<SearchHit>`select ${SUMMARY}, a.body from articles a where a.id in (${sql.join(ids)})`.execute(db);
      const byId = new Map(hits.rows.map((r) => [r.id, r]));
      return { items: ids.flatMap((id) => byId.get(id) ?? []), ...page };
    },

    async suggest(prefix, words, now, limit) {
      if (prefix === '') return [];
      const parts = [`headline: ${quote(prefix)} *`, ...words.map((w) => `title: ${quote(w)}`)];
      // Short prefixes match much of the index: look at the most recently indexed matches
      // only (FTS5 walks rowids in order), then order those by publication time.
      const rows = await sql<ArticleSummary>`select ${SUMMARY} from
        (select rowid from article_search where article_search match ${parts.join(' AND ')} order by rowid desc limit ${SUGGEST_CANDIDATES}) s
        cross join articles a on a.id = s.rowid
        where a.status = 'published' and a.published_at <= ${now}
        order by a.published_at desc limit ${limit}`.execute(db);
      return rows.rows;
    },

    async documentFrequencies(terms) {
      const df = new Map<string, number>();
      if (terms.length > 0) {
        const rows = await sql<{ term: string; doc: number }>`select term, doc from article_search_vocab where term in (${sql.join([...terms])})`.execute(db);
        for (const r of rows.rows) df.set(r.term, Number(r.doc));
      }
      // Called once per article when read-also lists are computed: the highest id (one
      // index lookup) stands in for the count (a table scan); deletions make it a slight overestimate.
      const total = await db.selectFrom('articles').select((eb) => eb.fn.max('id').as('n')).executeTakeFirstOrThrow();
      return { total: Number(total.n ?? 0), df };
    },

    async similar(query, excludeId, now, limit) {
      const match = ftsExpression(query);
      if (match === '') return [];
      const rows = await sql<SimilarCandidate>`select a.id, a.category_id, a.published_at, a.title, -c.score as score from
        (select article_search.rowid as id, ${BM25} as score
         from article_search cross join articles f indexed by articles_search_filter on f.id = article_search.rowid
         where article_search match ${match} and f.id <> ${excludeId} and f.status = 'published' and f.published_at <= ${now}
         order by score limit ${limit}) c
        cross join articles a on a.id = c.id order by c.score`.execute(db);
      return rows.rows;
    },
  };
}
