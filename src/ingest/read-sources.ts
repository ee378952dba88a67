/**
 * Walks import paths (files and folders) and hands each file to the parser
 * for its format: JSON Lines, ANT documents, plain-text article pages.
 */
import { open, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ParseResult } from '../content/import-record.ts';
import { parseAntDocs } from './ant-doc.ts';
import { readJsonl } from './jsonl.ts';
import { assertTimeZone, type SourceZone } from './source-date.ts';
import { parseTextPage } from './text-page.ts';

/** Largest non-JSONL file read whole, in bytes (article files are a few KB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/** An ANT document starts with `<DOC>` after an optional BOM and whitespace. */
const ANT_START = /^\ufeff?\s*<DOC>/iu;

/**
 * Reads every article under `paths`, in a stable order, as {@link ParseResult}s.
 *
 * - A folder is walked recursively; entries are sorted by name (code-unit
 *   order) and names starting with `.` are skipped. Paths given explicitly are
 *   read even when they start with `.`. Symlinked folders already visited are
 *   not walked again (no cycles).
 * - `*.jsonl` / `*.jsonl.gz` → {@link readJsonl} (streamed).
 * - Any other file whose text starts (after an optional BOM and whitespace)
 *   with `<DOC>` → {@link parseAntDoc}, whatever its extension.
 * - Other `*.txt` → {@link parseTextPage} (its results are yielded one by one).
 * - Files are decoded as strict UTF-8 (`TextDecoder`, `fatal: true`); a BOM is dropped.
 *
 * Never throws for bad input: a path that does not exist or cannot be read, a
 * file of unknown type, a file over {@link MAX_DOCUMENT_BYTES}, invalid UTF-8
 * (or a UTF-16 file), or a parser crash yields `{ ok: false, origin: path, reason }`
 * and the walk goes on.
 *
 * @param paths - files and/or folders, read in the order given.
 * @param timeZone - IANA zone for dates without one, or a function of the source id ({@link SourceZone}).
 * @throws JaridaError `CONFIG_INVALID` when `timeZone` is unknown (before reading anything).
 */
export async function* readSources(paths: readonly string[], timeZone: SourceZone): AsyncGenerator<ParseResult> {
  assertTimeZone(timeZone);
  const seenDirs = new Set<string>();
  for (const p of paths) yield* walk(p, timeZone, seenDirs);
}

async function* walk(path: string, timeZone: SourceZone, seenDirs: Set<string>): AsyncGenerator<ParseResult> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    yield fail(path, isMissing(err) ? 'no such file or folder' : `cannot read: ${errorText(err)}`);
    return;
  }
  if (info.isDirectory()) {
    let real: string;
    let names: string[];
    try {
      real = await realpath(path);
      names = (await readdir(path)).filter((n) => !n.startsWith('.')).sort();
    } catch (err) {
      yield fail(path, `cannot read folder: ${errorText(err)}`);
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    for (const name of names) yield* walk(join(path, name), timeZone, seenDirs);
    return;
  }
  if (!info.isFile()) {
    yield fail(path, 'not a regular file or folder');
    return;
  }
  const lower = basename(path).toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.jsonl.gz')) {
    yield* readJsonl(path, timeZone);
    return;
  }
  yield* readDocument(path, info.size, extname(lower), timeZone);
}

async function* readDocument(path: string, size: number, ext: string, timeZone: SourceZone): AsyncGenerator<ParseResult> {
  if (ext !== '.txt' && !(await startsLikeAnt(path))) {
    yield fail(path, `unknown file type (${ext === '' ? 'no extension' : ext}): expected .jsonl, .jsonl.gz, .txt or an ANT <DOC> document`);
    return;
  }
  if (size > MAX_DOCUMENT_BYTES) {
    yield fail(path, `file is too large (${size} bytes; at most ${MAX_DOCUMENT_BYTES} for a single document)`);
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    yield fail(path, `cannot read: ${errorText(err)}`);
    return;
  }
  const text = decodeUtf8(bytes);
  if (typeof text !== 'string') {
    yield fail(path, text.error);
    return;
  }
  try {
    if (ANT_START.test(text)) yield* parseAntDocs(text, path, timeZone);
    else if (ext === '.txt') yield* parseTextPage(text, path, timeZone);
    else yield fail(path, `unknown file type (${ext})`);
  } catch (err) {
    yield fail(path, `parser error: ${errorText(err)}`);
  }
}

/** Whether the first bytes of a file read as `<DOC>` after an optional BOM and whitespace. */
async function startsLikeAnt(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const buf = Buffer.alloc(256);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return ANT_START.test(buf.subarray(0, bytesRead).toString('latin1').replace(/^\xef\xbb\xbf/u, ''));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

function decodeUtf8(bytes: Buffer): string | { error: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { error: 'file is UTF-16 (byte order mark); only UTF-8 is read' };
  }
  // NUL is valid UTF-8 but never in text: a binary file, or UTF-16 without a byte order mark.
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { error: `file holds a NUL byte at offset ${nul}: binary, or UTF-16 without a byte order mark; only UTF-8 text is read` };
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { error: `not valid UTF-8 (first bad byte at offset ${at}); re-encode the file as UTF-8` };
  }
}

/** Offset of the first byte that breaks UTF-8 well-formedness (RFC 3629 §4). */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k += 1) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}

function fail(origin: string, reason: string): ParseResult {
  return { ok: false, origin, reason };
}

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    // Node's fs messages already start with the code (`EACCES: permission denied, open …`).
    return err.message;
  }
  return String(err);
}
