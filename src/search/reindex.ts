import type { CategoryTree } from '../content/category-tree.ts';
import type { Store } from '../content/repos.ts';
import type { SearchRepo } from './search-repo.ts';
import { DfCache, refreshRelatedMany } from './related.ts';

/** Articles re-indexed per transaction. */
const BATCH = 500;

/**
 * Rebuilds the search index of every article (in transactions of
 * {@link BATCH}), then recomputes every published article's read-also list.
 * `onProgress(done, total, phase)` after each batch. Returns the number of
 * articles indexed.
 */
export async function reindexAll(
  store: Store,
  search: SearchRepo,
  categories: CategoryTree,
  now: string,
  onProgress: (done: number, total: number, phase: 'index' | 'related') => void = () => {},
): Promise<number> {
  const total = await store.articles.countAll();
  const done = await reindexArticles(store, (n) => onProgress(n, total, 'index'));
  let related = 0;
  const cache = new DfCache();
  for (let after = 0; ; ) {
    const batch = await store.articles.batchAfter(after, BATCH);
    if (batch.length === 0) break;
    await refreshRelatedMany(store, search, categories, batch, now, cache);
    after = batch[batch.length - 1]?.id ?? after;
    related += batch.length;
    onProgress(related, total, 'related');
  }
  return done;
}

/**
 * Rebuilds the search index rows of every article (not the read-also lists),
 * in transactions of {@link BATCH}; `onProgress(done)` after each. Returns the
 * number of articles indexed.
 */
export async function reindexArticles(store: Store, onProgress: (done: number) => void = () => {}): Promise<number> {
  let done = 0;
  for (let after = 0; ; ) {
    const batch = await store.articles.batchAfter(after, BATCH);
    if (batch.length === 0) break;
    await store.transaction(async (repos) => {
      for (const article of batch) {
        const tags = await repos.articles.tagsOf(article.id);
        await repos.index.sync(article, tags.map((t) => t.name));
      }
    });
    after = batch[batch.length - 1]?.id ?? after;
    done += batch.length;
    onProgress(done);
  }
  await store.transaction((repos) => repos.index.optimize());
  return done;
}
