// A poll interval has a maximum (7 days) with its own message: 99999999
// minutes is "at most 10080 minutes", not "at least 1" (feed-sources.ts,
// sources-routes.tsx).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/app.tsx';
import { isJaridaError } from '../../src/core/errors.ts';
import { addFeedSource, MAX_POLL_INTERVAL_S } from '../../src/content/use-cases/feed-sources.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

let app: App & { dispose(): Promise<void> };
let editor: AdminClient;
let local: number;

before(async () => {
  app = await testApp();
  ({ client: editor } = await signedIn(app, 'editor'));
  local = await categoryId(app.store, 'محلي');
});
after(async () => app.dispose());

const form = (poll_interval: string, name: string) => ({ url: `http://127.0.0.1:9/${name}.xml`, outlet_name: 'وكالة', default_category: String(local), category_map: '', poll_interval, mode: 'draft' });

function fieldMessage(html: string): string | undefined {
  return /<strong class="field-error" id="f-poll_interval-error">([^<]*)<\/strong>/u.exec(html)?.[1];
}

test('a poll interval over 7 days is refused with a message naming the maximum, in Arabic and English', async () => {
  assert.equal(MAX_POLL_INTERVAL_S, 7 * 86_400);
  for (const typed of ['99999999', '10081', '٩٩٩٩٩٩٩٩٩٩٩٩', '99999999999999999', '10080.0004']) {
    const res = await editor.post('/admin/sources', form(typed, `too-long-${typed.length}`));
    assert.equal(res.statusCode, 400, typed);
    assert.equal(fieldMessage(res.body), 'فترة الاستطلاع لا تزيد على 10080 دقيقة (سبعة أيام).', typed);
  }
  assert.deepEqual(await app.store.feeds.listSources(), [], 'nothing was saved');
  assert.equal((await editor.post('/admin/sources', form('10080', 'week'))).statusCode, 303, 'exactly 7 days is accepted');
  await assert.rejects(
    addFeedSource(app.store, app.clock, { url: 'http://127.0.0.1:9/cli.xml', outlet_name: 'وكالة', default_category: local, poll_interval_s: MAX_POLL_INTERVAL_S + 1 }),
    (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'source_interval_too_long' && err.details.field === 'poll_interval_s',
  );
  const { en } = await import('../../src/admin/locales/en.ts');
  assert.match(en.source_interval_too_long, /at most \{max\} minutes/u);
});
