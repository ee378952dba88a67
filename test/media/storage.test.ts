import assert from 'node:assert/strict';
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { test } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { isMediaKey, LocalDiskStorage } from '../../src/media/storage.ts';
import { tempDir } from '../helpers/test-app.ts';

async function keys(storage: LocalDiskStorage): Promise<string[]> {
  const found: string[] = [];
  for await (const f of storage.list()) found.push(f.key);
  return found.sort();
}

test('put, get, stream, stat, list and delete round-trip bytes under keys', async () => {
  const storage = new LocalDiskStorage(join(tempDir(), 'media'));
  await storage.put('ab/one/original.jpg', Buffer.from('first'));
  await storage.put('ab/one/320w.webp', Readable.from([Buffer.from('stre'), Buffer.from('amed')]));
  assert.equal((await storage.get('ab/one/original.jpg'))?.toString(), 'first');
  const streamed = await storage.stream('ab/one/320w.webp');
  assert.equal(streamed?.bytes, 8);
  assert.equal(await text(streamed!.stream), 'streamed');
  assert.equal((await storage.stat('ab/one/320w.webp'))?.bytes, 8);
  assert.deepEqual(await keys(storage), ['ab/one/320w.webp', 'ab/one/original.jpg']);

  // Replacing a file is a whole-file swap.
  await storage.put('ab/one/original.jpg', Buffer.from('second version'));
  assert.equal((await storage.get('ab/one/original.jpg'))?.toString(), 'second version');

  await storage.delete('ab/one/320w.webp');
  await storage.delete('ab/one/original.jpg');
  await storage.delete('ab/one/original.jpg'); // already gone: fine
  assert.equal(await storage.get('ab/one/original.jpg'), undefined);
  assert.equal(await storage.stream('ab/one/original.jpg'), undefined);
  assert.equal(await storage.stat('ab/one/original.jpg'), undefined);
  assert.deepEqual(await keys(storage), []);
  // Emptied folders go too; the root stays.
  assert.deepEqual(readdirSync(storage.root), []);
});

test('keys are plain relative paths: traversal, absolute paths and dot files are refused', async () => {
  const storage = new LocalDiskStorage(join(tempDir(), 'media'));
  for (const bad of ['../escape.jpg', 'a/../../b.jpg', '/etc/passwd', '.hidden', 'a//b', '', 'A/B.jpg', 'a/b c.jpg', 'a\\b.jpg', 'صورة.jpg']) {
    assert.equal(isMediaKey(bad), false, bad);
    await assert.rejects(storage.put(bad, Buffer.from('x')), (err: unknown) => isJaridaError(err, 'VALIDATION'));
  }
  assert.equal(isMediaKey('ab/0123/640w.webp'), true);
  assert.equal(storage.url('ab/0123/640w.webp'), '/media/ab/0123/640w.webp');
  assert.equal(storage.keyFromUrl('/media/ab/0123/640w.webp'), 'ab/0123/640w.webp');
  assert.equal(storage.keyFromUrl('/media/../secret'), undefined);
  assert.equal(storage.keyFromUrl('https://outlet.example/media/ab/0123/640w.webp'), undefined);
});

test('a write cut off midway leaves only a temporary file, which list ignores and removeIncomplete deletes once old', async () => {
  const storage = new LocalDiskStorage(join(tempDir(), 'media'));
  await storage.put('cd/two/640w.webp', Buffer.from('complete'));
  // What a process killed between open and rename leaves behind.
  const leftover = join(storage.root, 'cd', 'two', '.960w.webp.0123456789abcdef.tmp');
  writeFileSync(leftover, 'half');
  assert.deepEqual(await keys(storage), ['cd/two/640w.webp']);
  // Young leftovers may belong to a write in progress.
  assert.equal(await storage.removeIncomplete(Date.now() - 60_000), 0);
  assert.ok(existsSync(leftover));
  const old = (Date.now() - 3_600_000) / 1000;
  utimesSync(leftover, old, old);
  assert.equal(await storage.removeIncomplete(Date.now() - 60_000), 1);
  assert.equal(existsSync(leftover), false);
  assert.equal((await storage.get('cd/two/640w.webp'))?.toString(), 'complete');
});

test('put never leaves its temporary file behind, also when the write fails', async () => {
  const storage = new LocalDiskStorage(join(tempDir(), 'media'));
  const failing = new Readable({
    read() {
      this.destroy(new Error('client went away'));
    },
  });
  await assert.rejects(storage.put('ef/three/original.png', failing), /client went away/u);
  assert.deepEqual(readdirSync(join(storage.root, 'ef', 'three')), []);
  assert.equal(await storage.get('ef/three/original.png'), undefined);
});
