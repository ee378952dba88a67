import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlCharsFlag, stripControlChars } from '../../src/ingest/record-rules.ts';

test('a lone surrogate (an unpaired JSON \\ud83d escape) is removed and reported; whole emoji stay', () => {
  const { text, removed } = stripControlChars('خبر \ud83d عاجل 🗳️ ونص\u0002');
  assert.equal(text, 'خبر  عاجل 🗳️ ونص');
  assert.ok(text.isWellFormed());
  assert.deepEqual([...removed], [['U+D83D', 1], ['U+0002', 1]]);
  assert.match(controlCharsFlag(removed, 'the body') ?? '', /U\+D83D ×1/u);
});
