import { cutAtWord } from '../content/body-html.ts';

/** Result of {@link stripControlChars}. */
export interface StrippedText {
  /** The text without the removed characters. */
  text: string;
  /** Count of removed characters by code point label (`U+0002` → 1); empty when none. */
  removed: ReadonlyMap<string, number>;
}

/**
 * Removes C0 control characters (U+0000–U+001F) except tab and newline, plus
 * DEL (U+007F) and the C1 controls (U+0080–U+009F): they have no meaning in
 * news text, make XML non-well-formed and break HTML output. Carriage returns
 * should be normalized to `\n` before calling (a lone CR counts as a control).
 * Seen in the corpus: U+0002 in an Al Arabiya text, U+001A where SaudiNewsNet
 * lost bullet glyphs. Also removes lone surrogates (a JSON `\ud83d` escape
 * without its pair): they cannot be encoded as UTF-8, so they would be stored
 * as invalid bytes and shown as U+FFFD.
 */
export function stripControlChars(text: string): StrippedText {
  const removed = new Map<string, number>();
  // With the u flag, [\ud800-\udfff] matches only unpaired surrogates: a pair is one code point.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  const out = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff]/gu, (c) => {
    const label = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    removed.set(label, (removed.get(label) ?? 0) + 1);
    return '';
  });
  return { text: out, removed };
}

/**
 * A report phrase for {@link stripControlChars}' removals in `where`
 * (e.g. `removed 1 control character from the text (U+0002 ×1)`), or undefined when none.
 */
export function controlCharsFlag(removed: ReadonlyMap<string, number>, where: string): string | undefined {
  if (removed.size === 0) return undefined;
  let total = 0;
  for (const n of removed.values()) total += n;
  const list = [...removed].map(([label, n]) => `${label} ×${n}`).join(', ');
  return `removed ${total} control character${total === 1 ? '' : 's'} from ${where} (${list})`;
}

/** A run of four or more `?`: what a utf8mb3 database leaves of a 4-byte character such as an emoji. */
const LOST_CHARS = /\?{4,}/u;

/**
 * A report phrase naming the lines that hold `????` (characters, usually
 * emoji, lost upstream when stored in a utf8mb3 database, which replaces each
 * byte of a 4-byte character with `?`), or undefined when none does. The lines
 * themselves are left unchanged.
 *
 * @param lines - text lines with their 1-based numbers (`line` = line in the file,
 *   or the paragraph number when `unit` says so).
 * @param unit - what the numbers count, for the phrase (`line` → `(lines 17, 19)`).
 */
export function lostCharactersFlag(lines: ReadonlyArray<{ line: number; text: string }>, unit = 'line'): string | undefined {
  const hits = lines.filter((l) => LOST_CHARS.test(l.text)).map((l) => l.line);
  if (hits.length === 0) return undefined;
  const where = hits.length === 1 ? `${unit} ${hits[0]}` : `${unit}s ${hits.join(', ')}`;
  return `contains ???? where emoji were lost upstream (${where})`;
}


/** Longest headline derived from a body, in code points. */
const DERIVED_HEADLINE_MAX = 120;

/**
 * The import rule for items with a missing headline or body, shared by every
 * parser: a headline-only item (a cartoon, a photo gallery, a brief) is
 * imported with an empty body; an item with text but no headline gets the
 * first sentence of its text as headline; both cases are flagged for the
 * report. An item with neither is unusable.
 *
 * @param flags - receives the report flags.
 * @returns the headline and body lines to import, or the reason to refuse.
 */
export function headlineAndBody(title: string, bodyLines: readonly string[], flags: string[]): { title: string; bodyLines: readonly string[] } | { reason: string } {
  if (title === '' && bodyLines.length === 0) return { reason: 'neither headline nor body: the item is empty' };
  if (bodyLines.length === 0) flags.push('empty body: imported as a headline-only item');
  if (title !== '') return { title, bodyLines };
  const first = bodyLines[0] ?? '';
  const sentence = /^.+?[.!?؟](?=\s|$)/u.exec(first)?.[0] ?? first;
  flags.push('no headline: the first sentence of the body is used');
  return { title: cutAtWord(sentence, DERIVED_HEADLINE_MAX), bodyLines };
}
