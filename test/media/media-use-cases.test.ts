import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { isJaridaError } from '../../src/core/errors.ts';
import type { Actor } from '../../src/content/roles.ts';
import { deleteMedia, getMedia, listMedia, mediaUrl, sweepOrphanMedia, updateMediaAlt, uploadImage } from '../../src/content/use-cases/media.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { avif, gif, htmlNamedJpg, numberedJpeg, png, sidewaysJpeg, webp } from './sample-images.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

const author: Actor = { user_id: 7, role: 'author' };
const otherAuthor: Actor = { user_id: 8, role: 'author' };
const editor: Actor = { user_id: 9, role: 'editor' };
const contributor: Actor = { user_id: 10, role: 'contributor' };

async function storedKeys(app: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for await (const f of app.media.storage.list()) keys.push(f.key);
  return keys.sort();
}

describe('media use cases', () => {
  let app: TestApp;
  before(async () => {
    app = await testApp();
  });
  after(() => app.dispose());

  test('an upload stores the original and its WebP variants, and records them in one row', async () => {
    const bytes = await sidewaysJpeg(1600, 1000);
    const { media, created } = await uploadImage(app.media, author, { filename: 'ميناء طرابلس.jpg', bytes, alt: ' سفن في ميناء طرابلس ' });
    assert.equal(created, true);
    assert.equal(media.mime_type, 'image/jpeg');
    assert.deepEqual([media.width, media.height], [1000, 1600]);
    assert.equal(media.alt, 'سفن في ميناء طرابلس');
    assert.equal(media.uploaded_by, 7);
    assert.match(media.key, /^[0-9a-f]{2}\/[0-9a-f]{64}\/original\.jpg$/u);
    assert.deepEqual(
      media.variants.map((v) => v.width),
      [320, 640, 960, 1000],
    );
    // The original is kept byte for byte; each variant is a readable WebP of its recorded size.
    assert.deepEqual(await app.media.storage.get(media.key), bytes);
    for (const v of media.variants) {
      const data = await app.media.storage.get(v.key);
      assert.ok(data, v.key);
      assert.equal(data.length, v.bytes);
      const meta = await sharp(data).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['webp', v.width, v.height]);
    }
    assert.deepEqual(await getMedia(app.store, media.id), media);
    assert.equal(mediaUrl(app.media.storage, media), `/media/${media.variants[3]!.key}`);
  });

  test('the same bytes uploaded again are the same media item', async () => {
    const bytes = await png(640, 480);
    const first = await uploadImage(app.media, author, { filename: 'a.png', bytes, alt: 'أول' });
    const again = await uploadImage(app.media, editor, { filename: 'نسخة.png', bytes, alt: 'ثانٍ' });
    assert.equal(again.created, false);
    assert.equal(again.media.id, first.media.id);
    assert.equal(again.media.filename, 'a.png');
    assert.equal(again.media.alt, 'أول');
    const all = await listMedia(app.store, { page: 1, text: 'a.png' });
    assert.equal(all.total, 1);
  });

  test('a Unicode file name is kept byte for byte (no normalization)', async () => {
    // "صورة" with a combining hamza and an emoji, in NFD, plus a trailing space.
    const name = 'صورة\u0654 🇱🇾 e\u0301té .webp';
    const { media } = await uploadImage(app.media, author, { filename: name, bytes: await webp(500, 300), alt: 'علم' });
    const stored = await getMedia(app.store, media.id);
    assert.equal(stored.filename, name);
    assert.deepEqual(Buffer.from(stored.filename, 'utf8'), Buffer.from(name, 'utf8'));
    assert.notEqual(stored.filename, name.normalize('NFC'));
  });

  test('refused uploads write nothing: bad type, missing alt text, a role without media.upload', async () => {
    const before = await storedKeys(app);
    const count = (await listMedia(app.store, { page: 1 })).total;
    await assert.rejects(uploadImage(app.media, author, { filename: 'photo.jpg', bytes: htmlNamedJpg, alt: 'صورة' }), (err: unknown) => isJaridaError(err, 'MEDIA_UNSUPPORTED'));
    await assert.rejects(uploadImage(app.media, author, { filename: 'x.gif', bytes: await gif(100, 100), alt: '   ' }), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'media_alt_required');
    await assert.rejects(uploadImage(app.media, contributor, { filename: 'x.gif', bytes: await gif(100, 100), alt: 'صورة' }), (err: unknown) => isJaridaError(err, 'FORBIDDEN'));
    await assert.rejects(uploadImage(app.media, author, { filename: 'a\u0000b.gif', bytes: await gif(100, 100), alt: 'صورة' }), (err: unknown) => isJaridaError(err, 'VALIDATION'));
    await assert.rejects(
      uploadImage({ ...app.media, limits: { max_bytes: 100, max_pixels: 1e9 } }, author, { filename: 'big.png', bytes: await png(300, 300), alt: 'كبيرة' }),
      (err: unknown) => isJaridaError(err, 'MEDIA_TOO_LARGE'),
    );
    assert.deepEqual(await storedKeys(app), before);
    assert.equal((await listMedia(app.store, { page: 1 })).total, count);
  });

  test('the library lists newest first, pages, and finds by file name or alt text', async () => {
    const fresh = await testApp();
    try {
      let t = Date.parse('2024-03-01T10:00:00Z');
      const deps = { ...fresh.media, clock: { now: () => new Date((t += 60_000)) } };
      const names = ['مباراة.jpg', 'election_day.jpg', 'مؤتمر صحفي.jpg'];
      for (const [i, filename] of names.entries()) {
        await uploadImage(deps, author, { filename, bytes: await numberedJpeg(i + 1, 400, 300), alt: i === 1 ? 'طوابير الناخبين' : `صورة ${i}` });
      }
      await uploadImage(deps, author, { filename: 'avif.avif', bytes: await avif(96, 64), alt: 'صورة AVIF' });
      const page1 = await listMedia(fresh.store, { page: 1 }, 2);
      assert.deepEqual(
        page1.items.map((m) => m.filename),
        ['avif.avif', 'مؤتمر صحفي.jpg'],
      );
      assert.deepEqual([page1.total, page1.pages], [4, 2]);
      const page2 = await listMedia(fresh.store, { page: 2 }, 2);
      assert.deepEqual(
        page2.items.map((m) => m.filename),
        ['election_day.jpg', 'مباراة.jpg'],
      );
      assert.ok(page2.items.every((m) => m.variants.length > 0));
      assert.deepEqual(
        (await listMedia(fresh.store, { page: 1, text: 'مؤتمر' })).items.map((m) => m.filename),
        ['مؤتمر صحفي.jpg'],
      );
      assert.deepEqual(
        (await listMedia(fresh.store, { page: 1, text: 'الناخبين' })).items.map((m) => m.filename),
        ['election_day.jpg'],
      );
      assert.equal((await listMedia(fresh.store, { page: 1, text: '100%_' })).total, 0);
    } finally {
      await fresh.dispose();
    }
  });

  test('the default alt text can be changed; empty is refused', async () => {
    const { media } = await uploadImage(app.media, author, { filename: 'alt.png', bytes: await png(200, 200), alt: 'قديم' });
    assert.equal((await updateMediaAlt(app.store, author, media.id, 'جديد')).alt, 'جديد');
    assert.equal((await getMedia(app.store, media.id)).alt, 'جديد');
    await assert.rejects(updateMediaAlt(app.store, author, media.id, ''), (err: unknown) => isJaridaError(err, 'VALIDATION'));
  });

  test('an image used by an article (featured, or in the body) cannot be deleted; unused, it goes with its files', async () => {
    const featured = (await uploadImage(app.media, author, { filename: 'f.jpg', bytes: await numberedJpeg(101, 700, 400), alt: 'مميزة' })).media;
    const inBody = (await uploadImage(app.media, author, { filename: 'b.jpg', bytes: await numberedJpeg(102, 700, 400), alt: 'في النص' })).media;
    const url = mediaUrl(app.media.storage, featured, app.config.publicUrl);
    const article = await publish(app.store, 'محلي', { title: 'خبر بصورة', featured_image_url: url, featured_image_alt: 'وصف' });
    await publish(app.store, 'محلي', {
      title: 'خبر بصورة في النص',
      body: `<p>نص.</p><figure><img src="https://jarida.example/media/${inBody.variants[0]!.key}" alt="صورة"></figure>`,
    });
    for (const item of [featured, inBody]) {
      await assert.rejects(deleteMedia(app.media, editor, item.id), (err: unknown) => {
        assert.ok(isJaridaError(err, 'CONFLICT'));
        assert.equal(err.details.reason, 'media_in_use');
        return true;
      });
      assert.ok(await app.media.storage.get(item.variants[0]!.key), 'files stay');
    }
    // Another author may not delete it; the uploader and editors may.
    await app.store.transaction((repos) => repos.articles.update(article.id, { featured_image_url: null }));
    await assert.rejects(deleteMedia(app.media, otherAuthor, featured.id), (err: unknown) => isJaridaError(err, 'FORBIDDEN'));
    await deleteMedia(app.media, author, featured.id);
    await assert.rejects(getMedia(app.store, featured.id), (err: unknown) => isJaridaError(err, 'NOT_FOUND'));
    for (const key of [featured.key, ...featured.variants.map((v) => v.key)]) assert.equal(await app.media.storage.get(key), undefined, key);
  });

  test('the sweep deletes old files that no row names, and nothing else', async () => {
    const kept = (await uploadImage(app.media, author, { filename: 'kept.jpg', bytes: await numberedJpeg(201, 500, 300), alt: 'باقية' })).media;
    const root = (app.media.storage as unknown as { root: string }).root;
    // Files of an upload killed before its commit (an hour ago), one still being written now, and a temporary leftover.
    await app.media.storage.put('ee/orphan/original.jpg', Buffer.from('x'));
    await app.media.storage.put('ee/orphan/320w.webp', Buffer.from('y'));
    await app.media.storage.put('ff/young/320w.webp', Buffer.from('z'));
    writeFileSync(join(root, 'ee', 'orphan', '.640w.webp.0123456789abcdef.tmp'), 'half');
    const hourAgo = (Date.now() - 3_600_000) / 1000;
    for (const f of ['ee/orphan/original.jpg', 'ee/orphan/320w.webp', 'ee/orphan/.640w.webp.0123456789abcdef.tmp', kept.key, kept.variants[0]!.key]) {
      utimesSync(join(root, ...f.split('/')), hourAgo, hourAgo);
    }
    const report = await sweepOrphanMedia(app.media);
    assert.deepEqual(report, { orphans: 2, incomplete: 1 });
    const keys = await storedKeys(app);
    assert.ok(!keys.some((k) => k.startsWith('ee/')));
    assert.ok(keys.includes('ff/young/320w.webp'), 'a young file is left to its upload');
    for (const key of [kept.key, ...kept.variants.map((v) => v.key)]) assert.ok(keys.includes(key), key);
    // With no minimum age, the young orphan goes too; every remaining file is named by a row.
    await sweepOrphanMedia(app.media, { min_age_ms: -1 });
    const left = await storedKeys(app);
    const named = await app.store.media.referencedKeys(left);
    assert.deepEqual(left.filter((k) => !named.has(k)), []);
  });
});
