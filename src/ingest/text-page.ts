/**
 * Plain-text article pages: the text of a news page saved from a browser,
 * shaped like `shared/seed/000_8e98bd6a2873f1b4.txt`:
 *
 * ```
 * <headline>
 * تاريخ النشر: 23rd, August 2023 GMT
 * <body lines, one paragraph each; short lines are subheadings>
 * المصدر: الجزيرة
 * إقرأ أيضاً:
 * <headline of a related article>
 * <place> – <standfirst>
 * <its body lines>
 * <site tagline>
 * جميع الحقوق محفوظة 2022© <menu> Type to search … See all results
 * ```
 */
import { plainTextToBody } from '../content/body-html.ts';
import type { ImportRecord, ParseResult } from '../content/import-record.ts';
import { controlCharsFlag, headlineAndBody, lostCharactersFlag, stripControlChars } from './record-rules.ts';
import { assertTimeZone, parseSourceDate, type SourceZone, zoneOf } from './source-date.ts';

interface Line {
  /** 1-based line number in the page. */
  line: number;
  /** Trimmed text. */
  text: string;
}

/** `تاريخ النشر: …` (publication date). */
const DATE_LINE = /^تاريخ\s+النشر\s*[:：]\s*(.*)$/u;
/** `المصدر: …` (source credit). */
const SOURCE_LINE = /^المصدر\s*[:：]\s*(.*)$/u;
/**
 * `إقرأ أيضاً:` / `اقرأ أيضاً:` / `اقرأ أيضا:` / `اقرأ أيضًا` (read also), alone on its line or with a
 * headline after the colon (a sentence merely starting with the words is body text).
 */
const READ_ALSO = /^[اإ]قر[أا]\s+[أا]يض(?:اً|ًا|ا)\s*(?:[:：]\s*(.*))?$/u;
/** A copyright footer: the site chrome starts here. */
const RIGHTS = /جميع\s+الحقوق\s+محفوظة|كل\s+الحقوق\s+محفوظة|all\s+rights\s+reserved/iu;
/** `©` with a year on the same line, also a copyright footer (a bare `©` may be a photo credit). */
const COPYRIGHT_SIGN = /©\s*\d{4}|\d{4}\s*©/u;
/** Sentence punctuation, Arabic and Latin; a line without it may be a tagline. */
const SENTENCE_PUNCT = /[.!?؟…:؛،,;"”»«)(]/u;
/**
 * Standfirst with a dateline: one or two words, then an en/em dash or hyphen
 * between spaces, then text (`ليبيا – التومي يستعرض …`).
 */
const STANDFIRST = /^[\p{L}\p{M}]+(?:\s+[\p{L}\p{M}]+)?\s+[–—-]\s+\S/u;

/** Most lines before the copyright line dropped as the site's tagline. */
const MAX_TAGLINE_LINES = 2;

/**
 * Reads a plain-text article page (see module doc) into the main article, with
 * any "read also" articles in its `related`.
 *
 * Rules:
 * - Site chrome is dropped, never imported: the copyright line (holding
 *   `جميع الحقوق محفوظة`, `كل الحقوق محفوظة`, `All rights reserved`, or `©` next to a
 *   year) and everything after it (menus, `Type to search…`, `See all results`),
 *   plus up to two short lines (at most 6 words, 50 characters) without sentence
 *   punctuation right before it: the site's tagline (`ليبية يومية شاملة`).
 * - Main article: first non-empty line = headline; the first `تاريخ النشر:` line
 *   = date (via {@link parseSourceDate}); following lines = body until
 *   `المصدر: X` (X = `source_name`; lines between it and the next "read also"
 *   are dropped and flagged).
 * - Each `إقرأ أيضاً:` / `اقرأ أيضاً:` / `اقرأ أيضا:` line starts a related article:
 *   its first line (or the text after the colon) = headline; a next line shaped
 *   `<one or two words> – <text>` (en dash, em dash or hyphen) = `excerpt`, kept
 *   out of the body; the rest = body. Without its own date line it takes the
 *   main article's date, flagged; `source_name` is null unless it has its own
 *   `المصدر:` line. Its origin is `origin#2` (`#3`… for further ones).
 * - Bodies go through `plainTextToBody` (short subheading-like lines become `<h2>`).
 * - Lines with `????` (emoji lost upstream) are kept as they are and flagged
 *   with their line numbers; C0 control characters are removed and flagged.
 *
 * @param text - the page text, decoded (a leading BOM is ignored; CR/LF/CRLF line ends).
 * @param origin - the page's path, copied to the records.
 * @param zone - IANA zone for dates without one ({@link SourceZone}; a page has no source id).
 * @returns the main article (`ok: true`, related ones inside it) first; a related
 *   article that is unusable is reported after it as `{ ok: false, origin: 'origin#n' }`.
 *   When the main article has no headline or no body, its failure comes first and
 *   usable related articles follow as records of their own.
 * @throws JaridaError `CONFIG_INVALID` when `timeZone` is unknown.
 */
export function parseTextPage(text: string, origin: string, zone: SourceZone): ParseResult[] {
  assertTimeZone(zone);
  // A page carries no source id: dates are read in the zone for unknown sources.
  const timeZone = zoneOf(zone, null);
  const { text: clean, removed } = stripControlChars(text.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n'));
  const controlFlag = controlCharsFlag(removed, 'the page');
  const all: Line[] = clean.split('\n').map((t, i) => ({ line: i + 1, text: t.trim() }));
  const chrome = withoutChrome(all);
  const content = chrome.kept.filter((l) => l.text !== '');

  const sections: Line[][] = [[]];
  for (const l of content) {
    const m = READ_ALSO.exec(l.text);
    if (m !== null) {
      const rest = (m[1] ?? '').trim();
      sections.push(rest === '' ? [] : [{ line: l.line, text: rest }]);
    } else {
      sections[sections.length - 1]?.push(l);
    }
  }

  const [mainLines = [], ...relatedLines] = sections;
  const main = parseSection(mainLines, origin, timeZone, false);
  if (controlFlag !== undefined && main.ok) main.record.flags.push(controlFlag);
  if (chrome.dropped > 0 && main.ok) {
    const first = chrome.kept.length + 1;
    main.record.flags.push(`dropped ${chrome.dropped} line${chrome.dropped === 1 ? '' : 's'} of site chrome (footer, menu, tagline) from line ${first} on`);
  }
  const mainDate = main.ok ? main.record.published_at : null;

  const results: ParseResult[] = [main.ok ? { ok: true, record: main.record } : main];
  const related: ImportRecord[] = [];
  relatedLines.forEach((lines, i) => {
    const r = parseSection(lines, `${origin}#${i + 2}`, timeZone, true);
    if (!r.ok) {
      results.push(r);
      return;
    }
    if (!r.hasDate) {
      r.record.published_at = mainDate;
      r.record.published_at_precision = main.ok ? main.record.published_at_precision : undefined;
      r.record.flags.unshift(
        mainDate === null
          ? 'no date line, and the main article has no date either'
          : `no date line; used the main article's date (${mainDate})`,
      );
    }
    if (main.ok) related.push(r.record);
    else results.push({ ok: true, record: r.record });
  });
  if (main.ok && related.length > 0) main.record.related = related;
  return results;
}

/**
 * Whether a line is a site's copyright footer rather than a sentence that
 * mentions rights: it holds `©` next to a year, or it starts with the rights
 * phrase (or a `©`/year before it); a line ending like a sentence never is.
 */
function isFooter(text: string): boolean {
  if (/[.!?؟]["”»)]?$/u.test(text)) return false;
  if (COPYRIGHT_SIGN.test(text)) return true;
  const m = RIGHTS.exec(text);
  return m !== null && /^[\s©\d\-–—|]*$/u.test(text.slice(0, m.index));
}

/** The page lines before the site chrome (copyright line, what follows, the tagline before it). */
function withoutChrome(lines: Line[]): { kept: Line[]; dropped: number } {
  let cut = -1;
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    if (isFooter(lines[i]?.text ?? '')) {
      cut = i;
      break;
    }
  }
  if (cut === -1) return { kept: lines, dropped: 0 };
  let end = cut;
  let dropped = 0;
  while (end > 0 && dropped < MAX_TAGLINE_LINES) {
    const prev = lines[end - 1];
    if (prev === undefined) break;
    if (prev.text === '') {
      end -= 1;
      continue;
    }
    if (!looksLikeTagline(prev.text, lines, end - 1)) break;
    end -= 1;
    dropped += 1;
  }
  const kept = lines.slice(0, end);
  return { kept, dropped: lines.slice(end).filter((l) => l.text !== '').length };
}

function looksLikeTagline(text: string, lines: Line[], index: number): boolean {
  if ([...text].length > 50 || text.split(/\s+/u).length > 6 || SENTENCE_PUNCT.test(text)) return false;
  if (DATE_LINE.test(text) || SOURCE_LINE.test(text) || READ_ALSO.test(text)) return false;
  // Never a section's headline: the first non-empty line, or the line after "read also".
  const before = lines.slice(0, index).filter((l) => l.text !== '');
  const last = before[before.length - 1];
  return before.length > 0 && !(last !== undefined && READ_ALSO.test(last.text));
}

type SectionResult = (ParseResult & { ok: false }) | { ok: true; record: ImportRecord; hasDate: boolean };

function parseSection(lines: Line[], origin: string, timeZone: string, isRelated: boolean): SectionResult {
  const what = isRelated ? 'related article' : 'page';
  const [head, ...rest] = lines;
  if (head === undefined) {
    return { ok: false, origin, reason: isRelated ? 'no headline after the "read also" line' : 'no headline: the page has no text' };
  }
  if (DATE_LINE.test(head.text) || SOURCE_LINE.test(head.text)) {
    return { ok: false, origin, reason: `no headline: the ${what} starts with "${head.text.split(/[:：]/u)[0] ?? ''}:" on line ${head.line}` };
  }
  const flags: string[] = [];
  let published_at: string | null = null;
  let published_at_precision: 'day' | 'second' | undefined;
  let hasDate = false;
  let source_name: string | null = null;
  let excerpt: string | undefined;
  const body: Line[] = [];
  const afterSource: Line[] = [];
  let sourceSeen = false;

  for (const l of rest) {
    if (sourceSeen) {
      afterSource.push(l);
      continue;
    }
    const date = DATE_LINE.exec(l.text);
    if (date !== null && !hasDate) {
      hasDate = true;
      const parsed = parseSourceDate(date[1] ?? '', timeZone);
      published_at = parsed.iso;
      published_at_precision = parsed.precision;
      if (parsed.flag !== undefined) flags.push(`${parsed.flag} (line ${l.line})`);
      continue;
    }
    const src = SOURCE_LINE.exec(l.text);
    if (src !== null) {
      sourceSeen = true;
      const name = (src[1] ?? '').trim();
      source_name = name === '' ? null : name;
      continue;
    }
    if (isRelated && excerpt === undefined && body.length === 0 && STANDFIRST.test(l.text)) {
      excerpt = l.text;
      continue;
    }
    body.push(l);
  }

  // A "read also" entry without text is only a link to an article we do not have.
  if (isRelated && body.length === 0) {
    return { ok: false, origin, reason: `no body: the related article's headline "${head.text}" (line ${head.line}) is followed by no article text` };
  }
  // The shared rule: a headline-only item is imported with an empty body, flagged.
  headlineAndBody(head.text, body.map((l) => l.text), flags);
  if (!isRelated && !hasDate) flags.push('no publication date line (تاريخ النشر:)');
  if (afterSource.length > 0) {
    const first = afterSource[0]?.line ?? 0;
    const last = afterSource[afterSource.length - 1]?.line ?? first;
    flags.push(`dropped ${afterSource.length} line${afterSource.length === 1 ? '' : 's'} after the source line (${first === last ? `line ${first}` : `lines ${first}–${last}`})`);
  }
  const lost = lostCharactersFlag([head, ...(excerpt === undefined ? [] : [{ line: lineOf(rest, excerpt), text: excerpt }]), ...body]);
  if (lost !== undefined) flags.push(lost);

  const record: ImportRecord = {
    origin,
    title: head.text.replace(/\s+/gu, ' '),
    body: plainTextToBody(body.map((l) => l.text).join('\n')),
    excerpt,
    published_at,
    published_at_precision,
    source_category: null,
    source_name,
    source_url: null,
    author_name: null,
    flags,
  };
  return { ok: true, record, hasDate };
}

function lineOf(lines: Line[], text: string): number {
  return lines.find((l) => l.text === text)?.line ?? 0;
}
