import type { Store } from '../../src/content/repos.ts';
import type { Article, NewArticle } from '../../src/content/types.ts';
import { createArticle } from '../../src/content/use-cases/create-article.ts';
import { loadSite } from '../../src/content/use-cases/site.ts';
import { type Clock, systemClock } from '../../src/core/clock.ts';

/** Id of the category at a menu path such as `رياضة/عربي`; throws when absent. */
export async function categoryId(store: Store, path: string): Promise<number> {
  const node = (await loadSite(store)).categories.findByNamePath(path);
  if (!node) throw new Error(`no category ${path}`);
  return node.id;
}

/** Publishes an article in `categoryPath` through the real use case. */
export async function publish(
  store: Store,
  categoryPath: string,
  fields: Partial<NewArticle> & { title: string },
  clock: Clock = systemClock,
): Promise<Article> {
  const category_id = await categoryId(store, categoryPath);
  return store.transaction((repos) =>
    createArticle(repos, clock, {
      body: '<p>نص الخبر.</p>',
      status: 'published',
      published_at: '2023-08-23T10:00:00Z',
      category_id,
      ...fields,
    }),
  );
}
