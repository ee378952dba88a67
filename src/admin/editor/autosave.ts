/**
 * Autosave of the article form: when something changed, every
 * `data-autosave-ms` (about 20 s) the form's fields are POSTed with the
 * CSRF token to `data-autosave`, which saves them with the revision the form
 * was opened at. The answer's revision becomes the form's, so the next save
 * (manual or automatic) does not collide with our own. A 409 means someone
 * else saved in between: autosave stops and says so, and never overwrites.
 */
import { type EditorMessages, fillMessage } from './messages.ts';
import type { RichText } from './rich-text.ts';
import { fitsLimit, tooLargeMessage } from './size-guard.ts';

/** What the autosave routes answer (see `admin/article-editor-routes.tsx`). */
interface AutosaveAnswer {
  revision: number;
  saved_at: string;
  /** For a new article, once its draft exists: where the form now posts and autosaves. */
  edit_url?: string;
  autosave_url?: string;
}

interface AutosaveError {
  error?: { code?: string; message?: string; field?: string };
}

/** What to do after a refused autosave: the message, and whether to stop autosaving or to try again. */
interface Refusal {
  text: string;
  then: 'stop' | 'retry' | 'wait';
}

/**
 * The refusal of an autosave in the admin's words, by the answer's status
 * and error code. The server's own message is shown only for a form error
 * (`JARIDA_VALIDATION`), which the editor's routes word in the admin's
 * language; anything else (a session that ended, a proxy's error page) gets
 * the editor's message for its kind, never raw text from the wire.
 */
export function refusalOf(messages: EditorMessages, status: number, error: AutosaveError['error'], locale: string): Refusal {
  if (status === 401) return { text: messages.autosaveSessionEnded, then: 'stop' };
  if (status === 403 && error?.code === 'JARIDA_CSRF') return { text: messages.autosaveFormExpired, then: 'stop' };
  if (status === 403) return { text: messages.autosaveForbidden, then: 'stop' };
  if (status === 413) return { text: tooLargeMessage(messages, locale), then: 'wait' };
  if (status === 429) return { text: messages.autosaveRateLimited, then: 'retry' };
  if (status < 500 && error?.code === 'JARIDA_VALIDATION' && typeof error.message === 'string' && error.message !== '') {
    return { text: fillMessage(messages.autosaveFailed, { message: error.message }), then: 'wait' };
  }
  return { text: messages.autosaveServerError, then: 'retry' };
}

/** Starts autosaving `form` when it names an autosave URL. */
export function startAutosave(form: HTMLFormElement, messages: EditorMessages, rich: RichText): void {
  let url = form.dataset.autosave;
  if (!url) return;
  const status = document.getElementById('autosave-status');
  const revision = form.querySelector<HTMLInputElement>('input[name="expected_revision"]');
  const title = form.querySelector<HTMLInputElement>('input[name="title"]');
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  const every = Number(form.dataset.autosaveMs) || 20_000;
  const locale = form.dataset.locale || document.documentElement.lang;
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: form.dataset.timeZone || undefined,
  });
  let dirty = false;
  let busy = false;
  let stopped = false;
  let pending: HTMLElement | null | undefined;

  const say = (text: string, kind: 'ok' | 'error' = 'ok') => {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle('error', kind === 'error');
  };
  const changed = () => {
    dirty = true;
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  rich.onChange(changed);

  form.addEventListener('submit', (event) => {
    // Refused before sending (too large): the form stays, and so does autosave.
    if (event.defaultPrevented) return;
    if (!busy) {
      stopped = true;
      return;
    }
    // An autosave is on its way: send the form once it is back, with the revision it gets.
    event.preventDefault();
    pending = (event as SubmitEvent).submitter;
  });

  const save = async () => {
    if (stopped || busy || !dirty) return;
    // A new article needs a headline before its draft can exist.
    if (form.dataset.new === '1' && (title?.value.trim() ?? '') === '') return;
    rich.sync();
    // The server would refuse it unread: say so, keep the text, and try again once it is shorter.
    if (!fitsLimit(form)) {
      say(tooLargeMessage(messages, locale), 'error');
      return;
    }
    dirty = false;
    busy = true;
    say(messages.autosaveSaving);
    const data = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && name !== 'action') data.append(name, value);
    try {
      const res = await fetch(url as string, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': csrf, accept: 'application/json' },
        body: data.toString(),
      });
      const body = (await res.json().catch(() => ({}))) as AutosaveAnswer & AutosaveError;
      if (res.ok) {
        if (revision) revision.value = String(body.revision);
        if (body.edit_url && body.autosave_url) {
          form.action = body.edit_url;
          url = body.autosave_url;
          form.dataset.autosave = url;
          delete form.dataset.new;
          history.replaceState(null, '', body.edit_url);
        }
        say(fillMessage(messages.autosaveSaved, { time: time.format(new Date(body.saved_at)) }));
      } else if (res.status === 409) {
        stopped = true;
        say(messages.autosaveConflict, 'error');
      } else {
        const refusal = refusalOf(messages, res.status, body.error, locale);
        if (refusal.then === 'stop') stopped = true;
        if (refusal.then === 'retry') dirty = true;
        say(refusal.text, 'error');
      }
    } catch {
      dirty = true;
      say(messages.autosaveOffline, 'error');
    } finally {
      busy = false;
      if (pending !== undefined) {
        const submitter = pending;
        pending = undefined;
        stopped = true;
        form.requestSubmit(submitter instanceof HTMLButtonElement ? submitter : undefined);
      }
    }
  };
  setInterval(() => void save(), every);
}
