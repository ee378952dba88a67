// `jarida source edit` shares the admin's update use case: the flags given
// replace the stored settings, a refused one writes nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceCommand } from '../../src/cli/source-command.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { categoryId } from '../helpers/articles.ts';
import { testConfig } from '../helpers/test-app.ts';

test('jarida source edit: changes the given settings, refuses bad ones without writing', async () => {
  const config = testConfig();
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await sourceCommand(config, args, { out: (l) => out.push(l), err: (l) => err.push(l), tty: false });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  assert.equal((await run('add', 'http://127.0.0.1:9/feed.xml', '--outlet', 'الجزيرة', '--category', 'محلي', '--map', 'Sport=رياضة')).code, 0);
  assert.equal((await run('edit')).code, 2, 'a source must be named');
  assert.equal((await run('edit', '1', '--full-text', '--no-full-text')).code, 2);

  const edited = await run('edit', '1', '--outlet', 'الجزيرة نت', '--interval', '120', '--mode', 'publish', '--full-text', '--map', 'Economy=اقتصاد/عربي');
  assert.equal(edited.code, 0, edited.err);
  assert.match(edited.out, /saved source 1: .*الجزيرة نت, publish, every 120 s, full text/u);

  await assert.rejects(run('edit', '1', '--interval', '30'), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.field === 'poll_interval_s');
  await assert.rejects(run('edit', 'http://127.0.0.1:9/feed.xml', '--category', 'لا يوجد'), (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.field === 'default_category');
  await assert.rejects(run('edit', '99', '--outlet', 'x'), (err: unknown) => isJaridaError(err, 'NOT_FOUND'));

  const store = await openSqliteStore(config.dbFile);
  try {
    const source = await store.feeds.sourceById(1);
    assert.equal(source?.outlet_name, 'الجزيرة نت');
    assert.equal(source?.poll_interval_s, 120, 'the refused interval was not written');
    assert.equal(source?.mode, 'publish');
    assert.equal(source?.fetch_full_text, true);
    assert.equal(source?.default_category_id, await categoryId(store, 'محلي'));
    assert.deepEqual(source?.category_map, { economy: await categoryId(store, 'اقتصاد/عربي') });
  } finally {
    await store.close();
  }
  assert.equal((await run('edit', '1', '--no-map', '--no-full-text')).code, 0);
  assert.match((await run('edit', '1', '--url', 'https://example.com/rss')).out, /saved source 1: https:\/\/example\.com\/rss/u);
  const store2 = await openSqliteStore(config.dbFile);
  try {
    const source = await store2.feeds.sourceById(1);
    assert.deepEqual(source?.category_map, {});
    assert.equal(source?.fetch_full_text, false);
    assert.equal(source?.etag, null, 'a new URL starts without validators');
  } finally {
    await store2.close();
  }
});
