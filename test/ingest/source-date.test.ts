import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { parseSourceDate } from '../../src/ingest/source-date.ts';

test('RFC 822 with a numeric offset and with GMT', () => {
  assert.deepEqual(parseSourceDate('Sun, 17 Jun 2018 13:54:30 +0400', 'Africa/Tunis'), { iso: '2018-06-17T09:54:30.000Z', precision: 'second' });
  assert.deepEqual(parseSourceDate('Tue, 20 Feb 2018 12:26:55 GMT', 'Africa/Tunis'), { iso: '2018-02-20T12:26:55.000Z', precision: 'second' });
  assert.deepEqual(parseSourceDate('Mon, 03 Sep 2018 22:10:00 +0000', 'Asia/Riyadh'), { iso: '2018-09-03T22:10:00.000Z', precision: 'second' });
  // RFC 822 US zone names; RFC 2822 two-digit year.
  assert.deepEqual(parseSourceDate('Sun, 17 Jun 18 13:54:30 EST', 'UTC'), { iso: '2018-06-17T18:54:30.000Z', precision: 'second' });
});

test('RFC 822 with a wrong weekday is read, and flagged', () => {
  const r = parseSourceDate('Mon, 17 Jun 2018 13:54:30 GMT', 'UTC');
  assert.equal(r.iso, '2018-06-17T13:54:30.000Z');
  assert.match(r.flag ?? '', /weekday "Mon" does not match/u);
});

test('ISO 8601 with offset, with Z and fractional seconds', () => {
  assert.deepEqual(parseSourceDate('2017-01-25T14:36:00+01:00', 'Asia/Riyadh'), { iso: '2017-01-25T13:36:00.000Z', precision: 'second' });
  assert.deepEqual(parseSourceDate('2017-01-25T14:36:00.123Z', 'Asia/Riyadh'), { iso: '2017-01-25T14:36:00.123Z', precision: 'second' });
});

test('colon-less ISO time without offset is wall time in the zone, flagged', () => {
  const r = parseSourceDate('2017-01-22T182900', 'Africa/Tunis');
  assert.equal(r.iso, '2017-01-22T17:29:00.000Z');
  assert.equal(r.flag, 'date has no time zone; read in Africa/Tunis');
});

test('dd/mm/yyyy is midnight in the zone, flagged; never month-first', () => {
  const r = parseSourceDate('18/05/2017', 'Africa/Tunis');
  assert.equal(r.iso, '2017-05-17T23:00:00.000Z');
  assert.equal(r.flag, 'date has no time or time zone; read as midnight in Africa/Tunis');
  assert.equal(parseSourceDate('05/18/2017', 'Africa/Tunis').iso, null);
  assert.equal(parseSourceDate('31/02/2017', 'UTC').iso, null);
});

test('naive date-time is wall time in the zone, flagged', () => {
  const r = parseSourceDate('2015-08-10 12:34:56', 'Asia/Riyadh');
  assert.equal(r.iso, '2015-08-10T09:34:56.000Z');
  assert.equal(r.flag, 'date has no time zone; read in Asia/Riyadh');
});

test("the seed's English long date: ordinal, comma, GMT, no time", () => {
  const r = parseSourceDate('23rd, August 2023 GMT', 'Africa/Tripoli');
  assert.equal(r.iso, '2023-08-23T00:00:00.000Z');
  assert.match(r.flag ?? '', /no time; read as midnight GMT/u);
  assert.equal(parseSourceDate('1st, March 2024 UTC', 'Asia/Riyadh').iso, '2024-03-01T00:00:00.000Z');
  assert.equal(parseSourceDate('2nd August 2023', 'Africa/Tripoli').iso, '2023-08-01T22:00:00.000Z');
  assert.equal(parseSourceDate('August 3rd, 2023 1:05 pm GMT', 'Africa/Tripoli').iso, '2023-08-03T13:05:00.000Z');
  assert.equal(parseSourceDate('11th, Sept 2023', 'UTC').iso, '2023-09-11T00:00:00.000Z');
});

test('Arabic-Indic and Persian digits are read', () => {
  assert.equal(parseSourceDate('١٨/٠٥/٢٠١٧', 'Africa/Tunis').iso, '2017-05-17T23:00:00.000Z');
  assert.equal(parseSourceDate('۲۰۱۵-۰۸-۱۰ ۱۲:۳۴:۵۶', 'Asia/Riyadh').iso, '2015-08-10T09:34:56.000Z');
  assert.equal(parseSourceDate('٢٣rd, August ٢٠٢٣ GMT', 'UTC').iso, '2023-08-23T00:00:00.000Z');
});

test('Arabic month names (Egyptian/Gulf, Maghrebi, Levantine)', () => {
  assert.equal(parseSourceDate('الأربعاء 23 أغسطس 2023', 'Africa/Tripoli').iso, '2023-08-22T22:00:00.000Z');
  assert.equal(parseSourceDate('23 أوت 2023 - 1:45 م', 'Africa/Tunis').iso, '2023-08-23T12:45:00.000Z');
  assert.equal(parseSourceDate('5 تشرين الثاني 2023', 'UTC').iso, '2023-11-05T00:00:00.000Z');
});

test('Arabic dates with paired month names, "الساعة", offsets and Arabic names of GMT', () => {
  assert.deepEqual(parseSourceDate('الأحد، ١٢ كانون الثاني ٢٠٢٥ ١٤:٣٠', 'Africa/Tripoli'), {
    iso: '2025-01-12T12:30:00.000Z',
    precision: 'second',
    flag: 'date has no time zone; read in Africa/Tripoli',
  });
  assert.equal(parseSourceDate('3 كانون الثاني/يناير 2025', 'UTC').iso, '2025-01-03T00:00:00.000Z');
  assert.equal(parseSourceDate('الأحد 12 يناير 2025 الساعة 14:30', 'UTC').iso, '2025-01-12T14:30:00.000Z');
  assert.deepEqual(parseSourceDate('28 آب/اغسطس 2013 14:00 (GMT+0400)', 'UTC'), { iso: '2013-08-28T10:00:00.000Z', precision: 'second' });
  assert.deepEqual(parseSourceDate('الاثنين، 3 شباط 2025 10:00 +0300', 'UTC'), { iso: '2025-02-03T07:00:00.000Z', precision: 'second' });
  assert.equal(parseSourceDate('1 مارس 2025 08:00 GMT+3', 'UTC').iso, '2025-03-01T05:00:00.000Z');
  assert.deepEqual(parseSourceDate('السبت ١ آذار ٢٠٢٥ ٠٨:٠٠ بتوقيت غرينتش', 'Asia/Riyadh'), { iso: '2025-03-01T08:00:00.000Z', precision: 'second' });
  assert.equal(parseSourceDate('1 مارس 2025 08:00 ت.غ', 'Asia/Riyadh').iso, '2025-03-01T08:00:00.000Z');
  const two = parseSourceDate('28 آب/سبتمبر 2013', 'UTC');
  assert.equal(two.iso, null);
  assert.match(two.flag ?? '', /names two different months/u);
});

test('wall time crosses DST correctly', () => {
  // Europe/London: winter GMT, summer BST (+1).
  assert.equal(parseSourceDate('2017-01-01 12:00:00', 'Europe/London').iso, '2017-01-01T12:00:00.000Z');
  assert.equal(parseSourceDate('2017-07-01 12:00:00', 'Europe/London').iso, '2017-07-01T11:00:00.000Z');
  // Tunisia kept DST (+2) in the summer of 2008 only.
  assert.equal(parseSourceDate('2008-06-01 12:00:00', 'Africa/Tunis').iso, '2008-06-01T10:00:00.000Z');
  assert.equal(parseSourceDate('2017-06-01 12:00:00', 'Africa/Tunis').iso, '2017-06-01T11:00:00.000Z');
  // Spring-forward gap: 02:30 does not exist in Paris on 2017-03-26; moved forward to 03:30 CEST.
  const gap = parseSourceDate('2017-03-26T02:30:00', 'Europe/Paris');
  assert.equal(gap.iso, '2017-03-26T01:30:00.000Z');
  assert.match(gap.flag ?? '', /does not exist/u);
  // Fall-back overlap: 02:30 happens twice on 2017-10-29; the earlier (CEST) instant.
  const overlap = parseSourceDate('2017-10-29T02:30:00', 'Europe/Paris');
  assert.equal(overlap.iso, '2017-10-29T00:30:00.000Z');
  assert.match(overlap.flag ?? '', /occurs twice/u);
  // Just before and after the US change.
  assert.equal(parseSourceDate('2024-03-10 01:59:00', 'America/New_York').iso, '2024-03-10T06:59:00.000Z');
  assert.equal(parseSourceDate('2024-03-10 03:00:00', 'America/New_York').iso, '2024-03-10T07:00:00.000Z');
});

test('unreadable and empty give null with a flag', () => {
  assert.deepEqual(parseSourceDate('', 'UTC'), { iso: null, flag: 'date is empty' });
  assert.deepEqual(parseSourceDate('   ', 'UTC'), { iso: null, flag: 'date is empty' });
  const r = parseSourceDate('قبل ساعتين', 'UTC');
  assert.equal(r.iso, null);
  assert.match(r.flag ?? '', /unknown format/u);
  assert.equal(parseSourceDate('2017-13-01', 'UTC').iso, null);
  assert.equal(parseSourceDate('2017-01-01T25:00:00Z', 'UTC').iso, null);
});

test('an unknown time zone is a configuration error', () => {
  assert.throws(() => parseSourceDate('2017-01-01', 'Mars/Olympus'), (err) => isJaridaError(err, 'CONFIG_INVALID'));
});

test('a date without a time of day says so (pages then show no time)', () => {
  assert.equal(parseSourceDate('23rd, August 2023 GMT', 'UTC').precision, 'day');
  assert.equal(parseSourceDate('18/05/2017', 'Africa/Tunis').precision, 'day');
  assert.equal(parseSourceDate('2017-01-22T182900', 'Africa/Tunis').precision, 'second');
});
