import { escapeHtml } from '@kitajs/html';
import sanitizeHtml from 'sanitize-html';

/**
 * Article bodies are HTML restricted to what news text needs: paragraphs,
 * subheadings, lists, quotes, links, images (with figure/caption), emphasis,
 * line breaks, and the `dir`/`lang` attributes that mixed Arabic/Latin text
 * needs. Everything else is removed by sanitize-html (an allowlist sanitizer)
 * before it is stored.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'figure', 'figcaption',
    'strong', 'em', 'b', 'i', 'br', 'hr', 'cite', 'q', 'sub', 'sup', 'span',
  ],
  allowedAttributes: {
    '*': ['dir', 'lang'],
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    // Headings in bodies sit under the page's h1: fold h1 to h2.
    h1: 'h2',
  },
};

/**
 * Returns `html` reduced to the body allowlist (see module doc). Text content,
 * including 4-byte emoji and harakat, passes through unchanged.
 */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Longest excerpt derived from a body, in code points. */
export const EXCERPT_MAX = 220;

const SENTENCE_END = /[.!?؟…:؛"”»)]$/u;

/**
 * Whether a plain-text line reads as a subheading rather than a paragraph:
 * short (at most 10 words and 90 code points) and not ending like a sentence.
 * News text pasted as lines keeps its subheadings this way (e.g. `فاغنر في ليبيا`).
 */
export function looksLikeSubheading(line: string): boolean {
  const text = line.trim();
  if (text === '' || [...text].length > 90) return false;
  if (text.split(/\s+/u).length > 10) return false;
  return !SENTENCE_END.test(text) && !/[.،,]$/u.test(text);
}

/**
 * Converts plain text (one paragraph per line) to body HTML: each line a `<p>`,
 * subheading-like lines (see {@link looksLikeSubheading}) an `<h2>` when a
 * paragraph follows. Text is escaped, never interpreted as markup.
 */
export function plainTextToBody(text: string): string {
  const lines = text
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines
    .map((line, i) => {
      const next = lines[i + 1];
      const heading = i > 0 && next !== undefined && looksLikeSubheading(line) && !looksLikeSubheading(next);
      const tag = heading ? 'h2' : 'p';
      return `<${tag}>${escapeHtml(line)}</${tag}>`;
    })
    .join('\n');
}

/** The text of body HTML, blocks separated by newlines (entities decoded). */
export function bodyText(html: string): string {
  const withBreaks = html.replace(/<\/(p|h[1-6]|li|blockquote|figcaption)>|<br\s*\/?>/giu, '$&\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/gu, (_, e: string) =>
    ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: '\u00a0' })[e] ?? _,
  );
}

/**
 * An excerpt from body HTML: the first paragraph's text, cut after the last
 * whole word within {@link EXCERPT_MAX} code points, with `…` when cut.
 */
export function excerptFromBody(html: string): string {
  const first = bodyText(html).split('\n').find((l) => [...l].length > 0) ?? '';
  return cutAtWord(first, EXCERPT_MAX);
}

/** Cuts `text` to at most `max` code points on a word boundary, adding `…` when cut. */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  return `${(space > 0 ? head.slice(0, space) : head).trimEnd()}…`;
}

/**
 * The lead to show above the body: the excerpt, unless it only repeats the
 * body's opening (a derived excerpt, possibly cut with `…`); then null.
 * Compared as text with whitespace folded, so entities and markup do not matter.
 */
export function leadOf(excerpt: string, bodyHtml: string): string | null {
  const fold = (t: string) => t.replace(/\s+/gu, ' ').trim();
  const lead = fold(excerpt.replace(/…$/u, ''));
  if (lead === '') return null;
  return fold(bodyText(bodyHtml)).startsWith(lead) ? null : excerpt;
}
