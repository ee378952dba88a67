/**
 * Checks of the publication times the newsroom enters: an instant with its
 * offset within sensible years, and the refusal of a scheduled time that has
 * already passed.
 */
import { type JaridaError, invalid } from '../../core/errors.ts';

/** Years a publication time entered in the newsroom may fall in. */
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;

/**
 * An instant (ISO 8601 with `Z` or an offset) as UTC ISO, or null when blank,
 * between the years {@link EARLIEST_YEAR} and {@link LATEST_YEAR}.
 * A wall-clock time without offset is refused rather than read in the
 * server's zone: form values go through `core/time-zone.ts` `localToUtc`.
 * @throws JaridaError `VALIDATION` (field `published_at`) when unparseable or without offset
 *   (reason `published_at_invalid`) or out of range (`published_at_out_of_range`, with `min` and `max` years).
 */
export function checkInstant(value: string | null | undefined, field = 'published_at'): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || !/T.*(?:Z|[+-]\d{2}:?\d{2})$/iu.test(value.trim())) {
    throw invalid(`${field} is not an instant with a time zone offset (ISO 8601): ${JSON.stringify(value)}`, { field, reason: 'published_at_invalid' });
  }
  // A newsroom date outside these years is a typo (year 1, 20204), and year 1 does not even format as ISO 8601.
  const year = d.getUTCFullYear();
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) {
    throw invalid(`${field} must fall between the years ${EARLIEST_YEAR} and ${LATEST_YEAR}: ${JSON.stringify(value)}`, {
      field,
      reason: 'published_at_out_of_range',
      min: EARLIEST_YEAR,
      max: LATEST_YEAR,
    });
  }
  return d.toISOString();
}

/**
 * The refusal of a scheduled time that is not in the future (field
 * `published_at`, reason `article_schedule_past`): scheduling it would
 * publish at once under a backdated dateline. Publish now instead, or pick
 * a later time.
 */
export function scheduleInPast(at: string): JaridaError {
  return invalid(`the scheduled time ${at} has passed: publish now or choose a later time`, { field: 'published_at', reason: 'article_schedule_past' });
}
