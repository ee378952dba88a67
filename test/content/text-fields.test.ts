import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanLine, cleanOptionalLine } from '../../src/content/text-fields.ts';
import { isJaridaError } from '../../src/core/errors.ts';

test('control characters and bidi overrides leave a one-line field; line breaks become spaces', () => {
  assert.equal(cleanLine('title', '  \u202eخبر\u202c عاجل\u0000\n\tمن طرابلس\u2066x\u2069 '), 'خبر عاجل من طرابلسx');
  assert.equal(cleanLine('title', 'a\u0085b\u2028c'), 'a b c');
});

test('directional marks, ZWJ/ZWNJ, emoji and harakat are kept byte for byte', () => {
  const s = 'الشَّعب\u200f 🗳️ 👩\u200d💻 می\u200cخواهم \u061c1';
  assert.equal(cleanLine('title', s), s);
});

test('a lone surrogate is refused naming the field; blank optional fields are null', () => {
  assert.throws(() => cleanLine('byline', 'a\ud800b'), (e) => isJaridaError(e, 'VALIDATION') && e.details?.field === 'byline');
  assert.equal(cleanOptionalLine('x', ' \u202e '), null);
  assert.equal(cleanOptionalLine('x', undefined), null);
});
