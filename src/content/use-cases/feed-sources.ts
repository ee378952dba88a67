/** Managing feed sources (admin and `jarida source`): add, list, remove, with their error log. */
import type { Clock } from '../../core/clock.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { checkFetchUrl } from '../../ingest/fetch-guard.ts';
import { FEED_MODES, type FeedMode, type FeedSource, type FeedSourceError } from '../../ingest/feed-types.ts';
import type { Store } from '../repos.ts';
import { loadSite } from './site.ts';

/** Shortest poll interval, s: outlets rate-limit faster pollers. */
export const MIN_POLL_INTERVAL_S = 60;

/** A new source. Category paths are menu paths of names or slugs (`عربي/الخليج العربي`). */
export interface NewFeedSource {
  url: string;
  outlet_name: string;
  default_category: string;
  /** Feed category → menu path. */
  category_map?: Readonly<Record<string, string>> | undefined;
  poll_interval_s?: number | undefined;
  mode?: FeedMode | undefined;
  fetch_full_text?: boolean | undefined;
}

/**
 * Adds a source, due for polling at once.
 * @throws JaridaError `VALIDATION` (bad URL, empty outlet, unknown category, bad interval or mode), `CONFLICT`-free: an existing URL is `VALIDATION` too.
 */
export async function addFeedSource(store: Store, clock: Clock, input: NewFeedSource): Promise<FeedSource> {
  let url: string;
  try {
    url = checkFetchUrl(input.url.trim()).href;
  } catch (err) {
    throw invalid((err as Error).message, { field: 'url' });
  }
  const outlet = input.outlet_name.trim();
  if (outlet === '') throw invalid('outlet_name is empty', { field: 'outlet_name' });
  const interval = input.poll_interval_s ?? 900;
  if (!Number.isInteger(interval) || interval < MIN_POLL_INTERVAL_S) throw invalid(`poll_interval_s must be a whole number of seconds ≥ ${MIN_POLL_INTERVAL_S}`, { field: 'poll_interval_s' });
  const mode = input.mode ?? 'draft';
  if (!FEED_MODES.includes(mode)) throw invalid(`mode must be one of ${FEED_MODES.join(', ')}`, { field: 'mode' });
  const { categories } = await loadSite(store);
  const find = (path: string, field: string) => {
    const node = categories.findByNamePath(path);
    if (!node) throw invalid(`${field}: no category ${JSON.stringify(path)}`, { field });
    return node.id;
  };
  const default_category_id = find(input.default_category, 'default_category');
  const category_map: Record<string, number> = {};
  for (const [k, path] of Object.entries(input.category_map ?? {})) category_map[k.trim().toLowerCase()] = find(path, 'category_map');
  if (await store.feeds.sourceByUrl(url)) throw invalid(`a source with URL ${url} exists already`, { field: 'url' });
  const now = clock.now().toISOString();
  const row = {
    url,
    outlet_name: outlet,
    default_category_id,
    category_map,
    poll_interval_s: interval,
    mode,
    fetch_full_text: input.fetch_full_text ?? false,
    etag: null,
    last_modified: null,
    next_poll_at: now,
    last_polled_at: null,
    last_status: null,
    failures: 0,
    created_at: now,
  };
  const id = await store.transaction((repos) => repos.feeds.insertSource(row));
  return { id, ...row };
}

/** Every source, by id. */
export async function listFeedSources(store: Store): Promise<FeedSource[]> {
  return store.feeds.listSources();
}

/** A source by id or URL. @throws JaridaError `NOT_FOUND`. */
export async function findFeedSource(store: Store, idOrUrl: string | number): Promise<FeedSource> {
  const source = typeof idOrUrl === 'number' || /^\d+$/u.test(idOrUrl) ? await store.feeds.sourceById(Number(idOrUrl)) : await store.feeds.sourceByUrl(idOrUrl);
  if (!source) throw notFound(`no feed source ${JSON.stringify(String(idOrUrl))}`);
  return source;
}

/** Removes a source and its log; the articles it made stay. @throws JaridaError `NOT_FOUND`. */
export async function removeFeedSource(store: Store, idOrUrl: string | number): Promise<FeedSource> {
  const source = await findFeedSource(store, idOrUrl);
  await store.transaction((repos) => repos.feeds.deleteSource(source.id));
  return source;
}

/** The newest errors of a source, newest first (what editors see). */
export async function feedSourceErrors(store: Store, sourceId: number, limit = 50): Promise<FeedSourceError[]> {
  return store.feeds.errors(sourceId, limit);
}
