import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { addFeedSource, feedSourceErrors, findFeedSource, listFeedSources, pollFeedSourcesNow, removeFeedSource, updateFeedSource } from '../content/use-cases/feed-sources.ts';
import { ensureDefaultSite } from '../content/use-cases/site.ts';
import { joinedItemsOfSource, splitStoryItem } from '../content/use-cases/story-split.ts';
import type { FeedMode } from '../ingest/feed-types.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import type { CommandIO } from './import-command.ts';

const USAGE = `usage:
  jarida source add <feed url> --outlet NAME --category PATH [--map feedcat=PATH]... [--interval SECONDS] [--mode draft|publish] [--full-text]
  jarida source edit <id or url> [--url URL] [--outlet NAME] [--category PATH] [--map feedcat=PATH]... [--no-map] [--interval SECONDS] [--mode draft|publish] [--full-text | --no-full-text]
  jarida source list
  jarida source remove <id or url>
  jarida source poll [<id or url>...]     poll now (all sources when none is named)
  jarida source errors <id or url>        the source's error log, newest first
  jarida source joined <id or url>        the source's items grouped into other outlets' stories (item id first)
  jarida source split <item id>           take a wrongly grouped item out of its story: it becomes its own article`;

/**
 * `jarida source …`: manages feed sources and polls them. Returns the exit
 * code (0 done, 1 a poll failed, 2 usage error).
 */
export async function sourceCommand(config: Config, args: readonly string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || !['add', 'edit', 'list', 'remove', 'poll', 'errors', 'joined', 'split'].includes(sub)) {
    io.err(USAGE);
    return 2;
  }
  const store = await openSqliteStore(config.dbFile);
  try {
    await ensureDefaultSite(store, systemClock);
    switch (sub) {
      case 'add': {
        const parsed = parseSourceOptions(rest);
        if (typeof parsed === 'string') {
          io.err(parsed);
          return 2;
        }
        const { values, positionals, category_map } = parsed;
        if (positionals.length !== 1 || !values.outlet || !values.category || values.url !== undefined || values['no-map'] || values['no-full-text']) {
          io.err(USAGE);
          return 2;
        }
        const source = await addFeedSource(store, systemClock, {
          url: positionals[0] as string,
          outlet_name: values.outlet,
          default_category: values.category,
          category_map,
          poll_interval_s: values.interval === undefined ? undefined : Number(values.interval),
          mode: values.mode as FeedMode | undefined,
          fetch_full_text: values['full-text'] ?? false,
        });
        io.out(`added source ${source.id}: ${source.url} (${source.outlet_name}, ${source.mode}, every ${source.poll_interval_s} s)`);
        return 0;
      }
      case 'edit': {
        const parsed = parseSourceOptions(rest);
        if (typeof parsed === 'string') {
          io.err(parsed);
          return 2;
        }
        const { values, positionals, category_map } = parsed;
        if (positionals.length !== 1 || (values['full-text'] && values['no-full-text']) || (values['no-map'] && values.map)) {
          io.err(USAGE);
          return 2;
        }
        const source = await updateFeedSource(store, systemClock, positionals[0] as string, {
          url: values.url,
          outlet_name: values.outlet,
          default_category: values.category,
          category_map: values['no-map'] ? {} : values.map ? category_map : undefined,
          poll_interval_s: values.interval === undefined ? undefined : Number(values.interval),
          mode: values.mode as FeedMode | undefined,
          fetch_full_text: values['full-text'] ? true : values['no-full-text'] ? false : undefined,
        });
        io.out(`saved source ${source.id}: ${source.url} (${source.outlet_name}, ${source.mode}, every ${source.poll_interval_s} s${source.fetch_full_text ? ', full text' : ''})`);
        return 0;
      }
      case 'list': {
        for (const s of await listFeedSources(store)) {
          io.out(`${s.id}\t${s.url}\t${s.outlet_name}\t${s.mode}\tevery ${s.poll_interval_s} s\tlast: ${s.last_status ?? 'never'}${s.failures > 0 ? ` (${s.failures} failures)` : ''}\tnext: ${s.next_poll_at}`);
        }
        return 0;
      }
      case 'remove': {
        if (rest.length !== 1) {
          io.err(USAGE);
          return 2;
        }
        const s = await removeFeedSource(store, rest[0] as string);
        io.out(`removed source ${s.id}: ${s.url}`);
        return 0;
      }
      case 'errors': {
        if (rest.length !== 1) {
          io.err(USAGE);
          return 2;
        }
        const s = await findFeedSource(store, rest[0] as string);
        for (const e of await feedSourceErrors(store, s.id)) io.out(`${e.occurred_at}\t${e.code}\t${e.message}`);
        return 0;
      }
      case 'joined': {
        if (rest.length !== 1) {
          io.err(USAGE);
          return 2;
        }
        const s = await findFeedSource(store, rest[0] as string);
        const joined = await joinedItemsOfSource(store, s.id);
        if (joined.length === 0) io.out(`no item of source ${s.id} has joined another outlet's story`);
        for (const j of joined) {
          io.out(`${j.item.id}\t${j.item.title}\tin the story of article ${j.story_article?.id ?? '?'}${j.splittable ? '' : '\t(joined before texts were kept: cannot be split)'}`);
        }
        return 0;
      }
      case 'split': {
        if (rest.length !== 1 || !/^[1-9]\d{0,15}$/u.test(rest[0] as string)) {
          io.err(USAGE);
          return 2;
        }
        const split = await splitStoryItem(store, systemClock, Number(rest[0]));
        io.out(`item ${rest[0]} split from the story of article ${split.story_article_id}: now article ${split.article.id} (${split.article.status})`);
        return 0;
      }
      default: {
        const polled = await pollFeedSourcesNow({ store, clock: systemClock, fetch: config.fetch }, rest, config.feeds.concurrency);
        let failed = 0;
        for (const { source: s, result: r } of polled) {
          if (r.status === 'error') {
            failed++;
            io.err(`source ${r.source_id} (${s.url}): ${r.error}`);
          } else if (r.status === 'not_modified') io.out(`source ${r.source_id}: not modified`);
          else {
            const rep = r.report;
            io.out(`source ${r.source_id}: ${rep?.created ?? 0} new, ${rep?.joined ?? 0} joined a story, ${rep?.updated ?? 0} updated, ${rep?.unchanged ?? 0} unchanged, ${rep?.duplicate ?? 0} duplicate, ${rep?.skipped ?? 0} skipped`);
            for (const p of rep?.problems ?? []) io.err(`  ${p}`);
          }
        }
        return failed > 0 ? 1 : 0;
      }
    }
  } finally {
    await store.close();
  }
}

/** Options of `add` and `edit`, with the `--map` pairs read; a string is a usage error to print. */
function parseSourceOptions(args: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      outlet: { type: 'string' },
      category: { type: 'string' },
      map: { type: 'string', multiple: true },
      'no-map': { type: 'boolean' },
      interval: { type: 'string' },
      mode: { type: 'string' },
      'full-text': { type: 'boolean' },
      'no-full-text': { type: 'boolean' },
    },
  });
  const category_map: Record<string, string> = {};
  for (const m of values.map ?? []) {
    const eq = m.indexOf('=');
    if (eq <= 0) return `jarida source: --map wants feedcategory=PATH, got ${JSON.stringify(m)}`;
    category_map[m.slice(0, eq)] = m.slice(eq + 1);
  }
  return { values, positionals, category_map };
}
