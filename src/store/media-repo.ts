import { type Kysely, type Selectable, sql } from 'kysely';
import type { Media, MediaItem, MediaRepo, MediaVariant } from '../content/media.ts';
import { likePattern } from './account-repos.ts';
import type { Database } from './schema.ts';

/** Kysely repository of the media library, shared by every SQL store like those of `kysely-repos.ts`. */

type MediaRow = Selectable<Database['media']>;

function toMedia(row: MediaRow): Media {
  return {
    id: Number(row.id),
    key: row.key,
    filename: row.filename,
    mime_type: row.mime_type,
    width: Number(row.width),
    height: Number(row.height),
    bytes: Number(row.bytes),
    alt: row.alt,
    uploaded_by: row.uploaded_by === null ? null : Number(row.uploaded_by),
    created_at: row.created_at,
  };
}

export function mediaRepo(db: Kysely<Database>): MediaRepo {
  /** The rows with their variants (narrowest first), in the order given. */
  async function withVariants(rows: readonly MediaRow[]): Promise<MediaItem[]> {
    if (rows.length === 0) return [];
    const variants = await db
      .selectFrom('media_variants')
      .selectAll()
      .where(
        'media_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('media_id')
      .orderBy('width')
      .execute();
    const byMedia = new Map<number, MediaVariant[]>();
    for (const v of variants) {
      const id = Number(v.media_id);
      const list = byMedia.get(id) ?? [];
      list.push({ media_id: id, width: Number(v.width), height: Number(v.height), key: v.key, bytes: Number(v.bytes) });
      byMedia.set(id, list);
    }
    return rows.map((r) => ({ ...toMedia(r), variants: byMedia.get(Number(r.id)) ?? [] }));
  }

  const one = async (row: MediaRow | undefined) => (row ? (await withVariants([row]))[0] : undefined);

  return {
    async insert(row, variants) {
      const r = await db.insertInto('media').values(row).returning('id').executeTakeFirstOrThrow();
      const id = Number(r.id);
      if (variants.length > 0) await db.insertInto('media_variants').values(variants.map((v) => ({ ...v, media_id: id }))).execute();
      return id;
    },
    findById: async (id) => one(await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst()),
    findByKey: async (key) => one(await db.selectFrom('media').selectAll().where('key', '=', key).executeTakeFirst()),
    async findByVariantKey(key) {
      const row = await db
        .selectFrom('media_variants')
        .innerJoin('media', 'media.id', 'media_variants.media_id')
        .selectAll('media')
        .where('media_variants.key', '=', key)
        .executeTakeFirst();
      return one(row);
    },
    async list(f) {
      let q = db.selectFrom('media');
      if (f.text) {
        const pattern = likePattern(f.text);
        q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('media.filename')} like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('media.alt')} like ${pattern} escape '\\'`]));
      }
      const [rows, count] = await Promise.all([
        q.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute(),
        q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: await withVariants(rows), total: Number(count.n) };
    },
    async updateAlt(id, alt) {
      await db.updateTable('media').set({ alt }).where('id', '=', id).execute();
    },
    async delete(id) {
      // Explicitly, not only by the foreign key's cascade: a store may run with foreign keys off.
      await db.deleteFrom('media_variants').where('media_id', '=', id).execute();
      await db.deleteFrom('media').where('id', '=', id).execute();
    },
    async referencedKeys(keys) {
      const found = new Set<string>();
      // SQLite allows 32,766 bound parameters; batches stay far below.
      for (let i = 0; i < keys.length; i += 500) {
        const batch = keys.slice(i, i + 500);
        const [originals, variants] = await Promise.all([
          db.selectFrom('media').select('key').where('key', 'in', batch).execute(),
          db.selectFrom('media_variants').select('key').where('key', 'in', batch).execute(),
        ]);
        for (const r of [...originals, ...variants]) found.add(r.key);
      }
      return found;
    },
    async articlesUsing(fragment, limit) {
      const pattern = likePattern(fragment);
      const rows = await db
        .selectFrom('articles')
        .select('id')
        .where((eb) =>
          eb.or([sql<boolean>`${eb.ref('articles.featured_image_url')} like ${pattern} escape '\\'`, sql<boolean>`${eb.ref('articles.body')} like ${pattern} escape '\\'`]),
        )
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((r) => Number(r.id));
    },
  };
}
