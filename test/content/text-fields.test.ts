import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanLine, cleanOptionalLine, isolateBidi } from '../../src/content/text-fields.ts';
import { isJaridaError } from '../../src/core/errors.ts';

test('control characters leave a one-line field; line breaks become spaces; bidi controls stay', () => {
  assert.equal(cleanLine('title', '  \u202eخبر\u202c عاجل\u0000\n\tمن طرابلس\u2066x\u2069 '), '\u202eخبر\u202c عاجل من طرابلس\u2066x\u2069');
  assert.equal(cleanLine('title', 'a\u0085b\u2028c'), 'a b c');
});

test('directional marks, bidi controls, ZWJ/ZWNJ, emoji and harakat are kept byte for byte', () => {
  const s = 'الشَّعب\u200f 🗳️ 👩\u200d💻 می\u200cخواهم \u061c1 \u202aa\u202b\u202c\u202d\u202e \u2066\u2067\u2068\u2069';
  assert.equal(cleanLine('title', s), s);
});

test('a lone surrogate is refused naming the field; blank optional fields are null', () => {
  assert.throws(() => cleanLine('byline', 'a\ud800b'), (e) => isJaridaError(e, 'VALIDATION') && e.details?.field === 'byline');
  assert.equal(cleanOptionalLine('x', ' \u0007 '), null);
  assert.equal(cleanOptionalLine('x', ' \u202e '), '\u202e');
  assert.equal(cleanOptionalLine('x', undefined), null);
});

test('isolateBidi: text without bidi controls is unchanged; an unclosed override, a stray PDI or an open isolate cannot reach past the wrapper', () => {
  assert.equal(isolateBidi('خبر عاجل 🗳️'), 'خبر عاجل 🗳️');
  assert.equal(isolateBidi('a\u202eb'), '\u2068a\u202eb\u2069');
  assert.equal(isolateBidi('a\u2069\u202eb'), '\u2068\u2068a\u2069\u202eb\u2069');
  assert.equal(isolateBidi('\u2067a\u202eb'), '\u2068\u2067a\u202eb\u2069\u2069');
  assert.equal(isolateBidi('\u2066a\u2069\u202eb\u202c'), '\u2068\u2066a\u2069\u202eb\u202c\u2069');
});
