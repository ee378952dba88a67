import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, normalizedTerms, prefixTerm, stemmedTerms } from '../../src/arabic/analyzer.ts';

test('analyze gives offsets, raw, normalized and stemmed forms', () => {
  const text = 'وزارةُ الصحة الليبية: افتتاح المستشفى بطرابلـــس';
  const tokens = analyze(text);
  for (const t of tokens) assert.equal(text.slice(t.start, t.end), t.raw);
  assert.deepEqual(
    tokens.map((t) => [t.raw, t.norm, t.stem]),
    [
      ['وزارةُ', 'وزاره', 'وزار'],
      ['الصحة', 'الصحه', 'صح'],
      ['الليبية', 'الليبيه', 'ليبي'],
      ['افتتاح', 'افتتاح', 'افتتاح'],
      ['المستشفى', 'المستشفي', 'مستشف'],
      ['بطرابلـــس', 'بطرابلس', 'طرابلس'],
    ],
  );
});

test('a query and a document spelled differently meet on the same stems', () => {
  const document = 'أعلنت الإدارةُ الليبية دمجَ البلديات في مستشفى طرابلـــس عام ٢٠٢٣';
  const query = 'ادارة ليبيا بدمج بلدية المستشفي طرابلس 2023';
  const docStems = new Set(stemmedTerms(document));
  for (const s of stemmedTerms(query)) assert.ok(docStems.has(s), `${s} not in ${[...docStems].join(' ')}`);
});

test('terms are single FTS5 "ascii" tokens: no spaces, no ASCII punctuation, never empty', () => {
  const text = [
    'عاجل: انقطاع الكهرباء في طرابلس!! (تحديث) — "BBC" / CNN.com, e-mail: a_b@c.d',
    '#عاصي_الحلاني 🇱🇾 👨‍👩‍👧 ❤️ 1️⃣ ﷺ ﷲ ⑴ ½ ＡＢＣ ﻻ',
    '\u200Fأحمد\u200E\u202Bمرحبا\u202C می\u200Cخواهم طرابلـــس الشَّعب 3.5% ٢٠٢٣/١٢/٠١',
    'كتب\uD83Dالرئيس\u0000\u0007\t\r\n',
  ].join('\n');
  const stems = stemmedTerms(text);
  const norms = normalizedTerms(text);
  assert.ok(stems.length > 20);
  assert.equal(stems.length, norms.length);
  for (const term of [...stems, ...norms]) {
    assert.ok(term.length > 0);
    // FTS5's ascii tokenizer splits on every ASCII character that is not a letter or digit.
    for (const ch of term) assert.ok(ch.codePointAt(0)! > 0x7f || /[A-Za-z0-9]/u.test(ch), JSON.stringify(term));
    assert.doesNotMatch(term, /[\s\p{Cf}]/u, JSON.stringify(term));
  }
  assert.equal(stems.join(' ').split(' ').length, stems.length);
});

test('stemmedTerms and normalizedTerms follow analyze', () => {
  const text = 'والمدرسة الليبية 2023 BBC';
  const tokens = analyze(text);
  assert.deepEqual(stemmedTerms(text), tokens.map((t) => t.stem));
  assert.deepEqual(normalizedTerms(text), tokens.map((t) => t.norm));
  assert.deepEqual(stemmedTerms(text), ['مدرس', 'ليبي', '2023', 'bbc']);
  assert.deepEqual(normalizedTerms(text), ['والمدرسه', 'الليبيه', '2023', 'bbc']);
});

test('prefixTerm: normalized, article proclitics removed when two letters remain, not stemmed', () => {
  const table: Array<[string, string]> = [
    ['بنغ', 'بنغ'],
    ['والبنغ', 'بنغ'],
    ['البنغ', 'بنغ'],
    ['بالبنغ', 'بنغ'],
    ['للبنغ', 'بنغ'],
    ['وبالبنغ', 'بنغ'],
    ['ال', 'ال'],
    ['الب', 'الب'],
    ['وال', 'وال'],
    ['طرابلـ', 'طرابل'],
    ['إدارة', 'اداره'],
    ['المدرسة', 'مدرسه'],
    ['ليبيا', 'ليبيا'],
    ['BBC', 'bbc'],
    ['مصر الجد', 'جد'],
    ['', ''],
    ['  ،', ''],
  ];
  for (const [input, expected] of table) assert.equal(prefixTerm(input), expected, input);
});
