import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripHarakat, stripInvisibles, stripTatweel } from '../../src/arabic/marks.ts';
import { normalizeArabic } from '../../src/arabic/normalize.ts';

const hex = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

test('letter folds: each rule', () => {
  const table: Array<[string, string, string]> = [
    ['آ', 'ا', 'alef madda'],
    ['أ', 'ا', 'alef hamza above'],
    ['إ', 'ا', 'alef hamza below'],
    ['ٱ', 'ا', 'alef wasla'],
    ['ى', 'ي', 'alef maksura'],
    ['ة', 'ه', 'teh marbuta'],
    ['\u06CC', 'ي', 'Farsi yeh'],
    ['\u06A9', 'ك', 'keheh'],
  ];
  for (const [from, to, name] of table) assert.equal(normalizeArabic(from), to, name);
  assert.equal(normalizeArabic('آمال أحمد إبراهيم ٱلله مستشفى مدرسة'), 'امال احمد ابراهيم الله مستشفي مدرسه');
  assert.equal(normalizeArabic('السعود\u06CCة \u06A9تاب'), 'السعوديه كتاب');
});

test('hamza on waw and yeh, and bare hamza, are kept', () => {
  assert.equal(normalizeArabic('سؤال رئيس شيء'), 'سؤال رئيس شيء');
});

test('decomposed input is recomposed (NFKC), never decomposed and stripped', () => {
  // NFD turns أ into ا + U+0654 and ؤ into و + U+0654; stripping the mark would lose ؤ.
  assert.equal(normalizeArabic('أحمد'.normalize('NFD')), 'احمد');
  assert.equal(normalizeArabic('سؤال'.normalize('NFD')), 'سؤال');
  assert.equal(normalizeArabic('رئيس'.normalize('NFD')), 'رئيس');
  assert.equal(normalizeArabic('آمال'.normalize('NFD')), 'امال');
});

test('NFKC: presentation forms and ligatures become letters', () => {
  assert.equal(normalizeArabic('\uFEFB'), 'لا', 'lam-alef ligature');
  assert.equal(normalizeArabic('\uFEF7'), 'لا', 'lam-alef with hamza above');
  assert.equal(normalizeArabic('\uFEF5'), 'لا', 'lam-alef with madda');
  assert.equal(normalizeArabic('\uFDF2'), 'الله', 'allah ligature');
  assert.equal(normalizeArabic('\uFE8D\uFEDF\uFEE4\uFEAE\uFE8E\uFE93'), 'المراه', 'isolated, initial, medial and final forms');
  assert.equal(normalizeArabic('ＡＢＣ１２'), 'abc12', 'full-width Latin and digits');
});

test('harakat, Quranic marks and tatweel are removed', () => {
  assert.equal(normalizeArabic('الشَّعْبُ'), 'الشعب');
  assert.equal(normalizeArabic('كِتَابٌ'), 'كتاب');
  assert.equal(normalizeArabic('طرابلـــس'), 'طرابلس');
  assert.equal(normalizeArabic('رَحْمَٰن'), 'رحمن', 'superscript alef U+0670');
  assert.equal(normalizeArabic('محمد\u0610\u0611'), 'محمد', 'honorific signs U+0610–U+061A');
  assert.equal(normalizeArabic('قال\u06D6\u06DA\u06ED'), 'قال', 'Quranic marks U+06D6–U+06ED');
  for (const c of [0x064b, 0x0650, 0x0652, 0x065f, 0x0670, 0x0610, 0x061a, 0x06d6, 0x06ed, 0x0640]) {
    assert.equal(normalizeArabic(`ب${String.fromCharCode(c)}ت`), 'بت', hex(String.fromCharCode(c)));
  }
});

test('zero-width characters and bidi controls are removed', () => {
  const invisibles = [0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff, 0x061c, 0x00ad, 0x2060];
  for (const c of invisibles) assert.equal(normalizeArabic(`كت${String.fromCharCode(c)}اب`), 'كتاب', hex(String.fromCharCode(c)));
  assert.equal(normalizeArabic('\u200fأحمد\u200e'), 'احمد');
});

test('Arabic-Indic and Persian digits become ASCII', () => {
  assert.equal(normalizeArabic('٠١٢٣٤٥٦٧٨٩'), '0123456789');
  assert.equal(normalizeArabic('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(normalizeArabic('٢٠٢٣'), '2023');
});

test('Latin is lowercased; spaces and punctuation are kept', () => {
  assert.equal(normalizeArabic('BBC News'), 'bbc news');
  assert.equal(normalizeArabic('İstanbul'), 'istanbul');
  assert.equal(normalizeArabic('كتب الرئيس: «نعم»'), 'كتب الرئيس: «نعم»');
  assert.equal(normalizeArabic('already plain'), 'already plain');
  assert.equal(normalizeArabic(''), '');
});

test('everything marks.ts strips (slug rules) is stripped here too', () => {
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (stripHarakat(ch) === '' || stripTatweel(ch) === '' || stripInvisibles(ch) === '') {
      assert.equal(normalizeArabic(`ا${ch}ب`), 'اب', hex(ch));
    }
  }
});

/** Straightforward reference: NFKC, then regexes and a map (slow, obviously right). */
function reference(text: string): string {
  const folds: Record<string, string> = { 'آ': 'ا', 'أ': 'ا', 'إ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', '\u06CC': 'ي', '\u06A9': 'ك' };
  return text
    .normalize('NFKC')
    .replace(/[\u064B-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]/gu, '')
    .replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Me}]/gu, '')
    .replace(/[آأإٱىة\u06CC\u06A9]/gu, (c) => folds[c]!)
    .replace(/[\u0660-\u0669]/gu, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/gu, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u0130/gu, 'i')
    .toLowerCase();
}

test('agrees with a straightforward reference on random mixes of letters, marks and invisibles', () => {
  const alphabet = [...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةٱ', '\u064B', '\u064E', '\u0651', '\u0652', '\u0653', '\u0654', '\u0655', '\u0670', '\u0640', '\u200C', '\u200D', '\u200F', '\uFEFB', '\uFEF7', 'A', 'z', 'É', 'e\u0301', ' ', '٣', '۴', '\u06CC', '\u06A9', '🇱🇾', '\uFE0F', '1\u20E3'];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let n = 0; n < 3000; n++) {
    let s = '';
    const len = 1 + (next() % 12);
    for (let i = 0; i < len; i++) s += alphabet[next() % alphabet.length];
    assert.equal(normalizeArabic(s), reference(s), hex(s));
  }
});

test('normalization is idempotent', () => {
  for (const s of ['إِدارةُ المُستشفى', 'ﷺ', 'ﻷ', 'Ǆ', 'سؤال'.normalize('NFD'), '\u0675', 'ＡＢＣ']) {
    const once = normalizeArabic(s);
    assert.equal(normalizeArabic(once), once, hex(s));
  }
});
