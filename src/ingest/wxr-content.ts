import { escapeHtml } from '@kitajs/html';
import { Parser } from 'htmlparser2';
import { embedOf } from '../content/body-html.ts';

/**
 * WordPress post content → jarida body HTML (before sanitizing, which
 * `createArticle` does): block-editor comments stripped, the shortcodes that
 * carry content converted (`[caption]`, `[gallery]`, `[embed]`, `[video]`,
 * `[audio]`), other shortcodes stripped with their inner text kept, and
 * classic-editor text given paragraphs the way WordPress's `wpautop` would
 * (blank line → paragraph, single newline → `<br>`). See
 * docs/adr/018-wordpress-import.md.
 */

/** An attachment known from the export, for `[gallery]`, `[caption]` and featured images. */
export interface WxrAttachment {
  url: string;
  alt: string;
  title: string;
  /** Post id of the post it was uploaded to ('' or '0' when none). */
  parent: string;
}

/** What conversion needs to know beyond the content itself. */
export interface ContentContext {
  attachment: (id: string) => WxrAttachment | undefined;
  /** Attachment ids uploaded to a post, in export order (a `[gallery]` without `ids`). */
  attachmentsOf: (postId: string) => readonly string[];
  /** The post being converted. */
  postId: string;
  /** Rewrites a URL of the old site's uploads to where the files now are (identity when they were not copied). */
  rewriteUrl: (url: string) => string;
}

/** Shortcodes whose output has no place in a news body (forms, widgets…): dropped with their inner text. */
const DROPPED = new Set(['contact-form-7', 'contact-form', 'wpforms', 'playlist', 'audio-playlist']);

/** Attributes of a shortcode: `a="x" b='y' c=z d`. */
export function shortcodeAttributes(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  let positional = 0;
  for (const m of raw.matchAll(/([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)/gu)) {
    const name = m[1] ?? m[3] ?? m[5];
    if (name !== undefined) out[name.toLowerCase()] = m[2] ?? m[4] ?? m[6] ?? '';
    else out[String(positional++)] = m[7] ?? m[8] ?? '';
  }
  return out;
}

const SHORTCODE = /\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:[^\]'"/]|\/(?!\])|"[^"]*"|'[^']*')*)(\/?)\](?:([\s\S]*?)\[\/\2\])?(\]?)/gu;

/** A player for a YouTube or Vimeo page URL, or undefined for anything else. */
export function playerFor(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  let embed: string | undefined;
  const host = u.hostname.replace(/^(www\.|m\.)/u, '');
  if (host === 'youtube.com' && u.pathname === '/watch') embed = `https://www.youtube-nocookie.com/embed/${u.searchParams.get('v') ?? ''}`;
  else if (host === 'youtu.be') embed = `https://www.youtube-nocookie.com/embed/${u.pathname.slice(1)}`;
  else if (host === 'youtube.com' && u.pathname.startsWith('/embed/')) embed = `https://www.youtube-nocookie.com${u.pathname}`;
  else if (host === 'vimeo.com' && /^\/\d+$/u.test(u.pathname)) embed = `https://player.vimeo.com/video${u.pathname}`;
  else if (u.hostname === 'player.vimeo.com') embed = `https://player.vimeo.com${u.pathname}`;
  const allowed = embedOf(embed);
  return allowed && `<iframe src="${escapeHtml(allowed.url)}" title="${allowed.provider}"></iframe>`;
}

function linkTo(url: string): string {
  const href = url.trim();
  return /^https?:\/\//iu.test(href) ? `<p><a href="${escapeHtml(href)}">${escapeHtml(href)}</a></p>` : '';
}

function image(att: WxrAttachment, ctx: ContentContext): string {
  return `<img src="${escapeHtml(ctx.rewriteUrl(att.url))}" alt="${escapeHtml(att.alt || att.title)}">`;
}

function convertShortcodes(content: string, ctx: ContentContext): string {
  return content.replace(SHORTCODE, (whole, open: string, name: string, rawAttrs: string, _self: string, inner: string | undefined, close: string) => {
    // `[[caption]]` is how WordPress writes a literal shortcode.
    if (open === '[' && close === ']') return whole.slice(1, -1);
    const tag = name.toLowerCase();
    const attrs = shortcodeAttributes(rawAttrs);
    const body = inner ?? '';
    switch (tag) {
      case 'caption':
      case 'wp_caption': {
        // The caption is the text after the image (WordPress ≥ 3.4) or the `caption` attribute.
        const media = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/iu.exec(body);
        const picture = media ? media[1] : '';
        const text = convertShortcodes(media ? (media[2] ?? '') : body, ctx).trim() || attrs.caption || '';
        return `<figure>${picture}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`;
      }
      case 'gallery': {
        const ids = attrs.ids ? attrs.ids.split(',').map((s) => s.trim()).filter(Boolean) : ctx.attachmentsOf(attrs.id ?? ctx.postId);
        const images = ids.map((id) => ctx.attachment(id)).filter((a): a is WxrAttachment => a !== undefined);
        return images.length === 0 ? '' : `<figure>${images.map((a) => image(a, ctx)).join('')}</figure>`;
      }
      case 'embed': {
        const url = body.trim() || attrs.src || attrs.url || '';
        return playerFor(url) ?? linkTo(url);
      }
      case 'video':
      case 'audio': {
        const url = attrs.src || attrs.mp4 || attrs.webm || attrs.mp3 || attrs.ogg || attrs['0'] || body.trim();
        return playerFor(url) ?? linkTo(ctx.rewriteUrl(url));
      }
      case 'youtube':
      case 'vimeo': {
        const url = attrs.url || attrs['0'] || body.trim();
        return playerFor(url) ?? linkTo(url);
      }
      default:
        return DROPPED.has(tag) ? '' : convertShortcodes(body, ctx);
    }
  });
}

/** Tags that start a block: a chunk opening with one is not wrapped in `<p>` (as `wpautop` does). */
const BLOCK_START = /^<(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|figure|table|pre|hr|section|article|aside|iframe|address|form|fieldset|math|details)\b/iu;

/**
 * WordPress's `wpautop`, in its essentials: chunks separated by blank lines
 * become paragraphs unless they start with a block tag; single newlines in a
 * paragraph become `<br>`. A bare YouTube or Vimeo URL alone on a line is
 * turned into its player (WordPress's auto-embed).
 */
export function autop(html: string): string {
  return html
    .replace(/\r\n?/gu, '\n')
    .split(/\n\s*\n/u)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      if (/^https?:\/\/\S+$/iu.test(chunk)) {
        const player = playerFor(chunk);
        if (player) return player;
      }
      if (BLOCK_START.test(chunk)) return chunk;
      return `<p>${chunk.replace(/\n/gu, '<br>\n')}</p>`;
    })
    .join('\n');
}

/**
 * Converts a post's `content:encoded` to body HTML (not yet sanitized).
 * Block-editor content (with `<!-- wp:… -->` comments) already has its
 * paragraphs; classic content gets them from {@link autop}.
 */
export function wordpressContentToBody(content: string, ctx: ContentContext): string {
  const blocks = /<!--\s*wp:/u.test(content);
  // Embed blocks hold the page URL alone on a line inside their wrapper: make it a player first.
  let html = content.replace(/<!--\s*\/?wp:[\s\S]*?-->/gu, '').replace(/<!--(?:more|nextpage|noteaser)[\s\S]*?-->/gu, '');
  html = html.replace(/<div class="wp-block-embed__wrapper">\s*(https?:\/\/[^\s<]+)\s*<\/div>/gu, (_m, url: string) => playerFor(url) ?? linkTo(url));
  html = convertShortcodes(html, ctx);
  html = rewriteBodyUrls(html, ctx.rewriteUrl);
  return blocks ? html.trim() : autop(html);
}

/** `html` with the URL of every double-quoted `src` and `href` passed through `rewrite` (unchanged for {@link identity}). */
export function rewriteBodyUrls(html: string, rewrite: (url: string) => string): string {
  return rewrite === identity ? html : html.replace(/\b(src|href)="([^"]+)"/gu, (_m, attr: string, url: string) => `${attr}="${rewrite(url)}"`);
}

/**
 * The text of a WordPress title or excerpt, which WordPress keeps as HTML
 * (`Media &amp; Text`, `<em>عاجل</em>: …`): tags dropped, character
 * references decoded exactly once (`&amp;amp;` → `&amp;`), by htmlparser2.
 * Text without `<` or `&` comes back unchanged, byte for byte.
 */
export function wordpressText(html: string): string {
  if (!/[<&]/u.test(html)) return html;
  let out = '';
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (name === 'script' || name === 'style') hidden++;
      },
      onclosetag: (name) => {
        if ((name === 'script' || name === 'style') && hidden > 0) hidden--;
      },
      ontext: (text) => {
        if (hidden === 0) out += text;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

/** The no-op URL rewrite (uploads not copied). */
export const identity = (url: string): string => url;
