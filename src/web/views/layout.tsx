import { isolateBidi } from '../../content/text-fields.ts';
import type { Children } from '@kitajs/html';
import type { CategoryNode } from '../../content/category-tree.ts';
import { displayYear } from '../dates.ts';
import { directionOf, intlLocale, uiLanguage } from '../i18n.ts';
import { urls } from '../urls.ts';
import type { ViewContext } from './context.ts';
import type { JsonLd } from '../../distribution/structured-data.ts';
import { absoluteUrl } from '../feed-document.ts';
import { FeedLinks, JsonLdScripts, type ScopedFeeds, type ShareInfo, ShareMeta } from './head-meta.tsx';

function MenuItem({ node, path }: { node: CategoryNode; path: string[] }) {
  const here = [...path, node.slug];
  return (
    <li>
      <a href={urls.category(here)} safe>
        {node.name}
      </a>
      {node.children.length > 0 ? (
        <ul class="submenu">
          {node.children.map((child) => (
            <MenuItem node={child} path={here} />
          ))}
        </ul>
      ) : (
        ''
      )}
    </li>
  );
}

function SearchOverlay({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  return (
    <div
      id="search-overlay"
      class="search-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="search-overlay-title"
      data-locale={intlLocale(ctx.site.settings)}
      data-time-zone={ctx.site.settings.time_zone}
      hidden
    >
      <div class="search-overlay-box">
        <h2 id="search-overlay-title" class="visually-hidden" safe>
          {t.searchLabel}
        </h2>
        <form action="/search" method="get" role="search">
          <label for="overlay-q" class="visually-hidden" safe>
            {t.searchLabel}
          </label>
          <input
            id="overlay-q"
            name="q"
            type="search"
            autocomplete="off"
            placeholder={t.searchPlaceholder}
            dir="auto"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded="false"
            aria-controls="overlay-results"
          />
          <button type="submit" safe>
            {t.searchSubmit}
          </button>
        </form>
        <ul id="overlay-results" class="overlay-results" role="listbox" aria-label={t.suggestions}></ul>
        <p class="overlay-footer">
          <a id="overlay-all" href={urls.search()} safe>
            {t.seeAllResults}
          </a>
          <span class="hint" safe>
            {t.searchHint}
          </span>
          <button type="button" id="overlay-close" class="overlay-close" safe>
            {t.closeSearch}
          </button>
        </p>
      </div>
    </div>
  );
}

/** The page shell: head, skip link, header with menu and search, main, footer. */
export function Layout(props: {
  ctx: ViewContext;
  title: string;
  description?: string;
  /** Canonical URL: a site path, or an absolute URL (the original of an item republished in full). */
  canonical?: string;
  /** Share-card facts; a plain `website` card by default. */
  share?: ShareInfo;
  /** The page's own feeds (category, tag, author), announced beside the site's. */
  feeds?: ScopedFeeds | undefined;
  /** JSON-LD blocks for the head. */
  jsonLd?: readonly JsonLd[];
  children: Children;
}) {
  const { ctx } = props;
  const { settings } = ctx.site;
  const { t } = ctx;
  // The language of the strings served (`ctx.t`), never a locale whose language has no strings.
  const lang = uiLanguage(settings.locale);
  const year = displayYear(ctx.now, settings);
  // A headline or tag name may hold bidi controls, and <title> cannot isolate them (docs/adr/023).
  const fullTitle = props.title === settings.site_name ? isolateBidi(settings.site_name) : `${isolateBidi(props.title)} | ${isolateBidi(settings.site_name)}`;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang} dir={directionOf(lang)}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{fullTitle}</title>
          {props.description ? <meta name="description" content={props.description} /> : ''}
          {props.canonical ? <link rel="canonical" href={absoluteUrl(ctx.publicUrl, props.canonical)} /> : ''}
          <FeedLinks ctx={ctx} scoped={props.feeds} />
          <ShareMeta
            ctx={ctx}
            title={props.title}
            description={props.description}
            share={props.share ?? { type: 'website', url: props.canonical ? absoluteUrl(ctx.publicUrl, props.canonical) : undefined }}
          />
          {props.jsonLd ? <JsonLdScripts data={props.jsonLd} /> : ''}
          <link rel="stylesheet" href={`/assets/site.css?v=${ctx.assetVersion}`} />
          <script src={`/assets/site.js?v=${ctx.assetVersion}`} defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main" safe>
            {t.skipToContent}
          </a>
          <header class="site-header">
            <div class="masthead">
              <a class="site-name" href="/" safe>
                {settings.site_name}
              </a>
              <p class="tagline" safe>
                {settings.tagline}
              </p>
              <a class="search-toggle" id="search-toggle" href={urls.search()} aria-controls="search-overlay" aria-expanded="false" safe>
                {t.search}
              </a>
            </div>
            <nav class="main-menu" aria-label={t.mainMenu}>
              <ul>
                <li>
                  <a href="/" safe>
                    {t.home}
                  </a>
                </li>
                {ctx.site.categories.menu().map((node) => (
                  <MenuItem node={node} path={[]} />
                ))}
              </ul>
            </nav>
          </header>
          <SearchOverlay ctx={ctx} />
          <main id="main" tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <p>
              <span safe>{`© ${year} ${settings.copyright_holder}`}</span> — <span safe>{t.copyright}</span>
            </p>
          </footer>
        </body>
      </html>
    </>
  );
}
