/**
 * Publication dates as import sources write them, read into UTC instants.
 *
 * The corpora this reads (see `shared/corpus/PROVENANCE.md`) mix RSS dates
 * (RFC 822, in GMT or with a numeric offset), ISO 8601 with and without an
 * offset (Jawhara FM even drops the colons: `2017-01-22T182900`), day-first
 * dates without a time (`18/05/2017`), crawl timestamps without a zone
 * (`2015-08-10 12:34:56`, SaudiNewsNet) and English long dates on scraped
 * pages (`23rd, August 2023 GMT`). Arabic pages also write Arabic month
 * names (`23 أغسطس 2023`, Maghrebi `23 أوت 2023`, Levantine `23 آب 2023`).
 *
 * A date with no zone is wall time in the site's time zone; converting it to
 * UTC uses the zone's real offset at that moment (Intl, so DST is honoured),
 * and the guess is reported as a flag.
 */
import { JaridaError } from '../core/errors.ts';

/** Result of {@link parseSourceDate}. */
export interface SourceDate {
  /** The instant as `Date.prototype.toISOString()` gives it (UTC, ms precision), or null when unreadable. */
  iso: string | null;
  /** A short English report phrase when something was guessed or could not be read. */
  flag?: string;
  /** `day` when the source gave a date without a time of day (the instant is its midnight). */
  precision?: 'day' | 'second';
}

const MONTHS_EN: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5,
  jun: 6, june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9,
  oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};

const WEEKDAYS_EN: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0, mon: 1, monday: 1, tue: 2, tues: 2, tuesday: 2, wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4, fri: 5, friday: 5, sat: 6, saturday: 6,
};

/**
 * Arabic Gregorian month names, keyed in the folded form {@link foldArabic} gives:
 * Egypt/Gulf (يناير…), Maghreb (جانفي…), Levant/Iraq (كانون الثاني…).
 */
const MONTHS_AR: Readonly<Record<string, number>> = {
  'يناير': 1, 'فبراير': 2, 'مارس': 3, 'ابريل': 4, 'مايو': 5, 'يونيو': 6, 'يونيه': 6,
  'يوليو': 7, 'يوليه': 7, 'اغسطس': 8, 'سبتمبر': 9, 'اكتوبر': 10, 'نوفمبر': 11, 'ديسمبر': 12,
  'جانفي': 1, 'فيفري': 2, 'افريل': 4, 'ماي': 5, 'جوان': 6, 'جويليه': 7, 'اوت': 8,
  'كانون الثاني': 1, 'شباط': 2, 'اذار': 3, 'نيسان': 4, 'ايار': 5, 'حزيران': 6, 'تموز': 7,
  'اب': 8, 'ايلول': 9, 'تشرين الاول': 10, 'تشرين الثاني': 11, 'كانون الاول': 12,
};

const WEEKDAYS_AR = ['الاحد', 'الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعه', 'السبت'];

/** RFC 822 §5.1 zone names (military one-letter zones other than Z are not accepted). */
const ZONE_NAMES: Readonly<Record<string, number>> = {
  gmt: 0, ut: 0, utc: 0, z: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
};

const MONTH_EN_RE = Object.keys(MONTHS_EN).sort((a, b) => b.length - a.length).join('|');
const WEEKDAY_EN_RE = Object.keys(WEEKDAYS_EN).sort((a, b) => b.length - a.length).join('|');
const MONTH_AR_RE = Object.keys(MONTHS_AR).sort((a, b) => b.length - a.length).join('|');
const TIME_RE = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:\s*([ap])\.?\s*m\.?)?`;
const ZONE_RE = String.raw`((?:gmt|utc|ut)?\s*[+-]\d{1,2}(?::?\d{2})?|[a-z]{1,5})`;

/** `[Sun, ]17 Jun 2018 13:54:30 +0400`, `23rd, August 2023 GMT`, `17 June 2018`. */
const DAY_FIRST = new RegExp(
  String.raw`^(?:(${WEEKDAY_EN_RE})\.?,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\.?,?\s+(${MONTH_EN_RE})\.?,?\s+(\d{4}|\d{2})` +
    String.raw`(?:,?\s+(?:at\s+)?${TIME_RE})?(?:\s*${ZONE_RE})?$`,
  'iu',
);
/** `[Sunday, ]June 17th, 2018[ 1:54 pm][ GMT]`. */
const MONTH_FIRST = new RegExp(
  String.raw`^(?:(${WEEKDAY_EN_RE})\.?,?\s+)?(${MONTH_EN_RE})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})` +
    String.raw`(?:,?\s+(?:at\s+)?${TIME_RE})?(?:\s*${ZONE_RE})?$`,
  'iu',
);
/** ISO 8601: `2017-01-25T14:36:00+01:00`, `2017-01-22T182900`, `2015-08-10 12:34:56`, `2017-01-25`. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/iu;
/** Day first, numeric: `18/05/2017`, `18.05.2017`, `18-05-2017`, optional time. */
const DMY = new RegExp(String.raw`^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[\s,T]+${TIME_RE}(?:\s*([صم]|صباح\S*|مساء\S*))?)?$`, 'iu');
/** A trailing RFC 2822 comment (`+0300 (AST)`, `GMT (Coordinated Universal Time)`): a remark, never the zone itself. */
const TRAILING_COMMENT = /\s*\([a-z][a-z .'-]{0,60}\)$/iu;
/** Greenwich time as Arabic pages write it, after {@link foldArabic}: `بتوقيت غرينتش`, `ت.غ`. */
const GMT_AR = String.raw`(?:بتوقيت\s+)?(?:غرينتش|جرينتش|غرينيتش)|ت\s?\.?\s?غ\.?`;
const GMT_AR_ONLY = new RegExp(`^(?:${GMT_AR})$`, 'u');
/**
 * Arabic month names, after {@link foldArabic}: `الاربعاء 23 اغسطس 2023 - 13:45`,
 * a Levantine name paired with the Egyptian one (`28 اب/اغسطس 2013`), an
 * optional `الساعه` before the time, then an optional zone (`GMT`, `+0300`,
 * `GMT+3`, `بتوقيت غرينتش`), possibly in parentheses.
 */
const ARABIC = new RegExp(
  String.raw`^(?:(${WEEKDAYS_AR.join('|')})\s*,?\s*)?(\d{1,2})\s+(${MONTH_AR_RE})(?:\s*/\s*(${MONTH_AR_RE}))?\s*,?\s*(\d{4})` +
    String.raw`(?:\s*[,-]?\s*(?:الساعه\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(ص|م|صباحا|مساءا?)?)?` +
    String.raw`(?:\s*\(?\s*(${GMT_AR}|(?:gmt|utc)?\s*[+-]\d{1,2}(?::?\d{2})?|gmt|utc)\s*\)?)?$`,
  'iu',
);

/**
 * Reads a publication date written by a news source and returns it as a UTC
 * ISO 8601 string (`Date.prototype.toISOString()`, e.g. `2018-06-17T09:54:30.000Z`).
 *
 * Accepted shapes (after Arabic-Indic `٠-٩` and Persian `۰-۹` digits become
 * ASCII, bidi marks and tatweel are dropped and the Arabic comma becomes `,`):
 * - RFC 822 / RSS `pubDate` (RFC 822 §5, RFC 2822 §3.3): `Sun, 17 Jun 2018 13:54:30 +0400`,
 *   `… GMT`; zones `GMT`/`UT`/`UTC`/`Z`, `±hhmm` and the US names `EST`…`PDT`;
 *   two-digit years read as 20xx below 50, else 19xx (RFC 2822 §4.3).
 * - ISO 8601 with an offset or `Z`: `2017-01-25T14:36:00+01:00`; the colon-less
 *   basic time `2017-01-22T182900`; a space instead of `T` (`2015-08-10 12:34:56`).
 * - Numeric day-first dates `18/05/2017` (also `.` or `-` separators): dd/mm/yyyy,
 *   the order used across the Arab world; never read month-first.
 * - English long dates `23rd, August 2023 GMT`, `17 June 2018`, `June 17th, 2018 1:05 pm`
 *   (ordinal suffixes st/nd/rd/th, optional commas, optional time and zone).
 * - Arabic month names: `23 أغسطس 2023`, Maghrebi `23 أوت 2023`, Levantine `23 آب 2023`
 *   or both names (`28 آب/أغسطس 2013`; two different months are refused), with an
 *   optional weekday, a `13:45`/`1:45 م`/`الساعة 14:30` time and a zone (`GMT`,
 *   `+0300`, `GMT+3`, `بتوقيت غرينتش`, `ت.غ`, in parentheses or not).
 * - A trailing RFC 2822 comment in Latin letters is ignored (`… +0300 (AST)`), and
 *   numeric dates take an Arabic `ص`/`م` after the time (`16/02/2011 09:11 م`).
 *
 * Guesses are flagged: with no zone the wall time is read in `timeZone`
 * (`date has no time zone; read in Africa/Tripoli`); with no time, midnight
 * (`date has no time; read as midnight GMT`). A wall time that a DST change
 * skips is moved forward by the gap, one it repeats takes the earlier instant
 * (the "compatible" rule of TC39 Temporal and RFC 5545 §3.3.5); both are flagged.
 * A weekday that does not match the date is flagged but not fatal.
 *
 * @param text - the date as written in the source (surrounding whitespace ignored).
 * @param timeZone - IANA zone (e.g. `Africa/Tunis`) for dates that carry none.
 * @returns `{ iso }` (plus `flag` when guessed), or `{ iso: null, flag }` when the
 *   text is empty, of an unknown shape, or names an impossible date/time.
 * @throws JaridaError `CONFIG_INVALID` when `timeZone` is not a zone Intl knows.
 */
export function parseSourceDate(text: string, timeZone: string): SourceDate {
  assertTimeZone(timeZone);
  const s = normalizeDateText(text);
  if (s === '') return { iso: null, flag: 'date is empty' };
  const shown = s.length > 60 ? `${s.slice(0, 60)}…` : s;
  let parsed = parseFields(s);
  if (parsed === null && TRAILING_COMMENT.test(s)) parsed = parseFields(s.replace(TRAILING_COMMENT, ''));
  if (parsed === null) return { iso: null, flag: `date "${shown}" is in an unknown format` };
  if ('error' in parsed) return { iso: null, flag: `date "${shown}" ${parsed.error}` };
  return resolve(parsed, timeZone);
}

/** Throws a `CONFIG_INVALID` JaridaError unless Intl knows `timeZone` (when a function, the zone of an unknown source). */
export function assertTimeZone(timeZone: SourceZone): void {
  formatterFor(zoneOf(timeZone, null));
}

/**
 * The zone in which a source's dates without an offset are read: one IANA
 * zone for every source, or a function of the source id (outlets write local
 * time: a Tunisian radio Tunis time, a Saudi paper Riyadh time).
 */
export type SourceZone = string | ((sourceId: string | null) => string);

/** The IANA zone for `sourceId` under `zone`. */
export function zoneOf(zone: SourceZone, sourceId: string | null): string {
  return typeof zone === 'string' ? zone : zone(sourceId);
}

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Whether the source gave a time of day. */
  hasTime: boolean;
  /** Offset east of UTC in minutes, null when the source gave no zone. */
  offset: number | null;
  /** Label of the zone as given (for flags), e.g. `GMT`. */
  zoneLabel: string | null;
  /** A zone word that was not understood (`CET`), read like no zone. */
  unknownZone?: string;
  /** Weekday as written, 0 = Sunday, for a consistency check. */
  weekday?: number;
  weekdayText?: string;
}

type Parsed = Fields | { error: string };

function normalizeDateText(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/gu, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u0640]/gu, '')
    .replace(/\u060c/gu, ',')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Folds Arabic spelling variants for month/weekday matching: hamza-alef → ا, ى → ي, ة → ه, no harakat. */
function foldArabic(s: string): string {
  return s
    .replace(/[\u064b-\u065f\u0670]/gu, '')
    .replace(/[أإآٱ]/gu, 'ا')
    .replace(/ى/gu, 'ي')
    .replace(/ة/gu, 'ه');
}

function parseFields(s: string): Parsed | null {
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const f = fields(num(y), num(mo), num(d), h, mi, sec, undefined);
    if (frac !== undefined && !('error' in f)) f.millisecond = Math.floor(Number(`0.${frac}`) * 1000);
    return withZone(f, zone);
  }
  m = DMY.exec(s);
  if (m) {
    const [, d, , mo, y, h, mi, sec, ampm, arabicAmPm] = m;
    if (ampm !== undefined && arabicAmPm !== undefined) return { error: 'has two am/pm marks' };
    // `م` (مساءً) is after noon, `ص` (صباحاً) before: `16/02/2011 09:11 م`.
    return fields(num(y), num(mo), num(d), h, mi, sec, ampm ?? (arabicAmPm === undefined ? undefined : arabicAmPm.startsWith('م') ? 'p' : 'a'));
  }
  m = DAY_FIRST.exec(s);
  if (m) {
    const [, wd, d, mon, y, h, mi, sec, ampm, zone] = m;
    return english(wd, d, mon, y, h, mi, sec, ampm, zone);
  }
  m = MONTH_FIRST.exec(s);
  if (m) {
    const [, wd, mon, d, y, h, mi, sec, ampm, zone] = m;
    return english(wd, d, mon, y, h, mi, sec, ampm, zone);
  }
  m = ARABIC.exec(foldArabic(s));
  if (m) {
    const [, wd, d, mon, mon2, y, h, mi, sec, ampm, zone] = m;
    const month = MONTHS_AR[mon ?? ''] ?? 0;
    if (mon2 !== undefined && MONTHS_AR[mon2] !== month) return { error: 'names two different months' };
    const pm = ampm === undefined ? undefined : ampm.startsWith('م') ? 'p' : 'a';
    const f = fields(num(y), month, num(d), h, mi, sec, pm);
    if (!('error' in f) && wd !== undefined) {
      f.weekday = WEEKDAYS_AR.indexOf(wd);
      f.weekdayText = wd;
    }
    return withZone(f, zone !== undefined && GMT_AR_ONLY.test(zone) ? 'GMT' : zone);
  }
  return null;
}

function english(
  wd: string | undefined, d: string | undefined, mon: string | undefined, y: string | undefined,
  h: string | undefined, mi: string | undefined, sec: string | undefined,
  ampm: string | undefined, zone: string | undefined,
): Parsed {
  let year = num(y);
  // RFC 2822 §4.3: two-digit years 00-49 are 2000-2049, 50-99 are 1950-1999.
  if (y !== undefined && y.length === 2) year += year < 50 ? 2000 : 1900;
  const f = fields(year, MONTHS_EN[(mon ?? '').toLowerCase()] ?? 0, num(d), h, mi, sec, ampm);
  if (!('error' in f) && wd !== undefined) {
    f.weekday = WEEKDAYS_EN[wd.toLowerCase()];
    f.weekdayText = wd;
  }
  return withZone(f, zone);
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

function fields(
  year: number, month: number, day: number,
  h: string | undefined, mi: string | undefined, sec: string | undefined, ampm: string | undefined,
): Parsed {
  let hour = num(h);
  const minute = num(mi);
  const second = num(sec);
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return { error: 'has a 12-hour time out of range' };
    const pm = ampm.toLowerCase() === 'p';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (year < 1 || year > 9999) return { error: 'has a year out of range' };
  if (month < 1 || month > 12) return { error: 'has no valid month' };
  if (day < 1 || day > daysInMonth(year, month)) return { error: 'has a day that does not exist in that month' };
  if (hour > 23 || minute > 59 || second > 59) return { error: 'has a time of day out of range' };
  return { year, month, day, hour, minute, second, millisecond: 0, hasTime: h !== undefined, offset: null, zoneLabel: null };
}

function withZone(f: Parsed, zone: string | undefined): Parsed {
  if ('error' in f || zone === undefined) return f;
  const z = zone.replace(/\s+/gu, '');
  const named = ZONE_NAMES[z.toLowerCase()];
  if (named !== undefined) {
    f.offset = named;
    f.zoneLabel = z.toUpperCase();
    return f;
  }
  const m = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/iu.exec(z);
  if (m) {
    const hours = num(m[2]);
    const minutes = num(m[3]);
    if (hours > 14 || minutes > 59) return { error: `has an offset out of range (${z})` };
    f.offset = (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
    f.zoneLabel = z;
    return f;
  }
  f.unknownZone = z;
  return f;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 ? (leap ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Milliseconds since the epoch of the wall time, as if it were UTC (years 1-99 kept as such). */
function wallAsUtc(f: Fields): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

function resolve(f: Fields, timeZone: string): SourceDate {
  const flags: string[] = [];
  const wall = wallAsUtc(f);
  let instant: number;
  if (f.offset !== null) {
    instant = wall - f.offset * 60_000;
    if (!f.hasTime) flags.push(`date has no time; read as midnight ${f.zoneLabel ?? ''}`.trimEnd());
  } else {
    const z = zonedToUtc(wall, timeZone);
    instant = z.instant;
    if (f.unknownZone !== undefined) flags.push(`unknown time zone "${f.unknownZone}"; read in ${timeZone}`);
    else if (!f.hasTime) flags.push(`date has no time or time zone; read as midnight in ${timeZone}`);
    else flags.push(`date has no time zone; read in ${timeZone}`);
    if (z.note) flags.push(z.note);
  }
  if (f.weekday !== undefined && f.weekday >= 0 && new Date(wall).getUTCDay() !== f.weekday) {
    flags.push(`weekday "${f.weekdayText ?? ''}" does not match the date`);
  }
  const date = new Date(instant);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    return { iso: null, flag: 'date is out of range' };
  }
  const out: SourceDate = { iso: date.toISOString(), precision: f.hasTime ? 'second' : 'day' };
  if (flags.length > 0) out.flag = flags.join('; ');
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let fmt = formatters.get(timeZone);
  if (fmt === undefined) {
    try {
      fmt = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (err) {
      throw new JaridaError('CONFIG_INVALID', `unknown time zone "${timeZone}"`, { timeZone }, { cause: err });
    }
    formatters.set(timeZone, fmt);
  }
  return fmt;
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (east positive). */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - get('year') : get('year'), get('month') - 1, get('day'));
  d.setUTCHours(get('hour'), get('minute'), get('second'), 0);
  const whole = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return d.getTime() - whole;
}

/**
 * The UTC instant of wall time `wall` (ms, as if UTC) in `timeZone`. Tries the
 * offsets in force a day before and a day after; a wall time both fit
 * (fall-back overlap) takes the earlier instant, one neither fits (spring-forward
 * gap) is shifted forward by the gap.
 */
function zonedToUtc(wall: number, timeZone: string): { instant: number; note?: string } {
  const day = 86_400_000;
  const before = offsetAt(wall - day, timeZone);
  const after = offsetAt(wall + day, timeZone);
  const fits = [...new Set([before, after])]
    .map((o) => wall - o)
    .filter((t) => offsetAt(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  const first = fits[0];
  if (first !== undefined) {
    if (fits.length > 1) return { instant: first, note: `wall time occurs twice in ${timeZone} (clock change); took the earlier` };
    return { instant: first };
  }
  // Gap: read with the offset before the change, i.e. pushed forward by the gap.
  return { instant: wall - before, note: `wall time does not exist in ${timeZone} (clock change); moved forward` };
}
