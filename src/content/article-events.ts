/**
 * Article events: what happened to an article, recorded in the same
 * transaction as the change itself (a transactional outbox), so that
 * webhooks and other listeners learn of every committed change and of no
 * change that was rolled back, also across restarts.
 */

/** Kinds of event, named as the webhooks send them. */
export const ARTICLE_EVENT_TYPES = ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'] as const;
export type ArticleEventType = (typeof ARTICLE_EVENT_TYPES)[number];

/** One recorded event. */
export interface ArticleEvent {
  id: number;
  type: ArticleEventType;
  article_id: number;
  /** When the change was committed by the use case, UTC ISO 8601. */
  occurred_at: string;
}

/** The outbox table. */
export interface ArticleEventRepo {
  /** Records an event inside the caller's transaction; returns its id. */
  add(event: Omit<ArticleEvent, 'id'>): Promise<number>;
  /** Events with ids above `afterId`, oldest first, at most `limit` of them. */
  after(afterId: number, limit: number): Promise<ArticleEvent[]>;
}
