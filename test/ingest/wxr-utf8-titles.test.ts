// Must show #5 of issue 5: the WordPress UTF-8 challenge export keeps its
// titles byte for byte, bidi overrides, isolates, emoji and Arabic included
// (ADR 023). The source titles are read with htmlparser2, not the importer's
// reader, so the two cannot share a decoding mistake.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { DomUtils, parseDocument } from 'htmlparser2';
import { fixedClock } from '../../src/core/clock.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { sharedDir, tempDir } from '../helpers/test-app.ts';

/** Titles of the posts and pages of a WXR file, as the XML says them. */
function sourceTitles(xml: string): string[] {
  const doc = parseDocument(xml, { xmlMode: true, recognizeCDATA: true });
  return DomUtils.getElementsByTagName('item', doc)
    .filter((item) => ['post', 'page'].includes(DomUtils.textContent(DomUtils.getElementsByTagName('wp:post_type', item.children, false)).trim()))
    .map((item) => DomUtils.textContent(DomUtils.getElementsByTagName('title', item.children, false)));
}

test('shared corpus: the UTF-8 challenge export keeps every post title byte for byte', async (t) => {
  const shared = sharedDir();
  if (!shared) return t.skip('no ../shared corpus in this checkout');
  const file = join(shared, 'corpus/wxr/wp-importer-wxr-utf-8-challenges.xml');
  const expected = sourceTitles(readFileSync(file, 'utf8'));
  assert.ok(expected.length > 0 && expected.some((title) => title.includes('\u202e')), 'the file holds titles with an RLO');

  const dir = tempDir();
  const clock = fixedClock('2026-01-01T00:00:00Z');
  const path = join(dir, 'jarida.sqlite');
  const store = await openSqliteStore(path);
  try {
    await ensureDefaultSite(store, clock);
    const report = await importWordpress(store, clock, file, { timeZone: 'UTC', uploadsTarget: join(dir, 'uploads'), publicUrl: 'https://new.example' });
    assert.equal(report.failed, 0, JSON.stringify(report));
  } finally {
    await store.close();
  }
  const db = new Database(path, { readonly: true });
  try {
    const stored = (db.prepare('SELECT title FROM articles WHERE import_key IS NOT NULL').all() as Array<{ title: string }>).map((r) => r.title);
    const bytes = (s: string) => Buffer.from(s, 'utf8').toString('hex');
    assert.deepEqual(stored.map(bytes).sort(), expected.map(bytes).sort());
  } finally {
    db.close();
  }
});
