import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../../src/cli/main.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { tempDir } from '../helpers/test-app.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false }, out, err };
}

test('unknown commands and options are usage errors (exit 2)', async () => {
  const c = capture();
  assert.equal(await main(['frobnicate'], c.io), 2);
  assert.match(c.err.join('\n'), /unknown command "frobnicate"/u);
  const d = capture();
  assert.equal(await main(['import', '--nope', 'x'], d.io), 2);
  assert.match(d.err.join('\n'), /--nope/u);
  const e = capture();
  assert.equal(await main(['import'], e.io), 2);
});

test('a port in use stops start-up with a message, not a stack trace', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  const cwd = tempDir();
  const previous = process.cwd();
  const env = { ...process.env };
  try {
    process.chdir(cwd);
    process.env.PORT = String(port);
    process.env.JARIDA_DATA_DIR = join(cwd, 'data');
    process.env.JARIDA_LOG_LEVEL = 'silent';
    const c = capture();
    assert.equal(await main(['serve'], c.io), 1);
    assert.match(c.err.join('\n'), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: port ${port} is already in use`, 'u'));
  } finally {
    process.chdir(previous);
    process.env = env;
    blocker.close();
  }
});

test('a data folder that is a file, or a file that is not a database, is a clear store error', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'afile'), 'x');
  await assert.rejects(openSqliteStore(join(dir, 'afile', 'jarida.sqlite')), (err) => isJaridaError(err, 'STORE_UNAVAILABLE') && /afile is not a folder/u.test(err.message));
  writeFileSync(join(dir, 'bad.sqlite'), 'this is not a database, only text'.repeat(100));
  await assert.rejects(openSqliteStore(join(dir, 'bad.sqlite')), (err) => isJaridaError(err, 'STORE_UNAVAILABLE') && /not a database/u.test(err.message));
});
