// A source's category mapping is one "feed category = menu path" a line; a
// feed category mapped twice used to be saved silently with the last line
// winning. It is refused naming the line, as an unreadable line is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCategoryMap } from '../../src/content/use-cases/feed-sources.ts';
import { isJaridaError } from '../../src/core/errors.ts';

test('a feed category mapped on two lines is refused naming the second line', () => {
  assert.throws(
    () => parseCategoryMap('a = رياضة\nb = محلي\na = دولي'),
    (e) => isJaridaError(e, 'VALIDATION') && e.details.reason === 'source_map_duplicate' && e.details.line === 3,
  );
});

test('one line per feed category reads as before, `__proto__` included', () => {
  const map = parseCategoryMap('sport = رياضة\r\n\n__proto__ = محلي');
  assert.deepEqual(Object.entries(map), [['sport', 'رياضة'], ['__proto__', 'محلي']]);
  assert.equal(Object.hasOwn(map, '__proto__'), true);
});
