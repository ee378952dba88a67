import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../src/app.tsx';
import { userCommand } from '../../src/cli/user-command.ts';
import { loadConfig } from '../../src/config.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { AdminClient } from '../admin/admin-client.ts';
import { tempDir } from '../helpers/test-app.ts';

const BIN = fileURLToPath(new URL('../../bin/jarida.js', import.meta.url));
const PASSWORD = 'مكتب التحرير في الطابق الثالث';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false }, out, err };
}

const stdin = (text: string) => Readable.from([text]);

/** Runs `node bin/jarida.js args…` in `cwd` with `input` on standard input. */
function run(args: string[], cwd: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, JARIDA_DATA_DIR: join(cwd, 'data'), JARIDA_LOG_LEVEL: 'silent' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

test('`jarida user add` from a script (password on stdin) makes the first administrator, who can sign in', async () => {
  const cwd = tempDir();
  const made = await run(['user', 'add', '--role', 'administrator', '--name', 'رئيس التحرير', 'Chief@Example.ly'], cwd, `${PASSWORD}\n`);
  assert.equal(made.code, 0, made.stderr);
  assert.match(made.stdout, /created administrator chief@example\.ly/u);
  assert.ok(!made.stdout.includes(PASSWORD) && !made.stderr.includes(PASSWORD));

  const app = await createApp(loadConfig({ cwd, env: {}, overrides: { dataDir: join(cwd, 'data'), logLevel: 'silent' } }));
  try {
    const client = new AdminClient(app);
    assert.equal((await client.login('chief@example.ly', PASSWORD)).statusCode, 303);
    const users = await app.store.users.list();
    assert.deepEqual(users.map((u) => [u.email, u.role, u.display_name]), [['chief@example.ly', 'administrator', 'رئيس التحرير']]);
  } finally {
    await app.close();
  }
});

test('`jarida user reset-password` sets a new password and ends the sessions; usage errors exit 2', async () => {
  const dir = tempDir();
  const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: join(dir, 'data'), logLevel: 'silent' } });
  const c = capture();
  assert.equal(await userCommand(config, ['add', '--role', 'editor', 'desk@example.ly'], c.io, stdin(`${PASSWORD}\r\nignored second line\n`)), 0);

  const app = await createApp(config);
  try {
    const client = new AdminClient(app);
    assert.equal((await client.login('desk@example.ly', PASSWORD)).statusCode, 303);
    assert.equal((await client.get('/admin')).statusCode, 200);
    const r = capture();
    assert.equal(await userCommand(config, ['reset-password', 'DESK@example.ly'], r.io, stdin('عبارة جديدة بعد النسيان\n')), 0);
    assert.match(r.out.join('\n'), /sessions have ended/u);
    assert.equal((await client.get('/admin')).statusCode, 303, 'the old session ended');
    assert.equal((await new AdminClient(app, '127.0.7.1').login('desk@example.ly', 'عبارة جديدة بعد النسيان')).statusCode, 303);
  } finally {
    await app.close();
  }

  await assert.rejects(userCommand(config, ['reset-password', 'ghost@example.ly'], capture().io, stdin('x\n')), (err) => isJaridaError(err, 'NOT_FOUND'));
  await assert.rejects(userCommand(config, ['add', '--role', 'author', 'empty@example.ly'], capture().io, stdin('')), (err) => isJaridaError(err, 'VALIDATION'));
  await assert.rejects(
    userCommand(config, ['add', '--role', 'author', 'weak@example.ly'], capture().io, stdin('password1234\n')),
    (err) => isJaridaError(err, 'VALIDATION') && /one of the most common passwords/u.test(err.message),
  );
  for (const args of [['add', 'x@example.ly'], ['frob'], [], ['add', '--role', 'author'], ['list', 'x@example.ly'], ['reset-password', '--role', 'author', 'x@example.ly']]) {
    const u = capture();
    assert.equal(await userCommand(config, args, u.io, stdin('')), 2, args.join(' '));
    assert.match(u.err.join('\n'), /usage:/u);
  }
  const l = capture();
  assert.equal(await userCommand(config, ['list'], l.io), 0);
  assert.match(l.out.join('\n'), /desk@example\.ly\teditor\tactive/u);
});

test('on a terminal the password is asked twice and never echoed', { skip: existsSync('/usr/bin/script') ? false : 'needs script(1) from util-linux for a pseudo-terminal' }, async () => {
  const cwd = tempDir();
  // script(1) gives the command a pseudo-terminal; what it prints is what a person would see.
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} user add --role administrator tty@example.ly`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd, env: { ...process.env, JARIDA_DATA_DIR: join(cwd, 'data') } });
  let screen = '';
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => (screen.includes(text) ? resolve() : undefined);
      child.stdout.on('data', check);
      child.on('close', () => reject(new Error(`ended before ${JSON.stringify(text)}: ${screen}`)));
      check();
    });
  child.stdout.on('data', (d) => (screen += d));
  await waitFor('password: ');
  child.stdin.write(`${PASSWORD}\n`);
  await waitFor('password again: ');
  child.stdin.write(`${PASSWORD}\n`);
  await waitFor('created administrator tty@example.ly');
  child.stdin.end();
  await new Promise((resolve) => child.on('close', resolve));
  assert.ok(!screen.includes(PASSWORD), `the password was echoed: ${JSON.stringify(screen)}`);
});
