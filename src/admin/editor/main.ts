/**
 * Browser entry of the article editor (bundled by esbuild at server start,
 * served as `/admin/assets/editor.js`; see `admin/article-editor-assets.ts`).
 * Without it the editor form works as plain HTML.
 */
import { startAutosave } from './autosave.ts';
import { EDITOR_MESSAGE_KEYS, type EditorMessages } from './messages.ts';
import { guardFormSize } from './size-guard.ts';
import { startRichText } from './rich-text.ts';

function messagesOf(form: HTMLFormElement): EditorMessages {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(form.dataset.messages ?? '{}') as Record<string, unknown>;
  } catch {
    // Fall back to the keys themselves: the editor still works, with odd labels.
  }
  return Object.fromEntries(EDITOR_MESSAGE_KEYS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : k])) as unknown as EditorMessages;
}

const form = document.getElementById('article-form');
if (form instanceof HTMLFormElement) {
  const messages = messagesOf(form);
  const rich = startRichText(form, messages);
  // Before autosave's listener: a form too large to send stays on the page, and autosave goes on.
  guardFormSize(form, messages, (text) => {
    const status = document.getElementById('autosave-status');
    if (!status) return;
    status.textContent = text;
    status.classList.add('error');
  });
  startAutosave(form, messages, rich);
}
