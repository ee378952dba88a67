// The revision diff works on whole grapheme clusters: an emoji sequence
// (👩‍💻 joined by ZWJ, 🗳️ with its variation selector, a flag, a skin
// tone) is never cut in two, so neither side of a diff shows half of one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type DiffPart, diffText } from '../../src/content/use-cases/revisions.ts';

const side = (parts: DiffPart[], op: 'delete' | 'insert') => parts.filter((p) => p.op === 'equal' || p.op === op).map((p) => p.text).join('');
const changed = (parts: DiffPart[]) => parts.filter((p) => p.op !== 'equal').map((p) => `${p.op}:${p.text}`);
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const clusters = (text: string) => [...segmenter.segment(text)].map((s) => s.segment);

test('the revision word diff does not split emoji ZWJ sequences, variation selectors, flags or skin tones', () => {
  const cases: Array<[string, string, string[]]> = [
    ['المبرمجة 👩‍💻 في الفريق', 'المبرمجة 👩‍🔬 في الفريق', ['delete:👩‍💻', 'insert:👩‍🔬']],
    ['صوّت 🗳️ اليوم', 'صوّت 🗳 اليوم', ['delete:🗳️', 'insert:🗳']],
    ['من 🇱🇾 إلى 🇹🇳', 'من 🇱🇾 إلى 🇪🇬', ['delete:🇹🇳', 'insert:🇪🇬']],
    ['تحية 👋🏽 للجميع', 'تحية 👋🏿 للجميع', ['delete:👋🏽', 'insert:👋🏿']],
    // Glued to a word, the emoji is still its own token.
    ['انتخابات🗳️', 'انتخابات🗳', ['delete:🗳️', 'insert:🗳']],
    // A Persian word with its ZWNJ stays one word.
    ['می‌خواهم بروم', 'می‌خواهم بمانم', ['delete:بروم', 'insert:بمانم']],
  ];
  for (const [before, after, expected] of cases) {
    const parts = diffText(before, after);
    assert.deepEqual(changed(parts), expected, `${before} → ${after}`);
    assert.equal(side(parts, 'delete'), before);
    assert.equal(side(parts, 'insert'), after);
    for (const part of parts) assert.deepEqual(clusters(part.text).join(''), part.text);
  }
});

test('a long text without spaces is tokenized whole, cut only between clusters', () => {
  // Emoji every few letters, far past the pieces the segmenter is given at once.
  const unit = 'أخبار👩‍💻🗳️🇱🇾';
  const before = unit.repeat(20_000);
  const after = `${unit.repeat(10_000)}X${unit.repeat(10_000)}`;
  const parts = diffText(before, after);
  assert.equal(side(parts, 'delete'), before);
  assert.equal(side(parts, 'insert'), after);
  // The X joins the word after it.
  assert.deepEqual(changed(parts), ['delete:أخبار', 'insert:Xأخبار']);
  // No part starts with what only continues a cluster: a ZWJ, a variation selector, a skin tone.
  const continuesCluster = (cp: number | undefined) => cp === 0x200d || cp === 0xfe0f || (cp !== undefined && cp >= 0x1f3fb && cp <= 0x1f3ff);
  for (const part of parts) assert.ok(!continuesCluster(part.text.codePointAt(0)), part.text.slice(0, 20));
});
