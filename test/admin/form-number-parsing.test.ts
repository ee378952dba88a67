// Numbers typed or posted in back-office forms mean what they say: a
// category's parent that is not a category id is refused (it used to make a
// top-level category silently), and a poll interval in minutes with
// decimals (1.01) is taken to the second rather than refused as "at least 1".
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ar } from '../../src/admin/locales/ar.ts';
import { addFeedSource } from '../../src/content/use-cases/feed-sources.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { systemClock } from '../../src/core/clock.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: Awaited<ReturnType<typeof testApp>>;
let editor: AdminClient;
let local: number;

before(async () => {
  // No background polling: the sources added here are never fetched.
  app = await testApp({ config: testConfig({ feeds: { poll: false } }) });
  ({ client: editor } = await signedIn(app, 'editor'));
  local = await categoryId(app.store, 'محلي');
});
after(() => app.dispose());

describe('category parent', () => {
  test('parent_id=-1 or abc is refused with a message beside the parent field; nothing is created', async () => {
    await editor.get('/admin/categories');
    const count = (await app.store.categories.all()).length;
    for (const parent_id of ['-1', 'abc', '0', '1.5', '1e3']) {
      const res = await editor.post('/admin/categories', { name: `قسم ${parent_id}`, slug: '', parent_id, in_menu_field: '1', in_menu: '1' });
      assert.equal(res.statusCode, 400, parent_id);
      assert.ok(res.body.includes(ar.parent_id_invalid), parent_id);
    }
    assert.equal((await app.store.categories.all()).length, count);

    // Blank is the top level; an id, a sub-category; both as before.
    assert.equal((await editor.post('/admin/categories', { name: 'قسم رئيسي جديد', slug: '', parent_id: '' })).statusCode, 303);
    assert.equal((await editor.post('/admin/categories', { name: 'قسم فرعي جديد', slug: '', parent_id: String(local) })).statusCode, 303);
    const all = await app.store.categories.all();
    assert.equal(all.find((c) => c.name === 'قسم رئيسي جديد')?.parent_id, null);
    assert.equal(all.find((c) => c.name === 'قسم فرعي جديد')?.parent_id, local);
  });

  test('editing a sub-category with a bad parent leaves it where it is', async () => {
    const child = (await app.store.categories.all()).find((c) => c.name === 'قسم فرعي جديد')!;
    await editor.get(`/admin/categories/${child.id}`);
    const res = await editor.post(`/admin/categories/${child.id}`, { name: child.name, slug: child.slug, parent_id: '-1' });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes(ar.parent_id_invalid));
    assert.equal((await app.store.categories.all()).find((c) => c.id === child.id)?.parent_id, local);
  });
});

describe('poll interval', () => {
  test('a poll interval of 1.01 minutes is accepted, rounded to whole seconds (61 s)', async () => {
    await editor.get('/admin/sources');
    const res = await editor.post('/admin/sources', {
      url: 'https://example.org/feed-1.xml',
      outlet_name: 'وكالة الاختبار',
      default_category: String(local),
      category_map: '',
      poll_interval: '1.01',
      mode: 'draft',
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const source = (await app.store.feeds.listSources()).find((s) => s.url === 'https://example.org/feed-1.xml');
    assert.equal(source?.poll_interval_s, 61);
  });

  test('the use case rounds fractions of a second and still refuses less than a minute or not a number', async () => {
    const add = (url: string, poll_interval_s: number) => addFeedSource(app.store, systemClock, { url, outlet_name: 'وكالة', default_category: local, poll_interval_s });
    assert.equal((await add('https://example.org/feed-2.xml', 90.4)).poll_interval_s, 90);
    for (const bad of [59.4, 0.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(add(`https://example.org/bad-${bad}.xml`, bad), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'source_interval_invalid', String(bad));
    }
  });
});
