import { escapeHtml } from '@kitajs/html';
import type { CategoryNode } from '../../content/category-tree.ts';
import type { SourceCredit } from '../../content/use-cases/reader-pages.ts';
import type { Article, ArticleSummary, Author, Tag } from '../../content/types.ts';
import { urls } from '../urls.ts';
import type { ViewContext } from './context.ts';
import { Layout } from './layout.tsx';
import { DateTime, FeaturedImage, LEAD_IMAGE_SIZES } from './parts.tsx';
import { externalCanonical } from '../../distribution/canonical.ts';
import { breadcrumbLd, newsArticleLd } from '../../distribution/structured-data.ts';
import { machineDate } from '../dates.ts';
import { absoluteUrl, logoUrl } from '../feed-document.ts';

/** The article page: breadcrumb, headline, dateline, lead, body, source credits, tags, read-also. */
export function ArticlePage(props: {
  ctx: ViewContext;
  article: Article;
  /** Standfirst above the body, when the excerpt is not just the body's opening. */
  lead: string | null;
  tags: Tag[];
  author: Author | undefined;
  related: ArticleSummary[];
  categoryChain: CategoryNode[];
  /**
   * Outlets credited (`articleSources` of content/use-cases/reader-pages.ts): several when other
   * outlets' reports of the story joined it. Without it, the article's own source alone.
   */
  sources?: readonly SourceCredit[] | undefined;
}) {
  const { ctx, article, lead, tags, author, related, categoryChain } = props;
  const { t } = ctx;
  const credits = props.sources ?? (article.source_name ? [{ name: article.source_name, url: article.source_url }] : []);
  const published = article.published_at ?? article.created_at;
  // Sanitized by an allowlist before it was stored (content/body-html.ts).
  const safeBody = article.body;
  const { settings } = ctx.site;
  const abs = (path: string) => absoluteUrl(ctx.publicUrl, path);
  const pageUrl = abs(urls.article(article.slug));
  const publishedTime = machineDate(published, settings.time_zone);
  const modifiedTime = machineDate(article.updated_at, settings.time_zone);
  const section = categoryChain[categoryChain.length - 1]?.name;
  const publisher = { name: settings.site_name, url: abs(urls.home()), logo: logoUrl(ctx.site, ctx.publicUrl) };
  const jsonLd = [
    newsArticleLd({
      url: pageUrl,
      headline: article.title,
      description: article.excerpt,
      images: [article.featured_image_url ?? publisher.logo],
      date_published: publishedTime,
      date_modified: modifiedTime,
      authors: author
        ? [{ type: 'Person', name: author.name, url: abs(urls.author(author.slug)) }]
        : [{ type: 'Organization', name: article.source_name ?? settings.site_name, url: article.source_url ? new URL(article.source_url).origin : publisher.url }],
      publisher,
      language: settings.locale,
      section,
      keywords: tags.map((tag) => tag.name),
      source: article.source_name || article.source_url ? { name: article.source_name, url: article.source_url } : undefined,
    }),
    breadcrumbLd([
      { name: t.home, url: publisher.url },
      ...categoryChain.map((c, i) => ({ name: c.name, url: abs(urls.category(categoryChain.slice(0, i + 1).map((x) => x.slug))) })),
      { name: article.title },
    ]),
  ];
  return (
    <Layout
      ctx={ctx}
      title={article.title}
      description={article.excerpt}
      canonical={externalCanonical(article) ?? urls.article(article.slug)}
      share={{
        type: 'article',
        url: pageUrl,
        image: article.featured_image_url,
        imageAlt: article.featured_image_alt,
        publishedTime,
        modifiedTime,
        section,
        tags: tags.map((tag) => tag.name),
      }}
      jsonLd={jsonLd}
    >
      <article class="article">
        <nav class="breadcrumb" aria-label={t.breadcrumb}>
          <ol>
            <li>
              <a href="/" safe>
                {t.home}
              </a>
            </li>
            {categoryChain.map((c, i) => (
              <li>
                <a href={urls.category(categoryChain.slice(0, i + 1).map((x) => x.slug))} safe>
                  {c.name}
                </a>
              </li>
            ))}
          </ol>
        </nav>
        <h1 class="headline" safe>
          {article.title}
        </h1>
        <p class="dateline">
          <span safe>{t.publishedAt}</span> <DateTime ctx={ctx} iso={published} withTime={article.published_at_precision === 'second'} />
        </p>
        {author ? (
          <p class="byline">
            <span safe>{t.byline}</span>{' '}
            <a href={urls.author(author.slug)} safe>
              {author.name}
            </a>
          </p>
        ) : (
          ''
        )}
        {article.featured_image_url ? (
          <figure class="featured">
            <FeaturedImage ctx={ctx} url={article.featured_image_url} alt={article.featured_image_alt} sizes={LEAD_IMAGE_SIZES} lead />
          </figure>
        ) : (
          ''
        )}
        {lead ? (
          <p class="lead" safe>
            {lead}
          </p>
        ) : (
          ''
        )}
        {article.video_url ? (
          <p class="video">
            <a href={article.video_url} safe>
              {t.video}
            </a>
          </p>
        ) : (
          ''
        )}
        <div class="article-body">{safeBody}</div>
        {credits.length > 0 ? (
          <p class="source-credit">
            <span safe>{credits.length > 1 ? t.sources : t.source}</span>{' '}
            {credits.map((credit, i) => (
              <>
                {i > 0 ? escapeHtml(t.sourcesSeparator) : ''}
                {credit.url ? (
                  <a href={credit.url} rel="nofollow noopener" safe>
                    {credit.name}
                  </a>
                ) : (
                  <span safe>{credit.name}</span>
                )}
              </>
            ))}
          </p>
        ) : (
          ''
        )}
        {tags.length > 0 ? (
          <p class="tags">
            <span safe>{t.tags}</span>{' '}
            {tags.map((tag) => (
              <>
                <a class="tag" href={urls.tag(tag.slug)} safe>
                  {tag.name}
                </a>{' '}
              </>
            ))}
          </p>
        ) : (
          ''
        )}
      </article>
      {related.length > 0 ? (
        <aside class="read-also" aria-labelledby="read-also-title">
          <h2 id="read-also-title" safe>
            {t.readAlso}
          </h2>
          <ul>
            {related.map((item) => (
              <li>
                <a href={urls.article(item.slug)} safe>
                  {item.title}
                </a>{' '}
                <DateTime ctx={ctx} iso={item.published_at} />
              </li>
            ))}
          </ul>
        </aside>
      ) : (
        ''
      )}
    </Layout>
  );
}
