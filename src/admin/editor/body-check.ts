/**
 * Whether the rich-text editor can hold a body without losing anything.
 *
 * TipTap keeps only what its schema knows: a `<figure>` with its caption, a
 * `<span lang="en">`, an `<h4>`… of an imported body would silently vanish
 * on the next save. So the editor opens a body, reads its HTML back, and
 * compares the two in a canonical form; when they differ the body stays in
 * the HTML textarea (docs/adr/015-article-editor.md).
 *
 * The canonical form ignores what the server normalizes anyway or what is
 * only spelling: `dir="auto"` (the server adds it to blocks), `b`/`i`
 * versus `strong`/`em`, a link's `target`, the paragraph TipTap puts inside
 * list items and quotes, empty paragraphs, white space, and an embed's URL
 * beyond its provider and video id.
 */

/** Providers and video ids of the players the server allows (see `content/body-html.ts`). */
const EMBED_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['youtube', /^https:\/\/www\.youtube(?:-nocookie)?\.com\/embed\/([\w-]{6,20})(?:[?#]|$)/u],
  ['vimeo', /^https:\/\/player\.vimeo\.com\/video\/(\d{1,12})(?:[?#]|$)/u],
];

/** `provider:id` of an allowed player URL, else undefined. */
export function embedKey(src: string | null): string | undefined {
  if (!src) return undefined;
  for (const [provider, pattern] of EMBED_PATTERNS) {
    const m = pattern.exec(src);
    if (m) return `${provider}:${m[1]}`;
  }
  return undefined;
}

const RENAME: Readonly<Record<string, string>> = { b: 'strong', i: 'em' };
/** Wrappers that carry no meaning of their own here (TipTap's YouTube wrapper). */
const UNWRAP = new Set(['div']);

function attributesOf(el: Element, tag: string): string {
  if (tag === 'iframe') return ` ${embedKey(el.getAttribute('src')) ?? `?${el.getAttribute('src') ?? ''}`}`;
  const out: string[] = [];
  for (const attr of Array.from(el.attributes)) {
    const name = attr.name.toLowerCase();
    if (name === 'dir' && attr.value.trim().toLowerCase() === 'auto') continue;
    if (tag === 'a' && name === 'target') continue;
    if (name === 'data-youtube-video') continue;
    out.push(`${name}=${JSON.stringify(attr.value)}`);
  }
  return out.length > 0 ? ` ${out.sort().join(' ')}` : '';
}

function isEmptyParagraph(el: Element): boolean {
  return el.tagName.toLowerCase() === 'p' && (el.textContent ?? '').trim() === '' && el.querySelector('img, iframe, br') === null;
}

function walk(node: Node, parent: string, out: string[]): void {
  let blockSeen = false;
  for (const child of Array.from(node.childNodes)) {
    if (child.nodeType === 3) {
      const text = (child.textContent ?? '').replace(/\s+/gu, ' ').trim();
      if (text !== '') out.push(JSON.stringify(text));
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as Element;
    const raw = el.tagName.toLowerCase();
    const tag = RENAME[raw] ?? raw;
    if (isEmptyParagraph(el)) continue;
    if (UNWRAP.has(tag) || (tag === 'p' && (parent === 'li' || parent === 'blockquote'))) {
      // A paragraph inside a list item or quote is TipTap's spelling of the same text; a second one is a break.
      if (tag === 'p' && blockSeen) out.push('¶');
      if (tag === 'p') blockSeen = true;
      walk(el, parent, out);
      continue;
    }
    out.push(`<${tag}${attributesOf(el, tag)}>`);
    walk(el, tag, out);
    out.push(`</${tag}>`);
  }
}

/** The canonical form of body HTML (parsed inert with `DOMParser`: nothing loads or runs). */
export function canonicalBody(html: string): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
  const out: string[] = [];
  walk(doc.body, 'body', out);
  return out.join('');
}

/** Whether `editorHtml` (what TipTap made of `original`) says the same as `original`. */
export function sameBody(original: string, editorHtml: string): boolean {
  return canonicalBody(original) === canonicalBody(editorHtml);
}
