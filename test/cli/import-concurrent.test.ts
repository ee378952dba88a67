import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/test-app.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../bin/jarida.js', import.meta.url));
const fixtures = fileURLToPath(new URL('../fixtures/ingest/ant', import.meta.url));

test('two imports of the same files at once, into a new database: each article once, both succeed', async () => {
  const dir = tempDir();
  try {
    const env = { ...process.env, JARIDA_DATA_DIR: join(dir, 'data') };
    const runs = await Promise.all([1, 2].map(() => run(process.execPath, [bin, 'import', fixtures], { cwd: dir, env })));
    const counts = runs.map(({ stdout }) => {
      const m = /imported: (\d+), duplicate: (\d+), failed: (\d+)/u.exec(stdout);
      assert.ok(m, stdout);
      return { imported: Number(m[1]), duplicate: Number(m[2]), failed: Number(m[3]) };
    });
    const [a, b] = counts;
    assert.ok(a && b);
    assert.equal(a.imported + a.duplicate + a.failed, b.imported + b.duplicate + b.failed);
    assert.equal(a.imported + b.imported, a.imported + a.duplicate, 'every article imported exactly once across both runs');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
