// A category a feed source files into cannot be deleted from under it (issue 4
// review): as its default category the delete used to fail with a 500
// (`FOREIGN KEY constraint failed`), and named only in the source's category
// mapping it was deleted silently, leaving a mapping line that pointed at
// nothing (`sport = `) and a source form that could not be saved again. Both
// answer 409 with an Arabic message naming the sources; nothing is deleted.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let editor: AdminClient;

before(async () => {
  // No background polling: the sources point at hosts that are never fetched.
  app = await testApp({ config: testConfig({ feeds: { poll: false } }) });
  ({ client: editor } = await signedIn(app, 'editor'));
});
after(() => app.dispose());

/** Creates a top-level category through the form; returns its id. */
async function newCategory(name: string): Promise<number> {
  await editor.get('/admin/categories');
  assert.equal((await editor.post('/admin/categories', { name, slug: '', parent_id: '', in_menu_field: '1', in_menu: '1' })).statusCode, 303);
  const found = (await app.store.categories.all()).find((c) => c.name === name);
  assert.ok(found, name);
  return found.id;
}

/** Adds a source through the form; returns its id. */
async function newSource(outlet: string, defaultCategory: number, categoryMap = ''): Promise<number> {
  await editor.get('/admin/sources');
  const url = `https://feeds.example.com/${encodeURIComponent(outlet)}.xml`;
  const res = await editor.post('/admin/sources', { url, outlet_name: outlet, default_category: String(defaultCategory), category_map: categoryMap, poll_interval: '15', mode: 'draft' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const source = (await app.store.feeds.listSources()).find((s) => s.url === url);
  assert.ok(source);
  return source.id;
}

async function deleteCategory(id: number) {
  await editor.get(`/admin/categories/${id}`);
  return editor.post(`/admin/categories/${id}/delete`, { confirm: '1' });
}

const exists = async (id: number) => (await app.store.categories.all()).some((c) => c.id === id);

describe('deleting a category that feed sources use', () => {
  test('the default category of a source: 409 naming the source, not a 500; deletable once the source files elsewhere', async () => {
    const empty = await newCategory('أخبار الوكالة');
    const other = await newCategory('قسم بديل');
    const source = await newSource('وكالة الأنباء الليبية', empty);

    const refused = await deleteCategory(empty);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /<html lang="ar" dir="rtl">/u);
    assert.match(refused.body, /لا يُحذف القسم لأن مصادر أخبار تستخدمه: «وكالة الأنباء الليبية»/u);
    assert.ok(await exists(empty), 'nothing deleted');

    assert.equal((await editor.get(`/admin/sources/${source}`)).statusCode, 200);
    const moved = await editor.post(`/admin/sources/${source}`, {
      url: (await app.store.feeds.sourceById(source))!.url,
      outlet_name: 'وكالة الأنباء الليبية',
      default_category: String(other),
      category_map: '',
      poll_interval: '15',
      mode: 'draft',
    });
    assert.equal(moved.statusCode, 303);
    const deleted = await deleteCategory(empty);
    assert.equal(deleted.statusCode, 303);
    assert.equal(await exists(empty), false);
  });

  test('named only in a category mapping: refused too, listing every source; the source form still saves unchanged', async () => {
    const mapped = await newCategory('رياضة الوكالات');
    const fallback = await newCategory('عام الوكالات');
    const first = await newSource('وكالة أ', fallback, 'sport = رياضة الوكالات');
    await newSource('وكالة ب', fallback, 'Football = رياضة الوكالات\nnews = عام الوكالات');

    const refused = await deleteCategory(mapped);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /تستخدمه: «وكالة أ» و«وكالة ب»/u);
    assert.ok(await exists(mapped));

    // The mapping is intact: the page shows it, and the unchanged form saves.
    const page = await editor.get(`/admin/sources/${first}`);
    assert.match(page.body, /sport = رياضة الوكالات/u);
    const source = (await app.store.feeds.sourceById(first))!;
    const resaved = await editor.post(`/admin/sources/${first}`, {
      url: source.url,
      outlet_name: source.outlet_name,
      default_category: String(fallback),
      category_map: 'sport = رياضة الوكالات',
      poll_interval: '15',
      mode: 'draft',
    });
    assert.equal(resaved.statusCode, 303);
  });

  test('the English back office says the same', async () => {
    const used = await newCategory('قسم مصدر إنجليزي');
    await newSource('Agency C', used);
    await app.store.transaction((repos) => repos.settings.save({ locale: 'en-GB' }));
    try {
      const refused = await deleteCategory(used);
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /feed sources use it: «Agency C»/u);
    } finally {
      await app.store.transaction((repos) => repos.settings.save({ locale: 'ar-LY' }));
    }
  });
});
