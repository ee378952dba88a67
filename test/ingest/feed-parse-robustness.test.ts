import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFeedBytes } from '../../src/ingest/feed-parse.ts';
import { parseSourceDate } from '../../src/ingest/source-date.ts';

/** `text` encoded as windows-1256 (Node has no encoder for it: the decoder's table, reversed). */
function windows1256(text: string): Buffer {
  const table = new Map<string, number>();
  const decoder = new TextDecoder('windows-1256');
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from([...text].map((ch) => {
    const b = table.get(ch);
    assert.ok(b !== undefined, `no windows-1256 byte for ${ch}`);
    return b;
  }));
}

const TITLE = 'افتتاح الجسر الجديد في طرابلس';
const rss = (encoding: string) =>
  `<?xml version="1.0" encoding="${encoding}"?>\n<rss version="2.0"><channel><title>أخبار</title>` +
  `<item><title>${TITLE}</title><link>http://127.0.0.1/a</link><guid>a</guid><pubDate>Wed, 16 Feb 2011 09:11:00 GMT</pubDate><description>نص الخبر</description></item></channel></rss>`;

describe('charset: HTTP header against the XML declaration', () => {
  const bytes = windows1256(rss('windows-1256'));
  const now = new Date('2011-02-17T00:00:00Z');

  for (const header of ['utf-8', 'ISO-8859-1']) {
    it(`a windows-1256 feed served as charset=${header} is read as windows-1256, and the conflict is reported`, () => {
      const feed = parseFeedBytes(bytes, { contentType: `application/rss+xml; charset=${header}`, timeZone: 'UTC', where: 'test', now });
      assert.equal(feed.entries[0]?.title, TITLE);
      assert.equal(feed.encoding, 'windows-1256');
      assert.ok(feed.problems.some((p) => p.includes(`charset=${header.toLowerCase()}`) && p.includes('encoding="windows-1256"') && p.includes('read as windows-1256')), feed.problems.join('\n'));
    });
  }

  it('a UTF-8 feed whose declaration wrongly says windows-1256 is read by the header, and reported', () => {
    const feed = parseFeedBytes(Buffer.from(rss('windows-1256')), { contentType: 'application/rss+xml; charset=utf-8', timeZone: 'UTC', where: 'test', now });
    assert.equal(feed.entries[0]?.title, TITLE);
    assert.ok(feed.problems.some((p) => p.includes('read as utf-8')), feed.problems.join('\n'));
  });

  it('agreeing labels are not reported', () => {
    const feed = parseFeedBytes(bytes, { contentType: 'application/rss+xml; charset=windows-1256', timeZone: 'UTC', where: 'test', now });
    assert.equal(feed.entries[0]?.title, TITLE);
    assert.deepEqual(feed.problems, []);
  });
});

describe('JSON Feed items are checked one by one', () => {
  it('an item without id is reported by its index and skipped; the others are kept', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'أخبار',
      items: [
        { id: '1', title: 'الأول', content_text: 'نص', date_published: '2025-01-01T10:00:00Z' },
        { title: 'بلا معرّف', content_text: 'نص' },
        { id: '3', title: 'الثالث', content_text: 'نص', date_published: '2025-01-01T11:00:00Z' },
        'not an object',
      ],
    });
    const feed = parseFeedBytes(Buffer.from(json), { contentType: 'application/feed+json', timeZone: 'UTC', where: 'test', now: new Date('2025-01-02T00:00:00Z') });
    assert.deepEqual(feed.entries.map((e) => e.guid), ['1', '3']);
    assert.ok(feed.problems.some((p) => /^item 2: not a valid JSON Feed item \(id: .*\); skipped$/u.test(p)), feed.problems.join('\n'));
    assert.ok(feed.problems.some((p) => /^item 4: not a valid JSON Feed item/u.test(p)), feed.problems.join('\n'));
  });
});

describe('feed dates have sanity bounds', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  const withDate = (date: string) =>
    parseFeedBytes(Buffer.from(rss('utf-8').replace('Wed, 16 Feb 2011 09:11:00 GMT', date)), { contentType: 'application/rss+xml', timeZone: 'UTC', where: 'test', now }).entries[0];

  it('a date more than a day after the fetch, or before 1990, is treated as unreadable and flagged', () => {
    for (const [date, why] of [['2100-01-01T00:00:00Z', /more than a day after the fetch/u], ['9999-12-31T00:00:00Z', /more than a day after/u], ['0001-01-01T00:00:00Z', /before 1990/u]] as const) {
      const entry = withDate(date);
      assert.equal(entry?.published_at, null, date);
      assert.match(entry?.date_flag ?? '', why, date);
    }
  });

  it('a date a few hours ahead (clock skew) is kept', () => {
    assert.equal(withDate('2025-06-01T18:00:00Z')?.published_at, '2025-06-01T18:00:00.000Z');
  });

  it('an RFC 2822 comment after the zone and an Arabic pm mark after a numeric date are read', () => {
    assert.equal(parseSourceDate('Wed, 16 Feb 2011 09:11:00 +0300 (AST)', 'UTC').iso, '2011-02-16T06:11:00.000Z');
    const pm = parseSourceDate('16/02/2011 09:11 م', 'Asia/Riyadh');
    assert.equal(pm.iso, '2011-02-16T18:11:00.000Z');
    assert.equal(parseSourceDate('16/02/2011 09:11 ص', 'UTC').iso, '2011-02-16T09:11:00.000Z');
    assert.equal(parseSourceDate('١٦/٠٢/٢٠١١ ٠٩:١١ مساءً', 'UTC').iso, '2011-02-16T21:11:00.000Z');
  });
});
