import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_SLUG_LENGTH, slugify, slugOrFallback, uniqueSlug } from '../../src/arabic/slug.ts';

test('slug keeps Arabic and turns punctuation and spaces into single hyphens', () => {
  assert.equal(slugify('عاجل: انقطاع الكهرباء في طرابلس'), 'عاجل-انقطاع-الكهرباء-في-طرابلس');
});

test('one-word category names give non-empty slugs', () => {
  assert.equal(slugify('اقتصاد'), 'اقتصاد');
  assert.equal(slugify('رياضة'), 'رياضة');
});

test('harakat, tatweel and bidi marks are removed, hamza kept', () => {
  assert.equal(slugify('كَتَبَ الرَّئِيسُ'), 'كتب-الرئيس');
  assert.equal(slugify('طرابلـــس'), 'طرابلس');
  assert.equal(slugify('\u200fأحمد\u200e إبراهيم'), 'أحمد-إبراهيم');
});

test('slug is NFC: decomposed input gives the precomposed hamza', () => {
  const decomposed = 'أحمد'.normalize('NFD');
  assert.notEqual(decomposed, 'أحمد');
  assert.equal(slugify(decomposed), 'أحمد');
});

test('emoji and symbols are separators, never part of a slug', () => {
  assert.equal(slugify('🇱🇾 ليبيا 🗳️ ⚖️ 👍🏽 👨‍👩‍👧'), 'ليبيا');
});

test('Latin is lowercased, digits kept', () => {
  assert.equal(slugify('BBC تقرير 2023'), 'bbc-تقرير-2023');
});

test('a 200-character headline gives a slug of at most 80 characters ending on a whole word', () => {
  const words = ['المجلس', 'البلدي', 'يناقش', 'خطة', 'تطوير', 'الطرق', 'والمرافق', 'العامة', 'في', 'المدينة'];
  let title = '';
  for (let i = 0; [...title].length < 200; i++) title += `${words[i % words.length]} `;
  title = [...title].slice(0, 200).join('');
  const slug = slugify(title);
  assert.ok([...slug].length <= MAX_SLUG_LENGTH, `length ${[...slug].length}`);
  assert.ok([...slug].length > 60);
  const parts = slug.split('-');
  for (const part of parts) assert.ok(words.includes(part), `cut inside a word: ${part}`);
});

test('a single word longer than the limit is cut hard', () => {
  const slug = slugify('ا'.repeat(100));
  assert.equal([...slug].length, MAX_SLUG_LENGTH);
});

test('an empty slug falls back', () => {
  assert.equal(slugify('!!! 🗳️ ...'), '');
  assert.equal(slugOrFallback('!!!', '42'), '42');
});

test('unique slugs get a numeric suffix within the length limit', async () => {
  const taken = new Set(['خبر', 'خبر-2']);
  assert.equal(await uniqueSlug('خبر', async (s) => taken.has(s)), 'خبر-3');
  const long = slugify('كلمة '.repeat(40));
  const unique = await uniqueSlug(long, async (s) => s === long);
  assert.ok([...unique].length <= MAX_SLUG_LENGTH);
  assert.ok(unique.endsWith('-2'));
});
