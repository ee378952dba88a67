import { escapeHtml } from '@kitajs/html';
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

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- augmenting @kitajs/html's global JSX namespace
  namespace JSX {
    // @kitajs/html's <img> lacks `sizes` (HTML Living Standard, "the img element").
    interface HtmlImageTag {
      sizes?: undefined | string;
    }
  }
}

/**
 * `sizes` of a card's image: the width a card takes in the grid of
 * `site.css` (`.cards`: columns of at least 16rem with 1rem gaps, in `main`
 * of at most 72rem with 1rem padding): 4 columns from 69rem, 3 from 52rem,
 * 2 from 35rem, else the whole width.
 */
export const CARD_IMAGE_SIZES = '(min-width: 69rem) 17rem, (min-width: 52rem) 33vw, (min-width: 35rem) 50vw, calc(100vw - 2rem)';

/** `sizes` of an article's lead image: `.article` is at most 46rem wide. */
export const LEAD_IMAGE_SIZES = '(min-width: 48rem) 46rem, calc(100vw - 2rem)';

/**
 * A featured image. One of the media library's gets `srcset`/`sizes` over its
 * WebP variants, `width`/`height` (no layout shift) and the library's
 * alternative text when `alt` is empty; any other URL (imported items link
 * their outlet's image) is shown as given. Lazy-loaded unless it is the
 * page's `lead` image, which is fetched first.
 */
export function FeaturedImage(props: { ctx: ViewContext; url: string; alt: string | null; sizes: string; lead?: boolean }): JSX.Element {
  const { ctx, url, alt, sizes, lead = false } = props;
  const plain = () => <img src={url} alt={alt ?? ''} loading={lead ? undefined : 'lazy'} />;
  const found = ctx.images?.(url);
  if (!found) return plain();
  return found.then((image) =>
    image ? (
      <img
        src={image.src}
        srcset={image.srcset}
        sizes={sizes}
        width={image.width}
        height={image.height}
        alt={alt?.trim() ? alt : image.alt}
        loading={lead ? undefined : 'lazy'}
        decoding="async"
        fetchpriority={lead ? 'high' : undefined}
      />
    ) : (
      plain()
    ),
  );
}

/** One article in a list. `level` is the heading level of its headline. */
export function ArticleCard({ ctx, item, level = 3 }: { ctx: ViewContext; item: ArticleSummary; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      {item.featured_image_url ? <FeaturedImage ctx={ctx} url={item.featured_image_url} alt={item.featured_image_alt} sizes={CARD_IMAGE_SIZES} /> : ''}
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

/** What {@link Pagination} needs of a view context: the reader site's and the back office's both fit. */
export interface PaginationContext {
  t: { pagination: string; previous: string; next: string; pageOf: string };
  site: Pick<ViewContext['site'], 'settings'>;
}

/**
 * Previous/next links and "page N of M"; `href(n)` builds page n's URL.
 * Shared by the reader site and the back office.
 */
export function Pagination({ ctx, page, href }: { ctx: PaginationContext; page: Page<unknown>; href: (n: number) => string }) {
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

/**
 * HTML of `message` with each `{key}` replaced by its value inside a `<bdi>`,
 * everything escaped. A name or a query may keep bidi controls (ADR 023); the
 * element isolates it, so an unclosed override cannot flip the words of the
 * message after it. Placeholders without a value are left as written, as
 * `fill` does.
 */
export function fillIsolated(message: string, values: Record<string, string | number>): JSX.Element {
  return message
    .split(/(\{\w+\})/u)
    .map((part) => {
      const key = /^\{(\w+)\}$/u.exec(part)?.[1];
      const value = key === undefined ? undefined : values[key];
      return value === undefined ? escapeHtml(part) : `<bdi>${escapeHtml(String(value))}</bdi>`;
    })
    .join('');
}
