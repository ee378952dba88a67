// Uploads that used to be refused or kept wrongly: a valid very tall image
// (WebP stores at most 16 383 px a side, docs/adr/013) and a file name with
// a right-to-left override, which is dropped as in every single-line field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { ar } from '../../src/admin/locales/ar.ts';
import { en } from '../../src/admin/locales/en.ts';
import type { Actor } from '../../src/content/roles.ts';
import { getMedia, uploadImage } from '../../src/content/use-cases/media.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { variantWidths, WEBP_MAX_DIMENSION } from '../../src/media/images.ts';
import { testApp } from '../helpers/test-app.ts';
import { png } from './sample-images.ts';

const author: Actor = { user_id: 7, role: 'author' };

describe('tall images and file names', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    app = await testApp();
  });
  after(() => app.dispose());

  test('a valid 1000×17000 JPEG is accepted, its widest variant narrowed to fit WebP’s 16383 px', async () => {
    const bytes = await sharp({ create: { width: 1000, height: 17_000, channels: 3, background: '#2a6f97' } }).jpeg({ quality: 60 }).toBuffer();
    const { media } = await uploadImage(app.media, author, { filename: 'إنفوغرافيك.jpg', bytes, alt: 'إنفوغرافيك طويل عن الانتخابات' });
    assert.deepEqual([media.width, media.height], [1000, 17_000]);
    assert.deepEqual(
      media.variants.map((v) => [v.width, v.height]),
      [
        [320, 5440],
        [640, 10_880],
        [960, 16_320],
        [963, 16_371],
      ],
    );
    for (const v of media.variants) {
      const meta = await sharp(await app.media.storage.get(v.key)).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['webp', v.width, v.height], v.key);
      assert.ok(v.height <= WEBP_MAX_DIMENSION);
    }
  });

  test('an image too tall for even a one-pixel-wide WebP is refused as too tall, with its own message, not as corrupt', async () => {
    assert.deepEqual(variantWidths(3, 60_000), []);
    assert.deepEqual(variantWidths(12, 60_000), [3]);
    const bytes = await sharp({ create: { width: 3, height: 60_000, channels: 3, background: '#000000' } }).png().toBuffer();
    await assert.rejects(uploadImage(app.media, author, { filename: 'شريط.png', bytes, alt: 'شريط' }), (err: unknown) => {
      assert.ok(isJaridaError(err, 'MEDIA_TOO_LARGE'), String(err));
      assert.equal(err.details.reason, 'media_too_tall');
      return true;
    });
    assert.match(ar.media_too_tall, /16383/u);
    assert.doesNotMatch(ar.media_too_tall, /تالف/u);
    assert.match(en.media_too_tall, /16383/u);
  });

  test('a media filename keeps no right-to-left override: photo\\u202Egnp.exe is stored as photognp.exe', async () => {
    const { media } = await uploadImage(app.media, author, { filename: ' photo\u202Egnp.exe ', bytes: await png(64, 48), alt: 'صورة' });
    const stored = await getMedia(app.store, media.id);
    assert.equal(stored.filename, 'photognp.exe');
    // Isolates too; Arabic, marks and ZWNJ stay byte for byte.
    const { media: other } = await uploadImage(app.media, author, { filename: '\u2067صورة\u0654 می‌خواهم\u2069.png', bytes: await png(65, 48), alt: 'صورة' });
    assert.equal((await getMedia(app.store, other.id)).filename, 'صورة\u0654 می‌خواهم.png');
  });
});
