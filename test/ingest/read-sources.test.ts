import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ParseResult } from '../../src/content/import-record.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { readSources } from '../../src/ingest/read-sources.ts';

const tree = fileURLToPath(new URL('../fixtures/ingest/tree', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

async function collect(paths: readonly string[], tz = 'Africa/Tunis'): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for await (const r of readSources(paths, tz)) out.push(r);
  return out;
}

const originOf = (r: ParseResult): string => (r.ok ? r.record.origin : r.origin);

test('walks a folder recursively, sorted, skipping dotfiles, each file to its parser', async () => {
  const results = await collect([tree]);
  assert.deepEqual(results.map(originOf), [
    join(tree, 'a-page.txt'),
    join(tree, 'b-ant', 'doc.txt'),
    `${join(tree, 'c.jsonl')}:1`,
    `${join(tree, 'c.jsonl')}:2`,
    join(tree, 'd-ant.xml'),
    join(tree, 'notes.md'),
  ]);
  const [page, ant, j1, , xml, notes] = results;
  assert.ok(page?.ok && page.record.related?.length === 1, 'text page with its related article');
  assert.ok(ant?.ok && ant.record.source_name === 'skynews', 'ANT document');
  assert.ok(j1?.ok && j1.record.source_name === 'skynews', 'JSONL line');
  assert.ok(xml?.ok && xml.record.source_category === 'sport', 'ANT recognised by content, not extension');
  assert.ok(notes && !notes.ok);
  assert.match(notes.reason, /^unknown file type \(\.md\)/u);
});

test('missing path, invalid UTF-8, UTF-16 and empty files fail without stopping the walk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jarida-sources-'));
  try {
    writeFileSync(join(dir, '1-latin1.txt'), Buffer.from([0x41, 0xe9, 0x0a]));
    writeFileSync(join(dir, '2-utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('عنوان\nنص.', 'utf16le')]));
    writeFileSync(join(dir, '3-empty.txt'), '');
    writeFileSync(join(dir, '4-ok.jsonl.gz'), gzipSync('{"title":"عنوان","body":"نص."}\n'));
    mkdirSync(join(dir, '5-sub'));
    cpSync(join(tree, 'b-ant', 'doc.txt'), join(dir, '5-sub', 'doc.txt'));
    symlinkSync(dir, join(dir, '5-sub', 'loop'));
    const missing = join(dir, 'nope');
    const results = await collect([missing, dir]);
    assert.deepEqual(results.map(originOf), [
      missing,
      join(dir, '1-latin1.txt'),
      join(dir, '2-utf16.txt'),
      join(dir, '3-empty.txt'),
      `${join(dir, '4-ok.jsonl.gz')}:1`,
      join(dir, '5-sub', 'doc.txt'),
    ]);
    const reasons = results.map((r) => (r.ok ? 'ok' : r.reason));
    assert.match(reasons[0] ?? '', /^no such file or folder/u);
    assert.match(reasons[1] ?? '', /^not valid UTF-8 \(first bad byte at offset 1\)/u);
    assert.match(reasons[2] ?? '', /UTF-16/u);
    assert.match(reasons[3] ?? '', /^no headline/u);
    assert.deepEqual(reasons.slice(4), ['ok', 'ok']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unknown time zone throws before anything is read', async () => {
  await assert.rejects(collect([tree], 'Nowhere/City'), (err) => isJaridaError(err, 'CONFIG_INVALID'));
});

test('corpus: the seed page and the ANT folders', async (t) => {
  const seed = fileURLToPath(new URL('../../../shared/seed/', import.meta.url));
  if (!existsSync(corpus) || !existsSync(seed)) {
    t.skip('../shared not found');
    return;
  }
  const [main] = await collect([seed], 'Africa/Tripoli');
  assert.ok(main?.ok);
  assert.equal(main.record.title, 'وفد عسكري روسي يزور ليبيا بدعوة من حفتر');
  assert.equal(main.record.related?.[0]?.title, 'التومي وتيتيه يناقشان مسيرة التحول إلى اللامركزية في ليبيا');

  const results = await collect([`${corpus}news-ant-jawharafm`, `${corpus}news-ant-multisource`]);
  const failed = results.filter((r) => !r.ok);
  t.diagnostic(`ANT: ${results.length - failed.length} ok, ${failed.length} failed: ${JSON.stringify(failed)}`);
  assert.equal(results.length, 8000);
  assert.ok(failed.every((r) => !r.ok && /^(empty body|title is empty)/u.test(r.reason)));
});

test('UTF-16 without a byte order mark is refused, not imported as garbage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jarida-u16-'));
  const file = join(dir, 'page.txt');
  writeFileSync(file, Buffer.from('عنوان الخبر\nنص الخبر هنا.\n', 'utf16le'));
  const results: ParseResult[] = [];
  for await (const r of readSources([file], 'UTC')) results.push(r);
  assert.equal(results.length, 1);
  assert.ok(results[0] && !results[0].ok);
  assert.match(results[0].reason, /NUL byte at offset \d+: binary, or UTF-16 without a byte order mark/u);
});

test('a file holding several ANT documents yields each of them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jarida-multi-'));
  const file = join(dir, 'docs.txt');
  const doc = (n: number) => `<DOC>\n<DOCNO>XX-local-${n}-20170101</DOCNO>\n<URL>https://example.test/${n}</URL>\n<SRC>x</SRC>\n<CAT>local</CAT>\n<TITLE>خبر رقم ${n}</TITLE>\n<TIME>2017-01-01T10:00:00+01:00</TIME>\n<AUTHOR></AUTHOR>\n<ABSTRACT></ABSTRACT>\n<TEXT>\nنص الخبر رقم ${n}.\n</TEXT>\n</DOC>\n`;
  writeFileSync(file, doc(1) + doc(2) + doc(3));
  const results: ParseResult[] = [];
  for await (const r of readSources([file], 'UTC')) results.push(r);
  assert.deepEqual(results.map((r) => (r.ok ? r.record.title : r.reason)), ['خبر رقم 1', 'خبر رقم 2', 'خبر رقم 3']);
  assert.deepEqual(results.map((r) => (r.ok ? r.record.origin : '')), [`${file}#1`, `${file}#2`, `${file}#3`]);
});
