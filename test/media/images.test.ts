import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { isJaridaError } from '../../src/core/errors.ts';
import { inspectImage, processImage, sniffImageFormat, variantWidths } from '../../src/media/images.ts';
import { animatedGif, avif, gif, htmlNamedJpg, png, pngBomb, sidewaysJpeg, svg, webp } from './sample-images.ts';

const rejects = (kind: string, reason: string) => (err: unknown) => {
  assert.ok(isJaridaError(err), `not a JaridaError: ${String(err)}`);
  assert.equal(err.kind, kind);
  assert.equal(err.details.reason, reason);
  return true;
};

test('each accepted format is recognised by its bytes, with its media type', async () => {
  const cases = [
    ['jpeg', 'image/jpeg', await sidewaysJpeg(400, 250)],
    ['png', 'image/png', await png(200, 100)],
    ['webp', 'image/webp', await webp(200, 100)],
    ['avif', 'image/avif', await avif(64, 48)],
    ['gif', 'image/gif', await gif(200, 100)],
  ] as const;
  for (const [format, mime, bytes] of cases) {
    assert.equal(sniffImageFormat(bytes), format);
    const info = await inspectImage(bytes);
    assert.equal(info.format, format);
    assert.equal(info.mime_type, mime);
  }
});

test('a sideways JPEG is turned upright, and its variants carry no EXIF (no GPS position)', async () => {
  const bytes = await sidewaysJpeg(1600, 1000);
  const before = await sharp(bytes).metadata();
  assert.equal(before.orientation, 6);
  assert.ok(before.exif, 'the sample has EXIF');
  const image = await processImage(bytes);
  // Upright: 1000 wide, 1600 high.
  assert.deepEqual([image.width, image.height], [1000, 1600]);
  assert.deepEqual(
    image.variants.map((v) => [v.width, v.height]),
    [
      [320, 512],
      [640, 1024],
      [960, 1536],
      [1000, 1600],
    ],
  );
  for (const v of image.variants) {
    const meta = await sharp(v.data).metadata();
    assert.equal(meta.format, 'webp');
    assert.equal(meta.exif, undefined);
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.orientation, undefined);
    assert.deepEqual([meta.width, meta.height], [v.width, v.height]);
  }
  assert.match(image.sha256, /^[0-9a-f]{64}$/u);
  assert.equal(image.bytes, bytes.length);
});

test('variants are never wider than the image', async () => {
  assert.deepEqual(variantWidths(5000), [320, 640, 960, 1280, 1920]);
  assert.deepEqual(variantWidths(1920), [320, 640, 960, 1280, 1920]);
  assert.deepEqual(variantWidths(800), [320, 640, 800]);
  assert.deepEqual(variantWidths(320), [320]);
  assert.deepEqual(variantWidths(100), [100]);
  const small = await processImage(await png(250, 120));
  assert.deepEqual(
    small.variants.map((v) => [v.width, v.height]),
    [[250, 120]],
  );
  const wide = await processImage(await webp(2400, 600));
  assert.deepEqual(
    wide.variants.map((v) => v.width),
    [320, 640, 960, 1280, 1920],
  );
});

test('PNG, WebP, AVIF and GIF are processed; an animated GIF stays animated', async () => {
  for (const bytes of [await png(700, 300), await webp(700, 300), await avif(120, 90), await gif(700, 300)]) {
    const image = await processImage(bytes);
    assert.ok(image.variants.length >= 1);
    for (const v of image.variants) assert.equal((await sharp(v.data).metadata()).format, 'webp');
  }
  const animated = await processImage(await animatedGif());
  assert.equal(animated.frames, 3);
  assert.deepEqual([animated.width, animated.height], [300, 150]);
  const first = animated.variants[0]!;
  const meta = await sharp(first.data, { animated: true }).metadata();
  assert.equal(meta.pages, 3);
  assert.deepEqual([first.width, first.height], [300, 150]);
});

test('files that only claim to be images are refused by their bytes', async () => {
  await assert.rejects(processImage(htmlNamedJpg), rejects('MEDIA_UNSUPPORTED', 'media_unsupported'));
  await assert.rejects(processImage(svg), rejects('MEDIA_UNSUPPORTED', 'media_unsupported'));
  await assert.rejects(processImage(Buffer.alloc(0)), rejects('MEDIA_UNSUPPORTED', 'media_unsupported'));
  await assert.rejects(processImage(Buffer.from('%PDF-1.7\n')), rejects('MEDIA_UNSUPPORTED', 'media_unsupported'));
  // A JPEG cut in half: the header reads, the pixels do not.
  const whole = await sidewaysJpeg(1200, 800);
  await assert.rejects(processImage(whole.subarray(0, Math.floor(whole.length / 2))), rejects('MEDIA_UNREADABLE', 'media_unreadable'));
  // A PNG signature followed by garbage.
  await assert.rejects(processImage(Buffer.concat([(await png(10, 10)).subarray(0, 8), Buffer.from('garbage garbage garbage')])), rejects('MEDIA_UNREADABLE', 'media_unreadable'));
});

test('a decompression bomb is refused from its declared size, before decoding', async () => {
  const bomb = pngBomb(60_000);
  assert.ok(bomb.length < 2000, `the bomb is small (${bomb.length} bytes)`);
  await assert.rejects(processImage(bomb), (err: unknown) => {
    rejects('MEDIA_TOO_LARGE', 'media_too_many_pixels')(err);
    assert.equal(isJaridaError(err) && err.details.limit, 'pixels');
    return true;
  });
  // The pixel limit counts every frame of an animation.
  await assert.rejects(processImage(await animatedGif(), { max_bytes: 10_000_000, max_pixels: 300 * 150 * 2 }), rejects('MEDIA_TOO_LARGE', 'media_too_many_pixels'));
});

test('a file over the byte limit is refused before it is looked at', async () => {
  const bytes = await png(300, 300);
  await assert.rejects(processImage(bytes, { max_bytes: bytes.length - 1, max_pixels: 1e9 }), (err: unknown) => {
    rejects('MEDIA_TOO_LARGE', 'media_too_large')(err);
    assert.equal(isJaridaError(err) && err.status, 413);
    return true;
  });
  await processImage(bytes, { max_bytes: bytes.length, max_pixels: 1e9 });
});
