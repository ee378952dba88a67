import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { mediaUrl, uploadImage } from '../../src/content/use-cases/media.ts';
import { publish } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from '../admin/admin-client.ts';
import { htmlNamedJpg, numberedJpeg, png, sidewaysJpeg } from './sample-images.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;

/** A multipart form as a browser sends it: `_csrf`, `alt` and one file. */
async function multipart(fields: Record<string, string>, file?: { name: string; bytes: Buffer; type?: string }): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! };
}

/** Posts an upload as `client` (its cookies and, unless `csrf: false`, its CSRF token). */
async function upload(app: TestApp, client: AdminClient | undefined, alt: string, file?: { name: string; bytes: Buffer }, options: { csrf?: boolean; query?: string } = {}): Promise<LightMyRequestResponse> {
  const fields: Record<string, string> = { alt };
  if (client && options.csrf !== false) fields._csrf = client.csrf;
  const { payload, contentType } = await multipart(fields, file);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (client && client.cookies.size > 0) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.http.inject({ method: 'POST', url: `/admin/media${options.query ?? ''}`, headers, payload });
}

describe('the media library in the back office', () => {
  let app: TestApp;
  let author: AdminClient;
  let authorId: number;

  before(async () => {
    app = await testApp({ config: testConfig({ media: { maxBytes: 200_000 } }) });
    let user;
    ({ client: author, user } = await signedIn(app, 'author'));
    authorId = user.id;
    await author.get('/admin/media');
  });
  after(() => app.dispose());

  test('an author uploads an image with an Arabic file name and alt text; it opens on its page', async () => {
    const name = 'مؤتمر صحفي — طرابلس.jpg';
    const res = await upload(app, author, 'وزير يتحدث في مؤتمر صحفي', { name, bytes: await sidewaysJpeg(900, 600) });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const location = String(res.headers.location);
    assert.match(location, /^\/admin\/media\/\d+\?notice=notice_media_uploaded$/u);
    const id = Number(/\/(\d+)\?/u.exec(location)![1]);
    const item = await app.store.media.findById(id);
    assert.equal(item?.filename, name);
    assert.equal(item?.alt, 'وزير يتحدث في مؤتمر صحفي');
    assert.deepEqual([item?.width, item?.height], [600, 900]);

    const page = await author.get(location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /رُفعت الصورة/u);
    assert.ok(page.body.includes(mediaUrl(app.media.storage, item!, app.config.publicUrl)), 'the URL to use as featured image');
    assert.match(page.body, /<html lang="ar" dir="rtl">/u);

    // The same file again: the same item, said so.
    const again = await upload(app, author, 'نص آخر', { name: 'copy.jpg', bytes: await sidewaysJpeg(900, 600) });
    assert.equal(again.headers.location, `/admin/media/${id}?notice=notice_media_exists`);
  });

  test('refused uploads re-render the library with the reason in Arabic, and store nothing', async () => {
    const before = (await app.store.media.list({ limit: 100, offset: 0 })).total;
    const cases: Array<[string, { name: string; bytes: Buffer } | undefined, string, number, RegExp]> = [
      ['HTML named .jpg', { name: 'photo.jpg', bytes: htmlNamedJpg }, 'صورة', 415, /ليس صورة بصيغة مقبولة/u],
      ['over the byte limit', { name: 'big.jpg', bytes: randomBytes(250_000) }, 'صورة', 413, /أكبر من الحد المسموح \(0\.2 ميغابايت\)/u],
      ['no alt text', { name: 'a.png', bytes: await png(100, 100) }, '  ', 400, /اكتب نصاً بديلاً/u],
      ['no file', undefined, 'صورة', 400, /اختر ملف صورة/u],
    ];
    for (const [label, file, alt, status, message] of cases) {
      const res = await upload(app, author, alt, file);
      assert.equal(res.statusCode, status, `${label}: ${res.body.slice(0, 200)}`);
      assert.match(res.body, message, label);
      assert.match(res.body, /role="alert"/u, label);
    }
    assert.equal((await app.store.media.list({ limit: 100, offset: 0 })).total, before);
  });

  test('uploads need a session, media.upload and a CSRF token', async () => {
    const file = { name: 'x.png', bytes: await png(120, 80) };
    assert.equal((await upload(app, undefined, 'صورة', file)).statusCode, 401);
    const { client: contributor } = await signedIn(app, 'contributor');
    await contributor.get('/admin');
    assert.equal((await upload(app, contributor, 'صورة', file)).statusCode, 403);
    assert.equal((await contributor.get('/admin/media')).statusCode, 403);
    assert.equal((await upload(app, author, 'صورة', file, { csrf: false })).statusCode, 403);
  });

  test('the library searches, and in picking mode each image links back with its id', async () => {
    const { media } = await uploadImage(app.media, null, { filename: 'سوق_الجمعة.png', bytes: await png(500, 300), alt: 'سوق شعبي' });
    const found = await author.get(`/admin/media?q=${encodeURIComponent('سوق')}`);
    assert.equal(found.statusCode, 200);
    assert.ok(found.body.includes('سوق_الجمعة.png'));
    assert.ok(!found.body.includes('مؤتمر صحفي — طرابلس.jpg'));

    const pick = await author.get(`/admin/media?return=${encodeURIComponent('/admin/articles/12')}`);
    assert.ok(pick.body.includes(`href="/admin/articles/12?media_id=${media.id}"`), 'a choose link back to the article');
    // Picking never sends anyone off the back office.
    const evil = await author.get(`/admin/media?return=${encodeURIComponent('https://evil.example/')}`);
    assert.ok(!evil.body.includes('evil.example'));

    const uploaded = await upload(app, author, 'صورة للخبر', { name: 'new.png', bytes: await png(333, 222) }, { query: `?return=${encodeURIComponent('/admin/articles/12')}` });
    assert.match(String(uploaded.headers.location), /^\/admin\/articles\/12\?media_id=\d+$/u);

    const api = await author.get(`/api/admin/media?q=${encodeURIComponent('سوق')}`);
    assert.equal(api.statusCode, 200);
    const json = api.json() as { total: number; items: Array<{ id: number; url: string; srcset: string; alt: string; filename: string }> };
    assert.equal(json.total, 1);
    assert.equal(json.items[0]!.id, media.id);
    assert.equal(json.items[0]!.url, `${app.config.publicUrl}/media/${media.variants[media.variants.length - 1]!.key}`);
    assert.match(json.items[0]!.srcset, / 320w, /u);
  });

  test('the article editor links to the library and comes back with the picked image and its alt text', async () => {
    const { media } = await uploadImage(app.media, null, { filename: 'ميناء.png', bytes: await png(640, 360), alt: 'سفن في الميناء' });
    const form = await author.get('/admin/articles/new');
    assert.ok(form.body.includes(`href="/admin/media?return=${encodeURIComponent('/admin/articles/new')}"`), 'a link to pick from the library');
    const back = await author.get(`/admin/articles/new?media_id=${media.id}`);
    assert.equal(back.statusCode, 200);
    assert.ok(back.body.includes(`value="${mediaUrl(app.media.storage, media, app.config.publicUrl)}"`), 'the featured image URL is filled in');
    assert.ok(back.body.includes('value="سفن في الميناء"'), 'and its alt text');
    assert.equal((await author.get('/admin/articles/new?media_id=999999')).statusCode, 200, 'an unknown image leaves the form as it is');
  });

  test('alt text is edited on the image page; an image in use is not deleted', async () => {
    // The author's own image: another user's is theirs or an editor's to change (test/admin/media-ownership.test.ts).
    const { media } = await uploadImage(app.media, { user_id: authorId, role: 'author' }, { filename: 'used.jpg', bytes: await numberedJpeg(77, 700, 400), alt: 'قديم' });
    const page = await author.get(`/admin/media/${media.id}`);
    assert.equal(page.statusCode, 200);
    const saved = await author.post(`/admin/media/${media.id}`, { alt: 'نص بديل جديد' });
    assert.equal(saved.statusCode, 303);
    assert.equal((await app.store.media.findById(media.id))?.alt, 'نص بديل جديد');

    const article = await publish(app.store, 'محلي', { title: 'خبر يستخدم الصورة', featured_image_url: mediaUrl(app.media.storage, media, app.config.publicUrl) });
    const { client: editor } = await signedIn(app, 'editor');
    await editor.get(`/admin/media/${media.id}`);
    const refused = await editor.post(`/admin/media/${media.id}/delete`, { confirm: '1' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /الصورة مستخدمة في خبر/u);
    assert.ok(await app.store.media.findById(media.id));

    await app.store.transaction((repos) => repos.articles.update(article.id, { featured_image_url: null }));
    const deleted = await editor.post(`/admin/media/${media.id}/delete`, { confirm: '1' });
    assert.equal(deleted.statusCode, 303);
    assert.equal(await app.store.media.findById(media.id), undefined);
  });
});

describe('unreadable uploads', () => {
  test('a multipart body without a boundary, or cut short, is a 400, not a server error', async () => {
    const app = await testApp();
    try {
      const { client } = await signedIn(app, 'author');
      await client.get('/admin/media');
      const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      const noBoundary = await app.http.inject({ method: 'POST', url: '/admin/media', headers: { cookie, 'content-type': 'multipart/form-data' }, payload: 'x' });
      assert.equal(noBoundary.statusCode, 400, noBoundary.body.slice(0, 200));
      const cut = await app.http.inject({
        method: 'POST',
        url: '/admin/media',
        headers: { cookie, 'content-type': 'multipart/form-data; boundary=XYZ' },
        payload: '--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff',
      });
      assert.equal(cut.statusCode, 400, cut.body.slice(0, 200));
    } finally {
      await app.dispose();
    }
  });
});
