import type { Site } from '../../content/use-cases/site.ts';
import type { Messages } from '../locales/ar.ts';
import type { ImageResolver } from '../media-routes.ts';

/** What every view gets: the site, its messages, and the current instant (for the footer year). */
export interface ViewContext {
  site: Site;
  t: Messages;
  /** Current instant, UTC ISO. */
  now: string;
  /** Cache-busting version of the static assets. */
  assetVersion: string;
  /** The site's public address without a trailing slash (config `publicUrl`), for absolute URLs in feeds, share cards and structured data. */
  publicUrl: string;
  /** Finds the media-library image behind a featured image URL, for `srcset` (absent: every image as given). */
  images?: ImageResolver;
}
