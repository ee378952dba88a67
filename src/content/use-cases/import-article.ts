import type { Clock } from '../../core/clock.ts';
import { sha256Hex } from '../../core/hash.ts';
import { bodyText } from '../body-html.ts';
import type { Repos, Store } from '../repos.ts';
import type { Article, NewArticle } from '../types.ts';
import { createArticle } from './create-article.ts';

/** Query parameters that only track campaigns: the same link with them is the same item. */
const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|ref|cmpid)$/iu;

/** Characters RFC 3986 §2.3 calls unreserved: an escape of one of them means the character itself. */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/u;

/**
 * One spelling of the percent-escapes of a URL part (RFC 3986 §6.2.2):
 * hex digits uppercased, escapes of unreserved ASCII decoded. The WHATWG
 * parser has already escaped raw non-ASCII (Arabic) as uppercase UTF-8, so
 * `أخبار`, `%d8%a3…` and `%D8%A3…` all come out as `%D8%A3…`.
 */
function uniformEscapes(part: string): string {
  return part.replace(/%([0-9A-Fa-f]{2})/gu, (_, hex: string) => {
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

/**
 * Identity of an imported item: `url:<normalized URL>` when the item has an
 * original URL (parsed by the WHATWG URL parser: host lowercased, raw
 * non-ASCII escaped; fragment and tracking parameters dropped; escapes made
 * uniform by {@link uniformEscapes} in path and query, the other query
 * parameters kept as written), else `sha256:<hex>` of its NFC headline and
 * body text. Keys stored before escapes were made uniform are found through
 * {@link legacyImportKey}.
 */
export function importKey(sourceUrl: string | null | undefined, title: string, bodyHtml: string): string {
  if (sourceUrl) {
    try {
      const url = new URL(sourceUrl.trim());
      url.hash = '';
      url.pathname = uniformEscapes(url.pathname);
      // Filtered by hand rather than through searchParams, whose serializer would respell the parameters kept (spaces as "+"…).
      const kept = url.search
        .slice(1)
        .split('&')
        .filter((pair) => pair !== '' && !TRACKING_PARAM.test(decodeName(pair.split('=')[0] ?? '')));
      url.search = kept.length > 0 ? `?${uniformEscapes(kept.join('&'))}` : '';
      return `url:${url.href}`;
    } catch {
      // Not a URL: fall through to the content hash.
    }
  }
  return contentKey(title, bodyHtml);
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/gu, ' '));
  } catch {
    return name;
  }
}

function contentKey(title: string, bodyHtml: string): string {
  return `sha256:${sha256Hex(`${title.normalize('NFC').trim()}\n${bodyText(bodyHtml).normalize('NFC')}`)}`;
}

/**
 * The key {@link importKey} gave before escapes were made uniform (escapes
 * as the link spelled them, parameters respelled when a tracking one was
 * dropped). Articles and feed items stored then keep it, so lookups try it
 * when it differs rather than a migration rewriting every stored key.
 */
export function legacyImportKey(sourceUrl: string | null | undefined, title: string, bodyHtml: string): string {
  if (sourceUrl) {
    try {
      const url = new URL(sourceUrl.trim());
      url.hash = '';
      for (const name of [...url.searchParams.keys()]) if (TRACKING_PARAM.test(name)) url.searchParams.delete(name);
      return `url:${url.href}`;
    } catch {
      // Not a URL: fall through to the content hash.
    }
  }
  return contentKey(title, bodyHtml);
}

/** The article stored under `key` or, for an item keyed before escapes were made uniform, under its {@link legacyImportKey}. */
export async function findImported(repos: Repos, sourceUrl: string | null | undefined, title: string, bodyHtml: string): Promise<Article | undefined> {
  const key = importKey(sourceUrl, title, bodyHtml);
  const found = await repos.articles.findByImportKey(key);
  if (found) return found;
  const legacy = legacyImportKey(sourceUrl, title, bodyHtml);
  return legacy === key ? undefined : repos.articles.findByImportKey(legacy);
}

/** What happened to one imported item. */
export interface ImportOutcome {
  status: 'imported' | 'duplicate';
  id: number;
  slug: string;
}

async function importOne(repos: Repos, clock: Clock, item: NewArticle): Promise<ImportOutcome> {
  const key = item.import_key ?? importKey(item.source_url, item.title, item.body);
  const existing = (await repos.articles.findByImportKey(key)) ?? (item.import_key ? undefined : await findImported(repos, item.source_url, item.title, item.body));
  if (existing) return { status: 'duplicate', id: existing.id, slug: existing.slug };
  const created = await createArticle(repos, clock, { ...item, import_key: key });
  return { status: 'imported', id: created.id, slug: created.slug };
}

/**
 * Imports an article and the "read also" articles found with it, in one
 * transaction: all of them land, or none does. An item already imported (same
 * {@link importKey}) is left untouched and reported as a duplicate. The main
 * article and each related one are linked both ways for `اقرأ أيضاً`.
 *
 * @returns the outcome of the main article, then of each related one, in order.
 * @throws JaridaError `VALIDATION` from {@link createArticle}; nothing is written then.
 */
export async function importArticle(store: Store, clock: Clock, item: NewArticle, related: readonly NewArticle[] = []): Promise<ImportOutcome[]> {
  return store.transaction((repos) => importArticleInto(repos, clock, item, related));
}

/**
 * {@link importArticle} inside a savepoint of a transaction the caller holds
 * (batch imports): all of the item lands, or none of it, and the batch goes on.
 */
export async function importArticleInto(repos: Repos, clock: Clock, item: NewArticle, related: readonly NewArticle[] = []): Promise<ImportOutcome[]> {
  return repos.savepoint(async () => {
    const main = await importOne(repos, clock, item);
    const outcomes = [main];
    for (const other of related) {
      const outcome = await importOne(repos, clock, other);
      outcomes.push(outcome);
      if (outcome.id !== main.id) {
        await repos.articles.addRelatedLink(main.id, outcome.id);
        await repos.articles.addRelatedLink(outcome.id, main.id);
      }
    }
    return outcomes;
  });
}
