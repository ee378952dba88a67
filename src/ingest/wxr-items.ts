/**
 * How the fields of one WXR item read in jarida: slugs decoded once, the
 * status mapped (or the reason the item is left out), the publication
 * instant, and a headline for a post that has none.
 */
import { bodyText } from '../content/body-html.ts';
import type { ArticleStatus } from '../content/types.ts';
import { localToUtc } from '../core/time-zone.ts';
import type { WxrItem } from './wxr-reader.ts';

/** WordPress's "no GMT date" value. */
const ZERO_DATE = '0000-00-00 00:00:00';

/** Percent-decodes a WordPress slug exactly once (a malformed escape keeps the raw text). */
export function decodeSlugOnce(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}

/** A slug that still holds percent escapes once decoded: it was percent-encoded twice on the old site. */
export function stillEncoded(slug: string): boolean {
  return /%[0-9a-f]{2}/iu.test(slug);
}

/** Longest placeholder headline of an untitled post, in words. */
const PLACEHOLDER_WORDS = 8;

/**
 * A headline for a post WordPress let through without one: the first words of
 * its text, else «بلا عنوان» and its post id.
 */
export function placeholderTitle(bodyHtml: string, postId: string): string {
  const words = bodyText(bodyHtml).split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (words.length === 0) return `بلا عنوان ${postId}`.trim();
  return words.length > PLACEHOLDER_WORDS ? `${words.slice(0, PLACEHOLDER_WORDS).join(' ')}…` : words.join(' ');
}

/** WXR status → jarida status, or the reason the item is left out. */
export function statusOf(item: WxrItem): ArticleStatus | { skip: string } {
  switch (item.status) {
    case 'publish': return 'published';
    case 'future': return 'scheduled';
    case 'draft': return 'draft';
    case 'pending': return 'in_review';
    case 'private': return { skip: 'private posts are not imported' };
    case 'trash': return { skip: 'trashed posts are not imported' };
    case 'auto-draft': return { skip: 'auto-drafts are not imported' };
    default: return { skip: `status ${JSON.stringify(item.status)} is not imported` };
  }
}

/**
 * The UTC instant of an item: `wp:post_date_gmt`, else `wp:post_date` read in `timeZone`; null when neither is a date.
 */
export function itemInstant(item: Pick<WxrItem, 'post_date' | 'post_date_gmt'>, timeZone: string): string | null {
  const gmt = item.post_date_gmt.trim();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/u.test(gmt) && gmt !== ZERO_DATE && !gmt.startsWith('0000')) {
    const d = new Date(`${gmt.replace(' ', 'T')}Z`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  const local = item.post_date.trim();
  if (local === '' || local.startsWith('0000')) return null;
  try {
    return localToUtc(local, timeZone);
  } catch {
    return null;
  }
}
