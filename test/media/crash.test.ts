import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import sharp from 'sharp';
import SQLite from 'better-sqlite3';
import { sweepOrphanMedia } from '../../src/content/use-cases/media.ts';
import { variantWidths } from '../../src/media/images.ts';
import { LocalDiskStorage } from '../../src/media/storage.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

const CHILD = fileURLToPath(new URL('./fixtures/upload-child.ts', import.meta.url));

/**
 * Runs the upload loop in a child process until `kill` says when to SIGKILL
 * it (after some uploads), or until it kills itself; returns how many
 * uploads it reported.
 */
function runChild(args: string[], killAfter?: { uploads: number; delayMs: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let uploads = 0;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      uploads += chunk.split('\n').filter((l) => l.startsWith('uploaded ')).length;
      if (killAfter && uploads >= killAfter.uploads) {
        const at = killAfter;
        killAfter = undefined;
        setTimeout(() => child.kill('SIGKILL'), at.delayMs);
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(uploads) : reject(new Error(`the child ended without SIGKILL (${signal ?? _code})`))));
  });
}

/** Every file under the media folder, temporary ones included. */
function allFiles(root: string): string[] {
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath?: string; path?: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path ?? '', e.name).slice(root.length + 1));
}

test('SIGKILL during uploads leaves no media row without its complete files, and the sweep removes what no row names', async () => {
  const dir = tempDir();
  const db = join(dir, 'jarida.sqlite');
  const media = join(dir, 'media');
  // Made once, so that the children do not race to migrate.
  await (await openSqliteStore(db)).close();

  // Killed from outside at a moment that falls anywhere in an upload (processing, file writes, commit)…
  const first = await runChild([db, media], { uploads: 2, delayMs: Math.floor(Math.random() * 400) });
  assert.ok(first >= 2);
  // …and, to be sure to hit the worst moment, killed between the files of an upload and its row:
  // 1000 px wide, an upload writes 5 files (original, 320, 640, 960, 1000); die before the 4th of the second upload.
  await runChild([db, media, String(5 + 4), '1000']);

  const raw = new SQLite(db);
  assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  raw.close();

  const store = await openSqliteStore(db);
  const storage = new LocalDiskStorage(media);
  try {
    const { items, total } = await store.media.list({ limit: 1000, offset: 0 });
    assert.ok(total >= first + 1, `${total} rows for ${first} + 1 reported uploads`);
    const named = new Set<string>();
    for (const item of items) {
      // A row is whole: every variant its width calls for…
      assert.deepEqual(
        item.variants.map((v) => v.width),
        variantWidths(item.width),
        `variants of ${item.filename}`,
      );
      const original = await storage.get(item.key);
      assert.equal(original?.length, item.bytes, `${item.key} is complete`);
      named.add(item.key);
      // …and every file it names is there, complete and decodable.
      for (const v of item.variants) {
        const data = await storage.get(v.key);
        assert.ok(data, `${v.key} exists`);
        assert.equal(data.length, v.bytes, `${v.key} is complete`);
        const { info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
        assert.deepEqual([info.width, info.height], [v.width, v.height]);
        named.add(v.key);
      }
    }
    // The self-kill left files of an upload that has no row.
    const unnamed = allFiles(media).filter((f) => !named.has(f));
    assert.ok(unnamed.length > 0, 'the crash left unreferenced files');

    const report = await sweepOrphanMedia({ store, storage }, { min_age_ms: -1 });
    assert.ok(report.orphans >= 3, `swept ${report.orphans}`);
    assert.deepEqual(
      allFiles(media)
        .filter((f) => !named.has(f))
        .sort(),
      [],
      'after the sweep every file (temporary ones included) is named by a row',
    );
    for (const key of named) assert.ok(await storage.stat(key), `the sweep kept ${key}`);
  } finally {
    await store.close();
  }
});
