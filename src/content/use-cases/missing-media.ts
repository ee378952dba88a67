/**
 * Images of the media library that an old revision names but that were
 * deleted since (deleting an image is refused only while the current
 * version of an article uses it, not its history). A restore drops them
 * rather than bring back a broken image (docs/adr/019).
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ArticleSnapshot } from '../article-revisions.ts';
import { sanitizeBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';

/**
 * A library file named in a URL's path: `<2 hex>/<sha-256 hex>/<file>`, the
 * content-addressed layout of `use-cases/media.ts` whatever the storage's
 * URL prefix or host (the same folder `deleteMedia` looks for in articles).
 */
const LIBRARY_KEY = /\/([0-9a-f]{2})\/(\1[0-9a-f]{62})\/([^/?#]+)$/u;

/** The media key a URL names (a library image's original or variant), or undefined for any other URL. */
export function libraryKeyOf(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url, 'http://x.invalid').pathname;
  } catch {
    return undefined;
  }
  const m = LIBRARY_KEY.exec(path);
  return m ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
}

/** What a restore left out. */
export interface MissingMedia {
  /** The featured image was a deleted library image: the restored article has none (and no alt text). */
  featured_image: boolean;
  /** Body images removed (each `<img>`, with the `<figure>` and caption around it). */
  body_images: number;
}

/** An element of htmlparser2's DOM (its `domhandler` package is not one of ours to import). */
type Element = ReturnType<typeof DomUtils.findAll>[number];

/** URLs of an `<img>`: its `src` and each `srcset` candidate. */
function imageUrls(img: Element): string[] {
  const srcset = (img.attribs.srcset ?? '')
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/u)[0] ?? '')
    .filter((u) => u !== '');
  return [img.attribs.src ?? '', ...srcset].filter((u) => u !== '');
}

/** Whether a `<p>` left behind holds nothing a reader would see. */
function isEmptyParagraph(node: Element): boolean {
  return node.name === 'p' && DomUtils.textContent(node).trim() === '' && !DomUtils.findOne((e) => e.name !== 'br', node.children, true);
}

/**
 * `snapshot` without references to library images that no longer exist:
 * a deleted featured image becomes none, a body image of a deleted file is
 * removed with its figure (caption included) or the paragraph it stood
 * alone in. Other URLs (an outlet's image) are kept as they are, and a body
 * without a missing image comes back byte for byte.
 */
export async function withoutMissingMedia(repos: Repos, snapshot: ArticleSnapshot): Promise<{ snapshot: ArticleSnapshot; missing: MissingMedia }> {
  const doc = parseDocument(snapshot.body);
  const images = DomUtils.findAll((e) => e.name === 'img', doc.children);
  const featuredKey = snapshot.featured_image_url === null ? undefined : libraryKeyOf(snapshot.featured_image_url);
  const keys = new Set<string>(featuredKey === undefined ? [] : [featuredKey]);
  for (const img of images) {
    for (const url of imageUrls(img)) {
      const key = libraryKeyOf(url);
      if (key !== undefined) keys.add(key);
    }
  }
  if (keys.size === 0) return { snapshot, missing: { featured_image: false, body_images: 0 } };
  const present = await repos.media.referencedKeys([...keys]);
  const gone = (url: string) => {
    const key = libraryKeyOf(url);
    return key !== undefined && !present.has(key);
  };

  const featured = featuredKey !== undefined && !present.has(featuredKey);
  let removed = 0;
  for (const img of images) {
    if (!imageUrls(img).some(gone)) continue;
    removed++;
    const parent = img.parent;
    DomUtils.removeElement(img);
    if (parent && 'name' in parent && (parent.name === 'figure' || isEmptyParagraph(parent))) DomUtils.removeElement(parent);
  }
  const next: ArticleSnapshot = {
    ...snapshot,
    ...(featured ? { featured_image_url: null, featured_image_alt: null } : {}),
    // Serialized again only when something was removed; sanitized again as every stored body is.
    ...(removed > 0 ? { body: sanitizeBody(DomUtils.getOuterHTML(doc, { encodeEntities: 'utf8' })) } : {}),
  };
  return { snapshot: next, missing: { featured_image: featured, body_images: removed } };
}
