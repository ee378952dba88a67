import { type Kysely, sql } from 'kysely';
import type { ArticleIndexRepo } from '../../content/repos.ts';
import type { ArticleSummary } from '../../content/types.ts';
import { FIELD_WEIGHTS, SEARCH_FIELDS, searchFields } from '../../search/document.ts';
import type { ParsedQuery } from '../../search/query.ts';
import type { SearchHit, SearchRepo, SearchRequest, SimilarCandidate } from '../../search/search-repo.ts';
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
export function sqliteSearchRepo(db: Kysely<Database>): SearchRepo {
  return {
    async search(req: SearchRequest) {
      if (ftsExpression(req.query) === '') return { items: [], total: 0 };
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
      // Recency: up to half again the text score for today's news, fading over about a month.
      const order = req.recency
        ? sql`${BM25} * (1.0 + 0.5 / (1.0 + max(0.0, julianday(${req.now}) - julianday(a.published_at)) / 30.0))`
        : BM25;
      const count = async (match: string) =>
        Number(
          (await sql<{ n: number }>`select count(*) as n from article_search cross join articles a on a.id = article_search.rowid where ${where(match)}`.execute(db))
            .rows[0]?.n ?? 0,
        );
      // Articles with every word when there are any (and the query is cheap: posting lists
      // intersect); otherwise articles with any of them, the best first.
      let match = ftsExpression(req.query, 'all');
      let total = await count(match);
      if (total === 0 && req.query.terms.length + req.query.phrases.length > 1) {
        match = ftsExpression(req.query, 'any');
        total = await count(match);
      }
      if (total === 0) return { items: [], total: 0 };
      const rows = await sql<SearchHit>`select ${SUMMARY}, a.body from article_search cross join articles a on a.id = article_search.rowid
        where ${where(match)} order by ${order}, a.published_at desc limit ${req.limit} offset ${req.offset}`.execute(db);
      return { items: rows.rows, total };
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
      const rows = await sql<SimilarCandidate>`select a.id, a.category_id, a.published_at, a.title, -${BM25} as score
        from article_search cross join articles a on a.id = article_search.rowid
        where article_search match ${match} and a.id <> ${excludeId} and a.status = 'published' and a.published_at <= ${now}
        order by ${BM25} limit ${limit}`.execute(db);
      return rows.rows;
    },
  };
}
