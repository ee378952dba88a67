import type { Clock } from '../../core/clock.ts';
import { notFound } from '../../core/errors.ts';
import type { Repos } from '../repos.ts';

/**
 * Takes a published article off the site (status `unpublished`); its index
 * row stays, and searches only ever return published articles.
 * @throws JaridaError `NOT_FOUND` for an unknown id.
 */
export async function unpublishArticle(repos: Repos, clock: Clock, id: number): Promise<void> {
  const article = await repos.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`);
  await repos.articles.update(id, { status: 'unpublished', updated_at: clock.now().toISOString() });
}

/**
 * Deletes an article with its index row, tags, links and read-also entries,
 * in the caller's transaction.
 * @throws JaridaError `NOT_FOUND` for an unknown id.
 */
export async function deleteArticle(repos: Repos, id: number): Promise<void> {
  const article = await repos.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`);
  await repos.index.remove(id);
  await repos.articles.delete(id);
}
