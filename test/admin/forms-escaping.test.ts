// Attribute and text escaping in the back office's forms other than the
// article editor: a value holding `'"<>&`, a character reference and markup,
// plus an Arabic word, is saved (or refused and shown again) through every
// text field of the category, tag, settings, user and media forms; each
// re-rendered page is parsed with linkedom as a browser would, and the value
// must come back intact in its attribute or text, with no element injected.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { parseHTML } from 'linkedom';
import type { App } from '../../src/app.tsx';
import { uploadImage } from '../../src/content/use-cases/media.ts';
import { testApp } from '../helpers/test-app.ts';
import { png } from '../media/sample-images.ts';
import { AdminClient, signedIn } from './admin-client.ts';

/** `'"<>&` as asked, a reference a browser would decode (`&amp;`, `&copy`), markup, and an Arabic word. */
const VALUE = `'"<>& &amp; &copy <b onmouseover="x()">خبر</b>`;

let app: App & { dispose(): Promise<void> };
let admin: AdminClient;

before(async () => {
  app = await testApp();
  ({ client: admin } = await signedIn(app, 'administrator'));
});
after(() => app.dispose());

/**
 * The page as a browser's parser builds it, after checking that it parsed
 * into one document with its `<main>` and that the value injected nothing:
 * no `<b>` element and no event handler attribute anywhere.
 */
function parse(res: LightMyRequestResponse, label: string): Document {
  assert.ok(res.statusCode < 500, `${label}: ${res.statusCode}`);
  const { document } = parseHTML(res.body);
  assert.equal(document.querySelectorAll('html').length, 1, `${label}: one document`);
  assert.ok(document.querySelector('main h1'), `${label}: the page has its main heading`);
  assert.equal(document.querySelectorAll('b').length, 0, `${label}: no injected element`);
  const handlers = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on')));
  assert.equal(handlers.length, 0, `${label}: no event handler attribute`);
  return document as unknown as Document;
}

/** The value of the form field `name` (its id is `f-<name>`). */
function fieldValue(doc: Document, name: string): string | null {
  return doc.querySelector(`#f-${name}`)?.getAttribute('value') ?? null;
}

describe('the value comes back intact in every text field', () => {
  test('categories: new, refused and edit forms; the tree and its link labels', async () => {
    await admin.get('/admin/categories');
    assert.equal((await admin.post('/admin/categories', { name: VALUE, slug: VALUE, parent_id: '' })).statusCode, 303);
    const category = (await app.store.categories.all()).find((c) => c.name === VALUE)!;
    assert.ok(category, 'stored as typed');

    const refused = parse(await admin.post('/admin/categories', { name: VALUE, slug: VALUE, parent_id: '' }), 'refused category');
    assert.equal(fieldValue(refused, 'name'), VALUE);
    assert.equal(fieldValue(refused, 'slug'), VALUE);

    const edit = parse(await admin.get(`/admin/categories/${category.id}`), 'category page');
    assert.equal(fieldValue(edit, 'name'), VALUE);
    assert.equal(fieldValue(edit, 'slug'), category.slug);
    assert.ok(edit.querySelector('h1')!.textContent!.includes(VALUE));

    const tree = parse(await admin.get('/admin/categories'), 'categories');
    const link = tree.querySelector(`a[href="/admin/categories/${category.id}"]`)!;
    assert.equal(link.getAttribute('aria-label'), `تعديل القسم: ${VALUE}`);
    assert.ok([...tree.querySelectorAll('.item-name')].some((el) => el.textContent === VALUE));
    assert.ok([...tree.querySelectorAll('option')].some((o) => o.textContent === VALUE), 'the parent select names it');
  });

  test('tags: rename, merge target, search box and list', async () => {
    const tag = await app.store.transaction((repos) => repos.tags.findOrCreate('وسم للهروب', 'escape-tag'));
    await admin.get(`/admin/tags/${tag.id}`);
    assert.equal((await admin.post(`/admin/tags/${tag.id}`, { name: VALUE, slug: '' })).statusCode, 303);
    const renamed = (await app.store.tags.findById(tag.id))!;
    assert.equal(renamed.name, VALUE);

    const page = parse(await admin.get(`/admin/tags/${tag.id}`), 'tag page');
    assert.equal(fieldValue(page, 'name'), VALUE);
    assert.equal(fieldValue(page, 'slug'), renamed.slug);

    const refused = parse(await admin.post(`/admin/tags/${tag.id}`, { name: VALUE, slug: '\u0000' }), 'refused rename');
    assert.equal(fieldValue(refused, 'name'), VALUE);
    const merge = parse(await admin.post(`/admin/tags/${tag.id}/merge`, { into: `${VALUE} غير موجود` }), 'refused merge');
    assert.equal(fieldValue(merge, 'into'), `${VALUE} غير موجود`);

    const list = parse(await admin.get(`/admin/tags?q=${encodeURIComponent(VALUE)}`), 'tag search');
    assert.equal(fieldValue(list, 'q'), VALUE);
    assert.equal(list.querySelector(`a[href="/admin/tags/${tag.id}"]`)?.getAttribute('aria-label'), `تعديل الوسم: ${VALUE}`);
  });

  test('settings: saved text fields, and refused ones shown again', async () => {
    await admin.get('/admin/settings');
    const form = { site_name: VALUE, tagline: VALUE, locale: 'ar-LY', digits: 'latn', calendar: 'gregory', time_zone: 'Africa/Tripoli', copyright_holder: VALUE, feed_content: 'full', logo_url: '/assets/logo.png' };
    assert.equal((await admin.post('/admin/settings', form)).statusCode, 303);
    const page = parse(await admin.get('/admin/settings'), 'settings');
    for (const name of ['site_name', 'tagline', 'copyright_holder']) assert.equal(fieldValue(page, name), VALUE, name);
    assert.ok(page.querySelector('title')!.textContent!.endsWith(`| ${VALUE}`));

    for (const name of ['locale', 'logo_url', 'time_zone'] as const) {
      const refused = parse(await admin.post('/admin/settings', { ...form, [name]: VALUE }), `refused ${name}`);
      const shown = name === 'time_zone' ? refused.querySelector('#f-time_zone option[selected]')?.getAttribute('value') : fieldValue(refused, name);
      assert.equal(shown, VALUE, name);
    }

    const reader = parseHTML((await app.http.inject({ url: '/' })).body).document;
    assert.equal(reader.querySelector('.site-name')?.textContent, VALUE);
    assert.equal(reader.querySelectorAll('b').length, 0);
    await admin.post('/admin/settings', { ...form, site_name: 'جريدة', tagline: 'أخبار', copyright_holder: 'جريدة' });
  });

  test('users: new user form (refused and saved), user page and list', async () => {
    await admin.get('/admin/users');
    const refused = parse(await admin.post('/admin/users', { email: VALUE, display_name: VALUE, role: 'author', password: 'عبارة مرور طويلة للاختبار' }), 'refused user');
    assert.equal(fieldValue(refused, 'email'), VALUE);
    assert.equal(fieldValue(refused, 'display_name'), VALUE);

    assert.equal((await admin.post('/admin/users', { email: 'escape@example.com', display_name: VALUE, role: 'author', password: 'عبارة مرور طويلة للاختبار' })).statusCode, 303);
    const user = (await app.store.users.findByEmail('escape@example.com'))!;
    assert.equal(user.display_name, VALUE);
    const page = parse(await admin.get(`/admin/users/${user.id}`), 'user page');
    assert.equal(fieldValue(page, 'display_name'), VALUE);
    const list = parse(await admin.get('/admin/users'), 'users');
    assert.equal(list.querySelector(`a[href="/admin/users/${user.id}"]`)?.getAttribute('aria-label'), `تعديل ${VALUE}`);

    // Signed in as that user: the header names them.
    const own = new AdminClient(app, '127.0.9.1');
    assert.equal((await own.login('escape@example.com', 'عبارة مرور طويلة للاختبار')).statusCode, 303);
    assert.ok(parse(await own.get('/admin'), 'dashboard').querySelector('.who')!.textContent!.includes(VALUE));
  });

  test('media: alt text on the image page, refused upload, library search and list', async () => {
    const { media } = await uploadImage(app.media, null, { filename: `${VALUE}.png`, bytes: await png(60, 40), alt: VALUE });
    const page = parse(await admin.get(`/admin/media/${media.id}`), 'image page');
    assert.equal(fieldValue(page, 'alt'), VALUE);
    assert.equal(page.querySelector('main img')?.getAttribute('alt'), VALUE);
    assert.ok(page.querySelector('h1')!.textContent!.includes(VALUE), 'the file name in the heading');

    const tooLong = VALUE.repeat(10);
    const refused = parse(await admin.post(`/admin/media/${media.id}`, { alt: tooLong }), 'refused alt');
    assert.equal(fieldValue(refused, 'alt'), tooLong);
    const empty = parse(await admin.post(`/admin/media/${media.id}`, { alt: '  ' }), 'empty alt');
    assert.equal(fieldValue(empty, 'alt'), '  ');

    // `&lt` before `&` is decoded by a browser in an attribute unless the `&` is escaped.
    const picking = `/admin/articles/new?q=a&amp;b=&lt`;
    const library = parse(await admin.get(`/admin/media?q=${encodeURIComponent(VALUE)}&return=${encodeURIComponent(picking)}`), 'library');
    assert.equal(fieldValue(library, 'q'), VALUE);
    assert.equal(library.querySelector('input[name="return"]')?.getAttribute('value'), picking);
    const choose = [...library.querySelectorAll('a.button')].find((a) => a.getAttribute('href')?.includes('media_id='));
    assert.equal(choose?.getAttribute('href'), `${picking}&media_id=${media.id}`, 'the return path keeps its & as given');
    assert.equal(choose?.getAttribute('aria-label'), `اختر الصورة ${VALUE}.png`);
    assert.ok([...library.querySelectorAll('tbody img')].some((img) => img.getAttribute('alt') === VALUE));
  });

  test('the login form keeps a return path with & and quotes', async () => {
    const next = `/admin/tags?q=&amp;'"<>`;
    const page = parse(await new AdminClient(app, '127.0.9.2').get(`/admin/login?next=${encodeURIComponent(next)}`), 'login');
    // The same address, percent-encoded as a Location header needs it (quotes and brackets; `&` stays a separator).
    assert.equal(page.querySelector('input[name="next"]')?.getAttribute('value'), `/admin/tags?q=&amp;%27%22%3C%3E`);
  });
});
