import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excerptFromBody, leadOf, plainTextToBody, sanitizeBody } from '../../src/content/body-html.ts';

test('sanitizer keeps news markup, dir and Arabic, drops scripts, handlers and javascript: URLs', () => {
  const html = '<p dir="rtl">نص 🗳️ <a href="javascript:alert(1)">رابط</a> <a href="https://x.test/">آخر</a></p><script>alert(1)</script><img src=x onerror=alert(1)><h1>عنوان</h1>';
  const out = sanitizeBody(html);
  assert.equal(out, '<p dir="rtl">نص 🗳️ <a>رابط</a> <a href="https://x.test/">آخر</a></p><img src="x" /><h2>عنوان</h2>', 'a relative image URL stays; its handler does not');
});

test('plain text becomes paragraphs, a short line before a paragraph a subheading, text escaped', () => {
  assert.equal(
    plainTextToBody('بدأ الاجتماع صباح اليوم.\nفاغنر في ليبيا\nويأتي هذا الاجتماع <مع> تجدد التركيز.'),
    '<p>بدأ الاجتماع صباح اليوم.</p>\n<h2>فاغنر في ليبيا</h2>\n<p>ويأتي هذا الاجتماع &lt;مع> تجدد التركيز.</p>',
  );
});

test('the lead is not shown when it only repeats the start of the body', () => {
  const long = 'كلمة '.repeat(80).trim();
  const body = `<p>${long}</p><p>فقرة ثانية AT&amp;T.</p>`;
  assert.equal(leadOf(excerptFromBody(body), body), null, 'a cut derived excerpt');
  assert.equal(leadOf('نص AT&T هنا', '<p>نص AT&amp;T هنا وأكثر.</p>'), null, 'entities do not matter');
  assert.equal(leadOf('ملخص مستقل للخبر', body), 'ملخص مستقل للخبر');
  assert.equal(leadOf('', body), null);
});
