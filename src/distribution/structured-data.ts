/**
 * schema.org structured data as JSON-LD (Google Search's structured-data
 * guides for articles, breadcrumbs and the sitelinks search box). Builders
 * take absolute URLs and dates already written as ISO 8601 with an offset;
 * {@link jsonLdText} makes the text safe inside an HTML `<script>` block.
 */

/** A JSON-LD node. */
export type JsonLd = Record<string, unknown>;

/** An organization or person credited as author. */
export interface LdAuthor {
  type: 'Person' | 'Organization';
  name: string;
  /** Absolute URL of the author's page (or the organization's site). */
  url?: string | undefined;
}

/** The publisher: the site itself. */
export interface LdPublisher {
  name: string;
  /** Absolute URL of the home page. */
  url: string;
  /** Absolute URL of the logo image. */
  logo: string;
}

/** What a `NewsArticle` states. Dates are ISO 8601 with an offset (`2023-08-23T02:00:00+02:00`). */
export interface NewsArticleInput {
  /** Absolute URL of the article page on this site. */
  url: string;
  headline: string;
  description: string;
  /** Absolute image URLs (featured image; the logo when the article has none). */
  images: string[];
  date_published: string;
  date_modified: string;
  authors: LdAuthor[];
  publisher: LdPublisher;
  /** BCP 47 tag, e.g. `ar-LY`. */
  language: string;
  section?: string | undefined;
  keywords: string[];
  /** The outlet a republished item comes from. */
  source?: { name: string | null; url: string | null } | undefined;
}

function organization(p: LdPublisher): JsonLd {
  return { '@type': 'Organization', name: p.name, url: p.url, logo: { '@type': 'ImageObject', url: p.logo } };
}

/** `NewsArticle`, with `isBasedOn` and `citation` naming the original of a republished item. */
export function newsArticleLd(a: NewsArticleInput): JsonLd {
  let original: JsonLd | undefined;
  if (a.source && (a.source.name || a.source.url)) {
    original = {
      '@type': 'CreativeWork',
      ...(a.source.url ? { url: a.source.url } : {}),
      ...(a.source.name ? { publisher: { '@type': 'Organization', name: a.source.name } } : {}),
    };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': a.url },
    url: a.url,
    headline: a.headline,
    description: a.description,
    image: a.images,
    datePublished: a.date_published,
    dateModified: a.date_modified,
    author: a.authors.map((p) => ({ '@type': p.type, name: p.name, ...(p.url ? { url: p.url } : {}) })),
    publisher: organization(a.publisher),
    inLanguage: a.language,
    ...(a.section ? { articleSection: a.section } : {}),
    ...(a.keywords.length > 0 ? { keywords: a.keywords } : {}),
    ...(original ? { isBasedOn: original.url ?? original, citation: original } : {}),
  };
}

/** `BreadcrumbList` from the home page down; the last item may omit its URL (the current page). */
export function breadcrumbLd(items: ReadonlyArray<{ name: string; url?: string | undefined }>): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({
      '@type': 'ListItem',
      position: i + 1,
      name: item.name,
      ...(item.url ? { item: item.url } : {}),
    })),
  };
}

/** `WebSite` with a `SearchAction`; `searchUrlTemplate` holds `{search_term_string}`. */
export function webSiteLd(site: { name: string; url: string; language: string; searchUrlTemplate: string; publisher: LdPublisher }): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.name,
    url: site.url,
    inLanguage: site.language,
    publisher: organization(site.publisher),
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: site.searchUrlTemplate },
      'query-input': 'required name=search_term_string',
    },
  };
}

/**
 * JSON text for a `<script type="application/ld+json">` block. `<`, `>` and
 * `&` become `\u003c`, `\u003e`, `\u0026` (same JSON value), so a headline
 * holding `</script>` or `<!--` cannot end or alter the script element
 * (HTML's script data states); U+2028/9 are escaped for older JS parsers.
 */
export function jsonLdText(data: JsonLd): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
