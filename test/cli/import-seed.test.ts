import assert from 'node:assert/strict';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importCommand } from '../../src/cli/import-command.ts';
import { createApp } from '../../src/app.tsx';
import { sharedDir } from '../helpers/shared.ts';
import { tempDir, testConfig } from '../helpers/test-app.ts';

const quiet = { out: () => {}, err: () => {}, tty: false };

test('importing the seed page gives its two articles, linked under each other\'s read-also', async (t) => {
  const shared = sharedDir();
  const seed = shared && join(shared, 'seed', '000_8e98bd6a2873f1b4.txt');
  if (!seed || !existsSync(seed)) {
    t.skip('../shared/seed not found');
    return;
  }
  const config = testConfig();
  const report = await importCommand(config, [seed], quiet);
  assert.equal(report.imported, 2);
  assert.equal(report.failed, 0);
  assert.ok(report.flagged.some((f) => f.flags.some((x) => x.includes('????'))), 'lost emoji are flagged');

  const app = await createApp(config);
  try {
    const all = await app.store.articles.listPublished({ now: new Date().toISOString(), limit: 50, offset: 0 });
    const titles = all.items.map((a) => a.title);
    assert.ok(titles.includes('وفد عسكري روسي يزور ليبيا بدعوة من حفتر'));
    assert.ok(titles.includes('التومي وتيتيه يناقشان مسيرة التحول إلى اللامركزية في ليبيا'));

    const first = await app.store.articles.findBySlug('وفد-عسكري-روسي-يزور-ليبيا-بدعوة-من-حفتر');
    assert.ok(first, 'slug from the headline');
    assert.equal(first.status, 'published');
    assert.equal(first.published_at?.slice(0, 10), '2023-08-23');
    assert.equal(first.source_name, 'الجزيرة');
    const second = all.items.find((a) => a.title.startsWith('التومي وتيتيه'));
    assert.ok(second);

    for (const article of [first, (await app.store.articles.findById(second.id))!]) {
      for (const chrome of ['جميع الحقوق محفوظة', 'ليبية يومية شاملة', 'Type to search', 'See all results', 'الرئيسية محلي فيديو']) {
        assert.ok(!article.body.includes(chrome), `${chrome} must not be in the body of ${article.title}`);
      }
    }

    const page1 = await app.http.inject(`/article/${encodeURIComponent(first.slug)}`);
    const readAlso1 = /<aside class="read-also"[\s\S]*?<\/aside>/u.exec(page1.body)?.[0] ?? '';
    assert.match(readAlso1, /التومي وتيتيه يناقشان مسيرة التحول إلى اللامركزية في ليبيا/u);
    assert.match(page1.body, /<span>المصدر:<\/span> <span>الجزيرة<\/span>/u);
    assert.match(page1.body, /<h2>فاغنر في ليبيا<\/h2>/u);
    // The page gives a date without a time: the dateline shows the date alone, no made-up 2:00.
    assert.match(page1.body, /<time datetime="2023-08-23T02:00:00\+02:00">23 أغسطس 2023<\/time>/u);
    assert.equal(first.published_at_precision, 'day');

    const page2 = await app.http.inject(`/article/${encodeURIComponent(second.slug)}`);
    const readAlso2 = /<aside class="read-also"[\s\S]*?<\/aside>/u.exec(page2.body)?.[0] ?? '';
    assert.match(readAlso2, /وفد عسكري روسي يزور ليبيا بدعوة من حفتر/u);
  } finally {
    await app.close();
  }

  // A second run adds nothing.
  const again = await importCommand(config, [seed], quiet);
  assert.equal(again.imported, 0);
  assert.equal(again.duplicate, 2);
});

test('a seed-shaped page written for the tests imports without ../shared', async () => {
  const dir = tempDir();
  const file = join(dir, 'page.txt');
  copyFileSync(new URL('../fixtures/ingest/page-basic.txt', import.meta.url), file);
  const config = testConfig();
  const report = await importCommand(config, [file], quiet);
  assert.equal(report.failed, 0, JSON.stringify(report.failures));
  assert.ok(report.imported >= 1);
});
