import type { Clock } from '../core/clock.ts';
import { isJaridaError, JaridaError } from '../core/errors.ts';
import type { CategoryTree } from '../content/category-tree.ts';
import type { ImportRecord, ParseResult } from '../content/import-record.ts';
import type { Repos, Store } from '../content/repos.ts';
import type { NewArticle } from '../content/types.ts';
import { importArticleInto } from '../content/use-cases/import-article.ts';
import { loadSite } from '../content/use-cases/site.ts';
import { DfCache, refreshRelatedMany } from '../search/related.ts';
import type { SearchRepo } from '../search/search-repo.ts';
import { outletName } from './outlets.ts';

/** Mapping rules for imports (from config `import`). */
export interface ImportMapping {
  /** Source category → menu path; keys `category`, `source:category`, `source:*` (case-insensitive). */
  categoryMap: Readonly<Record<string, string>>;
  /** Menu path for records whose category maps nowhere. */
  fallbackCategory: string;
  /** Outlet display names by source id. */
  outletNames: Readonly<Record<string, string>>;
}

/** A record that could not be imported, with where it was and why. */
export interface ImportFailure {
  origin: string;
  reason: string;
}

/** Summary of an import run. */
export interface ImportReport {
  imported: number;
  duplicate: number;
  failed: number;
  failures: ImportFailure[];
  /** Source categories (as `source:category`) that went to the fallback category, with counts. */
  unmapped: Record<string, number>;
  /** Records imported with warnings (lost emoji, guessed dates…). */
  flagged: Array<{ origin: string; flags: string[] }>;
}

/** Records written per transaction. */
/** Imported articles after which the search index is compacted (see `ArticleIndexRepo.optimize`). */
const OPTIMIZE_AFTER = 500;
const BATCH = 200;

/** Most tags taken from one article's hashtags. */
const MAX_HASHTAGS = 8;

/**
 * Hashtags written in an item's text (`#عاصي_الحلاني`), as tag names with
 * underscores read as spaces (`عاصي الحلاني`), first occurrence order, at most
 * {@link MAX_HASHTAGS}. Outlets tag their stories this way in running text.
 */
export function hashtags(bodyHtml: string): string[] {
  const found = new Set<string>();
  for (const m of bodyHtml.matchAll(/(?<![\p{L}\p{N}_&])#([\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*)/gu)) {
    const name = (m[1] ?? '').replace(/_+/gu, ' ').trim();
    if (name !== '') found.add(name);
    if (found.size >= MAX_HASHTAGS) break;
  }
  return [...found];
}

/**
 * A resolver of records' categories through the mapping: `source:category`,
 * then `category`, then `source:*` (keys compared case-insensitively), then a
 * menu category whose name or slug is the source category itself;
 * `undefined` when none applies.
 *
 * @throws JaridaError `CONFIG_INVALID` naming every mapping entry whose menu path is not a category of the site.
 */
export function categoryResolver(tree: CategoryTree, mapping: ImportMapping): (source: string | null, category: string | null) => number | undefined {
  const map = new Map(Object.entries(mapping.categoryMap).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const missing = Object.entries(mapping.categoryMap).filter(([, path]) => !tree.findByNamePath(path));
  if (missing.length > 0) {
    const list = missing.map(([key, path]) => `${JSON.stringify(key)} → ${JSON.stringify(path)}`).join(', ');
    throw new JaridaError('CONFIG_INVALID', `import.categoryMap names categories the site does not have: ${list}`);
  }
  const lower = (s: string) => s.trim().toLowerCase();
  return (source, category) => {
    const keys = [
      source && category ? `${lower(source)}:${lower(category)}` : undefined,
      category ? lower(category) : undefined,
      source ? `${lower(source)}:*` : undefined,
    ];
    for (const key of keys) {
      const path = key === undefined ? undefined : map.get(key);
      const node = path === undefined ? undefined : tree.findByNamePath(path);
      if (node) return node.id;
    }
    return category ? tree.findByNamePath(category)?.id : undefined;
  };
}

/**
 * Imports every parsed record: each article (with its read-also articles)
 * whole or not at all (a savepoint in a batch transaction), so a bad record is
 * reported and skipped while the rest go on. `onProgress` is called after each record. With `search`, the
 * read-also list of every imported article is computed at the end.
 *
 * @throws JaridaError `CONFIG_INVALID` when the fallback category is not in the menu.
 */
export async function runImport(
  store: Store,
  clock: Clock,
  records: AsyncIterable<ParseResult>,
  mapping: ImportMapping,
  onProgress: (report: ImportReport) => void = () => {},
  search?: SearchRepo,
): Promise<ImportReport> {
  const { categories } = await loadSite(store);
  const fallback = categories.findByNamePath(mapping.fallbackCategory);
  if (!fallback) {
    throw new JaridaError('CONFIG_INVALID', `import.fallbackCategory ${JSON.stringify(mapping.fallbackCategory)} is not a category of the site`);
  }
  const report: ImportReport = { imported: 0, duplicate: 0, failed: 0, failures: [], unmapped: {}, flagged: [] };
  const names = { ...mapping.outletNames };
  const importedIds: number[] = [];
  const resolveCategory = categoryResolver(categories, mapping);

  const toArticle = (record: ImportRecord, categoryId: number): NewArticle => ({
    tags: hashtags(record.body),
    title: record.title,
    body: record.body,
    excerpt: record.excerpt,
    // An item dated in the future goes live then, like any scheduled article.
    status: record.published_at !== null && record.published_at > clock.now().toISOString() ? 'scheduled' : 'published',
    published_at: record.published_at ?? clock.now().toISOString(),
    published_at_precision: record.published_at === null ? 'second' : record.published_at_precision,
    category_id: categoryId,
    author_name: record.author_name,
    source_name: record.source_name ? outletName(record.source_name, names) : null,
    source_url: record.source_url,
  });

  const handle = async (repos: Repos, result: ParseResult) => {
    if (!result.ok) {
      report.failed++;
      report.failures.push({ origin: result.origin, reason: result.reason });
      return;
    }
    const { record } = result;
    let categoryId = resolveCategory(record.source_name, record.source_category);
    if (categoryId === undefined) {
      categoryId = fallback.id;
      if (record.source_category || record.source_name) {
        const key = `${record.source_name ?? ''}:${record.source_category ?? ''}`;
        report.unmapped[key] = (report.unmapped[key] ?? 0) + 1;
      }
    }
    const related = record.related ?? [];
    try {
      const outcomes = await importArticleInto(
        repos,
        clock,
        toArticle(record, categoryId),
        related.map((r) => toArticle(r, categoryId)),
      );
      for (const [i, outcome] of outcomes.entries()) {
        report[outcome.status]++;
        if (outcome.status === 'imported') importedIds.push(outcome.id);
        const source = i === 0 ? record : related[i - 1];
        const future = source?.published_at && source.published_at > clock.now().toISOString();
        const flags = [
          ...(source?.flags ?? []),
          ...(source?.published_at ? [] : ['no readable date; import time used']),
          ...(future ? [`publication date ${source.published_at} is in the future: imported as scheduled`] : []),
        ];
        if (outcome.status === 'imported' && flags.length > 0) report.flagged.push({ origin: source?.origin ?? record.origin, flags });
      }
    } catch (err) {
      if (!isJaridaError(err)) throw err;
      report.failed++;
      report.failures.push({ origin: record.origin, reason: err.message });
    }
  };

  // Records are written in transactions of BATCH, each record in its own savepoint:
  // a bad record is undone alone, and the search index is flushed once per batch.
  let batch: ParseResult[] = [];
  const flush = async () => {
    const pending = batch;
    batch = [];
    if (pending.length === 0) return;
    await store.transaction(async (repos) => {
      for (const result of pending) {
        await handle(repos, result);
        onProgress(report);
      }
    });
  };
  for await (const result of records) {
    batch.push(result);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  // Read-also lists once everything is in, so early articles can point at later ones.
  // A bulk import leaves the index in many small segments: merge them before it is searched.
  if (importedIds.length >= OPTIMIZE_AFTER) await store.transaction((repos) => repos.index.optimize());
  if (search) {
    const cache = new DfCache();
    for (let from = 0; from < importedIds.length; from += BATCH) {
      const articles = [];
      for (const id of importedIds.slice(from, from + BATCH)) {
        const article = await store.articles.findById(id);
        if (article) articles.push(article);
      }
      await refreshRelatedMany(store, search, categories, articles, clock.now().toISOString(), cache);
    }
  }
  return report;
}
