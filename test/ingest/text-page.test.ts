import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ImportRecord, ParseResult } from '../../src/content/import-record.ts';
import { parseTextPage } from '../../src/ingest/text-page.ts';

const fixtures = fileURLToPath(new URL('../fixtures/ingest/', import.meta.url));
const shared = fileURLToPath(new URL('../../../shared/', import.meta.url));
const fixture = (name: string): string => readFileSync(`${fixtures}${name}`, 'utf8');

function onlyRecord(results: ParseResult[]): ImportRecord {
  assert.equal(results.length, 1, JSON.stringify(results));
  const [r] = results;
  assert.ok(r?.ok, JSON.stringify(r));
  return r.record;
}

const CHROME = ['جميع الحقوق', 'Type to search', 'See all results', '©'];

test('fixture page: headline, date, body with subheading, source, related article', () => {
  const main = onlyRecord(parseTextPage(fixture('page-basic.txt'), 'page-basic.txt', 'Africa/Tunis'));
  assert.equal(main.origin, 'page-basic.txt');
  assert.equal(main.title, 'افتتاح مكتبة عامة جديدة في مدينة صفاقس');
  assert.equal(main.published_at, '2024-03-05T00:00:00.000Z');
  assert.equal(main.source_name, 'وكالة الأنباء المحلية');
  assert.match(main.body, /<h2>قاعة للأطفال<\/h2>/u);
  assert.match(main.body, /^<p>افتتحت بلدية صفاقس/u);
  assert.doesNotMatch(main.body, /المصدر|اقرأ أيضا|مهرجان الزيتون/u);
  assert.equal(main.excerpt, undefined);

  assert.equal(main.related?.length, 1);
  const rel = main.related?.[0];
  assert.ok(rel);
  assert.equal(rel.origin, 'page-basic.txt#2');
  assert.equal(rel.title, 'مهرجان الزيتون يعود إلى الساحل بعد غياب');
  assert.equal(rel.excerpt, 'سوسة - ???? انطلاق الدورة الجديدة من مهرجان الزيتون بمشاركة واسعة');
  assert.doesNotMatch(rel.body, /سوسة -/u, 'standfirst not repeated in the body');
  assert.match(rel.body, /^<p>انطلقت مساء أمس/u);
  assert.match(rel.body, /<p>\?\?\?\? عروض فنية/u, '???? kept as is');
  assert.equal(rel.source_name, null);
  assert.equal(rel.published_at, main.published_at);
  assert.ok(rel.flags.some((f) => f.includes("used the main article's date")), rel.flags.join(' | '));
  assert.ok(rel.flags.includes('contains ???? where emoji were lost upstream (lines 10, 12)'), rel.flags.join(' | '));

  for (const r of [main, rel]) {
    for (const chrome of [...CHROME, 'أخبار الساحل كل يوم', 'الرئيسية']) {
      assert.ok(!r.body.includes(chrome), `${chrome} leaked into ${r.origin}`);
    }
  }
});

test('BOM, CRLF, Arabic-Indic date digits; a © photo credit without year is not chrome', () => {
  const r = onlyRecord(parseTextPage(fixture('page-crlf-bom.txt'), 'p.txt', 'Africa/Algiers'));
  assert.equal(r.title, 'أمطار غزيرة على العاصمة');
  assert.equal(r.published_at, '2024-03-11T23:00:00.000Z');
  assert.match(r.flags.join(' | '), /read as midnight in Africa\/Algiers/u);
  assert.match(r.body, /الصورة © وكالة محلية/u);
  assert.match(r.body, /ودعت مصالح الحماية المدنية/u);
  assert.equal(r.source_name, null);
  assert.equal(r.related, undefined);
});

test('a page with a headline and no text is a headline-only item, flagged (as in every importer)', () => {
  const [r, ...rest] = parseTextPage(fixture('page-no-body.txt'), 'nb.txt', 'UTC');
  assert.equal(rest.length, 0);
  assert.ok(r && r.ok);
  assert.equal(r.record.title, 'عنوان بلا نص');
  assert.equal(r.record.body, '');
  assert.ok(r.record.flags.includes('empty body: imported as a headline-only item'), r.record.flags.join(' | '));
});

test('a body sentence that mentions rights is text, not the site footer', () => {
  const text = ['حقوق المواطنين', 'تاريخ النشر: 5th, March 2024 GMT', 'قال المتحدث إن الدستور واضح.', 'وقال المتحدث إن جميع الحقوق محفوظة للمواطنين بموجب الدستور.', 'وأضاف أن القانون يطبق على الجميع.'].join('\n');
  const [r] = parseTextPage(text, 'rights.txt', 'UTC');
  assert.ok(r && r.ok);
  assert.match(r.record.body, /جميع الحقوق محفوظة للمواطنين/u);
  assert.match(r.record.body, /يطبق على الجميع/u);
  assert.ok(!r.record.flags.some((f) => f.includes('site chrome')));
});

test('dropped site chrome is flagged with the line it starts on', () => {
  const [r] = parseTextPage(fixture('page-basic.txt'), 'p.txt', 'UTC');
  assert.ok(r && r.ok);
  assert.ok(r.record.flags.some((f) => /^dropped 2 lines of site chrome .* from line 14 on$/u.test(f)), r.record.flags.join(' | '));
});

test('no headline: only chrome, or empty text', () => {
  for (const text of [fixture('page-chrome-only.txt'), '', '\n  \n']) {
    const [r] = parseTextPage(text, 'x.txt', 'UTC');
    assert.ok(r && !r.ok);
    assert.match(r.reason, /^no headline/u);
  }
});

test('page starting with the date line has no headline', () => {
  const [r] = parseTextPage('تاريخ النشر: 23rd, August 2023 GMT\nنص الخبر.', 'x.txt', 'UTC');
  assert.ok(r && !r.ok);
  assert.match(r.reason, /no headline.*line 1/u);
});

test('missing date line is flagged; a related article without body is its own failure', () => {
  const text = ['خبر قصير', 'نص الخبر الأول كاملا.', 'اقرأ أيضاً:', 'عنوان بلا متن'].join('\n');
  const results = parseTextPage(text, 'r.txt', 'UTC');
  assert.equal(results.length, 2);
  const [main, rel] = results;
  assert.ok(main?.ok);
  assert.equal(main.record.published_at, null);
  assert.ok(main.record.flags.includes('no publication date line (تاريخ النشر:)'));
  assert.equal(main.record.related, undefined);
  assert.ok(rel && !rel.ok);
  assert.equal(rel.origin, 'r.txt#2');
  assert.match(rel.reason, /^no body/u);
});

test('"read also" with the headline on the same line, its own source and date lines', () => {
  const text = [
    'العنوان الرئيسي', 'تاريخ النشر: 2024-03-05T10:00:00Z', 'نص الخبر الرئيسي.', 'المصدر: وكالة أ',
    'إقرأ أيضاً: خبر مرتبط', 'تاريخ النشر: 2024-03-04T08:00:00Z', 'نص الخبر المرتبط.', 'المصدر: وكالة ب',
  ].join('\n');
  const main = onlyRecord(parseTextPage(text, 'r.txt', 'UTC'));
  const rel = main.related?.[0];
  assert.ok(rel);
  assert.equal(rel.title, 'خبر مرتبط');
  assert.equal(rel.published_at, '2024-03-04T08:00:00.000Z');
  assert.equal(rel.source_name, 'وكالة ب');
  assert.equal(rel.excerpt, undefined);
  assert.deepEqual(rel.flags, []);
});

test('a body sentence starting with "اقرأ أيضا" without a colon stays in the body', () => {
  const main = onlyRecord(parseTextPage('عنوان\nنص الخبر.\nاقرأ أيضا التقرير الكامل في العدد القادم.', 'b.txt', 'UTC'));
  assert.match(main.body, /<p>اقرأ أيضا التقرير الكامل/u);
  assert.equal(main.related, undefined);
});

test('control characters are removed and flagged', () => {
  const main = onlyRecord(parseTextPage('عنوان\nنص\u0002 الخبر.', 'c.txt', 'UTC'));
  assert.equal(main.body, '<p>نص الخبر.</p>');
  assert.ok(main.flags.some((f) => f.includes('U+0002')));
});

test('seed page (shared/seed)', (t) => {
  const path = `${shared}seed/000_8e98bd6a2873f1b4.txt`;
  if (!existsSync(path)) {
    t.skip('../shared not found');
    return;
  }
  const main = onlyRecord(parseTextPage(readFileSync(path, 'utf8'), path, 'Africa/Tripoli'));
  assert.equal(main.title, 'وفد عسكري روسي يزور ليبيا بدعوة من حفتر');
  assert.equal(main.published_at, '2023-08-23T00:00:00.000Z');
  assert.equal(main.source_name, 'الجزيرة');
  assert.match(main.body, /<h2>فاغنر في ليبيا<\/h2>/u);
  assert.equal(main.related?.length, 1);
  const rel = main.related?.[0];
  assert.ok(rel);
  assert.equal(rel.title, 'التومي وتيتيه يناقشان مسيرة التحول إلى اللامركزية في ليبيا');
  assert.match(rel.excerpt ?? '', /^ليبيا – \?\?\?\?/u);
  assert.ok(!rel.body.includes('ليبيا – '), 'standfirst not repeated');
  assert.match(rel.body, /\?\?\?\? مناقشة التحول/u, '???? kept');
  assert.ok(rel.flags.some((f) => /contains \?\?\?\? where emoji were lost upstream \(lines 17, /u.test(f)), rel.flags.join(' | '));
  assert.equal(rel.published_at, main.published_at);
  assert.equal(rel.source_name, null);
  for (const r of [main, rel]) {
    for (const chrome of ['جميع الحقوق', 'ليبية يومية شاملة', 'See all results', 'Type to search', 'المصدر', 'إقرأ أيضاً']) {
      assert.ok(!r.body.includes(chrome) && !r.title.includes(chrome) && !(r.excerpt ?? '').includes(chrome), `${chrome} in ${r.origin}`);
    }
  }
});
