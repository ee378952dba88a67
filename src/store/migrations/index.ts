import type { Migration, MigrationProvider } from 'kysely';
import * as m001 from './001-initial.ts';
import * as m002 from './002-author-name-index.ts';
import * as m003 from './003-published-at-precision.ts';
import * as m004 from './004-search-index.ts';
import * as m005 from './005-article-events.ts';
import * as m006 from './006-accounts.ts';
import * as m007 from './007-article-workflow.ts';
import * as m008 from './008-webhook-deliveries.ts';
import * as m009 from './009-search-filter-index.ts';
import * as m010 from './010-media.ts';
import * as m011 from './011-feed-sources.ts';
import * as m012 from './012-redirects.ts';
import * as m013 from './013-category-in-menu.ts';
import * as m014 from './014-tag-name-index.ts';
import * as m015 from './015-feed-item-split.ts';

/** Every migration, in order. Names sort lexically; never rename a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': m001,
  '002-author-name-index': m002,
  '003-published-at-precision': m003,
  '004-search-index': m004,
  '005-article-events': m005,
  '006-accounts': m006,
  '007-article-workflow': m007,
  '008-webhook-deliveries': m008,
  '009-search-filter-index': m009,
  '010-media': m010,
  '011-feed-sources': m011,
  '012-redirects': m012,
  '013-category-in-menu': m013,
  '014-tag-name-index': m014,
  '015-feed-item-split': m015,
};

/** Static provider: migrations are bundled with the code, not discovered on disk. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
