/**
 * One article read from an import source (plain-text page, ANT document,
 * JSONL line), before it is mapped onto the site. Parsers produce these;
 * `importArticle` stores them.
 */
export interface ImportRecord {
  /** Where the record came from, for reports: `path`, `path:line` or `path#index`. */
  origin: string;
  /** Headline, plain text. */
  title: string;
  /** Body as HTML (parsers build it from text with `plainTextToBody`). */
  body: string;
  /** Lead, plain text; derived from the body when absent. */
  excerpt?: string | undefined;
  /** Publication instant, UTC ISO 8601; null when the source has none readable. */
  published_at: string | null;
  /** `day` when the source gave no time of day (pages then show the date alone). */
  published_at_precision?: 'day' | 'second' | undefined;
  /** The category label in the source (e.g. `sport`), mapped through config. */
  source_category: string | null;
  /** Source credit: outlet name as the source gives it (e.g. `الجزيرة`, `BBC`). */
  source_name: string | null;
  /** Original URL of the item. */
  source_url: string | null;
  /** Byline. */
  author_name: string | null;
  /** Warnings for the report (e.g. emoji lost upstream as `????`, a guessed date). */
  flags: string[];
  /** A "read also" article found on the same page; both are linked to each other. */
  related?: ImportRecord[] | undefined;
}

/** What a parser yields for each record: a record, or why it is unusable. */
export type ParseResult = { ok: true; record: ImportRecord } | { ok: false; origin: string; reason: string };
