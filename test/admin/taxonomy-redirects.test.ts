// Category and tag addresses that change in the back office keep working
// (issue 4 review): a new category slug or parent leaves a 301 from the old
// path of the category and of every sub-category below it, a renamed or
// merged tag one from its old slug; later list pages and feeds follow; a
// chain of changes ends at the current address; changing back loops nowhere;
// a refused change leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import { categoryOldPath, tagOldPath } from '../../src/content/redirects.ts';
import { feedUrls } from '../../src/web/feed-urls.ts';
import { urls } from '../../src/web/urls.ts';
import { categoryId, publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let editor: AdminClient;

before(async () => {
  app = await testApp();
  ({ client: editor } = await signedIn(app, 'editor'));
});
after(() => app.dispose());

/** What the reader site answers at `url`: the status, and the location of a redirect. */
async function visit(url: string): Promise<{ status: number; location?: string }> {
  const res = await app.http.inject(url);
  return res.headers.location === undefined ? { status: res.statusCode } : { status: res.statusCode, location: String(res.headers.location) };
}

const movedTo = (location: string) => ({ status: 301, location });
const served = { status: 200 };

async function saveCategory(path: string, changes: { slug?: string; parent?: string | null }) {
  const id = await categoryId(app.store, path);
  const current = (await app.store.categories.all()).find((c) => c.id === id)!;
  const parent = changes.parent === undefined ? current.parent_id : changes.parent === null ? null : await categoryId(app.store, changes.parent);
  await editor.get(`/admin/categories/${id}`);
  return editor.post(`/admin/categories/${id}`, { name: current.name, slug: changes.slug ?? current.slug, parent_id: parent === null ? '' : String(parent), in_menu_field: '1', in_menu: '1' });
}

describe('category addresses', () => {
  test('a new slug: the old path, its sub-categories, later pages and feeds answer 301; a chain ends at the current path; going back loops nowhere', async () => {
    await publish(app.store, 'رياضة/عربي', { title: 'مباراة في الدوري العربي' });
    assert.deepEqual(await visit(urls.category(['رياضة', 'عربي'])), served);
    assert.equal((await visit(feedUrls.category('rss', ['لا-يوجد']))).status, 404, 'an unknown category feed is a 404 to begin with');

    assert.equal((await saveCategory('رياضة', { slug: 'رياضات' })).statusCode, 303);
    assert.deepEqual(await visit(urls.category(['رياضة'])), movedTo(urls.category(['رياضات'])));
    assert.deepEqual(await visit(urls.category(['رياضة', 'عربي'])), movedTo(urls.category(['رياضات', 'عربي'])));
    assert.deepEqual(await visit(`${urls.category(['رياضة'])}/`), movedTo(urls.category(['رياضات'])), 'a trailing slash is the same address');
    assert.deepEqual(await visit(urls.page(urls.category(['رياضة', 'عربي']), 2)), movedTo(urls.page(urls.category(['رياضات', 'عربي']), 2)));
    assert.deepEqual(await visit(feedUrls.category('rss', ['رياضة', 'عربي'])), movedTo(feedUrls.category('rss', ['رياضات', 'عربي'])));
    assert.deepEqual(await visit(feedUrls.category('atom', ['رياضة'])), movedTo(feedUrls.category('atom', ['رياضات'])));
    assert.deepEqual(await visit(urls.category(['رياضات', 'عربي'])), served);

    assert.equal((await saveCategory('رياضة', { slug: 'رياضة وشباب' })).statusCode, 303);
    assert.deepEqual(await visit(urls.category(['رياضة'])), movedTo(urls.category(['رياضة-وشباب'])), 'A → B → C: A goes straight to C');
    assert.deepEqual(await visit(urls.category(['رياضات', 'عربي'])), movedTo(urls.category(['رياضة-وشباب', 'عربي'])));

    assert.equal((await saveCategory('رياضة', { slug: 'رياضة' })).statusCode, 303);
    assert.deepEqual(await visit(urls.category(['رياضة'])), served, 'back at A: the page, not a redirect to itself');
    assert.deepEqual(await visit(urls.category(['رياضة', 'عربي'])), served);
    assert.deepEqual(await visit(urls.category(['رياضات'])), movedTo(urls.category(['رياضة'])));
    assert.deepEqual(await visit(urls.category(['رياضة-وشباب', 'عربي'])), movedTo(urls.category(['رياضة', 'عربي'])));
  });

  test('a move under another parent: the old paths of the category and of its whole sub-tree answer 301', async () => {
    assert.equal((await saveCategory('رياضة/دولي', { parent: 'محلي' })).statusCode, 303);
    assert.deepEqual(await visit(urls.category(['رياضة', 'دولي'])), movedTo(urls.category(['محلي', 'دولي'])));

    assert.equal((await saveCategory('صحة', { parent: 'منوعات' })).statusCode, 303);
    assert.deepEqual(await visit(urls.category(['صحة'])), movedTo(urls.category(['منوعات', 'صحة'])));
    assert.deepEqual(await visit(urls.category(['صحة', 'العالم'])), movedTo(urls.category(['منوعات', 'صحة', 'العالم'])));
    assert.deepEqual(await visit(feedUrls.category('rss', ['صحة', 'العالم'])), movedTo(feedUrls.category('rss', ['منوعات', 'صحة', 'العالم'])));
  });

  test('a refused change (slug taken at the new place) leaves no redirect', async () => {
    // اقتصاد has a دولي of its own.
    const res = await saveCategory('محلي/دولي', { parent: 'اقتصاد' });
    assert.equal(res.statusCode, 409);
    assert.equal(await app.store.redirects.find(categoryOldPath(['محلي', 'دولي'])), undefined);
    assert.deepEqual(await visit(urls.category(['محلي', 'دولي'])), served);
  });
});

describe('tag addresses', () => {
  async function tagOf(title: string, name: string) {
    const article = await publish(app.store, 'محلي', { title, tags: [name] });
    const [tag] = await app.store.articles.tagsOf(article.id);
    assert.ok(tag);
    return tag;
  }

  test('a rename and then a merge: every old address ends at the tag it went into, pages and feeds too', async () => {
    const old = await tagOf('خبر بوسم قديم', 'وسم قديم');
    const into = await tagOf('خبر بوسم باق', 'وسم باق');
    await editor.get(`/admin/tags/${old.id}`);
    assert.equal((await editor.post(`/admin/tags/${old.id}`, { name: 'وسم جديد', slug: '' })).statusCode, 303);
    assert.deepEqual(await visit(urls.tag('وسم-قديم')), movedTo(urls.tag('وسم-جديد')));
    assert.deepEqual(await visit(urls.page(urls.tag('وسم-قديم'), 3)), movedTo(urls.page(urls.tag('وسم-جديد'), 3)));
    assert.deepEqual(await visit(feedUrls.tag('atom', 'وسم-قديم')), movedTo(feedUrls.tag('atom', 'وسم-جديد')));
    assert.deepEqual(await visit(urls.tag('وسم-جديد')), served);

    await editor.get(`/admin/tags/${old.id}`);
    assert.equal((await editor.post(`/admin/tags/${old.id}/merge`, { into: 'وسم باق' })).statusCode, 303);
    assert.deepEqual(await visit(urls.tag('وسم-جديد')), movedTo(urls.tag(into.slug)));
    assert.deepEqual(await visit(urls.tag('وسم-قديم')), movedTo(urls.tag(into.slug)), 'the address before the rename follows the merge');
    assert.deepEqual(await visit(feedUrls.tag('rss', 'وسم-قديم')), movedTo(feedUrls.tag('rss', into.slug)));
    assert.deepEqual(await visit(urls.tag(into.slug)), served);
  });

  test('a slug changed back: the page itself, and the other slug points at it', async () => {
    const tag = await tagOf('خبر بوسم متردد', 'متردد');
    await editor.get(`/admin/tags/${tag.id}`);
    await editor.post(`/admin/tags/${tag.id}`, { name: 'متردد', slug: 'hesitant' });
    await editor.post(`/admin/tags/${tag.id}`, { name: 'متردد', slug: 'متردد' });
    assert.deepEqual(await visit(urls.tag('متردد')), served);
    assert.deepEqual(await visit(urls.tag('hesitant')), movedTo(urls.tag('متردد')));
    assert.equal((await app.store.redirects.find(tagOldPath('متردد')))?.target_id, tag.id, 'stored, and never answered while the tag holds it');
  });

  test('a refused rename (slug of another tag) leaves no redirect', async () => {
    const tag = await tagOf('خبر بوسم ثابت', 'ثابت');
    await tagOf('خبر بوسم آخر', 'مأخوذ');
    await editor.get(`/admin/tags/${tag.id}`);
    assert.equal((await editor.post(`/admin/tags/${tag.id}`, { name: 'ثابت', slug: 'مأخوذ' })).statusCode, 409);
    assert.equal(await app.store.redirects.find(tagOldPath('ثابت')), undefined);
    assert.deepEqual(await visit(urls.tag('ثابت')), served);
  });
});
