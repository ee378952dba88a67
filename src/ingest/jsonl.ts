/**
 * JSON Lines article files (`.jsonl`, or gzip-compressed `.jsonl.gz`), such as
 * `shared/corpus/news-normalized/articles.jsonl.gz`: one JSON object per line
 * with the fields `id, title, body, date, category, source, url`.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { decodeHTMLStrict } from 'entities';
import { plainTextToBody } from '../content/body-html.ts';
import type { ImportRecord, ParseResult } from '../content/import-record.ts';
import { controlCharsFlag, headlineAndBody, lostCharactersFlag, stripControlChars } from './record-rules.ts';
import { assertTimeZone, parseSourceDate, type SourceZone, zoneOf } from './source-date.ts';

/** Longest line read, in bytes; a longer one is reported and skipped (keeps memory bounded). */
export const JSONL_MAX_LINE_BYTES = 32 * 1024 * 1024;

/**
 * Streams the articles of a JSON Lines file, one {@link ParseResult} per
 * non-blank line, in file order, with origin `path:lineNumber` (1-based).
 *
 * The file is read in chunks (gunzipped on the fly when the name ends in
 * `.gz`, via node:zlib) and split on `\n` here rather than by node:readline, so
 * each line can be decoded as strict UTF-8 (`TextDecoder` with `fatal: true`):
 * a line with invalid bytes is reported instead of silently getting U+FFFD.
 * Memory stays bounded by the longest line ({@link JSONL_MAX_LINE_BYTES}).
 *
 * Each line must be a JSON object:
 * - `title`: non-empty string; HTML entities decoded with `entities` (strict, so
 *   `&#39;` → `'` but a raw `&` stays), whitespace collapsed; a desk prefix
 *   such as `عام / ` is kept.
 * - `body`: non-empty string, one paragraph per line → `plainTextToBody`.
 * - `date`: string or null/absent → {@link parseSourceDate} (unreadable → null, flagged).
 * - `category`, `source`, `url`: string or null/absent → `source_category`,
 *   `source_name` (the raw id, e.g. `skynews`), `source_url`.
 * - `id`: informational only, not checked.
 *
 * C0 control characters (except newline and tab) are removed from title and
 * body and flagged; `????` runs are kept and flagged.
 *
 * Never throws for bad content: bad JSON, a non-object line, or a missing,
 * empty or mistyped field yield `{ ok: false, origin, reason }` (naming every
 * bad field) and reading goes on. A file that cannot be opened, or gzip data
 * that is corrupt, yields one failure (origin `path`, or `path:line` of the
 * line being read) and ends the stream.
 *
 * @param path - file path; `.gz` suffix selects gunzip.
 * @param timeZone - IANA zone for dates without one, or a function of the source id ({@link SourceZone}).
 * @throws JaridaError `CONFIG_INVALID` when `timeZone` is unknown (before reading).
 */
export async function* readJsonl(path: string, timeZone: SourceZone): AsyncGenerator<ParseResult> {
  assertTimeZone(timeZone);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNo = 0;
  let input: Readable;
  try {
    input = await openStream(path);
  } catch (err) {
    yield { ok: false, origin: path, reason: `cannot read file: ${errorText(err)}` };
    return;
  }
  try {
    for await (const line of splitLines(input)) {
      lineNo += 1;
      const origin = `${path}:${lineNo}`;
      if (line === null) {
        yield { ok: false, origin, reason: `line is longer than ${JSONL_MAX_LINE_BYTES} bytes; skipped` };
        continue;
      }
      let text: string;
      try {
        text = decoder.decode(line);
      } catch {
        yield { ok: false, origin, reason: 'line is not valid UTF-8' };
        continue;
      }
      if (lineNo === 1) text = text.replace(/^\ufeff/u, '');
      if (text.trim() === '') continue;
      yield parseJsonlLine(text, origin, timeZone);
    }
  } catch (err) {
    yield { ok: false, origin: `${path}:${lineNo + 1}`, reason: `cannot read file past line ${lineNo}: ${errorText(err)}` };
  } finally {
    input.destroy();
  }
}

/**
 * Reads one JSONL line (already decoded) into a {@link ParseResult}; the rules
 * are those of {@link readJsonl}.
 *
 * @param line - the JSON text of the line.
 * @param origin - `path:line`, copied to the record or failure.
 * @param timeZone - IANA zone for dates without one, or a function of the source id ({@link SourceZone}).
 */
export function parseJsonlLine(line: string, origin: string, timeZone: SourceZone): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, origin, reason: `bad JSON: ${errorText(err)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, origin, reason: `line is not a JSON object (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})` };
  }
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  const requiredText = (name: string): string => {
    const v = obj[name];
    if (v === undefined) problems.push(`${name} is missing`);
    else if (typeof v !== 'string') problems.push(`${name} is not a string (${typeName(v)})`);
    else return v;
    return '';
  };
  const optionalText = (name: string): string | null => {
    const v = obj[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      problems.push(`${name} is not a string or null (${typeName(v)})`);
      return null;
    }
    return v.trim() === '' ? null : v.trim();
  };
  const rawTitle = requiredText('title');
  const rawBody = requiredText('body');
  const date = optionalText('date');
  const category = optionalText('category');
  const source = optionalText('source');
  const url = optionalText('url');
  if (problems.length > 0) return { ok: false, origin, reason: problems.join('; ') };

  const flags: string[] = [];
  const t = stripControlChars(rawTitle.replace(/\r\n?/gu, '\n'));
  const title = decodeHTMLStrict(t.text).replace(/\s+/gu, ' ').trim();
  const b = stripControlChars(rawBody.replace(/\r\n?/gu, '\n'));
  const bodyLines = b.text.split('\n').map((s) => s.trim()).filter((s) => s !== '');
  const complete = headlineAndBody(title, bodyLines, flags);
  if ('reason' in complete) return { ok: false, origin, reason: complete.reason };
  for (const f of [controlCharsFlag(t.removed, 'the title'), controlCharsFlag(b.removed, 'the body')]) {
    if (f !== undefined) flags.push(f);
  }

  let published_at: string | null = null;
  let published_at_precision: 'day' | 'second' | undefined;
  if (date === null) flags.push('no date');
  else {
    const parsed = parseSourceDate(date, zoneOf(timeZone, source));
    published_at = parsed.iso;
    published_at_precision = parsed.precision;
    if (parsed.flag !== undefined) flags.push(parsed.flag);
  }
  if (/\?{4,}/u.test(title)) flags.push('title contains ???? where emoji were lost upstream');
  const lost = lostCharactersFlag(bodyLines.map((text, i) => ({ line: i + 1, text })), 'paragraph');
  if (lost !== undefined) flags.push(lost);

  const record: ImportRecord = {
    origin,
    title: complete.title,
    body: plainTextToBody(bodyLines.join('\n')),
    published_at,
    published_at_precision,
    source_category: category,
    source_name: source,
    source_url: url,
    author_name: null,
    flags,
  };
  return { ok: true, record };
}

async function openStream(path: string): Promise<Readable> {
  const file = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    file.once('open', () => resolve());
    file.once('error', reject);
  });
  if (!path.toLowerCase().endsWith('.gz')) return file;
  const gunzip = createGunzip();
  file.on('error', (err) => gunzip.destroy(err));
  return file.pipe(gunzip);
}

/**
 * Splits a byte stream on `\n` (a trailing `\r` is dropped), yielding each
 * line's bytes, or null for a line over {@link JSONL_MAX_LINE_BYTES} (its bytes
 * are discarded as they arrive).
 */
async function* splitLines(input: AsyncIterable<Buffer>): AsyncGenerator<Uint8Array | null> {
  let parts: Buffer[] = [];
  let size = 0;
  let tooLong = false;
  const finish = (tail: Buffer): Uint8Array | null => {
    if (tooLong) return null;
    let line = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    return line;
  };
  for await (const chunk of input) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      const out = finish(chunk.subarray(start, nl));
      parts = [];
      size = 0;
      tooLong = false;
      start = nl + 1;
      yield out;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0 && !tooLong) {
      size += rest.length;
      if (size > JSONL_MAX_LINE_BYTES) {
        tooLong = true;
        parts = [];
      } else {
        parts.push(rest);
      }
    }
  }
  if (tooLong || size > 0) yield finish(Buffer.alloc(0));
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
