// Site management in the back office, as reviewed for issue 4: merging a tag
// into one named as shown (spelling variants, several tags of one name), the
// locale setting limited to languages that have strings (and `lang`/`dir`
// following the strings served), the "show in menu" flag of categories (the
// WordPress importer's «صفحات» hidden), and single-line text cleaned by the
// use cases behind the forms.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { adminLanguage } from '../../src/admin/i18n.ts';
import type { App } from '../../src/app.tsx';
import { type CategoryNode, CategoryTree } from '../../src/content/category-tree.ts';
import { updateMediaAlt, uploadImage } from '../../src/content/use-cases/media.ts';
import { findMergeTarget } from '../../src/content/use-cases/taxonomy.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { importWordpress, PAGES_CATEGORY } from '../../src/ingest/wxr-import.ts';
import { UI_LANGUAGES } from '../../src/web/i18n.ts';
import { urls } from '../../src/web/urls.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir, testApp } from '../helpers/test-app.ts';
import { png } from '../media/sample-images.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let admin: AdminClient;

before(async () => {
  app = await testApp();
  ({ client: admin } = await signedIn(app, 'administrator'));
});
after(() => app.dispose());

/** The reader site's main menu of the home page. */
async function readerMenu(): Promise<string> {
  const home = await app.http.inject({ url: '/' });
  return /<nav class="main-menu"[\s\S]*?<\/nav>/u.exec(home.body)![0];
}

function htmlTag(body: string): string {
  return /<html[^>]*>/u.exec(body)![0];
}

describe('merging tags by the name shown', () => {
  const tag = (name: string, slug: string) => app.store.transaction((repos) => repos.tags.findOrCreate(name, slug));

  test('the exact name finds a tag whose slug is unrelated; spelling variants find it too', async () => {
    const economy = await tag('الاقتصاد', 'economy');
    const article = await publish(app.store, 'اقتصاد', { title: 'ميزانية البلديات', tags: ['اقتصاد محلي'] });
    const [local] = await app.store.articles.tagsOf(article.id);
    assert.ok(local);
    await admin.get(`/admin/tags/${local.id}`);
    const merged = await admin.post(`/admin/tags/${local.id}/merge`, { into: 'الاقتصاد' });
    assert.equal(merged.statusCode, 303);
    assert.equal(merged.headers.location, `/admin/tags/${economy.id}?notice=notice_tag_merged`);
    assert.deepEqual((await app.store.articles.tagsOf(article.id)).map((t) => t.name), ['الاقتصاد']);

    // Hamza on the alef, harakat, tatweel and doubled spaces: the same name once normalized.
    for (const typed of ['الإقتصاد', 'الاِقْتِصَاد', 'الاقتـــصاد', '  الاقتصاد  ']) {
      const from = await tag(`وسم مؤقت ${typed.length}${Math.random()}`, `tmp-${Math.random().toString(36).slice(2)}`);
      await admin.get(`/admin/tags/${from.id}`);
      const res = await admin.post(`/admin/tags/${from.id}/merge`, { into: typed });
      assert.equal(res.headers.location, `/admin/tags/${economy.id}?notice=notice_tag_merged`, typed);
    }
  });

  test('several tags of that name: an error that lists their slugs; the slug then picks one', async () => {
    const tripoliLy = await tag('طرابلس', 'tripoli-ly');
    const tripoliLb = await tag('طرابلس', 'tripoli-lb');
    const from = await tag('مدينة طرابلس', 'tripoli-city');
    await admin.get(`/admin/tags/${from.id}`);
    const ambiguous = await admin.post(`/admin/tags/${from.id}/merge`, { into: 'طرابلس' });
    assert.equal(ambiguous.statusCode, 400);
    assert.match(ambiguous.body, /يوجد أكثر من وسم بهذا الاسم\. اكتب الاسم اللطيف للوسم المقصود: «tripoli-ly» أو «tripoli-lb»\./u);
    assert.match(ambiguous.body, /id="f-into"[^>]*value="طرابلس"/u, 'the form keeps what was typed');
    assert.ok(await app.store.tags.findById(from.id), 'nothing was merged');

    const picked = await admin.post(`/admin/tags/${from.id}/merge`, { into: 'tripoli-lb' });
    assert.equal(picked.headers.location, `/admin/tags/${tripoliLb.id}?notice=notice_tag_merged`);
    assert.ok(await app.store.tags.findById(tripoliLy.id));
  });

  test('a duplicate of the tag itself is found; the tag alone, or nothing, is explained', async () => {
    const first = await tag('رياضة محلية', 'sport-local-1');
    const second = await tag('رياضة محلية', 'sport-local-2');
    await admin.get(`/admin/tags/${first.id}`);
    const merged = await admin.post(`/admin/tags/${first.id}/merge`, { into: 'رياضة محلية' });
    assert.equal(merged.headers.location, `/admin/tags/${second.id}?notice=notice_tag_merged`, 'the one other than itself');

    await admin.get(`/admin/tags/${second.id}`);
    const self = await admin.post(`/admin/tags/${second.id}/merge`, { into: 'رياضة محلية' });
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /لا يُدمج الوسم في نفسه/u);
    const missing = await admin.post(`/admin/tags/${second.id}/merge`, { into: 'وسم لا وجود له' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /لا يوجد وسم بهذا الاسم أو الاسم اللطيف/u);

    await assert.rejects(
      app.store.transaction((repos) => findMergeTarget(repos, ' \u202e ', second.id)),
      (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'merge_target_missing',
    );
  });
});

describe('the locale setting', () => {
  const settings = { site_name: 'جريدة', tagline: 'أخبار', digits: 'latn', calendar: 'gregory', time_zone: 'Africa/Tripoli', copyright_holder: 'جريدة' };

  test('languages with strings are the locale files', () => {
    const files = (dir: string) =>
      readdirSync(fileURLToPath(new URL(dir, import.meta.url)))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => f.slice(0, -3))
        .sort();
    assert.deepEqual([...UI_LANGUAGES].sort(), files('../../src/web/locales/'));
    for (const language of UI_LANGUAGES) assert.equal(adminLanguage(language), language, `the back office has ${language} strings`);
  });

  test('a language without strings is refused; regional variants are accepted and pages follow the strings served', async () => {
    await admin.get('/admin/settings');
    const refused = await admin.post('/admin/settings', { ...settings, locale: 'fr-FR' });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /اكتب رمز لغة لها نصوص في الموقع \(ar, en\)/u);
    assert.match(refused.body, /id="f-locale"[^>]*value="fr-FR"[^>]*aria-invalid="true"/u);
    assert.equal((await app.store.settings.load()).locale, 'ar-LY');
    assert.equal((await admin.post('/admin/settings', { ...settings, locale: 'not a tag' })).statusCode, 400);

    assert.equal((await admin.post('/admin/settings', { ...settings, locale: 'ar-EG' })).statusCode, 303);
    assert.equal(htmlTag((await app.http.inject({ url: '/' })).body), '<html lang="ar" dir="rtl">');
    assert.equal(htmlTag((await admin.get('/admin')).body), '<html lang="ar" dir="rtl">');

    assert.equal((await admin.post('/admin/settings', { ...settings, locale: 'en-GB' })).statusCode, 303);
    const home = await app.http.inject({ url: '/' });
    assert.equal(htmlTag(home.body), '<html lang="en" dir="ltr">');
    assert.match(home.body, />Home</u);
    const dashboard = await admin.get('/admin');
    assert.equal(htmlTag(dashboard.body), '<html lang="en" dir="ltr">');
    assert.match(dashboard.body, />Dashboard</u);
    assert.equal((await admin.post('/admin/settings', { ...settings, locale: 'ar-LY' })).statusCode, 303);
  });

  test('a locale stored before the check existed serves the default, never lang="fr" over Arabic strings', async () => {
    await app.store.transaction((repos) => repos.settings.save({ locale: 'fr-FR' }));
    try {
      const home = await app.http.inject({ url: '/' });
      assert.equal(home.statusCode, 200);
      assert.equal(htmlTag(home.body), '<html lang="ar" dir="rtl">');
      assert.match(home.body, />الرئيسية</u);
      const page = await admin.get('/admin/settings');
      assert.equal(htmlTag(page.body), '<html lang="ar" dir="rtl">');
      assert.match(page.body, /id="f-locale"[^>]*value="ar-LY"/u, 'the form offers the locale in use');
    } finally {
      await app.store.transaction((repos) => repos.settings.save({ locale: 'ar-LY' }));
    }
  });
});

describe('categories hidden from the site menu', () => {
  test('the category form hides and shows a category; its page still works, its sub-categories hide with it', async () => {
    await admin.get('/admin/categories');
    // The form sends `in_menu_field` with the checkbox: unticked means hidden.
    assert.equal((await admin.post('/admin/categories', { name: 'عن الجريدة', slug: '', parent_id: '', in_menu_field: '1' })).statusCode, 303);
    const about = (await app.store.categories.all()).find((c) => c.name === 'عن الجريدة')!;
    assert.equal(about.in_menu, false);
    await admin.post('/admin/categories', { name: 'فريق العمل', slug: '', parent_id: String(about.id), in_menu_field: '1', in_menu: '1' });
    await publish(app.store, 'عن الجريدة', { title: 'من نحن' });

    assert.doesNotMatch(await readerMenu(), /عن الجريدة|فريق العمل/u);
    const page = await app.http.inject({ url: urls.category([about.slug]) });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /من نحن/u);
    assert.match((await admin.get('/admin/categories')).body, /عن الجريدة[\s\S]*?مخفي من القائمة/u);
    const form = await admin.get(`/admin/categories/${about.id}`);
    assert.match(form.body, /<input type="checkbox" id="f-in_menu" name="in_menu" value="1" aria-describedby="f-in_menu-help"\/?>/u, 'unticked');

    assert.equal((await admin.post(`/admin/categories/${about.id}`, { name: 'عن الجريدة', slug: about.slug, parent_id: '', in_menu_field: '1', in_menu: '1' })).statusCode, 303);
    assert.match(await readerMenu(), /عن الجريدة[\s\S]*فريق العمل/u);
    // A post without the checkbox's marker (an older form, a script) leaves the flag as it is.
    assert.equal((await admin.post(`/admin/categories/${about.id}`, { name: 'عن الجريدة', slug: about.slug, parent_id: '' })).statusCode, 303);
    assert.equal((await app.store.categories.all()).find((c) => c.id === about.id)?.in_menu, true);
    assert.ok((await app.store.categories.all()).filter((c) => c.name !== 'عن الجريدة').every((c) => c.in_menu), 'other categories stay listed');
  });

  test('the menu leaves out hidden categories at any depth; the tree keeps them', () => {
    const row = (id: number, parent_id: number | null, in_menu?: boolean) => ({ id, parent_id, slug: `c${id}`, name: `قسم ${id}`, menu_order: id, ...(in_menu === undefined ? {} : { in_menu }) });
    const tree = new CategoryTree([row(1, null), row(2, 1, true), row(3, 2, false), row(4, 2), row(5, null, false), row(6, 5)]);
    const shape = (nodes: readonly CategoryNode[]): unknown => nodes.map((n) => [n.id, shape(n.children)]);
    assert.deepEqual(shape(tree.menu()), [[1, [[2, [[4, []]]]]]]);
    assert.equal(tree.findByPath(['c1', 'c2', 'c3'])?.id, 3, 'a hidden category still has its path');
    assert.equal(tree.findByPath(['c5', 'c6'])?.in_menu, true, 'listed itself, hidden with its parent');
    assert.equal(tree.get(1)?.children.length, 1, 'the tree itself is not pruned');
  });

  test('the WordPress importer files pages under «صفحات», hidden from the menu; the category page works', async () => {
    const dir = tempDir();
    const fixture = fileURLToPath(new URL('../fixtures/wxr/arabic-site.xml', import.meta.url));
    const report = await importWordpress(app.store, app.clock, fixture, { timeZone: 'Africa/Tripoli', uploadsTarget: join(dir, 'uploads'), publicUrl: 'https://new.example.ly' });
    assert.equal(report.failed, 0);
    const pages = (await app.store.categories.all()).find((c) => c.name === PAGES_CATEGORY)!;
    assert.equal(pages.in_menu, false);
    const menu = await readerMenu();
    assert.doesNotMatch(menu, new RegExp(PAGES_CATEGORY, 'u'));
    assert.match(menu, /أخبار/u, 'imported news categories are listed');
    const page = await app.http.inject({ url: urls.category([pages.slug]) });
    assert.equal(page.statusCode, 200);
    // Nor is it on the home page: no block, and its pages are not in the latest list.
    const inPages = await app.store.articles.listPublished({ now: app.clock.now().toISOString(), category_ids: [pages.id], limit: 10, offset: 0 });
    assert.ok(inPages.items.length > 0);
    const home = (await app.http.inject({ url: '/' })).body;
    assert.doesNotMatch(home, new RegExp(PAGES_CATEGORY, 'u'));
    for (const item of inPages.items) assert.ok(!home.includes(`href="${urls.article(item.slug)}"`), item.slug);
    assert.match(home, /الانتخابات البلدية/u, 'imported news is on the home page');
  });
});

describe('single-line text is cleaned by the use cases behind the forms', () => {
  // A line break becomes a space and a NUL is dropped; the RTL override and the isolate are kept
  // byte for byte (ADR 023: pages isolate the field instead), the ends trimmed.
  const dirty = (word: string) => ` \u202e${word}\n\u0000جديد\u2066 `;
  const clean = (word: string) => `\u202e${word} جديد\u2066`;

  test('category and tag names, display names, settings and alt text', async () => {
    await admin.get('/admin/categories');
    await admin.post('/admin/categories', { name: dirty('قسم'), slug: '', parent_id: '' });
    assert.ok((await app.store.categories.all()).some((c) => c.name === clean('قسم')));

    const tag = await app.store.transaction((repos) => repos.tags.findOrCreate('وسم للتنظيف', 'clean-me'));
    await admin.get(`/admin/tags/${tag.id}`);
    await admin.post(`/admin/tags/${tag.id}`, { name: dirty('وسم'), slug: '' });
    assert.equal((await app.store.tags.findById(tag.id))?.name, clean('وسم'));

    const { user } = await signedIn(app, 'author');
    await admin.get(`/admin/users/${user.id}`);
    await admin.post(`/admin/users/${user.id}`, { display_name: dirty('كاتب'), role: 'author', active: '1' });
    assert.equal((await app.store.users.findById(user.id))?.display_name, clean('كاتب'));

    await admin.get('/admin/settings');
    const form = { site_name: dirty('موقع'), tagline: dirty('وصف'), locale: 'ar-LY', digits: 'latn', calendar: 'gregory', time_zone: 'Africa/Tripoli', copyright_holder: dirty('مالك') };
    assert.equal((await admin.post('/admin/settings', form)).statusCode, 303);
    const saved = await app.store.settings.load();
    assert.deepEqual([saved.site_name, saved.tagline, saved.copyright_holder], [clean('موقع'), clean('وصف'), clean('مالك')]);

    const { media } = await uploadImage(app.media, null, { filename: 'clean.png', bytes: await png(40, 30), alt: dirty('صورة') });
    assert.equal(media.alt, clean('صورة'));
    assert.equal((await updateMediaAlt(app.store, null, media.id, dirty('وصف'))).alt, clean('وصف'));
  });
});
