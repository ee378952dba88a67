import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fixedClock } from '../../src/core/clock.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { detached } from '../../src/ingest/wxr-reader.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

test('detached copies are equal strings, lone surrogates and all', () => {
  for (const s of ['', 'abc', 'مرحبا بالعالم', '👋🏽 emoji', '\ud800 lone', 'x'.repeat(100_000).slice(5, 50)]) assert.equal(detached(s), s);
});

test('what pass 1 keeps of a large export does not hold on to the file’s text', async () => {
  // 2,000 attachments (kept by pass 1 for the posts that use them), each beside
  // 8 KB of text in an item pass 2 skips at once. Before the fix each kept URL
  // held the 64 KiB parser chunk it was cut from, so pass 1 kept the whole
  // ~17 MB file reachable; now it keeps the attachments' few hundred bytes each.
  const dir = tempDir();
  const file = join(dir, 'attachments.xml');
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>big</title><link>https://big.example</link>\n');
  const filler = `<p>${'نص طويل يملأ المساحة بين المرفقات في ملف التصدير '.repeat(90)}</p>`;
  const N = 2000;
  for (let i = 1; i <= N; i++) {
    await write(
      `<item><title>صورة ${i}</title><wp:post_id>${i}</wp:post_id><wp:post_type>attachment</wp:post_type><wp:post_parent>${N + i}</wp:post_parent><wp:status>inherit</wp:status><wp:attachment_url>https://big.example/wp-content/uploads/2024/01/photo-${i}.jpg</wp:attachment_url></item>\n` +
        `<item><title>قائمة ${i}</title><content:encoded><![CDATA[${filler}]]></content:encoded><wp:post_id>${N + i}</wp:post_id><wp:post_type>nav_menu_item</wp:post_type><wp:status>publish</wp:status></item>\n`,
    );
  }
  await write('</channel></rss>\n');
  out.end();
  await once(out, 'finish');

  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const reachable = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const store = await openSqliteStore(join(dir, 'jarida.sqlite'));
  try {
    await ensureDefaultSite(store, clock);
    const before = reachable();
    let afterPass1 = 0;
    const report = await importWordpress(store, clock, file, {
      timeZone: 'UTC',
      uploadsTarget: join(dir, 'uploads'),
      publicUrl: 'https://new.example',
      // The first progress call comes after pass 1 (and the categories), when everything pass 1 keeps is still held.
      onProgress: (done) => {
        if (done === 1) afterPass1 = reachable();
      },
    });
    assert.equal(report.skipped, 2 * N);
    const grew = afterPass1 - before;
    assert.ok(grew < 6 * 1024 * 1024, `pass 1 keeps ${Math.round(grew / 1048576)} MB reachable for ${N} attachments`);
  } finally {
    await store.close();
  }
});
