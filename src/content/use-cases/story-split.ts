/**
 * Splitting an item out of a story (docs/adr/017): when two outlets' items
 * were grouped as one story by mistake, an editor takes one out. The item
 * becomes its own article, credited to its outlet and in its source's mode
 * (published, or a draft to review), and the story's article no longer lists
 * it. The item keeps the story it left (`split_from_story`) and from then on
 * leads its own article, so later polls update that article and never join
 * it to the story again. Used by the back office and `jarida source split`.
 */
import type { Clock } from '../../core/clock.ts';
import { invalid, notFound } from '../../core/errors.ts';
import type { FeedItem } from '../../ingest/feed-types.ts';
import { bandKeys, encodeSignature, minhash } from '../../ingest/near-duplicate.ts';
import type { Store } from '../repos.ts';
import type { Article } from '../types.ts';
import { createArticle } from './create-article.ts';
import { type StoryItemEntry, storyText } from './feed-items.ts';
import { importKey } from './import-article.ts';

/** Joined items shown on a source's page, newest first. */
export const JOINED_ITEMS_SHOWN = 50;

/** What {@link splitStoryItem} did. */
export interface StorySplit {
  /** The item's own article. */
  article: Article;
  /** The article of the story it left. */
  story_article_id: number;
  /** The story it left. */
  story_id: number;
}

/** A source's item grouped into another outlet's story, with that story's article. */
export interface JoinedItem {
  item: FeedItem;
  story_article: { id: number; title: string } | null;
  /** Whether its text was kept (items joined before migration 015 have none, and cannot be split). */
  splittable: boolean;
}

/**
 * The items of a source that joined another outlet's story, newest first, at
 * most {@link JOINED_ITEMS_SHOWN}, each with the story's article.
 */
export async function joinedItemsOfSource(store: Store, sourceId: number): Promise<JoinedItem[]> {
  const items = await store.feeds.joinedItemsOf(sourceId, JOINED_ITEMS_SHOWN);
  const out: JoinedItem[] = [];
  for (const item of items) {
    const article = item.article_id === null ? undefined : await store.articles.findById(item.article_id);
    out.push({ item, story_article: article ? { id: article.id, title: article.title } : null, splittable: item.entry !== null });
  }
  return out;
}

/**
 * Takes item `itemId` out of its story, in one transaction: a new article
 * from the item's kept text (its source's mode decides published, scheduled
 * when dated ahead, or draft), with the item's outlet and link as credit and
 * its own near-duplicate signature; the item (and its copies under other
 * GUIDs or sources, same link and story) now point at that article and
 * record the story they left.
 *
 * @param sourceId when given, the item must belong to that source (the source page it was split from).
 * @throws JaridaError `NOT_FOUND` for no such item (or one of another source);
 *   `VALIDATION` with `reason` `story_split_not_joined` for an item in no story,
 *   `story_split_no_text` for one joined before its text was kept; whatever
 *   {@link createArticle} throws (then nothing is written).
 */
export async function splitStoryItem(store: Store, clock: Clock, itemId: number, sourceId?: number): Promise<StorySplit> {
  return store.transaction(async (repos) => {
    const item = await repos.feeds.itemById(itemId);
    if (!item || (sourceId !== undefined && item.source_id !== sourceId)) throw notFound(`no feed item ${itemId}`);
    if (item.story_id === null || item.article_id === null) throw invalid(`feed item ${itemId} is not grouped in a story`, { reason: 'story_split_not_joined' });
    if (item.entry === null) throw invalid(`feed item ${itemId} joined its story before item texts were kept; it cannot be split`, { reason: 'story_split_no_text' });
    const source = await repos.feeds.sourceById(item.source_id);
    if (!source) throw notFound(`no feed source ${item.source_id}`);
    const kept = JSON.parse(item.entry) as StoryItemEntry;
    const now = clock.now().toISOString();
    // The category picked when it joined may have been deleted since.
    const categoryKnown = (await repos.categories.all()).some((c) => c.id === kept.category_id);
    const article = await createArticle(repos, clock, {
      title: item.title,
      body: kept.html,
      status: source.mode === 'draft' ? 'draft' : kept.published_at > now ? 'scheduled' : 'published',
      published_at: kept.published_at,
      published_at_precision: kept.published_at_precision,
      category_id: categoryKnown ? kept.category_id : source.default_category_id,
      author_name: kept.author,
      source_name: item.outlet_name,
      source_url: kept.url,
      featured_image_url: kept.image_url,
      import_key: importKey(kept.url, item.title, kept.html),
    });
    const storyId = item.story_id;
    for (const member of await repos.feeds.storyItems(storyId)) {
      if (member.id !== item.id && (item.url === null || member.url !== item.url)) continue;
      await repos.feeds.updateItem(member.id, { article_id: article.id, story_id: null, split_from_story: storyId, entry: null, updated_at: now });
    }
    const sig = minhash(storyText(article.title, article.body));
    if (sig) await repos.feeds.addSignature({ article_id: article.id, outlet_name: item.outlet_name, published_at: kept.published_at, signature: encodeSignature(sig) }, bandKeys(sig));
    return { article, story_article_id: item.article_id, story_id: storyId };
  });
}
