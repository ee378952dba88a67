import type { ArticleSummary, Page } from '../../content/types.ts';
import { displayDate, machineDate } from '../dates.ts';
import { fill, formatNumber } from '../i18n.ts';
import { urls } from '../urls.ts';
import type { ViewContext } from './context.ts';

/** A `<time>` with an Arabic date for people and ISO 8601 for machines. */
export function DateTime({ ctx, iso, withTime = false }: { ctx: ViewContext; iso: string; withTime?: boolean }) {
  const { settings } = ctx.site;
  return (
    <time datetime={machineDate(iso, settings.time_zone)} safe>
      {displayDate(iso, settings, withTime)}
    </time>
  );
}

/** The category link and date under a headline in lists and search results. */
export function CardMeta({ ctx, item }: { ctx: ViewContext; item: Pick<ArticleSummary, 'category_id' | 'published_at'> }) {
  const category = ctx.site.categories.get(item.category_id);
  return (
    <p class="card-meta">
      {category ? (
        <a class="card-category" href={urls.category(ctx.site.categories.path(category.id))} safe>
          {category.name}
        </a>
      ) : (
        ''
      )}{' '}
      <DateTime ctx={ctx} iso={item.published_at} />
    </p>
  );
}

/** One article in a list. `level` is the heading level of its headline. */
export function ArticleCard({ ctx, item, level = 3 }: { ctx: ViewContext; item: ArticleSummary; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {item.featured_image_url ? <img src={item.featured_image_url} alt={item.featured_image_alt ?? ''} loading="lazy" /> : ''}
      <Heading class="card-title">
        <a href={urls.article(item.slug)} safe>
          {item.title}
        </a>
      </Heading>
      <CardMeta ctx={ctx} item={item} />
      {item.excerpt ? (
        <p class="card-excerpt" safe>
          {item.excerpt}
        </p>
      ) : (
        ''
      )}
    </article>
  );
}

/** A list of cards, or the "nothing here" line. */
export function ArticleList({ ctx, items, level = 2 }: { ctx: ViewContext; items: readonly ArticleSummary[]; level?: 2 | 3 }) {
  if (items.length === 0) {
    return (
      <p class="empty" safe>
        {ctx.t.noArticles}
      </p>
    );
  }
  return (
    <div class="cards">
      {items.map((item) => (
        <ArticleCard ctx={ctx} item={item} level={level} />
      ))}
    </div>
  );
}

/** Previous/next links and "page N of M"; `href(n)` builds page n's URL. */
export function Pagination({ ctx, page, href }: { ctx: ViewContext; page: Page<unknown>; href: (n: number) => string }) {
  if (page.pages <= 1) return '';
  const { t } = ctx;
  const { settings } = ctx.site;
  return (
    <nav class="pagination" aria-label={t.pagination}>
      {page.page > 1 ? (
        <a rel="prev" href={href(page.page - 1)} safe>
          {t.previous}
        </a>
      ) : (
        ''
      )}
      <span safe>{fill(t.pageOf, { page: formatNumber(page.page, settings), pages: formatNumber(page.pages, settings) })}</span>
      {page.page < page.pages ? (
        <a rel="next" href={href(page.page + 1)} safe>
          {t.next}
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
