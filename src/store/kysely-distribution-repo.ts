import { type Kysely, sql } from 'kysely';
import type { Author, Tag } from '../content/types.ts';
import type { DistributionRepo, WebhookRepo } from '../distribution/distribution-repo.ts';
import type { Database } from './schema.ts';
import { type ArticlesQuery, narrowed, published } from './article-queries.ts';

/** Published, with this site as canonical (republished items point at their source). */
function own(q: ArticlesQuery, now: string): ArticlesQuery {
  return published(q, now).where('articles.source_url', 'is', null);
}

/** Feeds' and sitemaps' queries, written once for every Kysely dialect. */
export function distributionRepo(db: Kysely<Database>): DistributionRepo {
  // `in (subquery)`: SQLite builds the set of ids once instead of probing per row.
  const listedIds = (kind: 'tags' | 'authors', now: string) =>
    kind === 'tags'
      ? published(db.selectFrom('articles'), now)
          .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
          .select('article_tags.tag_id as id')
      : published(db.selectFrom('articles'), now).where('articles.author_id', 'is not', null).select('articles.author_id as id');
  const table = (kind: 'tags' | 'authors') => db.selectFrom(kind === 'tags' ? ('tags' as const) : ('authors' as const));

  return {
    async feedArticles(f) {
      const q = narrowed(published(db.selectFrom('articles'), f.now), f);
      return q.selectAll('articles').orderBy('articles.published_at', 'desc').orderBy('articles.id', 'desc').limit(f.limit).execute();
    },
    async tagsOfArticles(ids) {
      const out = new Map<number, Tag[]>();
      if (ids.length === 0) return out;
      const rows = await db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select(['article_tags.article_id', 'tags.id', 'tags.slug', 'tags.name'])
        .where('article_tags.article_id', 'in', ids)
        .orderBy('article_tags.article_id')
        .orderBy('article_tags.position')
        .execute();
      for (const { article_id, ...tag } of rows) {
        const list = out.get(article_id) ?? [];
        list.push(tag);
        out.set(article_id, list);
      }
      return out;
    },
    async authorsByIds(ids) {
      if (ids.length === 0) return new Map<number, Author>();
      const rows = await db.selectFrom('authors').selectAll().where('id', 'in', ids).execute();
      return new Map(rows.map((a) => [a.id, a]));
    },
    async articleSitemapChunks(now, size) {
      const numbered = own(db.selectFrom('articles'), now).select((eb) => [
        'articles.updated_at',
        eb.fn.agg<number>('row_number').over((o) => o.orderBy('articles.id')).as('rn'),
      ]);
      // A literal, not a parameter: better-sqlite3 binds numbers as reals, and the division must be an integer one.
      const per = sql.lit(Math.max(1, Math.floor(size)));
      const rows = await db
        .selectFrom(numbered.as('n'))
        .select((eb) => [sql<number>`(n.rn - 1) / ${per} + 1`.as('number'), eb.fn.max('n.updated_at').as('lastmod')])
        .groupBy(sql`(n.rn - 1) / ${per}`)
        .orderBy('number')
        .execute();
      return rows.map((r) => ({ number: Number(r.number), lastmod: r.lastmod }));
    },
    sitemapArticles: (now, offset, limit) =>
      own(db.selectFrom('articles'), now).select(['articles.slug', 'articles.updated_at']).orderBy('articles.id').limit(limit).offset(offset).execute(),
    async countListed(kind, now) {
      const r = await table(kind)
        .where('id', 'in', listedIds(kind, now))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async listedSlugs(kind, now, offset, limit) {
      const rows = await table(kind)
        .where('id', 'in', listedIds(kind, now))
        .select('slug')
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
      return rows.map((r) => r.slug);
    },
    newsArticles: (from, to, offset, limit) =>
      own(db.selectFrom('articles'), to)
        .where('articles.published_at', '>=', from)
        .select(['articles.id', 'articles.slug', 'articles.title', 'articles.published_at'])
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute() as Promise<Array<{ id: number; slug: string; title: string; published_at: string }>>,
    async countNewsArticles(from, to) {
      const r = await own(db.selectFrom('articles'), to)
        .where('articles.published_at', '>=', from)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

/** The webhook cursor and delivery tables. */
export function webhookRepo(db: Kysely<Database>): WebhookRepo {
  return {
    async cursor(name) {
      const r = await db.selectFrom('event_cursors').select('last_event_id').where('name', '=', name).executeTakeFirst();
      return r === undefined ? undefined : Number(r.last_event_id);
    },
    async setCursor(name, lastEventId) {
      await db
        .insertInto('event_cursors')
        .values({ name, last_event_id: lastEventId })
        .onConflict((oc) => oc.column('name').doUpdateSet({ last_event_id: lastEventId }))
        .execute();
    },
    async lastEventId() {
      const r = await db.selectFrom('article_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
      return Number(r?.id ?? 0);
    },
    async addDeliveries(rows) {
      if (rows.length === 0) return;
      await db
        .insertInto('webhook_deliveries')
        .values(rows.map((r) => ({ ...r, status: 'pending' as const, attempts: 0 })))
        .onConflict((oc) => oc.columns(['event_id', 'url']).doNothing())
        .execute();
    },
    due: (now, limit) =>
      db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .execute(),
    async nextDueAt() {
      const r = await db
        .selectFrom('webhook_deliveries')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return r?.at ?? null;
    },
    async update(id, patch) {
      await db.updateTable('webhook_deliveries').set(patch).where('id', '=', id).execute();
    },
    findById: (id) => db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst(),
    ofEvent: (eventId) => db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', eventId).orderBy('id').execute(),
  };
}
