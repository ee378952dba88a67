import { escapeHtml } from '@kitajs/html';
import sanitizeHtml from 'sanitize-html';

/**
 * Embedded players allowed in bodies: host → path of an embed page. Only
 * these iframes are kept (docs/adr/011-body-html-for-the-editor.md), with
 * their `sandbox`, `allow` and `referrerpolicy` set here whatever the
 * writer's HTML said.
 */
const EMBEDS: ReadonlyArray<{ host: string; path: RegExp; provider: string }> = [
  { host: 'www.youtube-nocookie.com', path: /^\/embed\/[\w-]{6,20}$/u, provider: 'YouTube' },
  { host: 'www.youtube.com', path: /^\/embed\/[\w-]{6,20}$/u, provider: 'YouTube' },
  { host: 'player.vimeo.com', path: /^\/video\/\d{1,12}$/u, provider: 'Vimeo' },
];

/** Origins of the allowed players, for the Content-Security-Policy's `frame-src`. */
export const EMBED_ORIGINS: readonly string[] = [...new Set(EMBEDS.map((e) => `https://${e.host}`))];

/** The embed page an iframe `src` points at when it is an allowed player (https only), else undefined. */
export function embedOf(src: string | undefined): { url: string; provider: string } | undefined {
  if (!src) return undefined;
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return undefined;
  const embed = EMBEDS.find((e) => e.host === url.hostname && e.path.test(url.pathname));
  return embed && { url: url.href, provider: embed.provider };
}

/** Directions a writer may set on a block or span. */
const DIRS = ['rtl', 'ltr', 'auto'];
/** Blocks that get `dir="auto"` in editor bodies when the writer set no direction. */
const BLOCKS = ['p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'figcaption'];

type Attributes = Record<string, string>;

function iframe(_tag: string, attribs: Attributes): sanitizeHtml.Tag {
  const embed = embedOf(attribs.src);
  // Without an allowed src the iframe is dropped whole by `exclusiveFilter`.
  if (!embed) return { tagName: 'iframe', attribs: {} };
  return {
    tagName: 'iframe',
    attribs: {
      src: embed.url,
      title: attribs.title?.trim() || embed.provider,
      ...(attribs.width ? { width: attribs.width } : {}),
      ...(attribs.height ? { height: attribs.height } : {}),
      loading: 'lazy',
      // Players need scripts and their own origin; nothing else (no top navigation, no forms).
      sandbox: 'allow-scripts allow-same-origin allow-presentation allow-popups',
      allow: 'fullscreen; picture-in-picture; encrypted-media',
      allowfullscreen: '',
      // YouTube refuses to play without a referrer.
      referrerpolicy: 'strict-origin-when-cross-origin',
    },
  };
}

function options(blockDir: boolean): sanitizeHtml.IOptions {
  // One transform for every tag: sanitize-html applies `*` only to tags without their own.
  const transform = (tag: string, attribs: Attributes): sanitizeHtml.Tag => {
    if (tag === 'iframe') return iframe(tag, attribs);
    // Headings in bodies sit under the page's h1: fold h1 to h2.
    const tagName = tag === 'h1' ? 'h2' : tag;
    const given = attribs.dir?.trim().toLowerCase();
    const dir = given !== undefined && DIRS.includes(given) ? given : blockDir && BLOCKS.includes(tagName) ? 'auto' : undefined;
    const out = { ...attribs };
    if (dir === undefined) delete out.dir;
    else out.dir = dir;
    return { tagName, attribs: out };
  };
  return {
    allowedTags: [
      'p', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'figure', 'figcaption',
      'strong', 'em', 'b', 'i', 'br', 'hr', 'cite', 'q', 'sub', 'sup', 'span', 'iframe',
    ],
    allowedAttributes: {
      // `dir` values are checked by `transform` (sanitize-html checks values per tag only).
      '*': ['dir', 'lang'],
      a: ['href', 'title', 'rel'],
      img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading', 'decoding'],
      iframe: ['src', 'title', 'width', 'height', 'loading', 'sandbox', 'allow', 'allowfullscreen', 'referrerpolicy'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'], iframe: ['https'] },
    allowProtocolRelative: false,
    allowedIframeHostnames: EMBEDS.map((e) => e.host),
    allowIframeRelativeUrls: false,
    exclusiveFilter: (frame) => frame.tag === 'iframe' && !frame.attribs.src,
    transformTags: { '*': transform },
  };
}

/**
 * Article bodies are HTML restricted to what news text needs: paragraphs,
 * subheadings, lists, quotes, links, images (figure, img with srcset/sizes/alt,
 * figcaption), YouTube and Vimeo players (see {@link embedOf}), emphasis, line
 * breaks, and the `dir` (rtl, ltr, auto) and `lang` attributes that mixed
 * Arabic/Latin text needs. Everything else is removed by sanitize-html (an
 * allowlist sanitizer) before it is stored.
 */
const SANITIZE_OPTIONS = options(false);
const EDITOR_OPTIONS = options(true);

/**
 * Returns `html` reduced to the body allowlist (see module doc). Text content,
 * including 4-byte emoji and harakat, passes through unchanged.
 */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/**
 * {@link sanitizeBody} for bodies written in the newsroom editor: every block
 * (paragraph, subheading, list, list item, quote, caption) also gets
 * `dir="auto"` unless the writer set a direction, so an English paragraph in
 * an Arabic article reads left to right (the HTML `dir=auto` rule: first
 * strong letter). Idempotent.
 */
export function sanitizeEditorBody(html: string): string {
  return sanitizeHtml(html, EDITOR_OPTIONS);
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
