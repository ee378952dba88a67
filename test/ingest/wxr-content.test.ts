import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sanitizeBody } from '../../src/content/body-html.ts';
import { autop, identity, shortcodeAttributes, wordpressContentToBody } from '../../src/ingest/wxr-content.ts';

const ctx = {
  postId: '5',
  attachment: (id: string) => (id === '7' ? { url: 'https://old.example/wp-content/uploads/a.jpg', alt: 'صورة', title: 't', parent: '5' } : undefined),
  attachmentsOf: (id: string) => (id === '5' ? ['7'] : []),
  rewriteUrl: identity,
};
const convert = (s: string) => sanitizeBody(wordpressContentToBody(s, ctx));

test('shortcode attributes in every quoting style', () => {
  assert.deepEqual(shortcodeAttributes(` id="a b" w='3' h=4 "x" flag`), { id: 'a b', w: '3', h: '4', '0': 'x', '1': 'flag' });
});

test('wpautop: blank lines make paragraphs, single newlines <br>, blocks stay', () => {
  assert.equal(autop('سطر\nثان\n\n<blockquote>قول</blockquote>\n\nفقرة'), '<p>سطر<br>\nثان</p>\n<blockquote>قول</blockquote>\n<p>فقرة</p>');
});

test('shortcodes are converted, unknown ones stripped with their text kept', () => {
  assert.match(convert('[caption caption="شرح"]<img src="https://x.example/i.jpg" alt="">[/caption]'), /<figure><img src="https:\/\/x.example\/i.jpg" alt="" \/><figcaption>شرح<\/figcaption><\/figure>/u);
  assert.match(convert('[gallery]'), /<figure><img src="https:\/\/old.example\/wp-content\/uploads\/a.jpg" alt="صورة" \/><\/figure>/u);
  assert.match(convert('[video src="https://youtu.be/dQw4w9WgXcQ"]'), /youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/u);
  assert.match(convert('[embed]https://example.com/clip[/embed]'), /<a href="https:\/\/example.com\/clip">/u);
  assert.equal(convert('[unknown a="1"]نص [b]داخلي[/b][/unknown]'), '<p>نص داخلي</p>');
  assert.equal(convert('[contact-form-7 id="3"]'), '');
  assert.equal(convert('مراجع [1] و[تحديث]'), '<p>مراجع [1] و[تحديث]</p>', 'bracketed Arabic text and numbers are not shortcodes');
  assert.equal(convert('<!-- wp:paragraph --><p>فقرة 🗳️</p><!-- /wp:paragraph -->'), '<p>فقرة 🗳️</p>');
  assert.match(convert('https://www.youtube.com/watch?v=dQw4w9WgXcQ'), /<iframe/u, 'a bare video URL on its own line is embedded');
});
