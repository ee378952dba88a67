/**
 * The admin messages the editor's browser code shows. The server copies
 * these keys of the admin catalogue (`admin/locales/ar.ts`, `en.ts`) into
 * the form's `data-messages` attribute, so the browser code has no strings
 * of its own.
 */
export const EDITOR_MESSAGE_KEYS = [
  'rteToolbar',
  'rteParagraph',
  'rteHeading2',
  'rteHeading3',
  'rteBulletList',
  'rteOrderedList',
  'rteQuote',
  'rteLink',
  'rteImage',
  'rteVideo',
  'rteUndo',
  'rteRedo',
  'rteHtml',
  'rteUrl',
  'rteAlt',
  'rteInsert',
  'rteRemoveLink',
  'rteCancel',
  'rteBadUrl',
  'rteBadVideo',
  'rteAltRequired',
  'rteHtmlOnly',
  'rteShortcuts',
  'autosaveSaved',
  'autosaveSaving',
  'autosaveConflict',
  'autosaveFailed',
  'autosaveOffline',
  'autosaveSessionEnded',
  'autosaveFormExpired',
  'autosaveForbidden',
  'autosaveRateLimited',
  'autosaveServerError',
  'editorTooLarge',
] as const;

/** One of {@link EDITOR_MESSAGE_KEYS}. */
export type EditorMessageKey = (typeof EDITOR_MESSAGE_KEYS)[number];

/** The editor's messages, in the admin's language. */
export type EditorMessages = Readonly<Record<EditorMessageKey, string>>;

/** Fills `{name}` placeholders (as `web/i18n.ts` `fill` does on the server). */
export function fillMessage(message: string, values: Readonly<Record<string, string>>): string {
  return message.replace(/\{(\w+)\}/gu, (m, key: string) => values[key] ?? m);
}
