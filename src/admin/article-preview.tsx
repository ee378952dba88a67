import { escapeHtml } from '@kitajs/html';
import { leadOf } from '../content/body-html.ts';
import type { Actor } from '../content/roles.ts';
import type { WorkflowDeps } from '../content/use-cases/article-save.ts';
import { getArticleForEditing } from '../content/use-cases/article-workflow.ts';
import { relatedArticles } from '../content/use-cases/reader-pages.ts';
import type { Site } from '../content/use-cases/site.ts';
import { fill } from '../web/i18n.ts';
import { ArticlePage } from '../web/views/article-page.tsx';
import type { ViewContext } from '../web/views/context.ts';
import type { AdminMessages } from './locales/ar.ts';

const HEAD = '<head>';
const MAIN = '<main id="main" tabindex="-1">';

/**
 * Adds the preview's marks to a rendered reader page: `noindex, nofollow`
 * and the editor's stylesheet in its head, and the "معاينة" banner at the top
 * of its `<main>` (the first of each: page text before them is escaped, so
 * it cannot hold the markers).
 * @throws Error when the page has no such head or main (the reader layout changed).
 */
export function markAsPreview(html: string, bannerHtml: string, styleHref: string): string {
  const head = html.indexOf(HEAD);
  const main = html.indexOf(MAIN);
  if (head < 0 || main < 0 || main < head) throw new Error('preview: the reader page has no <head> or <main id="main" tabindex="-1"> (did the reader layout change?)');
  const at = main + MAIN.length;
  const withBanner = html.slice(0, at) + bannerHtml + html.slice(at);
  const start = head + HEAD.length;
  return `${withBanner.slice(0, start)}<meta name="robots" content="noindex, nofollow"><link rel="stylesheet" href="${escapeHtml(styleHref)}">${withBanner.slice(start)}`;
}

/**
 * The reader's article page of any article the actor may open, whatever its
 * status: the same view (`web/views/article-page.tsx`) with the same
 * `ViewContext` as the site, its tags, byline, read-also list and category
 * chain as readers would see them now, marked as a preview that search
 * engines must not index.
 *
 * @throws JaridaError `NOT_FOUND`; `FORBIDDEN` unless the actor may open it (`canViewArticle`).
 */
export async function renderPreview(
  deps: WorkflowDeps,
  actor: Actor,
  id: number,
  view: { site: Site; context: ViewContext; t: AdminMessages; styleHref: string },
): Promise<string> {
  const { article } = await getArticleForEditing(deps, actor, id);
  const { store } = deps;
  const now = deps.clock.now().toISOString();
  const [tags, author, related] = await Promise.all([
    store.articles.tagsOf(article.id),
    article.author_id === null ? undefined : store.authors.findById(article.author_id),
    relatedArticles(store, view.site, article, now),
  ]);
  const page = await (
    <ArticlePage
      ctx={view.context}
      article={article}
      lead={leadOf(article.excerpt, article.body)}
      tags={tags}
      author={author}
      related={related}
      categoryChain={view.site.categories.ancestry(article.category_id)}
    />
  );
  const { t } = view;
  const banner = await (
    <div class="preview-banner" role="note" aria-label={t.previewLabel}>
      <span safe>{fill(t.previewBanner, { status: t[`status_${article.status}`] })}</span>
      <a href={`/admin/articles/${article.id}`} safe>
        {t.backToEditor}
      </a>
    </div>
  );
  return markAsPreview(page, banner, view.styleHref);
}
