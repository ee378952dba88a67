/**
 * Who may open, edit and publish an article, as checks the workflow use
 * cases run before a change (permissions from `content/roles.ts`).
 */
import { forbidden } from '../../core/errors.ts';
import { type Actor, canEditArticle, canPublishArticle, roleHas } from '../roles.ts';
import type { Article } from '../types.ts';

/** @throws JaridaError `FORBIDDEN` unless `actor` may edit `article`. */
export function assertCanEdit(actor: Actor, article: Article): void {
  if (!canEditArticle(actor, article)) {
    throw forbidden(`a ${actor.role} may not edit this article`, { article_id: article.id, role: actor.role, status: article.status });
  }
}

/** @throws JaridaError `FORBIDDEN` unless `actor` may publish, schedule or unpublish `article`. */
export function assertCanPublish(actor: Actor, article: Article): void {
  if (!canPublishArticle(actor, article)) {
    throw forbidden(`a ${actor.role} may not publish, schedule or unpublish this article`, { article_id: article.id, role: actor.role });
  }
}

/**
 * Whether `actor` may see an article's form and history: whoever may edit
 * it, and its creator also once it left their hands (a contributor's
 * published article).
 */
export function canViewArticle(actor: Actor, article: Pick<Article, 'created_by' | 'status'>): boolean {
  if (!roleHas(actor.role, 'admin.access')) return false;
  return roleHas(actor.role, 'article.edit_any') || article.created_by === actor.user_id;
}
