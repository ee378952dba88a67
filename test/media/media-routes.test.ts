import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import type { MediaItem } from '../../src/content/media.ts';
import { mediaUrl, updateMediaAlt, uploadImage } from '../../src/content/use-cases/media.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { png, sidewaysJpeg } from './sample-images.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

const validator = new HtmlValidate({ extends: ['html-validate:standard'] });

/** The attributes of the first `<img>` inside the element with class `cls`. */
function imgIn(html: string, cls: string): Record<string, string> | undefined {
  const at = html.indexOf(`class="${cls}"`);
  if (at < 0) return undefined;
  const tag = /<img\b[^>]*>/u.exec(html.slice(at))?.[0];
  if (!tag) return undefined;
  return Object.fromEntries([...tag.matchAll(/([a-z-]+)(?:="([^"]*)")?/gu)].slice(1).map((m) => [m[1]!, m[2] ?? '']));
}

describe('media on the reader site', () => {
  let app: TestApp;
  let item: MediaItem;
  let articleSlug = '';
  let importedSlug = '';

  before(async () => {
    app = await testApp();
    item = (await uploadImage(app.media, null, { filename: 'الميناء.jpg', bytes: await sidewaysJpeg(2400, 1500), alt: 'سفن الصيد في ميناء طرابلس' })).media;
    const article = await publish(app.store, 'محلي', {
      title: 'عودة سفن الصيد إلى الميناء',
      featured_image_url: mediaUrl(app.media.storage, item, app.config.publicUrl),
      featured_image_alt: '',
      published_at: '2023-08-23T10:00:00Z',
    });
    articleSlug = article.slug;
    const imported = await publish(app.store, 'محلي', {
      title: 'خبر منقول بصورة من مصدره',
      featured_image_url: 'https://outlet.example/images/photo.jpg',
      featured_image_alt: 'صورة المصدر',
      published_at: '2023-08-22T10:00:00Z',
    });
    importedSlug = imported.slug;
  });
  after(() => app.dispose());

  test('a variant is served as WebP, immutable for a year, with nosniff', async () => {
    const v = item.variants[1]!;
    const res = await app.http.inject({ method: 'GET', url: `/media/${v.key}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/webp');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(res.headers['cross-origin-resource-policy'], 'cross-origin');
    assert.equal(Number(res.headers['content-length']), v.bytes);
    assert.equal(res.rawPayload.length, v.bytes);
    assert.equal((await sharp(res.rawPayload).metadata()).width, v.width);

    const again = await app.http.inject({ method: 'GET', url: `/media/${v.key}`, headers: { 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);
    const head = await app.http.inject({ method: 'HEAD', url: `/media/${v.key}` });
    assert.equal(head.statusCode, 200);
    assert.equal(head.rawPayload.length, 0);
  });

  test('originals (EXIF and all), unknown keys and paths that try to escape are 404', async () => {
    for (const url of [`/media/${item.key}`, `/media/${item.variants[0]!.key.replace('320w', '330w')}`, '/media/../jarida.sqlite', '/media/%2e%2e/jarida.sqlite', '/media/', '/media/ab/x/320w.webp']) {
      const res = await app.http.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(String(res.headers['content-type'] ?? ''), /image/u, url);
    }
  });

  test('the article page shows a library image with srcset, sizes, width/height and the library alt text; it is not lazy', async () => {
    const res = await app.http.inject({ method: 'GET', url: `/article/${encodeURIComponent(articleSlug)}` });
    assert.equal(res.statusCode, 200);
    const img = imgIn(res.body, 'featured');
    assert.ok(img, 'a featured image');
    assert.equal(img.alt, 'سفن الصيد في ميناء طرابلس');
    assert.equal(img.srcset, item.variants.map((v) => `/media/${v.key} ${v.width}w`).join(', '));
    assert.match(img.srcset!, /320w, .* 1500w$/u);
    assert.ok(img.sizes);
    assert.equal(img.src, `/media/${item.variants[item.variants.length - 1]!.key}`);
    // Upright: the sideways 2400×1500 photo is 1500×2400, so its widest variant is 1500 wide.
    assert.deepEqual([img.width, img.height], ['1500', '2400']);
    assert.equal(img.loading, undefined);
    assert.equal(img.fetchpriority, 'high');
    for (const v of item.variants) assert.equal((await app.http.inject({ method: 'HEAD', url: `/media/${v.key}` })).statusCode, 200);
    const report = await validator.validateString(res.body);
    assert.ok(report.valid, JSON.stringify(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))));
  });

  test('cards are lazy and responsive; an imported item keeps its outlet image as given', async () => {
    const home = await app.http.inject({ method: 'GET', url: '/' });
    assert.equal(home.statusCode, 200);
    const cards = [...home.body.matchAll(/<article class="card">[\s\S]*?<\/article>/gu)].map((m) => m[0]);
    const ours = cards.find((c) => c.includes('عودة سفن الصيد'));
    const theirs = cards.find((c) => c.includes('خبر منقول'));
    assert.ok(ours && theirs);
    const a = imgIn(ours, 'card')!;
    assert.equal(a.loading, 'lazy');
    assert.match(a.srcset ?? '', /\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\/320w\.webp 320w/u);
    assert.ok(a.width && a.height && a.sizes);
    assert.equal(a.alt, 'سفن الصيد في ميناء طرابلس');
    const b = imgIn(theirs, 'card')!;
    assert.deepEqual(b, { src: 'https://outlet.example/images/photo.jpg', alt: 'صورة المصدر', loading: 'lazy' });

    const page = await app.http.inject({ method: 'GET', url: `/article/${encodeURIComponent(importedSlug)}` });
    assert.deepEqual(imgIn(page.body, 'featured'), { src: 'https://outlet.example/images/photo.jpg', alt: 'صورة المصدر' });
  });

  test('a new library alt text shows on the next render of a page that has none of its own', async () => {
    const url = `/article/${encodeURIComponent(articleSlug)}`;
    assert.equal(imgIn((await app.http.inject({ method: 'GET', url })).body, 'featured')?.alt, 'سفن الصيد في ميناء طرابلس');
    await updateMediaAlt(app.store, null, item.id, 'قوارب صيد راسية في ميناء طرابلس');
    assert.equal(imgIn((await app.http.inject({ method: 'GET', url })).body, 'featured')?.alt, 'قوارب صيد راسية في ميناء طرابلس');
    await updateMediaAlt(app.store, null, item.id, 'سفن الصيد في ميناء طرابلس');
  });

  test("an article's own alt text wins over the library's", async () => {
    const small = (await uploadImage(app.media, null, { filename: 'شعار.png', bytes: await png(300, 200), alt: 'نص المكتبة' })).media;
    const article = await publish(app.store, 'محلي', { title: 'خبر بنص بديل خاص', featured_image_url: `${app.config.publicUrl}/media/${small.variants[0]!.key}`, featured_image_alt: 'نص الخبر البديل' });
    const res = await app.http.inject({ method: 'GET', url: `/article/${encodeURIComponent(article.slug)}` });
    const img = imgIn(res.body, 'featured')!;
    assert.equal(img.alt, 'نص الخبر البديل');
    assert.equal(img.srcset, `/media/${small.variants[0]!.key} 300w`);
  });
});
