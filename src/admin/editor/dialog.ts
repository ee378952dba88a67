/**
 * A small modal `<dialog>` asking for a URL (and alternative text for an
 * image): native focus trapping, Escape to cancel, labelled fields and an
 * error announced with role="alert". Lives outside the article form
 * (forms do not nest).
 */
import type { EditorMessages } from './messages.ts';

/** What the dialog asks for. */
export interface UrlRequest {
  title: string;
  url: string;
  /** Ask for alternative text too (images). */
  withAlt?: boolean;
  /** Offer "remove" (an existing link). */
  removable?: boolean;
  /** An error message for the answer, or undefined when it is fine. */
  check: (url: string, alt: string) => string | undefined;
}

/** The answer: the URL (trimmed) and alternative text, or `remove`. */
export interface UrlAnswer {
  url: string;
  alt: string;
  remove: boolean;
}

let seq = 0;

function labelled(id: string, text: string, input: HTMLInputElement): HTMLParagraphElement {
  const p = document.createElement('p');
  p.className = 'field';
  const label = document.createElement('label');
  label.htmlFor = id;
  label.textContent = text;
  input.id = id;
  p.append(label, input);
  return p;
}

/** Opens the dialog; resolves with the answer, or null when cancelled. */
export function askUrl(messages: EditorMessages, request: UrlRequest): Promise<UrlAnswer | null> {
  const n = ++seq;
  const dialog = document.createElement('dialog');
  dialog.className = 'rte-dialog';
  dialog.setAttribute('aria-labelledby', `rte-dialog-title-${n}`);
  const form = document.createElement('form');
  form.method = 'dialog';
  const heading = document.createElement('h2');
  heading.id = `rte-dialog-title-${n}`;
  heading.textContent = request.title;
  const url = document.createElement('input');
  url.type = 'text';
  url.inputMode = 'url';
  url.dir = 'ltr';
  url.autocomplete = 'off';
  url.value = request.url;
  const alt = document.createElement('input');
  alt.type = 'text';
  alt.dir = 'auto';
  const error = document.createElement('p');
  error.className = 'rte-dialog-error';
  error.id = `rte-dialog-error-${n}`;
  error.setAttribute('role', 'alert');
  const actions = document.createElement('p');
  actions.className = 'actions';
  const insert = document.createElement('button');
  insert.type = 'submit';
  insert.value = 'ok';
  insert.textContent = messages.rteInsert;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary';
  cancel.textContent = messages.rteCancel;
  actions.append(insert);
  if (request.removable) {
    const remove = document.createElement('button');
    remove.type = 'submit';
    remove.value = 'remove';
    remove.className = 'secondary';
    remove.textContent = messages.rteRemoveLink;
    actions.append(' ', remove);
  }
  actions.append(' ', cancel);
  form.append(heading, labelled(`rte-dialog-url-${n}`, messages.rteUrl, url));
  if (request.withAlt) form.append(labelled(`rte-dialog-alt-${n}`, messages.rteAlt, alt));
  form.append(error, actions);
  dialog.append(form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let answer: UrlAnswer | null = null;
    form.addEventListener('submit', (event) => {
      const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
      if (submitter?.value === 'remove') {
        answer = { url: '', alt: '', remove: true };
        return;
      }
      const problem = request.check(url.value.trim(), alt.value);
      if (problem) {
        event.preventDefault();
        error.textContent = problem;
        const at = request.withAlt && problem === messages.rteAltRequired ? alt : url;
        at.setAttribute('aria-invalid', 'true');
        at.setAttribute('aria-describedby', error.id);
        at.focus();
        return;
      }
      answer = { url: url.value.trim(), alt: alt.value, remove: false };
    });
    cancel.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    url.focus();
  });
}
