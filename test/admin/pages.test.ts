// Back-office pages through HTTP as a browser without JavaScript uses them:
// forms posted with their CSRF field, answers in Arabic, lists and filters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import { categoryId, publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { AdminClient, addUser, signedIn, TEST_PASSWORD } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let admin: AdminClient;

before(async () => {
  app = await testApp();
  ({ client: admin } = await signedIn(app, 'administrator'));
});
after(() => app.dispose());

/** The text of a page without tags, spaces collapsed. */
function text(html: string): string {
  return html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');
}

describe('pages shell', () => {
  test('admin pages are Arabic and RTL, and the menu shows what the role may use', async () => {
    const home = await admin.get('/admin');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<html lang="ar" dir="rtl">/u);
    for (const href of ['/admin/users', '/admin/settings', '/admin/categories', '/admin/tags', '/admin/articles/new']) assert.ok(home.body.includes(`href="${href}"`), href);

    const { client: contributor } = await signedIn(app, 'contributor');
    const page = await contributor.get('/admin');
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /دورك: مساهم/u);
    for (const href of ['/admin/users', '/admin/settings', '/admin/categories', '/admin/tags']) assert.ok(!page.body.includes(`href="${href}"`), href);
    assert.ok(page.body.includes('href="/admin/articles/new"'));

    const login = await new AdminClient(app).get('/admin/login?next=/admin/tags');
    assert.match(login.body, /name="next" value="\/admin\/tags"/u);
    const evil = await new AdminClient(app).get('/admin/login?next=//evil.example/admin');
    assert.match(evil.body, /name="next" value="\/admin"/u);
  });

  test('a wrong password is answered in Arabic without telling whether the account exists', async () => {
    const user = await addUser(app, 'author');
    const wrong = await new AdminClient(app, '127.0.5.1').login(user.email, 'not the password at all');
    const unknown = await new AdminClient(app, '127.0.5.2').login('nobody@example.com', 'not the password at all');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.match(wrong.body, /البريد الإلكتروني أو كلمة المرور غير صحيحة/u);
    assert.equal(text(wrong.body).replace(/value="[^"]*"/gu, ''), text(unknown.body).replace(/value="[^"]*"/gu, '').replace('nobody@example.com', user.email));
  });
});

describe('users', () => {
  test('create with a role; refused passwords and duplicate emails are explained in Arabic and keep the form', async () => {
    await admin.get('/admin/users');
    const common = await admin.post('/admin/users', { email: 'new.writer@example.com', display_name: 'سالم الكاتب', role: 'author', password: 'password12345' });
    assert.equal(common.statusCode, 400);
    assert.match(common.body, /من الأكثر شيوعاً/u);
    assert.match(common.body, /value="new.writer@example.com"/u);
    assert.match(common.body, /id="f-password"[^>]*aria-invalid="true"/u);
    const short = await admin.post('/admin/users', { email: 'new.writer@example.com', role: 'author', password: 'قصيرة' });
    assert.match(short.body, /كلمة المرور قصيرة: 12 حرفاً على الأقل/u);

    const ok = await admin.post('/admin/users', { email: 'New.Writer@Example.com', display_name: 'سالم الكاتب', role: 'author', password: TEST_PASSWORD });
    assert.equal(ok.statusCode, 303);
    const list = await admin.get(String(ok.headers.location));
    assert.match(list.body, /أُنشئ المستخدم/u);
    assert.match(list.body, /new\.writer@example\.com/u);
    const created = await app.store.users.findByEmail('new.writer@example.com');
    assert.equal(created?.role, 'author');
    assert.equal((await app.store.authors.findById(created!.author_id!))?.name, 'سالم الكاتب');

    const dup = await admin.post('/admin/users', { email: 'NEW.WRITER@example.com', role: 'editor', password: TEST_PASSWORD });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /يوجد حساب بهذا البريد/u);
  });

  test('change role, set a password, delete (only when confirmed)', async () => {
    const user = await addUser(app, 'contributor');
    const page = await admin.get(`/admin/users/${user.id}`);
    assert.equal(page.statusCode, 200);
    assert.equal((await admin.post(`/admin/users/${user.id}`, { display_name: 'محررة الأخبار', role: 'editor', active: '1' })).statusCode, 303);
    assert.equal((await app.store.users.findById(user.id))?.role, 'editor');
    assert.equal((await app.store.users.findById(user.id))?.display_name, 'محررة الأخبار');

    assert.equal((await admin.post(`/admin/users/${user.id}/password`, { password: 'عبارة مرور أخرى طويلة' })).statusCode, 303);
    assert.equal((await new AdminClient(app, '127.0.6.1').login(user.email, 'عبارة مرور أخرى طويلة')).statusCode, 303);

    const unconfirmed = await admin.post(`/admin/users/${user.id}/delete`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(unconfirmed.body, /أؤكد الحذف/u);
    assert.equal((await admin.post(`/admin/users/${user.id}/delete`, { confirm: '1' })).statusCode, 303);
    assert.equal(await app.store.users.findById(user.id), undefined);
    assert.equal((await admin.get(`/admin/users/${user.id}`)).statusCode, 404);
  });

  test('own password change needs the current password', async () => {
    const { client } = await signedIn(app, 'author');
    await client.get('/admin/account');
    const wrong = await client.post('/admin/account/password', { current_password: 'not it at all', password: 'عبارة جديدة تماماً هنا' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /كلمة المرور الحالية غير صحيحة/u);
  });
});

describe('article list', () => {
  test('filters by status, category (with sub-categories), author and headline words, with pages', async () => {
    const sport = await categoryId(app.store, 'رياضة');
    const writer = await addUser(app, 'author', 'sport.writer@example.com');
    const byline = (await app.store.authors.findById(writer.author_id!))!.name;
    for (let i = 1; i <= 30; i++) {
      await publish(app.store, i % 2 ? 'رياضة/عربي' : 'اقتصاد', {
        title: `مباراة القمة رقم ${i}`,
        status: i % 3 === 0 ? 'draft' : 'published',
        published_at: i % 3 === 0 ? null : `2023-08-${String((i % 28) + 1).padStart(2, '0')}T10:00:00Z`,
        author_name: i % 5 === 0 ? byline : 'مراسل',
      });
    }
    const all = await admin.get('/admin/articles?q=مباراة القمة');
    assert.match(text(all.body), /عدد الأخبار: 30/u);
    assert.match(all.body, /rel="next" href="\/admin\/articles\?q=%D9%85/u);
    const page2 = await admin.get('/admin/articles?q=مباراة القمة&page=2');
    assert.match(text(page2.body), /صفحة 2 من 2/u);

    const drafts = await admin.get('/admin/articles?status=draft&q=مباراة');
    assert.match(text(drafts.body), /عدد الأخبار: 10/u);
    assert.match(drafts.body, /<option value="draft" selected>/u);

    const inSport = await admin.get(`/admin/articles?category=${sport}&q=مباراة`);
    assert.match(text(inSport.body), /عدد الأخبار: 15/u);
    const byAuthor = await admin.get(`/admin/articles?author=${writer.author_id}&q=مباراة`);
    assert.match(text(byAuthor.body), /عدد الأخبار: 6/u);
    assert.match(byAuthor.body, /href="\/admin\/articles\/\d+">مباراة القمة رقم/u);

    const none = await admin.get('/admin/articles?q=%25_%25');
    assert.match(none.body, /لا توجد أخبار تطابق التصفية/u);

    const api = await admin.request('GET', `/api/admin/articles?status=draft&category=${sport}&q=مباراة`);
    const json = JSON.parse(api.body) as { total: number; items: Array<{ status: string }> };
    assert.equal(json.total, 5);
    assert.ok(json.items.every((i) => i.status === 'draft'));
  });
});

describe('categories and tags', () => {
  test('add, reorder, rename, move and delete categories; the reader menu follows', async () => {
    await admin.get('/admin/categories');
    assert.equal((await admin.post('/admin/categories', { name: 'ثقافة', slug: '', parent_id: '' })).statusCode, 303);
    const culture = (await app.store.categories.all()).find((c) => c.name === 'ثقافة')!;
    assert.equal(culture.slug, 'ثقافة');
    const roots = () => app.store.categories.all().then((all) => all.filter((c) => c.parent_id === null).sort((a, b) => a.menu_order - b.menu_order).map((c) => c.name));
    assert.equal((await roots()).at(-1), 'ثقافة');
    assert.equal((await admin.post(`/admin/categories/${culture.id}/move`, { direction: 'up' })).statusCode, 303);
    assert.equal((await roots()).at(-2), 'ثقافة');
    const home = await app.http.inject({ url: '/' });
    const menu = /<nav class="main-menu"[\s\S]*?<\/nav>/u.exec(home.body)![0];
    assert.ok(menu.indexOf('ثقافة') < menu.indexOf('منوعات'), 'reader menu in the new order');

    const dup = await admin.post('/admin/categories', { name: 'ثقافة', slug: '', parent_id: '' });
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /يوجد قسم بهذا الاسم اللطيف/u);

    await admin.post('/admin/categories', { name: 'كتب', slug: 'books', parent_id: String(culture.id) });
    const books = (await app.store.categories.all()).find((c) => c.slug === 'books')!;
    assert.equal(books.parent_id, culture.id);
    const cycle = await admin.post(`/admin/categories/${culture.id}`, { name: 'ثقافة', slug: '', parent_id: String(books.id) });
    assert.equal(cycle.statusCode, 400);
    assert.match(cycle.body, /لا يوضع القسم تحت نفسه/u);

    const busy = await admin.post(`/admin/categories/${culture.id}/delete`, { confirm: '1' });
    assert.equal(busy.statusCode, 409);
    assert.match(busy.body, /للقسم أقسام فرعية/u);
    await publish(app.store, 'ثقافة/كتب', { title: 'معرض الكتاب' });
    assert.match((await admin.post(`/admin/categories/${books.id}/delete`, { confirm: '1' })).body, /في القسم أخبار/u);

    assert.equal((await admin.post(`/admin/categories/${books.id}`, { name: 'كتب وروايات', slug: '', parent_id: '' })).statusCode, 303);
    const moved = (await app.store.categories.all()).find((c) => c.id === books.id)!;
    assert.deepEqual([moved.name, moved.slug, moved.parent_id], ['كتب وروايات', 'كتب-وروايات', null]);
    assert.equal((await admin.post(`/admin/categories/${culture.id}/delete`, { confirm: '1' })).statusCode, 303);
  });

  test('rename and merge tags; search follows', async () => {
    const a = await publish(app.store, 'محلي', { title: 'افتتاح مكتبة في بنغازي', tags: ['مكتبات'] });
    const b = await publish(app.store, 'محلي', { title: 'قراءة في المدارس', tags: ['مطالعة', 'مكتبات'] });
    const libraries = (await app.store.tags.findBySlug('مكتبات'))!;
    const reading = (await app.store.tags.findBySlug('مطالعة'))!;

    const list = await admin.get('/admin/tags?q=مكتب');
    assert.match(list.body, /مكتبات/u);
    await admin.get(`/admin/tags/${libraries.id}`);
    assert.equal((await admin.post(`/admin/tags/${libraries.id}`, { name: 'دور الكتب', slug: '' })).statusCode, 303);
    assert.equal((await app.store.tags.findById(libraries.id))?.slug, 'دور-الكتب');
    const found = await app.http.inject({ url: `/search?q=${encodeURIComponent('دور الكتب')}` });
    assert.match(found.body, /افتتاح مكتبة في بنغازي/u);

    const clash = await admin.post(`/admin/tags/${reading.id}`, { name: 'دور الكتب', slug: '' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /ادمج الوسمين/u);

    const missing = await admin.post(`/admin/tags/${reading.id}/merge`, { into: 'لا يوجد وسم كهذا' });
    assert.equal(missing.statusCode, 400);
    const merged = await admin.post(`/admin/tags/${reading.id}/merge`, { into: 'دور الكتب' });
    assert.equal(merged.statusCode, 303);
    assert.equal(merged.headers.location, `/admin/tags/${libraries.id}?notice=notice_tag_merged`);
    assert.equal(await app.store.tags.findById(reading.id), undefined);
    assert.deepEqual((await app.store.articles.tagsOf(b.id)).map((t) => t.name), ['دور الكتب']);
    assert.deepEqual((await app.store.articles.tagsOf(a.id)).map((t) => t.name), ['دور الكتب']);
  });
});

describe('site settings', () => {
  test('saving changes the reader site; a bad value names its field', async () => {
    const page = await admin.get('/admin/settings');
    assert.match(page.body, /<option value="Africa\/Tripoli" selected>/u);
    const form = { site_name: 'صحيفة الواحة', tagline: 'أخبار الجنوب', locale: 'ar-LY', digits: 'arab', calendar: 'both', time_zone: 'Africa/Tripoli', copyright_holder: 'مؤسسة الواحة' };
    const bad = await admin.post('/admin/settings', { ...form, time_zone: 'Mars/Olympus' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /قيمة غير صالحة في حقل «المنطقة الزمنية»/u);
    assert.equal((await admin.post('/admin/settings', form)).statusCode, 303);
    const home = await app.http.inject({ url: '/' });
    assert.match(home.body, /صحيفة الواحة/u);
    assert.match(home.body, /© ١٤٤|© ٢٠/u);
  });
});
