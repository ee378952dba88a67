import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sourceCommand } from '../../src/cli/source-command.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { testConfig } from '../helpers/test-app.ts';

const FEED = readFileSync(fileURLToPath(new URL('../fixtures/feeds/small-rss.xml', import.meta.url)));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false }, out, err };
}

let server: Server;
let base = '';
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
      res.end(FEED);
    } else if (req.url === '/broken.xml') {
      res.writeHead(500).end('down');
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
after(() => server?.close());

test('jarida source: add, list, poll, errors, remove', async () => {
  const config = testConfig({ fetch: { allowPrivateAddresses: ['127.0.0.1'] } });
  const run = async (...args: string[]) => {
    const c = capture();
    const code = await sourceCommand(config, args, c.io);
    return { code, out: c.out.join('\n'), err: c.err.join('\n') };
  };

  assert.equal((await run('frobnicate')).code, 2, 'an unknown sub-command is a usage error');
  assert.equal((await run('add', `${base}/feed.xml`)).code, 2, '--outlet and --category are required');
  await assert.rejects(run('add', `${base}/feed.xml`, '--outlet', 'وكالة الاختبار', '--category', 'لا يوجد'), (err: unknown) =>
    isJaridaError(err, 'VALIDATION') && /لا يوجد/u.test((err as Error).message),
  );

  const added = await run('add', `${base}/feed.xml`, '--outlet', 'وكالة الاختبار', '--category', 'محلي', '--mode', 'publish');
  assert.equal(added.code, 0, added.err);
  assert.match(added.out, /added source 1/u);
  assert.equal((await run('add', `${base}/broken.xml`, '--outlet', 'مصدر معطل', '--category', 'محلي')).code, 0);
  assert.match((await run('list')).out, /وكالة الاختبار/u);

  const polled = await run('poll');
  assert.equal(polled.code, 1, 'a failing source makes the poll exit 1');
  assert.match(polled.out, /source 1: 2 new/u);
  assert.match(polled.err, /source 2/u);
  assert.notEqual((await run('errors', '2')).out, '', 'the failure is in the source log');

  // Polling again adds nothing.
  assert.match((await run('poll', '1')).out, /source 1: (not modified|0 new)/u);

  const store = await openSqliteStore(config.dbFile);
  try {
    const rows = await store.articles.batchAfter(0, 100);
    const bridge = rows.find((a) => a.title.startsWith('افتتاح جسر'));
    assert.ok(bridge, 'the item became an article');
    assert.equal(bridge.title, 'افتتاح جسر جديد في مصراتة 🗳️', 'emoji kept byte-exact');
    assert.equal(bridge.source_name, 'وكالة الاختبار');
    assert.equal(bridge.status, 'published');
    assert.equal(bridge.published_at, '2024-01-15T08:00:00.000Z');
  } finally {
    await store.close();
  }

  assert.match((await run('remove', '2')).out, /removed source 2/u);
  assert.doesNotMatch((await run('list')).out, /مصدر معطل/u);
});
