import { createReadStream } from 'node:fs';
import sax from 'sax';
import { JaridaError } from '../core/errors.ts';

/**
 * Streaming reader of WordPress eXtended RSS (WXR 1.0–1.2) exports, on sax
 * (docs/adr/018-wordpress-import.md): the file is read in chunks and each
 * `<item>` is handed over as soon as it closes, so memory stays bounded by the
 * largest item, whatever the file's size.
 *
 * Elements are recognised by namespace URI, not prefix (`wp:` may be bound to
 * anything, and WXR 1.0, 1.1 and 1.2 use different URIs), as the WordPress
 * importer's own parsers do.
 *
 * XML safety: sax never loads external entities and never expands the
 * entities a DTD declares; on top of that any DOCTYPE that declares entities
 * or names an external DTD is refused before anything is read (billion laughs,
 * XXE), with `UNSAFE_XML`.
 */

/** The channel's description of the exported site. */
export interface WxrSite {
  title: string;
  /** `<link>` of the channel: the site's home page. */
  link: string;
  /** `wp:base_site_url` (else the link): where WordPress is installed; `https://wordpress.com/` for every WordPress.com blog. */
  base_site_url: string;
  /** `wp:base_blog_url` (else the link, else `base_site_url`): the blog's own address, which tells WordPress.com blogs apart. */
  base_blog_url: string;
  wxr_version: string;
}

export interface WxrAuthor {
  login: string;
  display_name: string;
}

/** A category term; `nicename` and `parent` are slugs as exported (often percent-encoded). */
export interface WxrCategory {
  term_id: string;
  nicename: string;
  parent: string;
  name: string;
}

export interface WxrTag {
  term_id: string;
  slug: string;
  name: string;
}

/** A taxonomy term attached to an item (`<category domain="…" nicename="…">Name</category>`). */
export interface WxrItemTerm {
  domain: string;
  nicename: string;
  name: string;
}

/** One `<item>`: a post, page, attachment, menu item… (`post_type`). */
export interface WxrItem {
  title: string;
  link: string;
  guid: string;
  creator: string;
  content: string;
  excerpt: string;
  post_id: string;
  /** Local wall-clock time `YYYY-MM-DD HH:MM:SS` in the site's zone. */
  post_date: string;
  /** UTC `YYYY-MM-DD HH:MM:SS`, or `0000-00-00 00:00:00` for drafts never scheduled. */
  post_date_gmt: string;
  /** The slug as exported (percent-encoded for non-ASCII). */
  post_name: string;
  status: string;
  post_parent: string;
  post_type: string;
  attachment_url: string;
  terms: WxrItemTerm[];
  /** Post meta by key (the last value wins). */
  meta: Record<string, string>;
  /** 1-based line of the `<item>` in the file, for reports. */
  line: number;
}

/** What the reader yields, in document order. */
export type WxrEntry =
  | { kind: 'site'; site: WxrSite }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'category'; category: WxrCategory }
  | { kind: 'tag'; tag: WxrTag }
  | { kind: 'item'; item: WxrItem };

const NS: Array<[RegExp, string]> = [
  [/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/u, 'excerpt'],
  [/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/u, 'wp'],
  [/^http:\/\/purl\.org\/rss\/1\.0\/modules\/content\/$/u, 'content'],
  [/^http:\/\/purl\.org\/dc\/elements\/1\.1\/$/u, 'dc'],
];

/** `wp:post_id`-style canonical name of an element, whatever prefix the file binds; `?:local` for other namespaces. */
function canonical(tag: sax.QualifiedTag): string {
  if (tag.uri === '') return tag.local;
  for (const [re, prefix] of NS) if (re.test(tag.uri)) return `${prefix}:${tag.local}`;
  return `?:${tag.local}`;
}

/**
 * Refuses a DOCTYPE that could make a parser expand or fetch entities.
 * @throws JaridaError `UNSAFE_XML`.
 */
export function checkDoctype(doctype: string, origin: string): void {
  if (/<!ENTITY/iu.test(doctype) || /\b(SYSTEM|PUBLIC)\b/u.test(doctype)) {
    throw new JaridaError(
      'UNSAFE_XML',
      `${origin}: refused: the XML declares entities or an external DTD in its DOCTYPE (entity expansion and external entities are never processed)`,
      { origin },
    );
  }
}

/**
 * A copy of `s` that shares no memory with the text it was cut from. sax
 * hands text over as substrings of the 64 KiB chunk being parsed, and V8
 * keeps a substring as a slice that holds the whole chunk alive: a short
 * string kept for the whole import (an attachment's URL, a category's name)
 * would keep its chunk, and pass 1 of a 1 GB export would keep most of the
 * file. Copied through UTF-16 so that any string, lone surrogates included,
 * comes back unchanged.
 */
export function detached(s: string): string {
  return s.length === 0 ? '' : Buffer.from(s, 'utf16le').toString('utf16le');
}

function emptyItem(line: number): WxrItem {
  return {
    title: '', link: '', guid: '', creator: '', content: '', excerpt: '', post_id: '', post_date: '', post_date_gmt: '',
    post_name: '', status: '', post_parent: '', post_type: '', attachment_url: '', terms: [], meta: {}, line,
  };
}

/**
 * Reads a WXR file as a stream of entries. Text is UTF-8 (WordPress writes
 * nothing else); a leading BOM is dropped.
 *
 * @throws JaridaError `UNSAFE_XML` for a DOCTYPE with entity declarations or an
 *   external DTD; `IMPORT_FILE_UNREADABLE` for an unreadable file, XML that is
 *   not well-formed (with line and column), or a document that is not WXR.
 */
export async function* readWxr(path: string): AsyncGenerator<WxrEntry> {
  const parser = sax.parser(true, { xmlns: true, trim: false, normalize: false, position: true });
  const queue: WxrEntry[] = [];
  const stack: string[] = [];
  let text = '';
  let item: WxrItem | undefined;
  let record: Record<string, string> | undefined;
  let term: { domain: string; nicename: string } | undefined;
  let meta: { key: string; value: string } | undefined;
  let inComment = false;
  let sawRss = false;
  let sawChannel = false;
  const site: WxrSite = { title: '', link: '', base_site_url: '', base_blog_url: '', wxr_version: '' };
  // Any element in a WordPress export namespace: a plain RSS feed has none.
  let sawWordpress = false;
  let siteSent = false;
  const sendSite = () => {
    if (siteSent) return;
    siteSent = true;
    if (site.base_site_url === '') site.base_site_url = site.link;
    if (site.base_blog_url === '') site.base_blog_url = site.link || site.base_site_url;
    queue.push({ kind: 'site', site: { ...site } });
  };

  parser.ondoctype = (doctype) => checkDoctype(doctype, path);
  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag;
    const name = canonical(tag);
    if (name.startsWith('wp:')) sawWordpress = true;
    const parent = stack[stack.length - 1];
    stack.push(name);
    text = '';
    if (stack.length === 1) {
      if (name !== 'rss') throw new JaridaError('IMPORT_FILE_UNREADABLE', `${path}: not a WordPress export (WXR): the document is <${tag.name}>, not <rss>`, { origin: path });
      sawRss = true;
    } else if (name === 'channel' && parent === 'rss') sawChannel = true;
    else if (parent === 'channel') {
      if (name === 'item') item = emptyItem(parser.line + 1);
      else if (name === 'wp:author' || name === 'wp:category' || name === 'wp:tag') record = {};
    } else if (item && parent === 'item') {
      if (name === 'category') {
        const attr = (n: string) => String((tag.attributes[n] as sax.QualifiedAttribute | undefined)?.value ?? '');
        term = { domain: attr('domain'), nicename: attr('nicename') };
      } else if (name === 'wp:postmeta') meta = { key: '', value: '' };
      else if (name === 'wp:comment') inComment = true;
    }
  };
  const onText = (t: string) => {
    text += t;
  };
  parser.ontext = onText;
  parser.oncdata = onText;
  parser.onclosetag = () => {
    const name = stack.pop() ?? '';
    const parent = stack[stack.length - 1];
    const value = text;
    text = '';
    if (parent === 'channel' && !item) {
      if (name === 'title') site.title = detached(value.trim());
      else if (name === 'link') site.link = detached(value.trim());
      else if (name === 'wp:base_site_url') site.base_site_url = detached(value.trim());
      else if (name === 'wp:base_blog_url') site.base_blog_url = detached(value.trim());
      else if (name === 'wp:wxr_version') site.wxr_version = detached(value.trim());
    }
    if (record) {
      if (parent === 'wp:author' || parent === 'wp:category' || parent === 'wp:tag') {
        // Authors, categories and tags are kept for the whole import.
        record[name] = detached(value);
        return;
      }
      if (name === 'wp:author') {
        sendSite();
        queue.push({ kind: 'author', author: { login: (record['wp:author_login'] ?? '').trim(), display_name: (record['wp:author_display_name'] ?? '').trim() } });
      } else if (name === 'wp:category') {
        sendSite();
        queue.push({
          kind: 'category',
          category: {
            term_id: (record['wp:term_id'] ?? '').trim(),
            nicename: (record['wp:category_nicename'] ?? '').trim(),
            parent: (record['wp:category_parent'] ?? '').trim(),
            name: (record['wp:cat_name'] ?? '').trim(),
          },
        });
      } else if (name === 'wp:tag') {
        sendSite();
        queue.push({ kind: 'tag', tag: { term_id: (record['wp:term_id'] ?? '').trim(), slug: (record['wp:tag_slug'] ?? '').trim(), name: (record['wp:tag_name'] ?? '').trim() } });
      }
      record = undefined;
      return;
    }
    if (!item) return;
    if (inComment) {
      if (name === 'wp:comment' && parent === 'item') inComment = false;
      return;
    }
    if (meta && parent === 'wp:postmeta') {
      if (name === 'wp:meta_key') meta.key = value.trim();
      else if (name === 'wp:meta_value') meta.value = value;
      return;
    }
    if (name === 'wp:postmeta' && meta) {
      if (meta.key !== '') item.meta[meta.key] = meta.value;
      meta = undefined;
      return;
    }
    if (name === 'item' && parent === 'channel') {
      sendSite();
      queue.push({ kind: 'item', item });
      item = undefined;
      return;
    }
    if (parent !== 'item') return;
    switch (name) {
      case 'title': item.title = value; break;
      case 'link': item.link = value.trim(); break;
      case 'guid': item.guid = value.trim(); break;
      case 'dc:creator': item.creator = value.trim(); break;
      case 'content:encoded': item.content = value; break;
      case 'excerpt:encoded': item.excerpt = value; break;
      case 'wp:post_id': item.post_id = value.trim(); break;
      case 'wp:post_date': item.post_date = value.trim(); break;
      case 'wp:post_date_gmt': item.post_date_gmt = value.trim(); break;
      case 'wp:post_name': item.post_name = value.trim(); break;
      case 'wp:status': item.status = value.trim(); break;
      case 'wp:post_parent': item.post_parent = value.trim(); break;
      case 'wp:post_type': item.post_type = value.trim(); break;
      case 'wp:attachment_url': item.attachment_url = value.trim(); break;
      case 'category':
        if (term) item.terms.push({ ...term, name: value.trim() });
        term = undefined;
        break;
      default:
    }
  };
  parser.onerror = (err) => {
    throw new JaridaError('IMPORT_FILE_UNREADABLE', `${path}: not well-formed XML at line ${parser.line + 1}, column ${parser.column + 1}: ${err.message.split('\n')[0]}`, {
      origin: path,
      line: parser.line + 1,
    });
  };

  let first = true;
  try {
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 })) {
      let s = chunk as string;
      if (first && s.startsWith('\uFEFF')) s = s.slice(1);
      first = false;
      parser.write(s);
      while (queue.length > 0) yield queue.shift() as WxrEntry;
    }
    parser.close();
  } catch (err) {
    if (err instanceof JaridaError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new JaridaError('IMPORT_FILE_UNREADABLE', `${path}: cannot read the file${code ? ` (${code})` : ''}: ${(err as Error).message}`, { origin: path }, { cause: err });
  }
  if (!sawRss || !sawChannel) throw new JaridaError('IMPORT_FILE_UNREADABLE', `${path}: not a WordPress export (WXR): no <rss><channel>`, { origin: path });
  if (!sawWordpress && site.wxr_version === '') {
    throw new JaridaError('IMPORT_FILE_UNREADABLE', `${path}: not a WordPress export (WXR): an RSS feed without wp:wxr_version or any element of the WordPress export namespace (http://wordpress.org/export/1.x/)`, { origin: path });
  }
  sendSite();
  while (queue.length > 0) yield queue.shift() as WxrEntry;
}
