import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { wordpressCommand } from '../../src/cli/wordpress-command.ts';
import { main } from '../../src/cli/main.ts';
import { testConfig } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/wxr/', import.meta.url));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: false }, out, err };
}

test('jarida import-wordpress prints a summary, the skipped items by reason and writes a JSON report', async () => {
  const config = testConfig();
  const { io, out, err } = capture();
  const report = await wordpressCommand(config, join(FIXTURES, 'arabic-site.xml'), { uploads: join(FIXTURES, 'uploads') }, io);
  assert.equal(report.imported, 5);
  assert.match(out.join('\n'), /imported: 5, duplicate: 0, skipped: 4, failed: 0/u);
  assert.match(err.join('\n'), /skipped: 1 × private posts are not imported/u);
  assert.match(err.join('\n'), /missing files: 1/u);
  const path = /report: (.+)$/mu.exec(out.join('\n'))?.[1];
  assert.ok(path && existsSync(path));
  assert.equal(JSON.parse(readFileSync(path, 'utf8')).imported, 5);
  assert.ok(existsSync(join(config.dataDir, 'uploads/2023/05/photo.jpg')));

  const second = capture();
  const again = await wordpressCommand(config, join(FIXTURES, 'arabic-site.xml'), {}, second.io);
  assert.equal(again.imported, 0);
  assert.match(second.out.join('\n'), /imported: 0, duplicate: 5/u);
});

test('the CLI refuses unsafe XML and bad usage with clear messages', async () => {
  const config = testConfig();
  const previous = process.env.JARIDA_DATA_DIR;
  process.env.JARIDA_DATA_DIR = config.dataDir;
  try {
    const unsafe = capture();
    assert.equal(await main(['import-wordpress', join(FIXTURES, 'billion-laughs.xml')], unsafe.io), 1);
    assert.match(unsafe.err.join('\n'), /refused: the XML declares entities/u);
    const rss = capture();
    assert.equal(await main(['import-wordpress', join(FIXTURES, 'rss-not-wxr.xml')], rss.io), 1, 'a plain RSS feed is no WordPress export');
    assert.match(rss.err.join('\n'), /not a WordPress export \(WXR\)/u);
    const usage = capture();
    assert.equal(await main(['import-wordpress'], usage.io), 2);
    assert.match(usage.err.join('\n'), /name one WordPress export file/u);
    const zone = capture();
    assert.equal(await main(['import-wordpress', join(FIXTURES, 'arabic-site.xml'), '--time-zone', 'Mars/Base'], zone.io), 1);
    assert.match(zone.err.join('\n'), /unknown time zone/u);
  } finally {
    if (previous === undefined) delete process.env.JARIDA_DATA_DIR;
    else process.env.JARIDA_DATA_DIR = previous;
  }
});
