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
import type { FeedSource } from '../../ingest/feed-types.ts';
import { bandKeys, decodeSignature, encodeSignature, minhash, SAME_STORY_SCORE, storyScore } from '../../ingest/near-duplicate.ts';
import { bodyText, excerptFromBody, sanitizeBody } from '../body-html.ts';
import type { Repos } from '../repos.ts';
import { changedFields, recordEvent, recordRevision, snapshotOf } from './article-workflow.ts';
import { checkTitle, createArticle } from './create-article.ts';
import { importKey } from './import-article.ts';

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

/** The text a near-duplicate signature is computed from. */
export function storyText(title: string, bodyHtml: string): string {
  return `${title}\n${bodyText(bodyHtml)}`;
}

function categoryOf(source: FeedSource, entry: FeedEntry): number {
  for (const c of entry.categories) {
    const id = source.category_map[c.trim().toLowerCase()];
    if (id !== undefined) return id;
  }
  return source.default_category_id;
}

/** The article of another outlet whose text is the same story, if any. */
async function sameStory(repos: Repos, source: FeedSource, sig: Uint32Array, publishedAt: string): Promise<number | undefined> {
  const t = Date.parse(publishedAt);
  const from = new Date(t - STORY_WINDOW_MS).toISOString();
  const to = new Date(t + STORY_WINDOW_MS).toISOString();
  let best: { id: number; score: number } | undefined;
  for (const c of await repos.feeds.candidates(bandKeys(sig), from, to)) {
    if (c.outlet_name === source.outlet_name) continue;
    const score = storyScore(sig, publishedAt, decodeSignature(c.signature), c.published_at);
    if (score >= SAME_STORY_SCORE && (!best || score > best.score)) best = { id: c.article_id, score };
  }
  return best?.id;
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

async function ingestOne(repos: Repos, source: FeedSource, entry: FeedEntry, now: string, report: IngestReport, label: string): Promise<EntryOutcome> {
  const title = entry.title.trim();
  if (!/[\p{L}\p{N}]/u.test(title)) {
    report.problems.push(`${label}: no headline; skipped`);
    return 'skipped';
  }
  const url = canonicalItemUrl(entry.url);
  const hash = sha256Hex(`${title}\n${entry.html}`);
  const known = (await repos.feeds.itemByGuid(source.id, entry.guid)) ?? (url ? await repos.feeds.itemByUrl(url) : undefined);
  if (known) {
    if (known.source_id !== source.id || known.guid !== entry.guid) {
      // The same link under another GUID or from another feed: remember it under this one too.
      const { id: _id, ...copy } = known;
      await repos.feeds.insertItem({ ...copy, source_id: source.id, guid: entry.guid, fetched_at: now, updated_at: now, outlet_name: source.outlet_name });
      return 'duplicate';
    }
    if (known.content_hash === hash) return 'unchanged';
    // Only the item an article was made from rewrites it; a story's other items just note the change.
    const lead = known.article_id !== null && (await repos.articles.findById(known.article_id))?.source_url === entry.url;
    if (lead && known.article_id !== null && (await updateFromFeed(repos, known.article_id, title, entry.html, now))) report.article_ids.push(known.article_id);
    await repos.feeds.updateItem(known.id, { content_hash: hash, title, updated_at: now });
    return 'updated';
  }

  const published_at = entry.published_at ?? now;
  if (entry.published_at === null) report.problems.push(`${label}: ${entry.date_flag ?? 'no date'}; dated at fetch time`);
  else if (entry.date_flag) report.problems.push(`${label}: ${entry.date_flag}`);
  const key = importKey(entry.url, title, entry.html);
  const item = { source_id: source.id, guid: entry.guid, url, title, outlet_name: source.outlet_name, content_hash: hash, fetched_at: now, updated_at: now };
  const existing = await repos.articles.findByImportKey(key);
  if (existing) {
    await repos.feeds.insertItem({ ...item, article_id: existing.id, story_id: null });
    return 'duplicate';
  }
  const sig = minhash(storyText(title, entry.html));
  const match = sig ? await sameStory(repos, source, sig, published_at) : undefined;
  if (match !== undefined) {
    const story = await repos.feeds.storyOf(match, now);
    await repos.feeds.insertItem({ ...item, article_id: match, story_id: story });
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

/**
 * Takes a feed's entries into the store, each in its own savepoint of the
 * caller's transaction: an entry that fails (a headline over the length
 * limit…) is reported and skipped, the others land.
 */
export async function ingestEntries(repos: Repos, clock: Clock, source: FeedSource, entries: readonly FeedEntry[]): Promise<IngestReport> {
  const report: IngestReport = { created: 0, joined: 0, updated: 0, unchanged: 0, duplicate: 0, skipped: 0, problems: [], article_ids: [] };
  const now = clock.now().toISOString();
  for (const [i, entry] of entries.entries()) {
    const label = `item ${i + 1} (${entry.url ?? entry.guid})`;
    try {
      const outcome = await repos.savepoint(() => ingestOne(repos, source, entry, now, report, label));
      report[outcome]++;
    } catch (err) {
      report.skipped++;
      report.problems.push(`${label}: ${(err as Error).message}`);
    }
  }
  return report;
}
