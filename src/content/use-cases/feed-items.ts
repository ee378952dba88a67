/**
 * Feed items into articles: each new item becomes one article with its
 * source credit (outlet + original URL), or joins the story of a
 * near-duplicate from another outlet; an item seen again (same GUID, or the
 * same canonical URL) is not added twice, and one whose text changed
 * updates its article with a revision (no user: the feed changed it).
 * docs/adr/017-near-duplicate-stories.md.
 */
import type { Clock } from '../../core/clock.ts';
import { sha256Hex } from '../../core/hash.ts';
import type { FeedEntry } from '../../ingest/feed-parse.ts';
import type { FeedItem, FeedSource } from '../../ingest/feed-types.ts';
import {
  bandKeys,
  decodeSignature,
  encodeSignature,
  minhash,
  openingsAgree,
  SAME_STORY_SCORE,
  SAME_STORY_THRESHOLD,
  similarity,
  type StoryTexts,
  storyScore,
} from '../../ingest/near-duplicate.ts';
import { bodyText, excerptFromBody, sanitizeBody } from '../body-html.ts';
import type { Repos, Store } from '../repos.ts';
import { changedFields, recordEvent, recordRevision, snapshotOf } from './article-save.ts';
import { checkTitle, createArticle } from './create-article.ts';
import { findImported, importKey, legacyImportKey } from './import-article.ts';

/** How far apart two outlets' items about one story may be published, ms. */
export const STORY_WINDOW_MS = 2 * 86_400_000;

/** What became of one entry. */
export type EntryOutcome = 'created' | 'joined' | 'updated' | 'unchanged' | 'duplicate' | 'skipped';

/** Counts and report lines of {@link ingestEntries}. */
export interface IngestReport {
  created: number;
  joined: number;
  updated: number;
  unchanged: number;
  duplicate: number;
  skipped: number;
  /** One line per flagged or skipped item (English, for the source's error log and the CLI). */
  problems: string[];
  /** Ids of articles created or updated (their read-also lists want refreshing). */
  article_ids: number[];
}

/** The canonical form of an item's URL: fragment and tracking parameters dropped, or null. */
export function canonicalItemUrl(url: string | null): string | null {
  if (!url) return null;
  const key = importKey(url, '', '');
  return key.startsWith('url:') ? key.slice(4) : null;
}

/** A feed item stored under the canonical form of `rawUrl` that {@link legacyImportKey} gave (before escapes were made uniform), if it differs from `url`. */
async function itemByLegacyUrl(repos: Repos, rawUrl: string | null, url: string): Promise<FeedItem | undefined> {
  const legacy = legacyImportKey(rawUrl, '', '');
  return legacy.startsWith('url:') && legacy.slice(4) !== url ? repos.feeds.itemByUrl(legacy.slice(4)) : undefined;
}

/** The text a near-duplicate signature is computed from. */
export function storyText(title: string, bodyHtml: string): string {
  return `${title}\n${bodyText(bodyHtml)}`;
}

/**
 * What a joined item's own article would be made of, kept with the item
 * (`feed_items.entry`, JSON) so that an editor can split it out of a wrongly
 * grouped story (`story-split.ts`). `url` is the link as the feed gave it (the credit).
 */
export interface StoryItemEntry {
  url: string | null;
  html: string;
  published_at: string;
  published_at_precision: 'day' | 'second';
  author: string | null;
  image_url: string | null;
  category_id: number;
}

function storyItemEntry(source: FeedSource, entry: FeedEntry, publishedAt: string): string {
  const kept: StoryItemEntry = {
    url: entry.url,
    html: entry.html,
    published_at: publishedAt,
    published_at_precision: entry.published_at === null ? 'second' : entry.published_at_precision,
    author: entry.author,
    image_url: entry.image_url,
    category_id: categoryOf(source, entry),
  };
  return JSON.stringify(kept);
}

function categoryOf(source: FeedSource, entry: FeedEntry): number {
  for (const c of entry.categories) {
    const id = source.category_map[c.trim().toLowerCase()];
    if (id !== undefined) return id;
  }
  return source.default_category_id;
}

/**
 * The article of another outlet whose text is the same story, if any, and
 * that this item may join: only a published article, and only from a source
 * in publish mode. A story's members show as sources on the article's public
 * page (the one place an editor sees a story), so joining a draft would hide
 * a publish-mode item until someone publishes another outlet's text, and a
 * draft-mode item joining a published article would put its credit online
 * unreviewed; either way the item becomes its own article (docs/adr/017).
 * Of the candidates that pass {@link storyScore}, the opening check
 * ({@link openingsAgree}) drops those that only share an affair's vocabulary.
 */
async function sameStory(repos: Repos, source: FeedSource, sig: Uint32Array, publishedAt: string, texts: StoryTexts): Promise<number | undefined> {
  if (source.mode !== 'publish') return undefined;
  const t = Date.parse(publishedAt);
  const from = new Date(t - STORY_WINDOW_MS).toISOString();
  const to = new Date(t + STORY_WINDOW_MS).toISOString();
  const scored: Array<{ id: number; score: number }> = [];
  for (const c of await repos.feeds.candidates(bandKeys(sig), from, to)) {
    if (c.outlet_name === source.outlet_name) continue;
    const score = storyScore(sig, publishedAt, decodeSignature(c.signature), c.published_at);
    if (score >= SAME_STORY_SCORE) scored.push({ id: c.article_id, score });
  }
  // Best first; the article is read only for candidates that pass the score.
  scored.sort((a, b) => b.score - a.score || a.id - b.id);
  for (const { id } of scored) {
    const article = await repos.articles.findById(id);
    if (article?.status !== 'published') continue;
    if (openingsAgree(texts, { headline: article.title, text: storyText(article.title, article.body) })) return id;
  }
  return undefined;
}

/** Applies a changed headline/body from the feed to the article, with a revision without user. */
async function updateFromFeed(repos: Repos, articleId: number, title: string, body: string, at: string): Promise<boolean> {
  const article = await repos.articles.findById(articleId);
  if (!article) return false;
  const before = await snapshotOf(repos, article);
  const clean = sanitizeBody(body);
  const derived = before.excerpt === excerptFromBody(before.body);
  const after = { ...before, title: checkTitle(title), body: clean, excerpt: derived ? excerptFromBody(clean) : before.excerpt };
  if (changedFields(before, after).length === 0) return false;
  const latest = await repos.revisions.latestNumber(articleId);
  await repos.articles.update(articleId, { title: after.title, body: after.body, excerpt: after.excerpt, updated_at: at });
  const stored = await repos.articles.findById(articleId);
  if (!stored) return false;
  await repos.index.sync(stored, before.tags);
  await recordRevision(repos, { before, beforeArticle: article, after, article_id: articleId, latest, user_id: null, action: 'update', at });
  if (article.status === 'published') await recordEvent(repos, 'article.updated', articleId, at);
  return true;
}

/**
 * Whether an entry that kept a known item's GUID under another link is that
 * item corrected (same headline, or a text close to its article's) rather
 * than another story given the same GUID by a broken feed.
 */
async function sameItem(repos: Repos, known: FeedItem, title: string, html: string): Promise<boolean> {
  if (known.title === title) return true;
  const article = known.article_id === null ? undefined : await repos.articles.findById(known.article_id);
  if (!article) return false;
  const [a, b] = [minhash(storyText(article.title, article.body)), minhash(storyText(title, html))];
  return a !== undefined && b !== undefined && similarity(a, b) >= SAME_STORY_THRESHOLD;
}

/**
 * The content hash of a feed item as stored (`feed_items.content_hash`): SHA-256
 * hex of the trimmed headline, a line break, and the item's HTML. Equal hashes
 * mean the item's text has not changed since it was stored.
 */
export function itemContentHash(title: string, html: string): string {
  return sha256Hex(`${title.trim()}\n${html}`);
}

async function ingestOne(repos: Repos, source: FeedSource, entry: FeedEntry, now: string, report: IngestReport, label: string): Promise<EntryOutcome> {
  const title = entry.title.trim();
  if (!/[\p{L}\p{N}]/u.test(title)) {
    report.problems.push(`${label}: no headline; skipped`);
    return 'skipped';
  }
  const url = canonicalItemUrl(entry.url);
  const hash = itemContentHash(title, entry.html);
  // The GUID is the item's identity: its link may change (a correction, other tracking parameters) without making it another item.
  let guid = entry.guid;
  let known = await repos.feeds.itemByGuid(source.id, guid);
  // Stored links are compared re-canonicalized: those stored before escapes were made uniform differ only in spelling.
  if (known && url !== null && known.url !== null && canonicalItemUrl(known.url) !== url && !(await sameItem(repos, known, title, entry.html))) {
    // One GUID for two different stories (a feed bug): the second is kept as an item of its own, under the GUID and its link.
    const first = known.url;
    guid = `${entry.guid} ${url}`;
    known = await repos.feeds.itemByGuid(source.id, guid);
    if (!known) report.problems.push(`${label}: GUID ${entry.guid} already names another story (${first}); kept as a separate item`);
  }
  known ??= url ? ((await repos.feeds.itemByUrl(url)) ?? (await itemByLegacyUrl(repos, entry.url, url))) : undefined;
  if (known) {
    if (known.source_id !== source.id || known.guid !== guid) {
      // The same link under another GUID or from another feed: remember it under this one too.
      const { id: _id, ...copy } = known;
      await repos.feeds.insertItem({ ...copy, source_id: source.id, guid, fetched_at: now, updated_at: now, outlet_name: source.outlet_name });
      return 'duplicate';
    }
    const knownUrl = canonicalItemUrl(known.url);
    const moved = url !== null && url !== knownUrl;
    if (known.content_hash === hash && !moved) return 'unchanged';
    // Only the item an article was made from rewrites it (its stored link is the article's); a story's other items just note the change.
    const article = known.article_id === null ? undefined : await repos.articles.findById(known.article_id);
    const lead = article !== undefined && known.story_id === null && canonicalItemUrl(article.source_url) === knownUrl;
    let changed = false;
    if (lead && known.content_hash !== hash && (await updateFromFeed(repos, article.id, title, entry.html, now))) changed = true;
    if (lead && moved && entry.url) {
      // A corrected link: the credit follows it (the import key keeps the first link, which still finds the article).
      await repos.articles.update(article.id, { source_url: entry.url, updated_at: now });
      changed = true;
    }
    if (changed && article) report.article_ids.push(article.id);
    // A story member's kept text follows the feed too, so that splitting it out gives its latest text.
    const kept = known.story_id !== null && known.entry !== null ? { entry: storyItemEntry(source, entry, (JSON.parse(known.entry) as StoryItemEntry).published_at) } : {};
    await repos.feeds.updateItem(known.id, { content_hash: hash, title, url: url ?? known.url, updated_at: now, ...kept });
    // "updated" means an article changed: a story member's new text or a link that only moved in the bookkeeping is not counted.
    return changed ? 'updated' : 'unchanged';
  }

  const published_at = entry.published_at ?? now;
  if (entry.published_at === null) report.problems.push(`${label}: ${entry.date_flag ?? 'no date'}; dated at fetch time`);
  else if (entry.date_flag) report.problems.push(`${label}: ${entry.date_flag}`);
  const key = importKey(entry.url, title, entry.html);
  const item = { source_id: source.id, guid, url, title, outlet_name: source.outlet_name, content_hash: hash, fetched_at: now, updated_at: now };
  const existing = (await repos.articles.findByImportKey(key)) ?? (await findImported(repos, entry.url, title, entry.html));
  if (existing) {
    await repos.feeds.insertItem({ ...item, article_id: existing.id, story_id: null });
    return 'duplicate';
  }
  const text = storyText(title, entry.html);
  const sig = minhash(text);
  const match = sig ? await sameStory(repos, source, sig, published_at, { headline: title, text }) : undefined;
  if (match !== undefined) {
    const story = await repos.feeds.storyOf(match, now);
    await repos.feeds.insertItem({ ...item, article_id: match, story_id: story, entry: storyItemEntry(source, entry, published_at) });
    return 'joined';
  }
  const status = source.mode === 'draft' ? 'draft' : published_at > now ? 'scheduled' : 'published';
  const article = await createArticle(repos, { now: () => new Date(now) }, {
    title,
    body: entry.html,
    status,
    published_at,
    published_at_precision: entry.published_at === null ? 'second' : entry.published_at_precision,
    category_id: categoryOf(source, entry),
    author_name: entry.author,
    source_name: source.outlet_name,
    source_url: entry.url,
    featured_image_url: entry.image_url,
    import_key: key,
  });
  await repos.feeds.insertItem({ ...item, article_id: article.id, story_id: null });
  if (sig) await repos.feeds.addSignature({ article_id: article.id, outlet_name: source.outlet_name, published_at, signature: encodeSignature(sig) }, bandKeys(sig));
  report.article_ids.push(article.id);
  return 'created';
}

/** Items written per transaction by {@link ingestEntriesInBatches}: the write lock is held for a few items at a time (~25 ms each), never a whole feed. */
export const INGEST_BATCH_SIZE = 5;

/** A report with nothing counted yet. */
export function emptyIngestReport(): IngestReport {
  return { created: 0, joined: 0, updated: 0, unchanged: 0, duplicate: 0, skipped: 0, problems: [], article_ids: [] };
}

/** Entries `from`… of a feed, each in its own savepoint of the caller's transaction, counted into `report`. */
async function ingestRange(repos: Repos, now: string, source: FeedSource, entries: readonly FeedEntry[], from: number, report: IngestReport): Promise<void> {
  for (const [j, entry] of entries.entries()) {
    const label = `item ${from + j + 1} (${entry.url ?? entry.guid})`;
    try {
      const outcome = await repos.savepoint(() => ingestOne(repos, source, entry, now, report, label));
      report[outcome]++;
    } catch (err) {
      report.skipped++;
      report.problems.push(`${label}: ${(err as Error).message}`);
    }
  }
}

/**
 * Takes a feed's entries into the store, each in its own savepoint of the
 * caller's transaction: an entry that fails (a headline over the length
 * limit…) is reported and skipped, the others land.
 */
export async function ingestEntries(repos: Repos, clock: Clock, source: FeedSource, entries: readonly FeedEntry[]): Promise<IngestReport> {
  const report = emptyIngestReport();
  await ingestRange(repos, clock.now().toISOString(), source, entries, 0, report);
  return report;
}

/**
 * Takes a feed's entries into the store in transactions of `batchSize`
 * entries, each entry in its own savepoint (a failing entry writes nothing and
 * is reported; the others land), so readers and other writers wait at most
 * one batch, not a whole feed. A crash between batches leaves the earlier
 * batches stored: polling again finds them by GUID/URL and adds nothing twice.
 * Counts go into `report` as each batch commits, so a caller still has them
 * when a later batch's transaction fails.
 *
 * @throws whatever the store throws when a transaction cannot begin or commit
 *   (the lock waited out `busy_timeout`…): that batch wrote nothing.
 */
export async function ingestEntriesInBatches(
  store: Store,
  clock: Clock,
  source: FeedSource,
  entries: readonly FeedEntry[],
  report: IngestReport = emptyIngestReport(),
  batchSize = INGEST_BATCH_SIZE,
): Promise<IngestReport> {
  const now = clock.now().toISOString();
  const size = Math.max(1, Math.floor(batchSize));
  for (let from = 0; from < entries.length; from += size) {
    // Counted into a scratch report first: a batch whose commit fails must not count as stored.
    const batch = emptyIngestReport();
    await store.transaction((repos) => ingestRange(repos, now, source, entries.slice(from, from + size), from, batch));
    for (const k of ['created', 'joined', 'updated', 'unchanged', 'duplicate', 'skipped'] as const) report[k] += batch[k];
    report.problems.push(...batch.problems);
    report.article_ids.push(...batch.article_ids);
  }
  return report;
}
