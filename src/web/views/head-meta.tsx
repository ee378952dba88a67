/**
 * What the page head tells machines: feed autodiscovery links, OpenGraph
 * and Twitter card tags, and JSON-LD blocks. Values go through attributes
 * (escaped by kitajs) or {@link jsonLdText} (script-safe JSON).
 */
import { isolateBidi } from '../../content/text-fields.ts';
import { type JsonLd, jsonLdText } from '../../distribution/structured-data.ts';
import { absoluteUrl, logoUrl } from '../feed-document.ts';
import { feedUrls } from '../feed-urls.ts';
import { fill } from '../i18n.ts';
import type { ViewContext } from './context.ts';

/** A page's own feeds (category, tag, author), besides the site's. */
export interface ScopedFeeds {
  /** What the feeds follow, for their link titles (e.g. the category name). */
  name: string;
  rss: string;
  atom: string;
}

/** Share-card facts of a page; the defaults describe a plain page of the site. */
export interface ShareInfo {
  type: 'article' | 'website';
  /** Absolute URL of the page shared (an article republished in full shares our page; its canonical is the original). */
  url?: string | undefined;
  /** Absolute image URL; the site logo when absent. */
  image?: string | null | undefined;
  imageAlt?: string | null | undefined;
  /** ISO 8601 with offset. */
  publishedTime?: string | undefined;
  modifiedTime?: string | undefined;
  section?: string | undefined;
  tags?: readonly string[] | undefined;
}

/** `ar-LY` → `ar_LY` (OpenGraph's locale form, language_TERRITORY). */
export function ogLocale(locale: string): string {
  const l = new Intl.Locale(locale);
  return l.region ? `${l.language}_${l.region}` : l.language;
}

/** `<link rel="alternate">` to the site's RSS, Atom and JSON feeds, and to the page's own feeds. */
export function FeedLinks({ ctx, scoped }: { ctx: ViewContext; scoped?: ScopedFeeds | undefined }) {
  const { t } = ctx;
  const name = isolateBidi(ctx.site.settings.site_name);
  return (
    <>
      {scoped ? (
        <>
          <link rel="alternate" type="application/rss+xml" title={fill(t.feedRss, { name: isolateBidi(scoped.name) })} href={absoluteUrl(ctx.publicUrl, scoped.rss)} />
          <link rel="alternate" type="application/atom+xml" title={fill(t.feedAtom, { name: isolateBidi(scoped.name) })} href={absoluteUrl(ctx.publicUrl, scoped.atom)} />
        </>
      ) : (
        ''
      )}
      <link rel="alternate" type="application/rss+xml" title={fill(t.feedRss, { name })} href={absoluteUrl(ctx.publicUrl, feedUrls.site('rss'))} />
      <link rel="alternate" type="application/atom+xml" title={fill(t.feedAtom, { name })} href={absoluteUrl(ctx.publicUrl, feedUrls.site('atom'))} />
      <link rel="alternate" type="application/feed+json" title={fill(t.feedJson, { name })} href={absoluteUrl(ctx.publicUrl, feedUrls.site('json'))} />
    </>
  );
}

/** OpenGraph and Twitter card tags. */
export function ShareMeta({ ctx, title, description, share }: { ctx: ViewContext; title: string; description?: string | undefined; share: ShareInfo }) {
  const { settings } = ctx.site;
  const image = share.image ?? logoUrl(ctx.site, ctx.publicUrl);
  const large = Boolean(share.image);
  return (
    <>
      <meta property="og:site_name" content={settings.site_name} />
      <meta property="og:locale" content={ogLocale(settings.locale)} />
      <meta property="og:type" content={share.type} />
      <meta property="og:title" content={title} />
      {description ? <meta property="og:description" content={description} /> : ''}
      {share.url ? <meta property="og:url" content={share.url} /> : ''}
      <meta property="og:image" content={image} />
      {share.imageAlt ? <meta property="og:image:alt" content={share.imageAlt} /> : ''}
      {share.publishedTime ? <meta property="article:published_time" content={share.publishedTime} /> : ''}
      {share.modifiedTime ? <meta property="article:modified_time" content={share.modifiedTime} /> : ''}
      {share.section ? <meta property="article:section" content={share.section} /> : ''}
      {(share.tags ?? []).map((tag) => (
        <meta property="article:tag" content={tag} />
      ))}
      <meta name="twitter:card" content={large ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      {description ? <meta name="twitter:description" content={description} /> : ''}
      <meta name="twitter:image" content={image} />
      {share.imageAlt ? <meta name="twitter:image:alt" content={share.imageAlt} /> : ''}
    </>
  );
}

/** JSON-LD data blocks. */
export function JsonLdScripts({ data }: { data: readonly JsonLd[] }) {
  return (
    <>
      {data.map((node) => {
        // Script-safe by construction: `<`, `>` and `&` are \u-escaped (jsonLdText).
        const safeJson = jsonLdText(node);
        return <script type="application/ld+json">{safeJson}</script>;
      })}
    </>
  );
}
