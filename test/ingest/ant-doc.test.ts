import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ImportRecord, ParseResult } from '../../src/content/import-record.ts';
import { parseAntDoc } from '../../src/ingest/ant-doc.ts';

const fixtures = fileURLToPath(new URL('../fixtures/ingest/ant/', import.meta.url));
const corpus = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const parseFixture = (name: string, tz = 'Africa/Tunis'): ParseResult =>
  parseAntDoc(readFileSync(`${fixtures}${name}`, 'utf8'), name, tz);

function record(r: ParseResult): ImportRecord {
  assert.ok(r.ok, JSON.stringify(r));
  return r.record;
}

test('all fields of a well-formed document; entities decoded, raw & kept', () => {
  const r = record(parseFixture('ok-rfc822.txt'));
  assert.equal(r.origin, 'ok-rfc822.txt');
  assert.equal(r.title, 'أسعار "القمح" ترتفع & الذرة تستقر في سوق S&P');
  assert.equal(r.source_url, 'https://example.test/ar/article/123?utm_source=app&utm_medium=referral');
  assert.equal(r.source_name, 'skynews');
  assert.equal(r.source_category, 'economy');
  assert.equal(r.author_name, 'دبي - سلمى الكاتبة');
  assert.equal(r.excerpt, 'ارتفعت أسعار القمح في الأسواق العالمية للأسبوع الثاني على التوالي.');
  assert.equal(r.published_at, '2024-03-05T06:15:00.000Z');
  assert.equal(
    r.body,
    '<p>ارتفعت أسعار القمح في الأسواق العالمية للأسبوع الثاني على التوالي، بينما استقرت أسعار الذرة.</p>\n' +
      '<h2>توقعات الموسم</h2>\n' +
      '<p>ويتوقع المحللون أن تستمر الأسعار في الارتفاع حتى نهاية الموسم الزراعي الحالي.</p>',
  );
  assert.deepEqual(r.flags, []);
});

test('control characters are stripped from title and text, and flagged', () => {
  const r = record(parseFixture('control-char.txt'));
  assert.equal(r.title, 'معرض للخط العربي في المدينة القديمة');
  assert.ok(![...r.body].some((c) => c < ' ' && c !== '\n' && c !== '\t'), 'no C0 control left');
  assert.match(r.body, /<p>ويضم المعرض أكثر من مئة لوحة. بعضها نادر.<\/p>/u);
  assert.equal(r.excerpt, undefined);
  assert.equal(r.author_name, null, 'no <AUTHOR> element');
  assert.equal(r.published_at, '2024-03-06T08:00:00.000Z');
  assert.ok(r.flags.includes('removed 1 control character from the title (U+0002 ×1)'), r.flags.join(' | '));
  assert.ok(r.flags.includes('removed 3 control characters from the text (U+001A ×2, U+0002 ×1)'), r.flags.join(' | '));
});

test('whitespace-only title: the first sentence of the text becomes the headline, flagged', () => {
  const r = record(parseFixture('blank-title.txt'));
  assert.equal(r.title, 'تدخلت فرق الحماية المدنية لإخماد حريق في سوق المدينة.');
  assert.ok(r.flags.includes('no headline: the first sentence of the body is used'), r.flags.join(' | '));
});

test('empty body: imported as a headline-only item, flagged', () => {
  const r = record(parseFixture('empty-body.txt'));
  assert.equal(r.title, 'فوز ودي للفريق المحلي');
  assert.equal(r.body, '');
  assert.ok(r.flags.includes('empty body: imported as a headline-only item'), r.flags.join(' | '));
});

test('unreadable TIME falls back to the DOCNO date, flagged; ???? flagged with file line', () => {
  const r = record(parseFixture('bad-time.txt'));
  assert.equal(r.published_at, '2017-01-22T23:00:00.000Z');
  assert.ok(r.flags.some((f) => /^TIME unreadable .*used the DOCNO date 2017-01-23 as midnight in Africa\/Tunis$/u.test(f)), r.flags.join(' | '));
  assert.ok(r.flags.includes('contains ???? where emoji were lost upstream (line 12)'), r.flags.join(' | '));
});

test('not a DOC, missing TITLE or TEXT, CRLF and BOM', () => {
  assert.deepEqual(parseAntDoc('hello', 'x', 'UTC'), { ok: false, origin: 'x', reason: 'not an ANT document: no <DOC> element' });
  const noTitle = parseAntDoc('<DOC><TEXT>نص.</TEXT></DOC>', 'x', 'UTC');
  assert.ok(!noTitle.ok && noTitle.reason === 'no <TITLE> element');
  const noText = parseAntDoc('<DOC><TITLE>عنوان</TITLE></DOC>', 'x', 'UTC');
  assert.ok(!noText.ok && noText.reason === 'no <TEXT> element');
  const crlf = record(parseAntDoc('\ufeff<DOC>\r\n<DOCNO>A-1-20200101</DOCNO>\r\n<TITLE>عنوان</TITLE>\r\n<TEXT>\r\nسطر أول.\r\nسطر ثان.\r\n</TEXT>\r\n</DOC>\r\n', 'x', 'UTC'));
  assert.equal(crlf.body, '<p>سطر أول.</p>\n<p>سطر ثان.</p>');
  assert.equal(crlf.published_at, '2020-01-01T00:00:00.000Z');
  assert.ok(crlf.flags.some((f) => f.startsWith('TIME unreadable (no <TIME> element)')));
});

test('corpus: ANT files with U+0002, raw & in URL, whitespace-only title', (t) => {
  if (!existsSync(corpus)) {
    t.skip('../shared not found');
    return;
  }
  const read = (rel: string): ParseResult => parseAntDoc(readFileSync(`${corpus}${rel}`, 'utf8'), rel, 'Africa/Tunis');

  const ctrl = record(read('news-ant-multisource/Alarabia/economy/AL-economy-62-20180220.txt'));
  assert.equal(ctrl.title, 'كيف ستغير الابتكارات التكنولوجية الأنظمة الغذائية؟');
  assert.ok(!ctrl.body.includes('\u0002'));
  assert.match(ctrl.body, /أو كيف تم زراعتها؟\. بعض الأجوبة/u);
  assert.ok(ctrl.flags.includes('removed 1 control character from the text (U+0002 ×1)'), ctrl.flags.join(' | '));
  assert.equal(ctrl.source_name, 'alarabia');
  assert.equal(ctrl.source_category, 'economy');
  assert.equal(ctrl.author_name, 'دبي - ليان عودة');
  assert.equal(ctrl.published_at, '2018-02-20T08:26:55.000Z');
  assert.ok(ctrl.excerpt?.startsWith('يستعد قطاع الأغذية العالمي'));

  const amp = record(read('news-ant-jawharafm/localNews/JA-localNews-2149-20170228.txt'));
  assert.equal(amp.title, 'إيقاف زوجة قيّس بن علي');
  assert.ok(amp.source_url?.endsWith('?utm_campaign=nabdapp.com&utm_medium=referral&utm_source=nabdapp.com&ocid=Nabd_App'));
  assert.equal(amp.source_name, 'Jawhara FM');
  assert.equal(amp.published_at, '2017-02-27T23:00:00.000Z');
  assert.equal(amp.excerpt, undefined);
  assert.equal(amp.author_name, null);

  const blank = read('news-ant-jawharafm/localNews/JA-localNews-166-00000000.txt');
  assert.ok(blank.ok);
  assert.ok(blank.record.flags.includes('no headline: the first sentence of the body is used'));
  assert.ok(blank.record.title.startsWith('تدخلت فرق الحماية المدنية'));
});
