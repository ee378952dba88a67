/**
 * ANT corpus documents: one article per file in a TREC-style pseudo-XML
 * (`<DOC><DOCNO><URL><SRC><CAT><TITLE><TIME><AUTHOR><ABSTRACT><TEXT></DOC>`),
 * as described in `shared/corpus/PROVENANCE.md`. The files are not reliably
 * well-formed XML (raw `&` in URLs, control characters such as U+0002 in the
 * text), so they are read with a tolerant tag scanner, not an XML parser.
 */
import { decodeHTMLStrict } from 'entities';
import { plainTextToBody } from '../content/body-html.ts';
import type { ImportRecord, ParseResult } from '../content/import-record.ts';
import { controlCharsFlag, headlineAndBody, lostCharactersFlag, stripControlChars } from './record-rules.ts';
import { parseSourceDate, type SourceZone, zoneOf } from './source-date.ts';

interface Element {
  /** Raw content between the tags. */
  raw: string;
  /** Index in the (normalized) file text where the content starts. */
  index: number;
}

/** Why `<TAG>…</TAG>` could not be read: absent, or opened and never closed. */
function missingElement(doc: string, tag: string): string {
  return new RegExp(`<${tag}>`, 'iu').test(doc) ? `<${tag}> is opened but never closed (no </${tag}>)` : `no <${tag}> element`;
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

function element(doc: string, offset: number, tag: string): Element | undefined {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}\\s*>`, 'iu');
  const m = re.exec(doc);
  if (m === null || m[1] === undefined) return undefined;
  const start = m.index + m[0].indexOf('>') + 1;
  return { raw: m[1], index: offset + start };
}

/**
 * Reads one ANT document into an {@link ImportRecord}.
 *
 * Field mapping: `title` ← `<TITLE>` (HTML entities decoded with `entities`,
 * strict so a raw `&` stays, whitespace collapsed); `body` ← `<TEXT>`, one
 * paragraph per line, through `plainTextToBody`; `excerpt` ← `<ABSTRACT>`
 * (whitespace collapsed; undefined when empty); `source_name` ← the raw
 * `<SRC>` id (e.g. `skynews`; the importer maps it with `outletName`);
 * `source_category` ← `<CAT>`; `source_url` ← `<URL>`; `author_name` ←
 * `<AUTHOR>` or null; `published_at` ← `<TIME>` via {@link parseSourceDate},
 * or, when TIME is missing or unreadable, the `yyyymmdd` that ends `<DOCNO>`
 * (e.g. `AL-economy-62-20180220`) read as midnight in `timeZone`, flagged.
 *
 * Tolerates what the corpus holds: raw `&`, C0 controls (removed from every
 * field and flagged, see {@link stripControlChars}), a BOM, CRLF line ends.
 * `????` runs are kept and flagged ({@link lostCharactersFlag}).
 *
 * @param text - the whole file, decoded.
 * @param origin - where it came from (file path), copied to the record.
 * @param timeZone - IANA zone for dates without one, or a function of the source id ({@link SourceZone}).
 * @returns `{ ok: true, record }`, or `{ ok: false, origin, reason }` when there is
 *   no `<DOC>`, no title (`title is empty (whitespace only)`) or no text (`empty body`).
 * @throws JaridaError `CONFIG_INVALID` when `timeZone` is unknown.
 */
export function parseAntDoc(text: string, origin: string, timeZone: SourceZone): ParseResult {
  const src = text.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n');
  const open = /<DOC>/iu.exec(src);
  if (open === null) return { ok: false, origin, reason: 'not an ANT document: no <DOC> element' };
  const flags: string[] = [];
  const closeAt = src.slice(open.index).search(/<\/DOC\s*>/iu);
  const end = closeAt === -1 ? src.length : open.index + closeAt;
  const doc = src.slice(open.index, end);
  if (closeAt === -1) flags.push('document has no closing </DOC>');

  const get = (tag: string): Element | undefined => element(doc, open.index, tag);
  const field = (tag: string, where: string): string | undefined => {
    const el = get(tag);
    if (el === undefined) return undefined;
    const { text: clean, removed } = stripControlChars(el.raw);
    const flag = controlCharsFlag(removed, where);
    if (flag !== undefined) flags.push(flag);
    return decodeHTMLStrict(clean);
  };
  const oneLine = (s: string | undefined): string => (s ?? '').replace(/\s+/gu, ' ').trim();

  const docno = oneLine(field('DOCNO', 'the DOCNO'));
  const rawTitle = field('TITLE', 'the title');
  if (rawTitle === undefined) return { ok: false, origin, reason: missingElement(doc, 'TITLE') };
  const rawHeadline = oneLine(rawTitle);

  const textEl = get('TEXT');
  if (textEl === undefined) return { ok: false, origin, reason: missingElement(doc, 'TEXT') };
  const bodyText = field('TEXT', 'the text') ?? '';
  const textLine = lineAt(src, textEl.index);
  const bodyLines = bodyText
    .split('\n')
    .map((t, i) => ({ line: textLine + i, text: t.trim() }))
    .filter((l) => l.text !== '');
  const complete = headlineAndBody(rawHeadline, bodyLines.map((l) => l.text), flags);
  if ('reason' in complete) return { ok: false, origin, reason: complete.reason };
  const { title } = complete;

  const excerpt = oneLine(field('ABSTRACT', 'the abstract'));
  const author = oneLine(field('AUTHOR', 'the author'));
  const srcId = oneLine(field('SRC', 'the SRC'));
  const cat = oneLine(field('CAT', 'the CAT'));
  const url = oneLine(field('URL', 'the URL'));
  if (url !== '' && !/^https?:\/\/\S+$/iu.test(url)) flags.push('URL is not an absolute http(s) URL');

  const { iso: published_at, precision: published_at_precision } = readTime(field('TIME', 'the TIME'), docno, zoneOf(timeZone, srcId === '' ? null : srcId), flags);
  const lost = lostCharactersFlag([{ line: lineAt(src, get('TITLE')?.index ?? 0), text: title }, ...bodyLines]);
  if (lost !== undefined) flags.push(lost);

  const record: ImportRecord = {
    origin,
    title,
    body: plainTextToBody(bodyLines.map((l) => l.text).join('\n')),
    excerpt: excerpt === '' ? undefined : excerpt,
    published_at,
    published_at_precision,
    source_category: cat === '' ? null : cat,
    source_name: srcId === '' ? null : srcId,
    source_url: url === '' ? null : url,
    author_name: author === '' ? null : author,
    flags,
  };
  return { ok: true, record };
}

function readTime(time: string | undefined, docno: string, timeZone: string, flags: string[]): { iso: string | null; precision?: 'day' | 'second' } {
  const t = (time ?? '').trim();
  const parsed = time === undefined ? { iso: null, flag: 'no <TIME> element' } : parseSourceDate(t, timeZone);
  if (parsed.iso !== null) {
    if (parsed.flag !== undefined) flags.push(parsed.flag);
    return { iso: parsed.iso, precision: 'precision' in parsed ? parsed.precision : undefined };
  }
  const why = parsed.flag ?? 'date is unreadable';
  const m = /(\d{4})(\d{2})(\d{2})$/u.exec(docno);
  if (m !== null) {
    const fromDocno = parseSourceDate(`${m[1]}-${m[2]}-${m[3]}`, timeZone);
    if (fromDocno.iso !== null) {
      flags.push(`TIME unreadable (${why}); used the DOCNO date ${m[1]}-${m[2]}-${m[3]} as midnight in ${timeZone}`);
      return { iso: fromDocno.iso, precision: 'day' };
    }
  }
  flags.push(`TIME unreadable (${why}) and DOCNO has no valid yyyymmdd; no publication date`);
  return { iso: null };
}

/**
 * Reads every `<DOC>` of a file (the corpus has one per file; concatenated
 * files hold several). With one document the origin is the path; with more,
 * `path#1`, `path#2`, …
 */
export function parseAntDocs(text: string, origin: string, timeZone: SourceZone): ParseResult[] {
  const starts = [...text.matchAll(/<DOC>/giu)].map((m) => m.index);
  if (starts.length <= 1) return [parseAntDoc(text, origin, timeZone)];
  return starts.map((start, i) => parseAntDoc(text.slice(start, starts[i + 1] ?? text.length), `${origin}#${i + 1}`, timeZone));
}
