/**
 * Keeps an article over the server's size limit on the page: the server
 * would refuse the form (413) without reading it, and the writer would be
 * left with an error page instead of their text. The form is measured as
 * the browser would post it (urlencoded, 6 bytes per Arabic letter).
 */
import { EDITOR_FORM_LIMIT_BYTES } from './limits.ts';
import { type EditorMessages, fillMessage } from './messages.ts';

/** Bytes of the form's fields as posted (`application/x-www-form-urlencoded`). */
export function postedSize(form: HTMLFormElement): number {
  const data = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') data.append(name, value);
  // Only ASCII is left once encoded, so characters are bytes; a few more for the pressed button.
  return data.toString().length + 32;
}

/** The message saying the article is too large, with the limit in MB in the page's digits. */
export function tooLargeMessage(messages: EditorMessages, locale: string): string {
  const mb = new Intl.NumberFormat(locale || undefined, { maximumFractionDigits: 1 }).format(EDITOR_FORM_LIMIT_BYTES / 1024 / 1024);
  return fillMessage(messages.editorTooLarge, { mb });
}

/** Whether the form fits under the limit. */
export function fitsLimit(form: HTMLFormElement): boolean {
  return postedSize(form) <= EDITOR_FORM_LIMIT_BYTES;
}

/**
 * Refuses to submit the form while it is over the limit, saying so in the
 * status line (`say`); the submission is stopped before any other listener
 * (autosave's) sees it. Register after the rich-text editor, whose capturing
 * listener has copied the body into the form by then.
 */
export function guardFormSize(form: HTMLFormElement, messages: EditorMessages, say: (text: string) => void): void {
  form.addEventListener('submit', (event) => {
    if (fitsLimit(form)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    say(tooLargeMessage(messages, form.dataset.locale || document.documentElement.lang));
  });
}
