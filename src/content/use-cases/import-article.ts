import type { Clock } from '../../core/clock.ts';
import { sha256Hex } from '../../core/hash.ts';
import { bodyText } from '../body-html.ts';
import type { Repos, Store } from '../repos.ts';
import type { NewArticle } from '../types.ts';
import { createArticle } from './create-article.ts';

/** Query parameters that only track campaigns: the same link with them is the same item. */
const TRACKING_PARAM = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|ref|cmpid)$/iu;

/**
 * Identity of an imported item: `url:<normalized URL>` when the item has an
 * original URL (fragment and tracking parameters dropped, host lowercased,
 * percent-encoding made uniform by the WHATWG URL parser), else
 * `sha256:<hex>` of its NFC headline and body text.
 */
export function importKey(sourceUrl: string | null | undefined, title: string, bodyHtml: string): string {
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
  return `sha256:${sha256Hex(`${title.normalize('NFC').trim()}\n${bodyText(bodyHtml).normalize('NFC')}`)}`;
}

/** What happened to one imported item. */
export interface ImportOutcome {
  status: 'imported' | 'duplicate';
  id: number;
  slug: string;
}

async function importOne(repos: Repos, clock: Clock, item: NewArticle): Promise<ImportOutcome> {
  const key = item.import_key ?? importKey(item.source_url, item.title, item.body);
  const existing = await repos.articles.findByImportKey(key);
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
