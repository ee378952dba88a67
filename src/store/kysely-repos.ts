import { type Kysely, sql } from 'kysely';
import type { ArticleIndexRepo, ArticleRepo, AuthorRepo, CategoryRepo, PublishedFilter, Repos, SettingsRepo, TagRepo } from '../content/repos.ts';
import type { ArticleEventRepo } from '../content/article-events.ts';
import type { ArticleRevisionRepo, ArticleSnapshot, SnapshotField } from '../content/article-revisions.ts';
import type { SiteSettings } from '../content/site-settings.ts';
import type { ArticleSummary } from '../content/types.ts';
import type { Database } from './schema.ts';
import { type ArticlesQuery, narrowed, published } from './article-queries.ts';
import { distributionRepo, webhookRepo } from './kysely-distribution-repo.ts';
import { likePattern, loginAttemptRepo, sessionRepo, userRepo } from './account-repos.ts';
import { mediaRepo } from './media-repo.ts';
import { feedRepo } from './feed-repo.ts';
import { redirectRepo } from './redirect-repo.ts';

/**
 * Repositories written once against Kysely's query builder, so that the
 * SQLite store and a PostgreSQL store share every query; the search index,
 * whose SQL differs per database, comes from `index`.
 */
let savepoints = 0;

export function kyselyRepos(db: Kysely<Database>, index: (db: Kysely<Database>) => ArticleIndexRepo): Repos {
  return {
    async savepoint(fn) {
      const name = sql.raw(`sp_${++savepoints}`);
      await sql`savepoint ${name}`.execute(db);
      try {
        const value = await fn();
        await sql`release ${name}`.execute(db);
        return value;
      } catch (err) {
        await sql`rollback to ${name}`.execute(db);
        await sql`release ${name}`.execute(db);
        throw err;
      }
    },
    index: index(db),
    articles: articleRepo(db),
    categories: categoryRepo(db),
    tags: tagRepo(db),
    authors: authorRepo(db),
    settings: settingsRepo(db),
    events: eventRepo(db),
    revisions: revisionRepo(db),
    distribution: distributionRepo(db),
    webhooks: webhookRepo(db),
    users: userRepo(db),
    sessions: sessionRepo(db),
    loginAttempts: loginAttemptRepo(db),
    media: mediaRepo(db),
    feeds: feedRepo(db),
    redirects: redirectRepo(db),
  };
}

const SUMMARY_COLUMNS = [
  'articles.id',
  'articles.slug',
  'articles.title',
  'articles.excerpt',
  'articles.published_at',
  'articles.category_id',
  'articles.source_name',
  'articles.featured_image_url',
  'articles.featured_image_alt',
] as const;

function articleRepo(db: Kysely<Database>): ArticleRepo {
  async function page(base: ArticlesQuery, limit: number, offset: number) {
    const [items, count] = await Promise.all([
      base
        .select(SUMMARY_COLUMNS)
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { items: items as ArticleSummary[], total: Number(count.n) };
  }

  return {
    async insert(row) {
      const r = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
      return r.id;
    },
    async delete(id) {
      await db.deleteFrom('articles').where('id', '=', id).execute();
    },
    async update(id, patch) {
      await db.updateTable('articles').set(patch).where('id', '=', id).execute();
    },
    findById: (id) => db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst(),
    findBySlug: (slug) => db.selectFrom('articles').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findByImportKey: (key) => db.selectFrom('articles').selectAll().where('import_key', '=', key).executeTakeFirst(),
    async slugTaken(slug) {
      const r = await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
      return r !== undefined;
    },
    async listPublished(f: PublishedFilter) {
      const q = narrowed(published(db.selectFrom('articles'), f.now), f);
      return page(q, f.limit, f.offset);
    },
    async latestInCategories(categoryIds, now, limit) {
      const lists = await Promise.all(
        categoryIds.map((id) =>
          published(db.selectFrom('articles'), now)
            .where('articles.category_id', '=', id)
            .select(SUMMARY_COLUMNS)
            .orderBy('articles.published_at', 'desc')
            .orderBy('articles.id', 'desc')
            .limit(limit)
            .execute(),
        ),
      );
      return (lists.flat() as ArticleSummary[])
        .sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : b.id - a.id))
        .slice(0, limit);
    },
    async summariesByIds(ids, now) {
      if (ids.length === 0) return [];
      const rows = await published(db.selectFrom('articles'), now).select(SUMMARY_COLUMNS).where('articles.id', 'in', ids).execute();
      const byId = new Map(rows.map((r) => [r.id, r as ArticleSummary]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    async setTags(articleId, tagIds) {
      await db.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
      if (tagIds.length === 0) return;
      const unique = [...new Set(tagIds)];
      await db
        .insertInto('article_tags')
        .values(unique.map((tag_id, position) => ({ article_id: articleId, tag_id, position })))
        .execute();
    },
    tagsOf: (articleId) =>
      db
        .selectFrom('tags')
        .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
        .select(['tags.id', 'tags.slug', 'tags.name'])
        .where('article_tags.article_id', '=', articleId)
        .orderBy('article_tags.position')
        .execute(),
    async addRelatedLink(articleId, relatedId) {
      const last = await db
        .selectFrom('article_related')
        .select((eb) => eb.fn.max('position').as('p'))
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      await db
        .insertInto('article_related')
        .values({ article_id: articleId, related_id: relatedId, position: Number(last?.p ?? -1) + 1 })
        .onConflict((oc) => oc.columns(['article_id', 'related_id']).doNothing())
        .execute();
    },
    async relatedLinkIds(articleId) {
      const rows = await db
        .selectFrom('article_related')
        .select('related_id')
        .where('article_id', '=', articleId)
        .orderBy('position')
        .execute();
      return rows.map((r) => r.related_id);
    },
    batchAfter: (afterId, limit) => db.selectFrom('articles').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
    async countAll() {
      const r = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async transition(id, from, patch) {
      if (from.length === 0) return false;
      const r = await db.updateTable('articles').set(patch).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async dueScheduled(now, limit) {
      const rows = await db
        .selectFrom('articles')
        .select('id')
        .where('status', '=', 'scheduled')
        .where('published_at', '<=', now)
        .orderBy('published_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => r.id);
    },
    async nextScheduledAt() {
      const r = await db
        .selectFrom('articles')
        .select('published_at')
        .where('status', '=', 'scheduled')
        .where('published_at', 'is not', null)
        .orderBy('published_at')
        .limit(1)
        .executeTakeFirst();
      return r?.published_at ?? null;
    },
    async listForAdmin(f) {
      let q = db.selectFrom('articles');
      if (f.status) q = q.where('articles.status', '=', f.status);
      if (f.category_ids) q = q.where('articles.category_id', 'in', f.category_ids.length > 0 ? f.category_ids : [-1]);
      if (f.author_id !== undefined) q = q.where('articles.author_id', '=', f.author_id);
      if (f.text) {
        const pattern = likePattern(f.text);
        q = q.where((eb) => sql<boolean>`${eb.ref('articles.title')} like ${pattern} escape '\\'`);
      }
      const [items, count] = await Promise.all([
        q
          .select(['id', 'slug', 'title', 'status', 'published_at', 'updated_at', 'category_id', 'author_id', 'created_by'])
          .orderBy('articles.updated_at', 'desc')
          .orderBy('articles.id', 'desc')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
  };
}

function categoryRepo(db: Kysely<Database>): CategoryRepo {
  return {
    async all() {
      const rows = await db.selectFrom('categories').selectAll().orderBy('menu_order').orderBy('id').execute();
      return rows.map((r) => ({ ...r, in_menu: Number(r.in_menu) === 1 }));
    },
    async insert(row) {
      const { in_menu, ...rest } = row;
      const r = await db
        .insertInto('categories')
        .values({ ...rest, in_menu: in_menu === false ? 0 : 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async update(id, patch) {
      const { in_menu, ...rest } = patch;
      await db
        .updateTable('categories')
        .set({ ...rest, ...(in_menu === undefined ? {} : { in_menu: in_menu ? 1 : 0 }) })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('categories').where('id', '=', id).execute();
    },
    async articleCount(id) {
      const r = await db
        .selectFrom('articles')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('category_id', '=', id)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

function tagRepo(db: Kysely<Database>): TagRepo {
  return {
    async findOrCreate(name, slug) {
      const found = await db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
      if (found) return found;
      return db.insertInto('tags').values({ name, slug }).returningAll().executeTakeFirstOrThrow();
    },
    findBySlug: (slug) => db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findById: (id) => db.selectFrom('tags').selectAll().where('id', '=', id).executeTakeFirst(),
    findByName: (name) => db.selectFrom('tags').selectAll().where('name', '=', name).orderBy('id').execute(),
    all: () => db.selectFrom('tags').selectAll().orderBy('id').execute(),
    async list(f) {
      let q = db.selectFrom('tags');
      if (f.text) {
        const pattern = likePattern(f.text);
        q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('tags.name')} like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('tags.slug')} like ${pattern} escape '\\'`]));
      }
      const [items, count] = await Promise.all([
        q
          .select(['tags.id', 'tags.slug', 'tags.name'])
          .select((eb) =>
            eb
              .selectFrom('article_tags')
              .select((e) => e.fn.countAll<number | string>().as('c'))
              .whereRef('article_tags.tag_id', '=', 'tags.id')
              .as('article_count'),
          )
          .orderBy('tags.name')
          .orderBy('tags.id')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: items.map((t) => ({ ...t, article_count: Number(t.article_count ?? 0) })), total: Number(count.n) };
    },
    async update(id, patch) {
      await db.updateTable('tags').set(patch).where('id', '=', id).execute();
    },
    async articleIds(id) {
      const rows = await db.selectFrom('article_tags').select('article_id').where('tag_id', '=', id).orderBy('article_id').execute();
      return rows.map((r) => r.article_id);
    },
    async merge(fromId, intoId) {
      await db
        .insertInto('article_tags')
        .columns(['article_id', 'tag_id', 'position'])
        .expression((eb) => eb.selectFrom('article_tags').select(['article_id', eb.val(intoId).as('tag_id'), 'position']).where('tag_id', '=', fromId))
        .onConflict((oc) => oc.columns(['article_id', 'tag_id']).doNothing())
        .execute();
      await db.deleteFrom('tags').where('id', '=', fromId).execute();
    },
  };
}

function authorRepo(db: Kysely<Database>): AuthorRepo {
  return {
    findByName: (name) => db.selectFrom('authors').selectAll().where('name', '=', name).orderBy('id').executeTakeFirst(),
    insert: (name, slug) => db.insertInto('authors').values({ name, slug }).returningAll().executeTakeFirstOrThrow(),
    async slugTaken(slug) {
      return (await db.selectFrom('authors').select('id').where('slug', '=', slug).executeTakeFirst()) !== undefined;
    },
    findBySlug: (slug) => db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst(),
    findById: (id) => db.selectFrom('authors').selectAll().where('id', '=', id).executeTakeFirst(),
  };
}

function settingsRepo(db: Kysely<Database>): SettingsRepo {
  return {
    async load() {
      const rows = await db.selectFrom('settings').selectAll().execute();
      return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown])) as Partial<SiteSettings>;
    },
    async save(settings) {
      for (const [key, value] of Object.entries(settings)) {
        await db
          .insertInto('settings')
          .values({ key, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute();
      }
    },
  };
}

function eventRepo(db: Kysely<Database>): ArticleEventRepo {
  return {
    async add(event) {
      const row = await db.insertInto('article_events').values(event).returning('id').executeTakeFirstOrThrow();
      return Number(row.id);
    },
    after: (afterId, limit) => db.selectFrom('article_events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute(),
  };
}

function revisionRepo(db: Kysely<Database>): ArticleRevisionRepo {
  const columns = ['id', 'article_id', 'number', 'user_id', 'created_at', 'action', 'changed_fields', 'restored_from'] as const;
  const fields = (json: string) => JSON.parse(json) as SnapshotField[];
  return {
    async add(revision) {
      const row = await db
        .insertInto('article_revisions')
        .values({ ...revision, changed_fields: JSON.stringify(revision.changed_fields), snapshot: JSON.stringify(revision.snapshot) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async latestNumber(articleId) {
      const r = await db
        .selectFrom('article_revisions')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('article_id', '=', articleId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },
    async list(articleId) {
      const rows = await db.selectFrom('article_revisions').select(columns).where('article_id', '=', articleId).orderBy('number', 'desc').execute();
      return rows.map((r) => ({ ...r, changed_fields: fields(r.changed_fields) }));
    },
    async get(articleId, number) {
      const r = await db
        .selectFrom('article_revisions')
        .selectAll()
        .where('article_id', '=', articleId)
        .where('number', '=', number)
        .executeTakeFirst();
      return r && { ...r, changed_fields: fields(r.changed_fields), snapshot: JSON.parse(r.snapshot) as ArticleSnapshot };
    },
  };
}
