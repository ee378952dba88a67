import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COUNTRIES, FUNCTION_WORD_LIST, NAME_FORMS, PROTECTED_NAME_LIST, RADICAL_INITIAL_LIST } from '../../src/arabic/lexicon.ts';
import { normalizeArabic } from '../../src/arabic/normalize.ts';
import { lightStem } from '../../src/arabic/stem.ts';

/** Stem of a word as the analyzer computes it: normalize, then stem. */
const stem = (word: string) => lightStem(normalizeArabic(word));

function assertStems(table: ReadonlyArray<readonly [string, string]>): void {
  for (const [word, expected] of table) assert.equal(stem(word), expected, word);
}

function assertSameStem(pairs: ReadonlyArray<readonly [string, string]>): void {
  for (const [a, b] of pairs) assert.equal(stem(a), stem(b), `${a} / ${b}: ${stem(a)} ≠ ${stem(b)}`);
}

test('light10 (Lucene ArabicStemmer) table', () => {
  assertStems([
    ['والمدرسة', 'مدرس'],
    ['البلديات', 'بلد'],
    ['المعلمون', 'معلم'],
    // Lucene's TestArabicStemFilter cases.
    ['الحسن', 'حسن'],
    ['والحسن', 'حسن'],
    ['بالحسن', 'حسن'],
    ['كالحسن', 'حسن'],
    ['فالحسن', 'حسن'],
    ['للاخر', 'اخر'],
    ['وحسن', 'حسن'],
    ['حسنها', 'حسن'],
    ['حسنان', 'حسن'],
    ['حسنات', 'حسن'],
    ['حسنون', 'حسن'],
    ['حسنين', 'حسن'],
    ['حسنية', 'حسن'],
    ['حسنة', 'حسن'],
    ['حسني', 'حسن'],
    ['وحسنية', 'حسن'],
    ['ساهدهات', 'ساهد'],
    // Too short to stem.
    ['ال', 'ال'],
    ['الو', 'الو'],
    ['وطن', 'وطن'],
  ]);
});

test('conjunction + preposition + article combinations', () => {
  assertStems([
    ['وبالحسن', 'حسن'],
    ['فبالحسن', 'حسن'],
    ['وكالحسن', 'حسن'],
    ['فكالحسن', 'حسن'],
    ['وللحسن', 'حسن'],
    ['فللحسن', 'حسن'],
    ['وبدمج', 'دمج'],
  ]);
});

test('required pairs share a stem', () => {
  assertSameStem([
    ['كتاب', 'الكتاب'],
    ['مجاورة', 'المجاورة'],
    ['دمج', 'بدمج'],
    ['ليبيا', 'الليبية'],
    ['السعود\u06CCة', 'السعودية'],
    ['احمد', 'أحمد'],
    ['ادارة', 'إدارة'],
    ['مستشفى', 'مستشفي'],
    ['الشَّعب', 'الشعب'],
    ['طرابلـــس', 'طرابلس'],
    ['اقرأ', 'إقرأ'],
    ['٢٠٢٣', '2023'],
  ]);
  assert.equal(stem('بدمج'), 'دمج');
  assert.equal(stem('٢٠٢٣'), '2023');
});

test('a word and its article form share a stem, also where light10 alone would not', () => {
  // Lucene strips one prefix: there وزير → زير but الوزير → وزير, التزام → تزام but الالتزام → التزام.
  assertSameStem([
    ['وزير', 'الوزير'],
    ['وزير', 'ووزير'],
    ['التزام', 'الالتزام'],
    ['بيان', 'البيان'],
    ['بيان', 'بيانات'],
    ['بطولة', 'البطولات'],
    ['بلدية', 'البلدية'],
    ['لجنة', 'اللجنة'],
  ]);
});

test('single-letter prepositions: removed before a word, not from words that start with ب', () => {
  assertStems([
    ['بدمج', 'دمج'],
    ['لدمج', 'دمج'],
    ['كدمج', 'دمج'],
    // The rest would be two letters: kept.
    ['بلد', 'بلد'],
    ['بحث', 'بحث'],
    ['بنك', 'بنك'],
    ['بلديات', 'بلد'],
    // Known radical ب (lexicon), so not يان, طول "length", حوث (as in الحوثيين).
    ['بيان', 'بيان'],
    ['بطولة', 'بطول'],
    ['البحوث', 'بحوث'],
    ['كتاب', 'كتاب'],
    ['لقاء', 'لقاء'],
    ['بحثت', 'بحثت'],
    // Tanween fath alef: كبيرا keeps its ك as كبير does.
    ['كبيرا', 'كبيرا'],
    // Function words and names that start with ب/ل/و.
    ['بينهم', 'بينهم'],
    ['لدينا', 'لدينا'],
    ['وفقا', 'وفقا'],
    ['برشلونة', 'برشلونه'],
    ['ببرشلونة', 'برشلونه'],
    // Protected names.
    ['بنغازي', 'بنغازي'],
    ['ببنغازي', 'بنغازي'],
    ['وبنغازي', 'بنغازي'],
    ['بطرابلس', 'طرابلس'],
  ]);
  // Two prepositions never stack: البلدين is not ب + ل + دين.
  assert.equal(stem('البلدين'), 'بلد');
  // ف alone is never removed (light10): فريق keeps its ف.
  assert.equal(stem('فريق'), 'فريق');
  assert.equal(stem('الفريق'), 'فريق');
});

test('protected words are not cut', () => {
  assertStems([
    ['الله', 'الله'],
    ['والله', 'الله'],
    ['لله', 'الله'],
    ['بالله', 'الله'],
    ['مصراتة', 'مصراته'],
    ['دبي', 'دبي'],
    ['جدة', 'جده'],
    ['على', 'علي'],
    ['هذه', 'هذه'],
    ['الذي', 'الذي'],
    ['وفي', 'في'],
    ['الآن', 'الان'],
  ]);
  for (const name of PROTECTED_NAME_LIST) assert.equal(lightStem(name), name, name);
  for (const word of FUNCTION_WORD_LIST) assert.equal(lightStem(word), word, word);
});

test('country names and adjectives share one stem', () => {
  const groups: ReadonlyArray<readonly string[]> = [
    ['ليبيا', 'ليبي', 'ليبية', 'الليبي', 'الليبية', 'الليبيون', 'الليبيين', 'لليبيا', 'بليبيا', 'والليبيين', 'ليبيات'],
    ['مصر', 'مصري', 'المصرية', 'المصريين', 'بمصر', 'ومصر'],
    ['تونس', 'تونسي', 'التونسية'],
    ['سوريا', 'سورية', 'سوري', 'السوريين'],
    ['روسيا', 'روسي', 'الروسية', 'الروس'],
    ['أمريكا', 'أميركا', 'أمريكي', 'الأمريكية', 'الأميركيين', 'الأمريكان'],
    ['فرنسا', 'فرنسي', 'الفرنسية'],
    ['السعودية', 'سعودي', 'سعودية', 'السعوديون'],
    ['المغرب', 'مغربي', 'المغربية', 'المغاربة'],
    ['الجزائر', 'جزائري', 'الجزائرية', 'بالجزائر'],
    ['العراق', 'عراقي', 'العراقيين'],
    ['لبنان', 'لبناني', 'اللبنانية'],
    ['الأردن', 'أردني', 'الأردنية'],
    ['اليمن', 'يمني', 'اليمنية', 'لليمن'],
    ['قطر', 'قطري', 'القطرية'],
    ['الكويت', 'كويتي', 'الكويتية'],
    ['الإمارات', 'إماراتي', 'الإماراتية'],
    ['السودان', 'سوداني', 'السودانيين'],
    ['فلسطين', 'فلسطيني', 'الفلسطينيون'],
    ['إيران', 'إيراني', 'الإيرانية'],
    ['تركيا', 'تركي', 'التركية', 'الأتراك'],
    ['ألمانيا', 'ألماني', 'الألمانية', 'الألمان'],
    ['بريطانيا', 'بريطاني', 'البريطانية'],
    ['الصين', 'صيني', 'الصينية'],
  ];
  for (const group of groups) {
    const stems = new Set(group.map(stem));
    assert.equal(stems.size, 1, `${group.join(' ')} → ${[...stems].join(' ')}`);
  }
  assert.equal(stem('الليبية'), 'ليبي');
  // عمان is Oman and Amman: protected on its own.
  assert.equal(stem('عمان'), 'عمان');
  assert.equal(stem('العماني'), 'عماني');
});

test('Latin, digits and mixed tokens pass through unchanged', () => {
  for (const word of ['bbc', 'covid19', '2023', 'x', 'cnn', 'ال2023', 'e\u0301']) assert.equal(lightStem(word), word);
  assert.equal(stem('BBC'), 'bbc');
});

test('lexicon is written in normalized spelling and is consistent', () => {
  const all = [...FUNCTION_WORD_LIST, ...PROTECTED_NAME_LIST, ...RADICAL_INITIAL_LIST, ...NAME_FORMS.keys(), ...NAME_FORMS.values()];
  for (const country of COUNTRIES) all.push(...country.names, ...country.adjectives, ...(country.extra ?? []));
  for (const word of all) assert.equal(normalizeArabic(word), word, word);
  for (const word of RADICAL_INITIAL_LIST) {
    assert.match(word, /^[وبكل]/u, word);
    assert.ok(word.length >= 4, word);
  }
  assert.equal(new Set(RADICAL_INITIAL_LIST).size, RADICAL_INITIAL_LIST.length, 'no duplicates');
  // A country stem ends in ي, which light10 never leaves on a stem of three letters or more.
  for (const country of COUNTRIES) assert.match(country.adjectives[0]!, /ي$/u);
});

test('short and odd words keep at least two letters (outside the lexicon, stemming only removes letters)', () => {
  for (const word of ['و', 'ب', 'ال', 'لل', 'وال', 'بالا', 'ولل', 'اه', 'يه', 'هها', 'ووو', 'للل', 'ببب', 'وبال', 'بالال']) {
    const s = lightStem(word);
    assert.ok(s.length >= Math.min(2, word.length) && s.length <= word.length, `${word} → ${s}`);
    assert.ok(word.includes(s), `${word} → ${s}`);
  }
});

test('teh marbuta written ت before a possessive goes with it', () => {
  assertSameStem([
    ['حكومته', 'الحكومة'],
    ['زيارتها', 'زيارة'],
    ['مقالته', 'المقال'],
    ['سياراتها', 'السيارات'],
    ['حياته', 'الحياة'],
  ]);
  // At least three letters stay: these ت belong to the word.
  assertStems([
    ['بيته', 'بيت'],
    ['وقتها', 'وقت'],
    ['صوته', 'صوت'],
  ]);
});
