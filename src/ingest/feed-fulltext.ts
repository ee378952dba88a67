/**
 * The full text of a summary-only feed item, from its article page, by
 * Mozilla's Readability over a linkedom document (stack-notes: the same
 * output as with jsdom, far faster), then a clean-up of what Readability
 * leaves of the site's chrome on Arabic news pages.
 *
 * Readability picks the container that holds the article, but on the saved
 * pages in `shared/corpus/pages` that container also holds the headline
 * again, a dateline, breadcrumb and "copy link" labels, "follow us on Google
 * News" links and the comment section's rules. The clean-up removes, from
 * the blocks Readability kept:
 * - a leading heading that repeats the headline. Readability has this rule
 *   (`_headerDuplicatesTitle`) but tokenizes with `/\W+/`, which in a regular
 *   expression without the `u` flag splits on every non-ASCII letter, so an
 *   Arabic heading never matches; the same measure is applied here on words
 *   of any script;
 * - blocks whose whole text is link text (breadcrumbs, "read also" and
 *   "follow us" links, print icons), keeping a picture linked to its own
 *   full-size file;
 * - from a same-site link to a privacy, terms or community-guidelines page
 *   after the article's text, that block and everything after it (comment
 *   rules, then comments);
 * - short text blocks (under 70 code points, jusText's "short" limit:
 *   Pomikálek, *Removing Boilerplate and Duplicate Content from Web
 *   Corpora*, 2011, §3.2) at the head and tail of the text, before the first
 *   and after the last longer block: datelines, bylines of the page template,
 *   section labels. jusText drops short blocks at the edges the same way; a
 *   short block that ends like a sentence is kept (at the tail also one ending
 *   in a closing parenthesis or quote, as agency credits such as `(رويترز)` do).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';

/** Leaf text blocks of an article (a block holding another is looked through). */
const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, figure, pre, dd, dt, td, th';
const HEADINGS = new Set(['H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
/** jusText's LENGTH_LOW: a block shorter than this, in code points, is "short". */
export const SHORT_BLOCK = 70;
/**
 * The last path segment (extension dropped) of a site's own policy pages,
 * which comment sections link to: the whole segment must match, since an
 * article's links to the politics section (`/سياسة/…`) or to a story about a
 * policy must not end the text.
 */
const POLICY_PAGE = /^(?:privacy(?:[-_]?policy)?|terms(?:[-_](?:of[-_])?(?:use|service)|[-_]and[-_]conditions)?|(?:community[-_]?)?guidelines|cookies?(?:[-_]policy)?|disclaimer|comments?[-_]policy|(?:سياسة[-_ ])?الخصوصية|شروط[-_ ]ال(?:استخدام|استعمال|نشر))$/iu;
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|svg)(\?|#|$)/iu;
const ENDS_SENTENCE = /[.!?؟…]$/u;
const ENDS_CREDIT = /[.!?؟…)»"”]$/u;

/** What {@link extractArticleHtml} needs besides the page. */
export interface ExtractOptions {
  /** The item's headline, to drop a heading that repeats it (Readability's page title is tried too). */
  title?: string | null | undefined;
}

/**
 * The article HTML of a page, or undefined when Readability finds none or
 * nothing is left after the clean-up (see the module doc). Relative links
 * and images are resolved against `url`, or against the page's own
 * `<base href>` when it has one. The result is not sanitized: the caller
 * passes it through the body sanitizer.
 *
 * @param html - the page, already decoded (see {@link decodeHtml}).
 * @param url - the page's final URL (after redirects).
 */
export function extractArticleHtml(html: string, url: string, options: ExtractOptions = {}): string | undefined {
  const { document } = parseHTML(html);
  const base = document.createElement('base');
  base.setAttribute('href', url);
  // After any <base> of the page's own: the first one in the document wins.
  document.head?.appendChild(base);
  const article = new Readability<Element>(document as unknown as Document, {
    charThreshold: 200,
    serializer: (node) => node as Element,
  }).parse();
  const root = article?.content;
  if (!root) return undefined;
  const pageHost = hostOf(url);
  const titles = [options.title, article.title].filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  dropTitleHeading(root, titles);
  for (const block of leafBlocks(root)) {
    if (isLinkOnly(block) || isEmpty(block)) block.remove();
  }
  cutAtPolicyLinks(root, pageHost);
  trimEdges(root);
  foldBlankRuns(root);
  if (!hasText(root) && !root.querySelector('img, iframe, video')) return undefined;
  const out = root.innerHTML.trim();
  return out === '' ? undefined : out;
}

/** Whitespace-only text between blocks (template indentation) becomes one line break. */
function foldBlankRuns(node: Node): void {
  for (const child of [...node.childNodes]) {
    if (child.nodeType === 3) {
      if (/^\s*\n\s*$/u.test(child.nodeValue ?? '')) child.nodeValue = '\n';
    } else if (child.nodeType === 1 && (child as Element).tagName !== 'PRE') foldBlankRuns(child);
  }
}

/** Whitespace folded, trimmed. */
function textOf(el: Element): string {
  return (el.textContent ?? '').replace(/\s+/gu, ' ').trim();
}

function length(s: string): number {
  return [...s].length;
}

function hasText(el: Element): boolean {
  return /[\p{L}\p{N}]/u.test(el.textContent ?? '');
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Leaf blocks in document order. */
function leafBlocks(root: Element): Element[] {
  return [...root.querySelectorAll(BLOCKS)].filter((el) => !el.querySelector(BLOCKS));
}

/** Words of any script, lower-cased, for the headline comparison. */
function words(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u064b-\u065f\u0670\u0640]/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Readability's `_textSimilarity` (share of B's text made of words also in A), on words of any script. */
export function textSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (wa.length === 0 || wb.length === 0) return 0;
  const inA = new Set(wa);
  const unique = wb.filter((w) => !inA.has(w));
  return 1 - unique.join(' ').length / wb.join(' ').length;
}

/** Removes the first text block when it is a heading that repeats a headline (similarity > 0.75, Readability's threshold). */
function dropTitleHeading(root: Element, titles: readonly string[]): void {
  const first = leafBlocks(root).find((b) => hasText(b));
  if (!first || !HEADINGS.has(first.tagName)) return;
  const heading = textOf(first);
  if (titles.some((t) => textSimilarity(t, heading) > 0.75)) first.remove();
}

/**
 * A block whose text is all inside links, or which shows only pictures
 * linked elsewhere than to their own files (icons of print or share links).
 */
function isLinkOnly(block: Element): boolean {
  const links = [...block.querySelectorAll('a')];
  if (links.length === 0) return false;
  const all = (block.textContent ?? '').replace(/\s+/gu, '');
  if (all !== '') return links.map((a) => (a.textContent ?? '').replace(/\s+/gu, '')).join('').length >= all.length;
  const images = [...block.querySelectorAll('img')];
  return images.length > 0 && images.every((img) => {
    const a = img.closest('a');
    return a !== null && block.contains(a) && !IMAGE_FILE.test(a.getAttribute('href') ?? '');
  });
}

function isEmpty(block: Element): boolean {
  return !hasText(block) && !block.querySelector('img, iframe, video, hr');
}

/**
 * From the first block after the article's text that links to the site's
 * own policy pages, removes that block and everything after it.
 */
function cutAtPolicyLinks(root: Element, pageHost: string | undefined): void {
  const blocks = leafBlocks(root);
  const firstLong = blocks.findIndex((b) => length(textOf(b)) >= SHORT_BLOCK);
  if (firstLong < 0) return;
  const at = blocks.findIndex((b, i) => i > firstLong && [...b.querySelectorAll('a')].some((a) => isPolicyLink(a.getAttribute('href'), pageHost)));
  if (at < 0) return;
  for (const b of blocks.slice(at)) b.remove();
}

function isPolicyLink(href: string | null, pageHost: string | undefined): boolean {
  if (!href) return false;
  let url: URL;
  try {
    url = new URL(href, 'http://relative.invalid/');
  } catch {
    return false;
  }
  if (url.host !== 'relative.invalid' && url.host !== pageHost) return false;
  let last = url.pathname.split('/').filter(Boolean).pop() ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // A segment that is not valid percent-encoding is matched as written.
  }
  return POLICY_PAGE.test(last.replace(/\.\w{2,5}$/u, ''));
}

/**
 * Removes short text blocks before the first and after the last long one
 * (see the module doc); pictures are stepped over. At the head a heading
 * stops the walk (it introduces the text); at the tail nothing follows it,
 * so it is a label of the page's next box and goes too.
 */
function trimEdges(root: Element): void {
  const blocks = leafBlocks(root);
  const isLong = (b: Element) => length(textOf(b)) >= SHORT_BLOCK;
  const first = blocks.findIndex(isLong);
  if (first < 0) return;
  let last = blocks.length - 1;
  while (last > first && !isLong(blocks[last] as Element)) last--;
  for (let i = first - 1; i >= 0; i--) {
    const b = blocks[i] as Element;
    if (HEADINGS.has(b.tagName)) break;
    if (hasText(b) && !ENDS_SENTENCE.test(textOf(b))) b.remove();
  }
  for (const b of blocks.slice(last + 1)) {
    if (hasText(b) && (HEADINGS.has(b.tagName) || !ENDS_CREDIT.test(textOf(b)))) b.remove();
  }
}

/**
 * The text of an HTML page's bytes: the charset of the Content-Type header,
 * else a byte order mark, else a `<meta charset>` or `<meta http-equiv>`
 * declaration in the first 1024 bytes (the HTML standard's prescan), else
 * UTF-8. An unknown label reads as UTF-8. C0 control characters other than
 * tab and line breaks are removed (HTML forbids them; a binary body mislabelled
 * as HTML must not put NULs into an article).
 */
export function decodeHtml(bytes: Uint8Array, contentType: string | null | undefined): string {
  const declared = charsetOf(contentType ?? '') ?? bomCharset(bytes) ?? metaCharset(bytes) ?? 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(declared).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
  }
  // eslint-disable-next-line no-control-regex -- the point is to remove them
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/gu, '');
}

function charsetOf(value: string): string | undefined {
  return /charset\s*=\s*["']?([\w.:-]+)/iu.exec(value)?.[1]?.toLowerCase();
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function metaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  for (const m of head.matchAll(/<meta\b[^>]*>/giu)) {
    const tag = m[0];
    const direct = /\bcharset\s*=\s*["']?([\w.:-]+)/iu.exec(tag)?.[1];
    if (direct && !/http-equiv/iu.test(tag)) return direct.toLowerCase();
    if (/http-equiv\s*=\s*["']?content-type/iu.test(tag)) {
      const content = /\bcontent\s*=\s*(["'])([^"']*)\1/iu.exec(tag)?.[2];
      const cs = content ? charsetOf(content) : undefined;
      if (cs) return cs;
    }
  }
  return undefined;
}
