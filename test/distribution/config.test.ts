import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { tempDir } from '../helpers/test-app.ts';

test('publicUrl: http://127.0.0.1:<port> by default, JARIDA_PUBLIC_URL without its trailing slash', () => {
  assert.equal(loadConfig({ cwd: tempDir(), env: { PORT: '4100' } }).publicUrl, 'http://127.0.0.1:4100');
  assert.equal(loadConfig({ cwd: tempDir(), env: { JARIDA_PUBLIC_URL: 'https://news.example.ly/' } }).publicUrl, 'https://news.example.ly');
});

test('webhooks: none by default; each needs an http(s) url, a secret of 16 characters or more, known event types, a url only once', () => {
  assert.deepEqual(loadConfig({ cwd: tempDir(), env: {} }).webhooks, []);
  const ok = loadConfig({ cwd: tempDir(), env: {}, overrides: { webhooks: [{ url: 'https://cdn.example/hook', secret: '0123456789abcdef', events: ['article.published'] }] } });
  assert.deepEqual(ok.webhooks, [{ url: 'https://cdn.example/hook', secret: '0123456789abcdef', events: ['article.published'] }]);
  const bad = [
    [{ url: 'ftp://cdn.example/hook', secret: '0123456789abcdef' }, /webhooks\.0\.url/u],
    [{ url: 'https://cdn.example/hook', secret: 'short' }, /webhooks\.0\.secret: must be at least 16 characters/u],
    [{ url: 'https://cdn.example/hook', secret: '0123456789abcdef', events: ['article.liked'] }, /webhooks\.0\.events\.0/u],
    [{ url: 'https://cdn.example/hook', secret: '0123456789abcdef', extra: 1 }, /webhooks\.0/u],
  ] as const;
  for (const [hook, message] of bad) {
    assert.throws(
      () => loadConfig({ cwd: tempDir(), env: {}, overrides: { webhooks: [hook] } }),
      (err: unknown) => isJaridaError(err, 'CONFIG_INVALID') && message.test(err.message),
      JSON.stringify(hook),
    );
  }
  const twice = { url: 'https://cdn.example/hook', secret: '0123456789abcdef' };
  assert.throws(() => loadConfig({ cwd: tempDir(), env: {}, overrides: { webhooks: [twice, twice] } }), /each webhook url may appear once/u);
  assert.throws(() => loadConfig({ cwd: tempDir(), env: { JARIDA_PUBLIC_URL: 'news.example.ly' } }), /JARIDA_PUBLIC_URL \(environment\)/u);
});
