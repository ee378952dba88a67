/**
 * Managing feed sources (admin and `jarida source`): add, edit, list, remove,
 * poll now, with their error log. Errors carry `details.field` (the input at
 * fault) and `details.reason` (a message key of the back office), so the
 * admin shows each one beside its field and the CLI prints the message.
 */
import type { Clock } from '../../core/clock.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { checkFetchUrl } from '../../ingest/fetch-guard.ts';
import { backoffSeconds, type FeedPollDeps, pollSources, type PollResult } from '../../ingest/feed-poller.ts';
import { FEED_MODES, type FeedMode, type FeedSource, type FeedSourceError } from '../../ingest/feed-types.ts';
import type { CategoryTree } from '../category-tree.ts';
import type { Repos, Store } from '../repos.ts';
import { cleanLine } from '../text-fields.ts';
import { loadSite } from './site.ts';

/** Shortest poll interval, s: outlets rate-limit faster pollers. */
export const MIN_POLL_INTERVAL_S = 60;
/** Longest poll interval, s (7 days): a longer one is a typo, and a source polled less often is better removed. */
export const MAX_POLL_INTERVAL_S = 7 * 86_400;
/** Poll interval of a source added without one, s. */
export const DEFAULT_POLL_INTERVAL_S = 900;
/** Longest outlet name, characters (it is printed in every credit line). */
export const MAX_OUTLET_NAME = 200;

/** A category as the use cases take it: a menu path of names or slugs (`عربي/الخليج العربي`), or its id. */
export type CategoryRef = string | number;

/** A new source. */
export interface NewFeedSource {
  url: string;
  outlet_name: string;
  default_category: CategoryRef;
  /** Feed category → category (matched trimmed and case-insensitively). */
  category_map?: Readonly<Record<string, CategoryRef>> | undefined;
  /** Seconds between polls, from {@link MIN_POLL_INTERVAL_S} to {@link MAX_POLL_INTERVAL_S}; a fraction (minutes typed as 1.01) is rounded to whole seconds. */
  poll_interval_s?: number | undefined;
  mode?: FeedMode | undefined;
  fetch_full_text?: boolean | undefined;
}

/** Changes to a source: the fields given replace the stored ones (`category_map` as a whole). */
export type FeedSourceChanges = Partial<NewFeedSource>;

/** The settings of a source an editor chooses, checked. */
type SourceSettings = Pick<FeedSource, 'url' | 'outlet_name' | 'default_category_id' | 'category_map' | 'poll_interval_s' | 'mode' | 'fetch_full_text'>;

function findCategory(categories: CategoryTree, ref: CategoryRef, field: string): number {
  const node = typeof ref === 'number' ? categories.get(ref) : categories.findByNamePath(ref);
  if (!node) {
    const reason = field === 'category_map' ? 'source_map_category_unknown' : 'source_category_unknown';
    throw invalid(`${field}: no category ${JSON.stringify(String(ref))}`, { field, reason, path: String(ref) });
  }
  return node.id;
}

/** Checks every setting; throws the first problem found, in the order of the form. */
async function checkSettings(repos: Repos, input: NewFeedSource, selfId: number | undefined): Promise<SourceSettings> {
  let url: string;
  try {
    url = checkFetchUrl(input.url.trim()).href;
  } catch (err) {
    throw invalid((err as Error).message, { field: 'url', reason: 'source_url_invalid' });
  }
  const outlet = cleanLine('outlet_name', input.outlet_name);
  if (!/[\p{L}\p{N}]/u.test(outlet) || outlet.length > MAX_OUTLET_NAME) {
    throw invalid(`outlet_name must hold letters or digits, at most ${MAX_OUTLET_NAME} characters`, { field: 'outlet_name', reason: 'source_outlet_invalid', max: MAX_OUTLET_NAME });
  }
  const { categories } = await loadSite(repos);
  const default_category_id = findCategory(categories, input.default_category, 'default_category');
  const category_map = Object.create(null) as Record<string, number>;
  for (const [k, ref] of Object.entries(input.category_map ?? {})) {
    const key = k.trim().toLowerCase();
    if (key === '') throw invalid('category_map: a feed category is empty', { field: 'category_map', reason: 'source_map_syntax', line: 0 });
    category_map[key] = findCategory(categories, ref, 'category_map');
  }
  const requested = input.poll_interval_s ?? DEFAULT_POLL_INTERVAL_S;
  if (!Number.isFinite(requested) || requested < MIN_POLL_INTERVAL_S) {
    throw invalid(`poll_interval_s must be a number of seconds ≥ ${MIN_POLL_INTERVAL_S}`, { field: 'poll_interval_s', reason: 'source_interval_invalid', min_s: MIN_POLL_INTERVAL_S });
  }
  if (requested > MAX_POLL_INTERVAL_S) {
    throw invalid(`poll_interval_s must be at most ${MAX_POLL_INTERVAL_S} seconds (7 days)`, { field: 'poll_interval_s', reason: 'source_interval_too_long', max_s: MAX_POLL_INTERVAL_S });
  }
  // Minutes typed with decimals (1.01) are a fraction of a second off whole seconds; the poller counts whole ones.
  const interval = Math.round(requested);
  const mode = input.mode ?? 'draft';
  if (!FEED_MODES.includes(mode)) throw invalid(`mode must be one of ${FEED_MODES.join(', ')}`, { field: 'mode', reason: 'source_mode_invalid' });
  const holder = await repos.feeds.sourceByUrl(url);
  if (holder && holder.id !== selfId) throw invalid(`a source with URL ${url} exists already`, { field: 'url', reason: 'source_url_taken' });
  return { url, outlet_name: outlet, default_category_id, category_map, poll_interval_s: interval, mode, fetch_full_text: input.fetch_full_text ?? false };
}

/**
 * Reads a category mapping written one pair a line, `feed category = menu
 * path` (blank lines skipped; the first `=` splits, as `--map` of the CLI does).
 * @throws JaridaError `VALIDATION` (`field: 'category_map'`, `reason: 'source_map_syntax'`, `line`: 1-based) for a line without `=` or with an empty side;
 *   `reason: 'source_map_duplicate'` (`line`) for a feed category already mapped on an earlier line (which line should win is the editor's call, not ours).
 */
export function parseCategoryMap(text: string): Record<string, string> {
  const map = Object.create(null) as Record<string, string>; // a feed category named `__proto__` is just a name
  for (const [i, raw] of text.split(/\r\n|\r|\n/u).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    const path = eq < 0 ? '' : line.slice(eq + 1).trim();
    if (key === '' || path === '') {
      throw invalid(`category_map line ${i + 1}: want "feed category = menu path", got ${JSON.stringify(line)}`, { field: 'category_map', reason: 'source_map_syntax', line: i + 1 });
    }
    if (Object.hasOwn(map, key)) {
      throw invalid(`category_map line ${i + 1}: ${JSON.stringify(key)} is already mapped on an earlier line`, { field: 'category_map', reason: 'source_map_duplicate', line: i + 1 });
    }
    map[key] = path;
  }
  return map;
}

/**
 * A source's category mapping written back as {@link parseCategoryMap} reads
 * it, each category as its path of names (a name holding `/` by its slug).
 */
export function formatCategoryMap(source: Pick<FeedSource, 'category_map'>, categories: CategoryTree): string {
  return Object.entries(source.category_map)
    .map(([key, id]) => `${key} = ${categoryPathText(categories, id)}`)
    .join('\n');
}

/** A category's menu path as the source forms take it: names, or the slug of a name holding `/`. */
export function categoryPathText(categories: CategoryTree, id: number): string {
  return categories
    .ancestry(id)
    .map((c) => (c.name.includes('/') ? c.slug : c.name))
    .join('/');
}

/**
 * Adds a source, due for polling at once.
 * @throws JaridaError `VALIDATION` (bad or taken URL, empty outlet, unknown category, bad interval or mode).
 */
export async function addFeedSource(store: Store, clock: Clock, input: NewFeedSource): Promise<FeedSource> {
  return store.transaction(async (repos) => {
    const settings = await checkSettings(repos, input, undefined);
    const now = clock.now().toISOString();
    const row = { ...settings, etag: null, last_modified: null, next_poll_at: now, last_polled_at: null, last_status: null, failures: 0, created_at: now };
    const id = await repos.feeds.insertSource(row);
    return { id, ...row };
  });
}

/**
 * Changes a source's settings; nothing is written when any of them is refused.
 * A new URL is another feed: its validators and failure count are reset and it
 * is due at once. A new interval reschedules the next poll from the last one
 * (with the backoff of its current failures).
 * @throws JaridaError `NOT_FOUND` (no such source), `VALIDATION` (as {@link addFeedSource}).
 */
export async function updateFeedSource(store: Store, clock: Clock, idOrUrl: string | number, changes: FeedSourceChanges): Promise<FeedSource> {
  return store.transaction(async (repos) => {
    const before = await findIn(repos, idOrUrl);
    const settings = await checkSettings(
      repos,
      {
        url: changes.url ?? before.url,
        outlet_name: changes.outlet_name ?? before.outlet_name,
        default_category: changes.default_category ?? before.default_category_id,
        category_map: changes.category_map ?? before.category_map,
        poll_interval_s: changes.poll_interval_s ?? before.poll_interval_s,
        mode: changes.mode ?? before.mode,
        fetch_full_text: changes.fetch_full_text ?? before.fetch_full_text,
      },
      before.id,
    );
    const now = clock.now().toISOString();
    const patch: Partial<Omit<FeedSource, 'id'>> = { ...settings };
    if (settings.url !== before.url) {
      Object.assign(patch, { etag: null, last_modified: null, failures: 0, next_poll_at: now });
    } else if (settings.poll_interval_s !== before.poll_interval_s && before.last_polled_at !== null) {
      patch.next_poll_at = new Date(Date.parse(before.last_polled_at) + backoffSeconds(settings.poll_interval_s, before.failures) * 1000).toISOString();
    }
    await repos.feeds.updateSource(before.id, patch);
    return { ...before, ...patch };
  });
}

/** Every source, by id. */
export async function listFeedSources(store: Store): Promise<FeedSource[]> {
  return store.feeds.listSources();
}

async function findIn(repos: Repos, idOrUrl: string | number): Promise<FeedSource> {
  const source = typeof idOrUrl === 'number' || /^\d+$/u.test(idOrUrl) ? await repos.feeds.sourceById(Number(idOrUrl)) : await repos.feeds.sourceByUrl(idOrUrl);
  if (!source) throw notFound(`no feed source ${JSON.stringify(String(idOrUrl))}`);
  return source;
}

/** A source by id or URL. @throws JaridaError `NOT_FOUND`. */
export async function findFeedSource(store: Store, idOrUrl: string | number): Promise<FeedSource> {
  return findIn(store, idOrUrl);
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

/** One source polled now, with what came of it. */
export interface PolledSource {
  source: FeedSource;
  result: PollResult;
}

/**
 * Polls the named sources now (every source when `idsOrUrls` is empty), at
 * most `concurrency` at a time, through the poller the server runs: the
 * CLI's `jarida source poll` and the admin's "poll now". A feed's failure is
 * in its result and log, never thrown.
 * @throws JaridaError `NOT_FOUND` when a named source does not exist (nothing is polled then).
 */
export async function pollFeedSourcesNow(deps: FeedPollDeps, idsOrUrls: ReadonlyArray<string | number>, concurrency: number): Promise<PolledSource[]> {
  const sources = idsOrUrls.length > 0 ? await Promise.all(idsOrUrls.map((r) => findFeedSource(deps.store, r))) : await listFeedSources(deps.store);
  const results = await pollSources(deps, sources, concurrency);
  return sources.map((source, i) => ({ source, result: results[i] as PollResult }));
}
