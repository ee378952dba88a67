import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/config.ts';
import { isJaridaError } from '../src/core/errors.ts';
import { tempDir } from './helpers/test-app.ts';

test('defaults: port 3000 on 127.0.0.1, data under ./data', () => {
  const cwd = tempDir();
  const config = loadConfig({ cwd, env: {} });
  assert.equal(config.port, 3000);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.dataDir, join(cwd, 'data'));
  assert.equal(config.dbFile, join(cwd, 'data', 'jarida.sqlite'));
  assert.ok(Object.isFrozen(config) && Object.isFrozen(config.import));
});

test('file, then environment: the environment wins', () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'jarida.config.json'), JSON.stringify({ port: 4000, host: '0.0.0.0', import: { fallbackCategory: 'دولي' } }));
  const config = loadConfig({ cwd, env: { PORT: '5000', JARIDA_DATA_DIR: '/tmp/jarida-x' } });
  assert.equal(config.port, 5000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.dataDir, '/tmp/jarida-x');
  assert.equal(config.import.fallbackCategory, 'دولي');
});

test('a bad value stops start-up with a message naming it', () => {
  const cwd = tempDir();
  assert.throws(
    () => loadConfig({ cwd, env: { PORT: 'eighty' } }),
    (err) => isJaridaError(err, 'CONFIG_INVALID') && /PORT \(environment\)/u.test(err.message) && /eighty/u.test(err.message),
  );
  writeFileSync(join(cwd, 'jarida.config.json'), JSON.stringify({ prot: 1 }));
  assert.throws(() => loadConfig({ cwd, env: {} }), (err) => isJaridaError(err) && /prot/u.test(err.message));
  writeFileSync(join(cwd, 'jarida.config.json'), '{ not json');
  assert.throws(() => loadConfig({ cwd, env: {} }), (err) => isJaridaError(err) && /jarida\.config\.json/u.test(err.message));
});

test('ports must be whole numbers: no booleans, arrays, hex or exponents', () => {
  const cwd = tempDir();
  for (const PORT of ['true', '0x1F41', '1e3', '3.5', '-1', '0', '65536']) {
    assert.throws(() => loadConfig({ cwd, env: { PORT } }), (err) => isJaridaError(err, 'CONFIG_INVALID') && err.message.includes(`"${PORT}"`), PORT);
  }
  for (const port of [true, [3002], '3002x']) {
    assert.throws(() => loadConfig({ cwd, env: {}, overrides: { port } }), (err) => isJaridaError(err, 'CONFIG_INVALID'), JSON.stringify(port));
  }
  assert.equal(loadConfig({ cwd, env: { PORT: '8080' } }).port, 8080);
});

test('a config file saved with a byte order mark is read', () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'jarida.config.json'), `\ufeff${JSON.stringify({ port: 4100 })}`);
  assert.equal(loadConfig({ cwd, env: {} }).port, 4100);
});

test('a bad fetch.allowPrivateAddresses entry stops start-up naming the entry', () => {
  const cwd = tempDir();
  for (const entry of ['127.0.0.1/33', 'localhost']) {
    writeFileSync(join(cwd, 'jarida.config.json'), JSON.stringify({ fetch: { allowPrivateAddresses: ['127.0.0.1', entry] } }));
    assert.throws(
      () => loadConfig({ cwd, env: {} }),
      (err) => isJaridaError(err, 'CONFIG_INVALID') && err.message.includes('fetch.allowPrivateAddresses.1') && err.message.includes(JSON.stringify(entry)),
      entry,
    );
  }
  writeFileSync(join(cwd, 'jarida.config.json'), JSON.stringify({ fetch: { allowPrivateAddresses: ['127.0.0.1', '10.0.0.0/8', '::1'] } }));
  assert.deepEqual(loadConfig({ cwd, env: {} }).fetch.allowPrivateAddresses, ['127.0.0.1', '10.0.0.0/8', '::1']);
});
