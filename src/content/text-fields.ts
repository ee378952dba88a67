/**
 * One rule for every single-line text field a person or a feed types into
 * jarida (headline, excerpt, names, byline, outlet, alt text, setting values):
 * what is kept, what is dropped, and what is refused. Used by the content use
 * cases, so the back office, the API, the CLI and the importers agree.
 *
 * Dropped: C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F); a
 * tab or line break becomes a space first, so words stay apart.
 *
 * Kept byte for byte, without Unicode normalization: every letter, mark and
 * symbol, the directional marks LRM, RLM and ALM (U+200E, U+200F, U+061C),
 * ZWJ and ZWNJ (emoji sequences and Persian spelling need them), and the bidi
 * embedding, override and isolate controls U+202A–U+202E and U+2066–U+2069.
 * Imported text (a WordPress title, a feed headline) must round-trip exactly
 * (ADR 023), so an unclosed override (RLO, the "Trojan Source" trick,
 * CVE-2021-42574) is made harmless where text is shown instead: the reader
 * site and the back office bidi-isolate every element that shows such a field
 * (`unicode-bidi: isolate` in site.css and admin.css), so an override cannot
 * flip the text around it.
 *
 * Refused: lone surrogates (not text; they cannot round-trip through UTF-8).
 */
import { invalid } from '../core/errors.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/gu;
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/gu;

/**
 * A single-line field cleaned by the rules above, runs of spaces kept as typed
 * except at the ends (trimmed).
 * @throws JaridaError `VALIDATION` naming `field` when the text holds a lone surrogate.
 */
export function cleanLine(field: string, value: string): string {
  if (!value.isWellFormed()) throw invalid(`${field} holds a lone surrogate (not Unicode text)`, { field });
  return value.replace(LINE_BREAKS, ' ').replace(CONTROLS, '').trim();
}

/** {@link cleanLine}, with '' and blank text as null (optional fields). */
export function cleanOptionalLine(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return cleanLine(field, value) || null;
}

const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/gu;

/**
 * {@link cleanLine} without the bidi embedding, override and isolate controls,
 * for text shown where jarida cannot isolate it: a file name ends up in
 * download dialogs and folders, where `photo\u202Egnp.exe` would show as
 * `photoexe.png`.
 * @throws JaridaError `VALIDATION` naming `field` when the text holds a lone surrogate.
 */
export function cleanLineWithoutBidiControls(field: string, value: string): string {
  return cleanLine(field, value).replace(BIDI_CONTROLS, '').trim();
}

const FSI = '\u2068';
const PDI = '\u2069';
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * `text` made safe to show where HTML cannot isolate it (`<title>`, a `title`
 * or `aria-label` attribute, text run into a message): wrapped in FIRST STRONG
 * ISOLATE … POP DIRECTIONAL ISOLATE when it holds bidi controls, with one
 * more FSI before it for each PDI of its own that has no isolate to close, and
 * one more PDI after it for each isolate it leaves open, so that nothing in it
 * can reach the text around it (Unicode Bidirectional Algorithm, UAX #9,
 * rules BD8–BD9 and X6a). Text without bidi controls comes back unchanged; the
 * text's own characters are never dropped.
 */
export function isolateBidi(text: string): string {
  if (!BIDI_CONTROL.test(text)) return text;
  let strayPdis = 0;
  const open: Array<'embedding' | 'isolate'> = [];
  for (const ch of text) {
    if (ch >= '\u202a' && ch <= '\u202e' && ch !== '\u202c') open.push('embedding');
    else if (ch === '\u202c') {
      if (open.at(-1) === 'embedding') open.pop();
    } else if (ch >= '\u2066' && ch <= '\u2068') open.push('isolate');
    else if (ch === PDI) {
      const last = open.lastIndexOf('isolate');
      if (last === -1) strayPdis++;
      else open.length = last;
    }
  }
  const openIsolates = open.filter((k) => k === 'isolate').length;
  return `${FSI}${FSI.repeat(strayPdis)}${text}${PDI.repeat(openIsolates)}${PDI}`;
}
