import type { CategoryNode } from '../../content/category-tree.ts';
import type { ArticleSummary, Author, Page, Tag } from '../../content/types.ts';
import { fill, formatNumber } from '../i18n.ts';
import { urls } from '../urls.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';
import { ArticleList, CardMeta, fillIsolated, Pagination } from './parts.tsx';
import type { SearchResults } from '../../search/search-articles.ts';
import { snippetHtml } from '../../search/snippet.ts';
import { breadcrumbLd, type JsonLd, webSiteLd } from '../../distribution/structured-data.ts';
import { absoluteUrl, logoUrl } from '../feed-document.ts';
import { feedUrls } from '../feed-urls.ts';
import type { ScopedFeeds } from './head-meta.tsx';

/** Home: latest articles, then a block per top-level category. */
export function HomePage({ ctx, latest, blocks }: { ctx: ViewContext; latest: ArticleSummary[]; blocks: Array<{ category: CategoryNode; items: ArticleSummary[] }> }) {
  const { settings } = ctx.site;
  return (
    <Layout ctx={ctx} title={settings.site_name} description={settings.tagline} canonical="/" jsonLd={[homeLd(ctx)]}>
      <h1 class="visually-hidden" safe>
        {settings.site_name}
      </h1>
      <section aria-labelledby="latest-title">
        <h2 id="latest-title" safe>
          {ctx.t.latest}
        </h2>
        <ArticleList ctx={ctx} items={latest} level={3} />
      </section>
      {blocks.map(({ category, items }) => (
        <section class="category-block" aria-labelledby={`block-${category.id}`}>
          <h2 id={`block-${category.id}`}>
            <a href={urls.category([category.slug])} safe>
              {category.name}
            </a>
          </h2>
          <ArticleList ctx={ctx} items={items} level={3} />
          <p class="more">
            <a href={urls.category([category.slug])} safe>
              {fill(ctx.t.moreIn, { name: category.name })}
            </a>
          </p>
        </section>
      ))}
    </Layout>
  );
}

/** `WebSite` with its search for the home page. */
function homeLd(ctx: ViewContext) {
  const { settings } = ctx.site;
  const home = absoluteUrl(ctx.publicUrl, urls.home());
  return webSiteLd({
    name: settings.site_name,
    url: home,
    language: settings.locale,
    // The placeholder stays literal: URLSearchParams would percent-encode its braces.
    searchUrlTemplate: `${absoluteUrl(ctx.publicUrl, urls.search())}?q={search_term_string}`,
    publisher: { name: settings.site_name, url: home, logo: logoUrl(ctx.site, ctx.publicUrl) },
  });
}

function ListPage({
  ctx,
  title,
  base,
  list,
  feeds,
  jsonLd,
  children,
}: {
  ctx: ViewContext;
  title: string;
  base: string;
  list: Page<ArticleSummary>;
  feeds?: ScopedFeeds;
  jsonLd?: readonly JsonLd[];
  children?: JSX.Element;
}) {
  const safeIntro = children ?? '';
  const heading = list.page > 1 ? `${title} — ${fill(ctx.t.pageOf, { page: formatNumber(list.page, ctx.site.settings), pages: formatNumber(list.pages, ctx.site.settings) })}` : title;
  return (
    <Layout ctx={ctx} title={heading} canonical={urls.page(base, list.page)} feeds={feeds} {...(jsonLd ? { jsonLd } : {})}>
      <h1 safe>{title}</h1>
      {safeIntro}
      <ArticleList ctx={ctx} items={list.items} />
      <Pagination ctx={ctx} page={list} href={(n) => urls.page(base, n)} />
    </Layout>
  );
}

/** A category with links to its sub-categories. */
export function CategoryPage({ ctx, category, list }: { ctx: ViewContext; category: CategoryNode; list: Page<ArticleSummary> }) {
  const path = ctx.site.categories.path(category.id);
  const chain = ctx.site.categories.ancestry(category.id);
  const safeSub =
    category.children.length > 0 ? (
      <nav class="subcategories" aria-label={ctx.t.subcategories}>
        <ul>
          {category.children.map((child) => (
            <li>
              <a href={urls.category([...path, child.slug])} safe>
                {child.name}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    ) : undefined;
  const title = chain.map((c) => c.name).join(' - ');
  return (
    <ListPage
      ctx={ctx}
      title={title}
      base={urls.category(path)}
      list={list}
      feeds={{ name: title, rss: feedUrls.category('rss', path), atom: feedUrls.category('atom', path) }}
      jsonLd={[
        breadcrumbLd([
          { name: ctx.t.home, url: absoluteUrl(ctx.publicUrl, urls.home()) },
          ...chain.map((c, i) => ({ name: c.name, url: absoluteUrl(ctx.publicUrl, urls.category(path.slice(0, i + 1))) })),
        ]),
      ]}
    >
      {safeSub}
    </ListPage>
  );
}

export function TagPage({ ctx, tag, list }: { ctx: ViewContext; tag: Tag; list: Page<ArticleSummary> }) {
  const title = fill(ctx.t.tagTitle, { name: tag.name });
  return <ListPage ctx={ctx} title={title} base={urls.tag(tag.slug)} list={list} feeds={{ name: title, rss: feedUrls.tag('rss', tag.slug), atom: feedUrls.tag('atom', tag.slug) }} />;
}

export function AuthorPage({ ctx, author, list }: { ctx: ViewContext; author: Author; list: Page<ArticleSummary> }) {
  const title = fill(ctx.t.authorTitle, { name: author.name });
  return (
    <ListPage ctx={ctx} title={title} base={urls.author(author.slug)} list={list} feeds={{ name: title, rss: feedUrls.author('rss', author.slug), atom: feedUrls.author('atom', author.slug) }} />
  );
}

/** Search form and results with snippets; a helpful page when nothing matched. */
export function SearchPage({ ctx, found }: { ctx: ViewContext; found: SearchResults }) {
  const { t } = ctx;
  const query = found.query.trim();
  const title = query ? fill(t.searchResultsFor, { query }) : t.searchTitle;
  return (
    <Layout ctx={ctx} title={title}>
      {query ? <h1>{fillIsolated(t.searchResultsFor, { query })}</h1> : <h1 safe>{title}</h1>}
      <form action="/search" method="get" role="search" class="search-form">
        <label for="search-q" safe>
          {t.searchLabel}
        </label>
        <input id="search-q" name="q" type="search" value={query} dir="auto" />
        <button type="submit" safe>
          {t.searchSubmit}
        </button>
      </form>
      {query === '' ? (
        <p safe>{t.searchPrompt}</p>
      ) : found.total === 0 ? (
        <div class="no-results">
          <p>{fillIsolated(t.noResults, { query })}</p>
          <p safe>{t.noResultsHint}</p>
        </div>
      ) : (
        <>
          <p class="results-count" safe>
            {fill(found.total_exact ? t.resultsCount : t.resultsCountAtLeast, { count: formatNumber(found.total, ctx.site.settings) })}
          </p>
          <ol class="results">
            {found.results.map(({ article, snippet }) => {
              // Escaped text with <mark> around matches (search/snippet.ts).
              const safeSnippet = snippetHtml(snippet);
              return (
                <li class="card">
                  <h2 class="card-title">
                    <a href={urls.article(article.slug)} safe>
                      {article.title}
                    </a>
                  </h2>
                  <CardMeta ctx={ctx} item={article} />
                  <p class="snippet">{safeSnippet}</p>
                </li>
              );
            })}
          </ol>
          <Pagination
            ctx={ctx}
            page={{ items: [], total: found.total, page: found.page, pages: found.pages }}
            href={(n) => urls.search(query, n)}
          />
        </>
      )}
    </Layout>
  );
}

/** 404, 400 and 500 pages. */
export function ErrorPage({ ctx, status }: { ctx: ViewContext; status: number }) {
  const { t } = ctx;
  const title = status === 404 ? t.notFoundTitle : status < 500 ? t.badRequestTitle : t.serverErrorTitle;
  const text = status === 404 ? t.notFoundText : status < 500 ? t.badRequestText : t.serverErrorText;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{text}</p>
      <p>
        <a href="/" safe>
          {t.backHome}
        </a>
      </p>
    </Layout>
  );
}
