import { type Clock, systemClock } from '../../core/clock.ts';
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
  const now = clock.now().toISOString();
  await repos.articles.update(id, { status: 'unpublished', updated_at: now });
  // Only a change that readers saw is news to webhooks.
  if (article.status === 'published') await repos.events.add({ type: 'article.unpublished', article_id: id, occurred_at: now });
}

/**
 * Deletes an article with its index row, tags, links and read-also entries,
 * in the caller's transaction.
 * @throws JaridaError `NOT_FOUND` for an unknown id.
 */
export async function deleteArticle(repos: Repos, id: number, clock: Clock = systemClock): Promise<void> {
  const article = await repos.articles.findById(id);
  if (!article) throw notFound(`no article ${id}`);
  await repos.index.remove(id);
  await repos.articles.delete(id);
  if (article.status === 'published') await repos.events.add({ type: 'article.deleted', article_id: id, occurred_at: clock.now().toISOString() });
}
