/**
 * Atom text constructs (RFC 4287 §3.1): a title, summary or content says by
 * its `type` whether its text is plain text, HTML or XHTML. The feed parser
 * hands every one back entity-decoded a second time and as if it were HTML,
 * so a plain-text body that mentions `<script>` lost those words to the
 * sanitizer, and an HTML headline kept its tags. Here `type="text"` bodies
 * are escaped into paragraphs and `type="html"` ones taken as the HTML their
 * XML text is; `type="html"` headlines become plain text. RSS has no such
 * attribute (its description and content:encoded are HTML by convention) and
 * is left to the parser.
 */
import { decodeHTML } from 'entities';
import sanitizeHtml from 'sanitize-html';
import { plainTextToBody } from '../content/body-html.ts';

/** What is read of an element of the parsed feed (`@rowanmanning/feed-parser`'s `Element`). */
export interface AtomElement {
  /** The text as XML gives it: entities of the XML decoded once, nothing more. */
  readonly textContent: string;
  getAttribute(name: string): string | null;
  findElementWithName(name: string): AtomElement | null;
}

/**
 * HTML as plain text: tags dropped (with what `script`, `style`… hold), then
 * character references decoded exactly once (`&amp;lt;` stays `&lt;`).
 */
export function htmlToPlainText(html: string): string {
  // sanitize-html parses (decoding references once) and writes back only `&`, `<`, `>`, `"` escaped, which decodeHTML undoes.
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} });
  return decodeHTML(text).replace(/\s+/gu, ' ').trim();
}

function typeOf(el: AtomElement): string {
  return (el.getAttribute('type') ?? '').trim().toLowerCase();
}

/**
 * The headline of an Atom entry or feed (`parent`'s `title` child) when it
 * is typed `html` (or an HTML media type): as plain text; otherwise undefined,
 * and the parser's reading stands.
 */
export function atomHtmlTitle(parent: AtomElement | null | undefined): string | undefined {
  const title = parent?.findElementWithName('title');
  if (!title) return undefined;
  const type = typeOf(title);
  return type === 'html' || type === 'text/html' ? htmlToPlainText(title.textContent) : undefined;
}

/**
 * The body HTML of an Atom entry's `content` or `summary` when its type says
 * how to read it: `text` (or `text/plain`) escaped and split into paragraphs
 * at line breaks; `html` (or `text/html`) its XML text as is. Undefined for
 * no element, an empty one, or another type (`xhtml`, none): the parser's
 * reading stands.
 */
export function atomTypedBody(entry: AtomElement, name: 'content' | 'summary'): string | undefined {
  const el = entry.findElementWithName(name);
  if (!el || el.getAttribute('src') || el.textContent.trim() === '') return undefined;
  const type = typeOf(el);
  if (type === 'text' || type === 'text/plain') return plainTextToBody(el.textContent);
  if (type === 'html' || type === 'text/html') return el.textContent.trim();
  return undefined;
}
