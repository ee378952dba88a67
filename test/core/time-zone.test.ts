import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { localToUtc, utcToLocal } from '../../src/core/time-zone.ts';

test('a date-time entered in the site\'s zone is stored as UTC and shown back the same', () => {
  assert.equal(localToUtc('2026-11-29T14:30', 'Africa/Tripoli'), '2026-11-29T12:30:00.000Z');
  assert.equal(utcToLocal('2026-11-29T12:30:00.000Z', 'Africa/Tripoli'), '2026-11-29T14:30');
  assert.equal(localToUtc('2026-11-29 14:30:15', 'Asia/Riyadh'), '2026-11-29T11:30:15.000Z');
  assert.equal(localToUtc('٢٠٢٦-١١-٢٩T١٤:٣٠', 'Africa/Tripoli'), '2026-11-29T12:30:00.000Z', 'Arabic-Indic digits');
  assert.equal(utcToLocal('2026-11-29T23:30:00.000Z', 'Africa/Tripoli'), '2026-11-30T01:30', 'the local day may be the next one');
});

test('daylight-saving gaps move forward, repeated hours take the earlier instant', () => {
  // Berlin springs forward at 02:00 on 29 March 2026: 02:30 does not exist and becomes 03:30.
  assert.equal(localToUtc('2026-03-29T02:30', 'Europe/Berlin'), '2026-03-29T01:30:00.000Z');
  assert.equal(utcToLocal('2026-03-29T01:30:00.000Z', 'Europe/Berlin'), '2026-03-29T03:30');
  // Berlin falls back at 03:00 on 25 October 2026: 02:30 happens twice.
  assert.equal(localToUtc('2026-10-25T02:30', 'Europe/Berlin'), '2026-10-25T00:30:00.000Z');
});

test('text that is no date-time, or no real day, is refused naming the field', () => {
  for (const text of ['', 'غدا', '2026-11-29', '2026-02-30T10:00', '2026-11-29T24:30', '2026-11-29T14:30Z']) {
    assert.throws(() => localToUtc(text, 'Africa/Tripoli'), (err) => isJaridaError(err, 'VALIDATION') && err.details.field === 'published_at', text);
  }
});
