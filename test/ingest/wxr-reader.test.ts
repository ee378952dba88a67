import assert from 'node:assert/strict';
import { createWriteStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { readWxr } from '../../src/ingest/wxr-reader.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { sharedDir, tempDir } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/wxr/', import.meta.url));

async function all(path: string) {
  const out = [];
  for await (const e of readWxr(path)) out.push(e);
  return out;
}

test('billion laughs and XXE are refused with UNSAFE_XML', async () => {
  for (const name of ['billion-laughs.xml', 'xxe.xml']) {
    await assert.rejects(all(join(FIXTURES, name)), (err) => isJaridaError(err, 'UNSAFE_XML') && err.code === 'JARIDA_UNSAFE_XML');
  }
});

test('items come with their fields, terms and meta; comments are not mixed in', async () => {
  const entries = await all(join(FIXTURES, 'arabic-site.xml'));
  const site = entries.find((e) => e.kind === 'site');
  assert.equal(site?.kind === 'site' && site.site.base_site_url, 'https://old.example.ly');
  const items = entries.flatMap((e) => (e.kind === 'item' ? [e.item] : []));
  assert.equal(items.length, 9);
  const first = items[0];
  assert.ok(first);
  assert.equal(first.title, 'الانتخابات البلدية 🗳️ في طرابلس');
  assert.equal(first.meta._thumbnail_id, '20');
  assert.deepEqual(first.terms.map((t) => t.domain), ['category', 'post_tag']);
  assert.ok(first.line > 1);
});

test('shared corpus: every WXR file is read or refused with a clear error', async (t) => {
  const shared = sharedDir();
  if (!shared) return t.skip('no ../shared corpus in this checkout');
  const dir = join(shared, 'corpus/wxr');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.xml'))) {
    try {
      const entries = await all(join(dir, name));
      assert.ok(entries.some((e) => e.kind === 'site'), name);
    } catch (err) {
      assert.equal(name, 'wp-importer-malformed.xml', `${name}: ${(err as Error).message}`);
      assert.ok(isJaridaError(err, 'IMPORT_FILE_UNREADABLE'));
      assert.match((err as Error).message, /not well-formed XML at line \d+/u);
    }
  }
  // The UTF-8 challenge file keeps its Arabic, bidi controls and emoji byte for byte.
  const utf8 = await all(join(dir, 'wp-importer-wxr-utf-8-challenges.xml'));
  const item = utf8.find((e) => e.kind === 'item');
  assert.ok(item?.kind === 'item' && /مرحبا|السلام/u.test(item.item.title + item.item.content));
});

test('shared corpus: the theme unit test export imports, then imports nothing new', async (t) => {
  const shared = sharedDir();
  if (!shared) return t.skip('no ../shared corpus in this checkout');
  const file = join(shared, 'corpus/wxr/wptt-themeunittestdata.wordpress.xml');
  const dir = tempDir();
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const store = await openSqliteStore(join(dir, 'jarida.sqlite'));
  try {
    await ensureDefaultSite(store, clock);
    const opts = { timeZone: 'UTC', uploadsTarget: join(dir, 'uploads'), publicUrl: 'https://new.example' };
    const first = await importWordpress(store, clock, file, opts);
    assert.ok(first.imported > 60, JSON.stringify({ ...first, skipped_items: undefined }));
    assert.ok(first.skipped_by_reason['post type "nav_menu_item" is not imported']);
    const second = await importWordpress(store, clock, file, opts);
    assert.equal(second.imported, 0);
    assert.equal(second.duplicate, first.imported);
  } finally {
    await store.close();
  }
});

test('reading a large export streams: memory does not grow with the file', async () => {
  const dir = tempDir();
  const file = join(dir, 'big.xml');
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>big</title><link>https://big.example</link>\n');
  const paragraph = `<p>${'خبر طويل عن الانتخابات في طرابلس '.repeat(40)}</p>`;
  const N = 12000;
  for (let i = 1; i <= N; i++) {
    await write(`<item><title>خبر ${i}</title><content:encoded><![CDATA[${paragraph}]]></content:encoded><wp:post_id>${i}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\n`);
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'finish');

  // Reading only (the import's first pass). RSS is a poor gauge (the collector
  // runs when it likes), so the heap still reachable after a forced collection is
  // compared between item 1,000 and the last item: a reader that kept items would
  // hold tens of MB more by the end.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const retained = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  let atStart = 0;
  let atEnd = 0;
  let count = 0;
  for await (const e of readWxr(file)) {
    if (e.kind !== 'item') continue;
    count++;
    if (count === 1000) atStart = retained();
    if (count === N) atEnd = retained();
  }
  assert.equal(count, N);
  const grew = atEnd - atStart;
  assert.ok(grew < 8 * 1024 * 1024, `reachable heap grew by ${Math.round(grew / 1048576)} MB between item 1,000 and item ${N}`);
});
