import { slugify } from '../../arabic/slug.ts';
import type { Clock } from '../../core/clock.ts';
import { CategoryTree } from '../category-tree.ts';
import { DEFAULT_MENU, WELCOME_ARTICLES } from '../default-site.ts';
import type { Repos, Store } from '../repos.ts';
import { DEFAULT_SITE_SETTINGS, type SiteSettings, storedSiteSettings } from '../site-settings.ts';
import { createArticle } from './create-article.ts';

/** Everything pages need about the site itself. */
export interface Site {
  settings: SiteSettings;
  categories: CategoryTree;
}

/**
 * On an empty database, creates the default menu, settings and welcome
 * articles in one transaction; on a database that has categories, does
 * nothing. Returns whether it created the site.
 */
export async function ensureDefaultSite(store: Store, clock: Clock): Promise<boolean> {
  if ((await store.categories.all()).length > 0) return false;
  // Checked again inside the write transaction: two processes may start on the same new database.
  return store.transaction(async (repos) => {
    if ((await repos.categories.all()).length > 0) return false;
    await repos.settings.save(DEFAULT_SITE_SETTINGS);
    for (const [order, item] of DEFAULT_MENU.entries()) {
      const parent_id = await repos.categories.insert({ parent_id: null, slug: slugify(item.name), name: item.name, menu_order: order });
      for (const [childOrder, child] of (item.children ?? []).entries()) {
        await repos.categories.insert({ parent_id, slug: slugify(child), name: child, menu_order: childOrder });
      }
    }
    const tree = new CategoryTree(await repos.categories.all());
    const publishedAt = clock.now().getTime();
    for (const [i, welcome] of WELCOME_ARTICLES.entries()) {
      const category = tree.findByNamePath(welcome.category);
      if (!category) throw new Error(`default site: no category ${welcome.category}`);
      await createArticle(repos, clock, {
        title: welcome.title,
        body: welcome.body,
        status: 'published',
        // Spaced by a minute so the first welcome article is the newest.
        published_at: new Date(publishedAt - i * 60_000).toISOString(),
        category_id: category.id,
        author_name: 'فريق التحرير',
        tags: welcome.tags,
      });
    }
    return true;
  });
}

/** Loads settings (stored values over defaults, validated) and the category tree. */
export async function loadSite(repos: Repos): Promise<Site> {
  const settings = storedSiteSettings(await repos.settings.load());
  return { settings, categories: new CategoryTree(await repos.categories.all()) };
}
