import { invalid } from '../core/errors.ts';
import type { Site } from '../content/use-cases/site.ts';
import type { SearchParams } from '../search/search-articles.ts';
import { zoneOffset } from './dates.ts';

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof v === 'string' ? v : undefined;
}

/** Whether `YYYY-MM-DD` names a day of the Gregorian calendar (no month 13, no 30 February). */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date filter: `YYYY-MM-DD` is that day's start in the site's time zone;
 * a full ISO 8601 instant is taken as it is. Returns a UTC ISO string.
 */
function dateParam(name: string, raw: string | undefined, timeZone: string, endOfDay: boolean): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  let ms: number;
  if (!isCalendarDate(text.slice(0, 10))) {
    ms = Number.NaN;
  } else if (/^\d{4}-\d{2}-\d{2}$/u.test(text)) {
    const noon = new Date(`${text}T12:00:00Z`);
    ms = Date.parse(`${text}T00:00:00${zoneOffset(noon, timeZone)}`);
    if (endOfDay) ms += 86_400_000;
  } else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/u.test(text)) {
    ms = Date.parse(text);
  } else {
    ms = Number.NaN;
  }
  if (Number.isNaN(ms)) throw invalid(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 instant`, { field: name });
  return new Date(ms).toISOString();
}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d{0,6}$/u.test(raw)) throw invalid(`${name} must be a positive whole number`, { field: name });
  return Math.min(Number(raw), max);
}

/**
 * Reads a search request's query string (`q, category, from, to, source,
 * page, limit`; repeated parameters: the first counts). `category` is a menu
 * path of slugs or names (`رياضة/عربي`) and includes its sub-categories;
 * `to` is inclusive of its day.
 *
 * @throws JaridaError `VALIDATION` naming the parameter (bad date, page, limit, unknown category).
 */
export function parseSearchParams(query: Record<string, unknown>, site: Site, defaultLimit: number): SearchParams {
  // Control characters (a NUL in the URL) are no part of a query and must not reach the page.
  const q = (first(query.q) ?? '').replace(/\p{Cc}/gu, ' ');
  const tz = site.settings.time_zone;
  const filters: SearchParams['filters'] = {};
  const category = first(query.category)?.trim();
  if (category) {
    const node = site.categories.findByPath(category.split('/').filter(Boolean)) ?? site.categories.findByNamePath(category);
    if (!node) throw invalid(`category ${JSON.stringify(category)} is not a category of the site`, { field: 'category' });
    filters.category_ids = site.categories.withDescendants(node.id);
  }
  const from = dateParam('from', first(query.from), tz, false);
  const to = dateParam('to', first(query.to), tz, true);
  if (from) filters.from = from;
  if (to) filters.to = to;
  const source = first(query.source)?.trim();
  if (source) filters.source = source;
  return {
    q,
    filters,
    page: positiveInt('page', first(query.page), 1, 10_000),
    limit: positiveInt('limit', first(query.limit), defaultLimit, 50),
  };
}
