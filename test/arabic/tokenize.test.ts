import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeArabic } from '../../src/arabic/normalize.ts';
import { tokenize, type Token } from '../../src/arabic/tokenize.ts';

/** Every token's span gives back its raw text, in order, without overlap. */
function assertRoundTrip(text: string, tokens: Token[]): void {
  tokens.forEach((t, i) => {
    assert.equal(text.slice(t.start, t.end), t.raw, `span ${t.start}-${t.end}`);
    const previous = tokens[i - 1];
    // In order and not overlapping; pieces of one NFKC expansion share a span.
    if (previous) assert.ok(t.start >= previous.end || (t.start === previous.start && t.end === previous.end), 'tokens in order');
    assert.ok(t.norm !== '', 'no empty norm');
    assert.doesNotMatch(t.norm, /[\s\p{P}\p{S}\p{Cf}]/u, `norm ${JSON.stringify(t.norm)} is one word`);
  });
}

const words = (text: string) => tokenize(text).map((t) => t.raw);
const norms = (text: string) => tokenize(text).map((t) => t.norm);

test('harakat never split a word', () => {
  const tokens = tokenize('الشَّعب يُريد');
  assert.deepEqual(tokens, [
    { start: 0, end: 7, raw: 'الشَّعب', norm: 'الشعب' },
    { start: 8, end: 13, raw: 'يُريد', norm: 'يريد' },
  ]);
  assert.deepEqual(words('كَتَبَ الرَّئِيسُ'), ['كَتَبَ', 'الرَّئِيسُ']);
});

test('tatweel stays inside the word; a lone tatweel is no word', () => {
  assert.deepEqual(tokenize('في طرابلـــس'), [
    { start: 0, end: 2, raw: 'في', norm: 'في' },
    { start: 3, end: 12, raw: 'طرابلـــس', norm: 'طرابلس' },
  ]);
  assert.deepEqual(tokenize('ـــ'), []);
});

test('offsets round-trip through harakat, tatweel, emoji, ZWJ and bidi marks', () => {
  const text = '\u200Fعاجل\u200E: الشَّعبُ 🇱🇾 يحتفل بـ«طرابلـــس» 👨‍👩‍👧 اليوم\u200D! (BBC) ٢٠٢٣ 👍🏽ليبيا\u202Bمرحبا\u202C';
  const tokens = tokenize(text);
  assertRoundTrip(text, tokens);
  assert.deepEqual(
    tokens.map((t) => t.raw),
    ['عاجل', 'الشَّعبُ', 'يحتفل', 'بـ', 'طرابلـــس', 'اليوم', 'BBC', '٢٠٢٣', 'ليبيا\u202Bمرحبا'],
  );
  assert.deepEqual(
    tokens.map((t) => t.norm),
    ['عاجل', 'الشعب', 'يحتفل', 'ب', 'طرابلس', 'اليوم', 'bbc', '2023', 'ليبيامرحبا'],
  );
});

test('joiners and bidi marks join only inside a word, never at its ends', () => {
  // Persian ZWNJ inside a word.
  assert.deepEqual(tokenize('می\u200Cخواهم'), [{ start: 0, end: 8, raw: 'می\u200Cخواهم', norm: 'ميخواهم' }]);
  assert.deepEqual(tokenize('\u200Fأحمد\u200E \u200D\u200Dعلي\u200C'), [
    { start: 1, end: 5, raw: 'أحمد', norm: 'احمد' },
    { start: 9, end: 12, raw: 'علي', norm: 'علي' },
  ]);
  // ZERO WIDTH SPACE is a word boundary.
  assert.deepEqual(norms('كتب\u200Bالرئيس'), ['كتب', 'الرئيس']);
});

test('emoji, punctuation, underscore and spaces separate words', () => {
  assert.deepEqual(norms('🇱🇾ليبيا👨‍👩‍👧تونس'), ['ليبيا', 'تونس']);
  assert.deepEqual(norms('#عاصي_الحلاني، (مصر)؛ "قطر"؟ - 3.5'), ['عاصي', 'الحلاني', 'مصر', 'قطر', '3', '5']);
  assert.deepEqual(norms('a\u00A0b\tc\nd'), ['a', 'b', 'c', 'd']);
  assert.deepEqual(tokenize('  ،،؟!  🇱🇾 '), []);
});

test('marks that follow an emoji are not words; a keycap digit is its digit', () => {
  assert.deepEqual(norms('❤️ 1️⃣ ✔︎'), ['1']);
  assert.deepEqual(tokenize('َُ'), [], 'harakat alone');
});

test('norm is normalizeArabic(raw)', () => {
  const text = 'إدارةُ المستشفى ٱلسعودیة ﻻ ＡＢＣ';
  for (const t of tokenize(text)) assert.equal(t.norm, normalizeArabic(t.raw));
  assert.deepEqual(norms(text), ['اداره', 'المستشفي', 'السعوديه', 'لا', 'abc']);
});

test('a compatibility character that NFKC makes into several words gives one token per word, same span', () => {
  const text = 'محمد ﷺ قال';
  const tokens = tokenize(text);
  assertRoundTrip(text, tokens);
  assert.deepEqual(
    tokens.map((t) => [t.norm, t.start, t.end]),
    [
      ['محمد', 0, 4],
      ['صلي', 5, 6],
      ['الله', 5, 6],
      ['عليه', 5, 6],
      ['وسلم', 5, 6],
      ['قال', 7, 10],
    ],
  );
  assert.deepEqual(norms('⑴ ½'), ['1', '1', '2']);
});

test('astral letters are words; unpaired surrogates separate words without throwing', () => {
  assert.deepEqual(tokenize('𝐀𝐁 x'), [
    { start: 0, end: 4, raw: '𝐀𝐁', norm: 'ab' },
    { start: 5, end: 6, raw: 'x', norm: 'x' },
  ]);
  const broken = 'كتب\uD83Dالرئيس\uDE00مصر\uD800';
  const tokens = tokenize(broken);
  assertRoundTrip(broken, tokens);
  assert.deepEqual(tokens.map((t) => t.norm), ['كتب', 'الرئيس', 'مصر']);
});

test('offsets are UTF-16 units of the original text, also after NFKC changed the length', () => {
  const text = '😀 ﻷحمد 😀 𝐀 الشَّعب';
  const tokens = tokenize(text);
  assertRoundTrip(text, tokens);
  assert.deepEqual(tokens.map((t) => t.norm), ['لاحمد', 'a', 'الشعب']);
  assert.equal(tokens[2]!.start, text.indexOf('الشَّعب'));
});

test('empty and whitespace-only text give no tokens', () => {
  assert.deepEqual(tokenize(''), []);
  assert.deepEqual(tokenize(' \n\t '), []);
});
