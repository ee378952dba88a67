/**
 * The rich-text editor over the body textarea (progressive enhancement:
 * without JavaScript the textarea of HTML is the editor). TipTap 3 with
 * `textDirection: 'auto'`, so each block reads in the direction of its
 * first strong letter and a direction the writer set is kept; links,
 * images by URL with alternative text, and YouTube players. Its HTML is
 * copied into the textarea before the form is sent.
 */
import { Editor, mergeAttributes, Node } from '@tiptap/core';
import Image from '@tiptap/extension-image';
import Youtube from '@tiptap/extension-youtube';
import StarterKit from '@tiptap/starter-kit';
import { embedKey, sameBody } from './body-check.ts';
import { askUrl } from './dialog.ts';
import type { EditorMessages } from './messages.ts';

/** What the rest of the page needs of the editor. */
export interface RichText {
  /** Copies the editor's HTML into the textarea (no-op in HTML mode). */
  sync(): void;
  /** Calls `fn` after every change of the document made in the editor. */
  onChange(fn: () => void): void;
}

/** Vimeo players (and any allowed player TipTap's YouTube extension does not take): kept as they are. */
const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, title: { default: null }, width: { default: null }, height: { default: null } };
  },
  parseHTML() {
    // Only the players the server keeps; anything else typed in HTML mode is not shown in the editor.
    return [{ tag: 'iframe[src]', getAttrs: (el) => (embedKey((el as HTMLElement).getAttribute('src')) ? null : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['iframe', mergeAttributes(HTMLAttributes, { sandbox: 'allow-scripts allow-same-origin allow-presentation', loading: 'lazy' })];
  },
});

/** TipTap's YouTube node, also reading the bare `<iframe>` the server stores (it drops TipTap's wrapper `<div>`). */
const YoutubePlayer = Youtube.extend({
  parseHTML() {
    return [
      { tag: 'div[data-youtube-video] iframe' },
      { tag: 'iframe[src]', priority: 60, getAttrs: (el) => (embedKey((el as HTMLElement).getAttribute('src'))?.startsWith('youtube:') ? null : false) },
    ];
  },
});

const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/iu;

interface ToolbarButton {
  key: keyof EditorMessages;
  run: (editor: Editor) => void | Promise<void>;
  /** Whether the button is "on" for the selection (aria-pressed); absent for plain commands. */
  active?: (editor: Editor) => boolean;
  /** Whether the command can run now (aria-disabled otherwise). */
  can?: (editor: Editor) => boolean;
}

function buttons(messages: EditorMessages): ToolbarButton[] {
  return [
    { key: 'rteParagraph', run: (e) => void e.chain().focus().setParagraph().run(), active: (e) => e.isActive('paragraph') },
    { key: 'rteHeading2', run: (e) => void e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive('heading', { level: 2 }) },
    { key: 'rteHeading3', run: (e) => void e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive('heading', { level: 3 }) },
    { key: 'rteBulletList', run: (e) => void e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
    { key: 'rteOrderedList', run: (e) => void e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
    { key: 'rteQuote', run: (e) => void e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
    {
      key: 'rteLink',
      active: (e) => e.isActive('link'),
      run: async (e) => {
        const current = (e.getAttributes('link').href as string | undefined) ?? '';
        const answer = await askUrl(messages, {
          title: messages.rteLink,
          url: current,
          removable: current !== '',
          check: (url) => (HTTP_URL.test(url) || /^mailto:[^\s@]+@[^\s@]+$/iu.test(url) ? undefined : messages.rteBadUrl),
        });
        if (!answer) return void e.commands.focus();
        if (answer.remove) return void e.chain().focus().extendMarkRange('link').unsetLink().run();
        if (e.state.selection.empty && !e.isActive('link')) {
          e.chain().focus().insertContent({ type: 'text', text: answer.url, marks: [{ type: 'link', attrs: { href: answer.url } }] }).run();
        } else {
          e.chain().focus().extendMarkRange('link').setLink({ href: answer.url }).run();
        }
      },
    },
    {
      key: 'rteImage',
      run: async (e) => {
        const answer = await askUrl(messages, {
          title: messages.rteImage,
          url: '',
          withAlt: true,
          check: (url, alt) => (!HTTP_URL.test(url) ? messages.rteBadUrl : alt.trim() === '' ? messages.rteAltRequired : undefined),
        });
        if (!answer) return void e.commands.focus();
        e.chain().focus().setImage({ src: answer.url, alt: answer.alt.trim() }).run();
      },
    },
    {
      key: 'rteVideo',
      run: async (e) => {
        const answer = await askUrl(messages, {
          title: messages.rteVideo,
          url: '',
          // TipTap's own parser decides what a YouTube address is.
          check: (url) => (e.can().setYoutubeVideo({ src: url }) && HTTP_URL.test(url) ? undefined : messages.rteBadVideo),
        });
        if (!answer) return void e.commands.focus();
        e.chain().focus().setYoutubeVideo({ src: answer.url }).run();
      },
    },
    { key: 'rteUndo', run: (e) => void e.chain().focus().undo().run(), can: (e) => e.can().undo() },
    { key: 'rteRedo', run: (e) => void e.chain().focus().redo().run(), can: (e) => e.can().redo() },
  ];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Arrow keys, Home and End move between a toolbar's buttons; one of them is in the tab order (WAI-ARIA toolbar pattern). */
function rovingFocus(toolbar: HTMLElement, onEscape: () => void): void {
  const items = () => Array.from(toolbar.querySelectorAll<HTMLButtonElement>('button'));
  toolbar.addEventListener('keydown', (event) => {
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (at < 0) return;
    const rtl = getComputedStyle(toolbar).direction === 'rtl';
    let next: number;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = list.length - 1;
    else if (event.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (at + 1) % list.length;
    else if (event.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (at - 1 + list.length) % list.length;
    else if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
      return;
    } else return;
    event.preventDefault();
    for (const b of list) b.tabIndex = -1;
    const target = list[next];
    if (target) {
      target.tabIndex = 0;
      target.focus();
    }
  });
}

/**
 * Puts the rich-text editor over the body textarea of `form`, unless the
 * body holds markup the editor would lose (then the textarea stays, with a
 * note). A button switches between the editor and the HTML at any time.
 */
export function startRichText(form: HTMLFormElement, messages: EditorMessages): RichText {
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[name="body"]');
  const field = textarea?.closest<HTMLElement>('.body-field');
  const listeners: Array<() => void> = [];
  if (!textarea || !field || textarea.disabled || textarea.readOnly) return { sync() {}, onChange() {} };
  const label = field.querySelector('label');
  if (label) label.id ||= `${textarea.id}-label`;

  const wrapper = element('div', { class: 'rte' });
  const toolbar = element('div', { role: 'toolbar', class: 'rte-toolbar', 'aria-label': messages.rteToolbar, 'aria-controls': 'rte-content' });
  const host = element('div', { class: 'rte-host' });
  const shortcuts = element('p', { class: 'help', id: 'rte-shortcuts' }, messages.rteShortcuts);
  const note = element('p', { class: 'rte-note', role: 'status' });
  const htmlToggle = element('button', { type: 'button', class: 'rte-html-toggle secondary', 'aria-pressed': 'false' }, messages.rteHtml);
  wrapper.append(toolbar, host, shortcuts);
  textarea.before(wrapper);
  textarea.after(note);
  wrapper.after(htmlToggle);

  let editor: Editor | undefined;
  const defs = buttons(messages);
  const refresh = () => {
    if (!editor) return;
    for (const [i, button] of Array.from(toolbar.querySelectorAll<HTMLButtonElement>('button')).entries()) {
      const def = defs[i];
      if (!def) continue;
      if (def.active) button.setAttribute('aria-pressed', String(def.active(editor)));
      if (def.can) button.setAttribute('aria-disabled', String(!def.can(editor)));
    }
  };
  defs.forEach((def, i) => {
    const button = element('button', { type: 'button', class: 'rte-button', 'aria-label': messages[def.key], tabindex: i === 0 ? '0' : '-1' }, messages[def.key]);
    if (def.active) button.setAttribute('aria-pressed', 'false');
    // Keep the editor's selection when a button is clicked with the mouse.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      if (!editor || button.getAttribute('aria-disabled') === 'true') return;
      void Promise.resolve(def.run(editor)).then(refresh);
    });
    toolbar.append(button);
  });
  rovingFocus(toolbar, () => editor?.commands.focus());

  const open = (): boolean => {
    const html = textarea.value;
    const made = new Editor({
      element: host,
      content: html,
      textDirection: 'auto',
      // Its inline <style> would be refused by the CSP; editor.css has the same rules.
      injectCSS: false,
      extensions: [
        StarterKit.configure({
          heading: { levels: [2, 3, 4] },
          code: false,
          codeBlock: false,
          strike: false,
          underline: false,
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https', HTMLAttributes: { target: null, rel: null, class: null } },
        }),
        Image.configure({ inline: false, allowBase64: false }),
        YoutubePlayer.configure({ nocookie: true, width: 640, height: 360, controls: true }),
        Embed,
      ],
      editorProps: {
        attributes: {
          id: 'rte-content',
          class: 'rte-content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-labelledby': label?.id ?? '',
          'aria-describedby': [textarea.getAttribute('aria-describedby'), 'rte-shortcuts'].filter(Boolean).join(' '),
        },
      },
    });
    if (html.trim() !== '' && !sameBody(html, made.getHTML())) {
      made.destroy();
      host.replaceChildren();
      return false;
    }
    editor = made;
    made.on('update', () => listeners.forEach((fn) => fn()));
    made.on('transaction', refresh);
    made.view.dom.addEventListener('keydown', (event) => {
      if (event.altKey && event.key === 'F10') {
        event.preventDefault();
        (toolbar.querySelector<HTMLButtonElement>('button[tabindex="0"]') ?? toolbar.querySelector('button'))?.focus();
      }
    });
    return true;
  };

  const showEditor = () => {
    if (!open()) {
      note.textContent = messages.rteHtmlOnly;
      return;
    }
    note.textContent = '';
    wrapper.hidden = false;
    textarea.hidden = true;
    htmlToggle.setAttribute('aria-pressed', 'false');
    refresh();
  };
  const showHtml = () => {
    sync();
    editor?.destroy();
    editor = undefined;
    host.replaceChildren();
    wrapper.hidden = true;
    textarea.hidden = false;
    htmlToggle.setAttribute('aria-pressed', 'true');
    textarea.focus();
  };
  // A function, not inline: TypeScript cannot see that showEditor() assigned `editor`.
  const focusEditor = () => editor?.commands.focus();
  const sync = () => {
    if (editor) textarea.value = editor.isEmpty ? '' : editor.getHTML();
  };

  htmlToggle.addEventListener('click', () => {
    if (editor) showHtml();
    else {
      showEditor();
      focusEditor();
    }
  });
  label?.addEventListener('click', (event) => {
    if (!editor) return;
    event.preventDefault();
    editor.commands.focus();
  });
  // Before the browser collects the form's fields (submit listeners run first).
  form.addEventListener('submit', sync, { capture: true });

  wrapper.hidden = true;
  showEditor();
  if (!editor) htmlToggle.setAttribute('aria-pressed', 'true');
  return {
    sync,
    onChange(fn) {
      listeners.push(fn);
    },
  };
}
