import sanitizeHtml from 'sanitize-html';
import type { FeedData } from '../distribution/feed-data.ts';
import type { FeedDocument, FeedItem } from '../distribution/feed-formats.ts';
import type { Site } from '../content/use-cases/site.ts';
import { fill, messagesFor } from './i18n.ts';
import { feedUrls } from './feed-urls.ts';
import { urls } from './urls.ts';

/** `path` (a site path) or an absolute URL, as an absolute URL under `publicUrl`. */
export function absoluteUrl(publicUrl: string, pathOrUrl: string): string {
  return /^https?:\/\//iu.test(pathOrUrl) ? pathOrUrl : `${publicUrl}${pathOrUrl.startsWith('/') ? '' : '/'}${pathOrUrl}`;
}

/** The site's logo as an absolute URL (setting `logo_url`). */
export function logoUrl(site: Site, publicUrl: string): string {
  return absoluteUrl(publicUrl, site.settings.logo_url);
}

/**
 * Body HTML with site-relative `href` and `src` made absolute: a feed reader
 * shows it away from the site. Through sanitize-html (which wrote the body
 * in the first place), allowing everything it already allowed.
 */
export function absoluteBody(html: string, publicUrl: string): string {
  if (!/\s(?:href|src)="\/(?!\/)/u.test(html)) return html;
  const fix = (tagName: string, attribs: Record<string, string>) => {
    const out = { ...attribs };
    for (const name of ['href', 'src']) {
      const value = out[name];
      if (value?.startsWith('/') && !value.startsWith('//')) out[name] = `${publicUrl}${value}`;
    }
    return { tagName, attribs: out };
  };
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    transformTags: { a: fix, img: fix, iframe: fix, source: fix, video: fix, audio: fix },
  });
}

/**
 * The format-neutral feed of `data` for `site`: titles from the page
 * headings of the locale, absolute URLs under `publicUrl`, full bodies or
 * excerpts as the site's `feed_content` setting says.
 */
export function feedDocument(site: Site, data: FeedData, publicUrl: string, now: string): FeedDocument {
  const { settings, categories } = site;
  const t = messagesFor(settings.locale);
  const abs = (path: string) => absoluteUrl(publicUrl, path);
  let heading: string | undefined;
  let home: string;
  let self: FeedDocument['self'];
  switch (data.scope.kind) {
    case 'site':
      home = urls.home();
      self = { rss: abs(feedUrls.site('rss')), atom: abs(feedUrls.site('atom')), json: abs(feedUrls.site('json')) };
      break;
    case 'category': {
      const path = categories.path(data.scope.category.id);
      heading = categories
        .ancestry(data.scope.category.id)
        .map((c) => c.name)
        .join(' - ');
      home = urls.category(path);
      self = { rss: abs(feedUrls.category('rss', path)), atom: abs(feedUrls.category('atom', path)) };
      break;
    }
    case 'tag':
      heading = fill(t.tagTitle, { name: data.scope.tag.name });
      home = urls.tag(data.scope.tag.slug);
      self = { rss: abs(feedUrls.tag('rss', data.scope.tag.slug)), atom: abs(feedUrls.tag('atom', data.scope.tag.slug)) };
      break;
    case 'author':
      heading = fill(t.authorTitle, { name: data.scope.author.name });
      home = urls.author(data.scope.author.slug);
      self = { rss: abs(feedUrls.author('rss', data.scope.author.slug)), atom: abs(feedUrls.author('atom', data.scope.author.slug)) };
      break;
  }
  const full = settings.feed_content === 'full';
  const items: FeedItem[] = data.articles.map((article) => {
    const author = article.author_id === null ? undefined : data.authors.get(article.author_id);
    const category = categories.get(article.category_id);
    return {
      id: abs(urls.shortLink(article.id)),
      url: abs(urls.article(article.slug)),
      title: article.title,
      summary: article.excerpt,
      content_html: full ? absoluteBody(article.body, publicUrl) : null,
      // Listed articles always have one; created_at keeps the type honest.
      published: article.published_at ?? article.created_at,
      updated: article.updated_at,
      authors: author ? [{ name: author.name, url: abs(urls.author(author.slug)) }] : [],
      categories: [
        ...(category ? [{ label: category.name, url: abs(urls.category(categories.path(category.id))) }] : []),
        ...(data.tags.get(article.id) ?? []).map((tag) => ({ label: tag.name, url: abs(urls.tag(tag.slug)) })),
      ],
      image: article.featured_image_url,
      external_url: article.source_url,
    };
  });
  const newest = items.reduce<string | undefined>((max, item) => (max === undefined || item.updated > max ? item.updated : max), undefined);
  return {
    title: heading ? `${heading} | ${settings.site_name}` : settings.site_name,
    description: heading ? `${heading} — ${settings.tagline || settings.site_name}` : settings.tagline || settings.site_name,
    language: settings.locale,
    home_url: abs(home),
    self,
    updated: newest ?? now,
    publisher: { name: settings.site_name, url: abs(urls.home()), logo: logoUrl(site, publicUrl) },
    items,
  };
}
