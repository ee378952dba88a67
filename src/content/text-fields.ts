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
