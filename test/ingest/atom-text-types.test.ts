import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyText, sanitizeBody } from '../../src/content/body-html.ts';
import { htmlToPlainText } from '../../src/ingest/atom-text.ts';
import { parseFeedBytes } from '../../src/ingest/feed-parse.ts';

/** Atom text constructs read by their `type` (atom-text.ts): text escaped into paragraphs, HTML headlines as plain text. */

const NOW = new Date('2024-05-01T12:00:00Z');

function atom(entries: string, feedTitle = '<title>وكالة</title>') {
  const xml = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">${feedTitle}<id>urn:feed</id><updated>2024-05-01T10:00:00Z</updated>${entries}</feed>`;
  return parseFeedBytes(new TextEncoder().encode(xml), { timeZone: 'UTC', where: 'test', now: NOW });
}

function entry(inner: string, id = '1') {
  return `<entry><id>urn:${id}</id><link href="https://example.org/${id}"/><updated>2024-05-01T10:00:00Z</updated>${inner}</entry>`;
}

describe('Atom text constructs', () => {
  it('content typed text keeps <script> and ampersands as words, escaped, in paragraphs', () => {
    const text = 'قال الخبير: &lt;script&gt;alert(1)&lt;/script&gt; ليست شيفرة هنا، و a &amp;amp; b\nفقرة ثانية\n\nفقرة ثالثة';
    const [e] = atom(entry(`<title>عنوان</title><content type="text">${text}</content>`)).entries;
    assert.equal(
      e?.html,
      '<p>قال الخبير: &lt;script>alert(1)&lt;/script> ليست شيفرة هنا، و a &amp;amp; b</p>\n<p>فقرة ثانية</p>\n<p>فقرة ثالثة</p>',
    );
    // As stored and read back: the words survive the sanitizer.
    assert.equal(bodyText(sanitizeBody(e?.html ?? '')), 'قال الخبير: <script>alert(1)</script> ليست شيفرة هنا، و a &amp; b\nفقرة ثانية\nفقرة ثالثة');
    assert.equal(e?.summary_only, false);
  });

  it('summary typed text is escaped too when there is no content', () => {
    const [e] = atom(entry('<title>عنوان</title><summary type="text">ملخص عن &lt;b&gt; و &lt;i&gt;</summary>')).entries;
    assert.equal(e?.html, '<p>ملخص عن &lt;b> و &lt;i></p>');
    assert.equal(e?.summary_only, true);
  });

  it('content and summary typed html are the HTML their XML text is, decoded once', () => {
    const [e] = atom(entry('<title>عنوان</title><content type="html">&lt;p&gt;كتب &amp;lt;script&amp;gt; في مقاله&lt;/p&gt;</content>')).entries;
    assert.equal(e?.html, '<p>كتب &lt;script&gt; في مقاله</p>');
    const [s] = atom(entry('<title>عنوان</title><summary type="html">أ &amp;amp; ب</summary>')).entries;
    assert.equal(s?.html, 'أ &amp; ب', 'an HTML summary without tags is not escaped a second time');
  });

  it('a headline typed html becomes plain text: tags dropped, entities decoded once', () => {
    const title = '&lt;b&gt;عاجل:&lt;/b&gt; اتفاق &amp;amp; توقيع &amp;lt;رسمي&amp;gt; &amp;#1604;&lt;script&gt;x()&lt;/script&gt;';
    const parsed = atom(entry(`<title type="html">${title}</title><content type="text">نص</content>`), '<title type="html">وكالة &lt;i&gt;الأنباء&lt;/i&gt; &amp;amp; الصور</title>');
    assert.equal(parsed.entries[0]?.title, 'عاجل: اتفاق & توقيع <رسمي> ل');
    assert.equal(parsed.title, 'وكالة الأنباء & الصور');
    assert.equal(htmlToPlainText('&amp;lt;b&amp;gt; <em>x</em>'), '&lt;b&gt; x');
  });

  it('untyped and xhtml texts read as before; RSS descriptions stay HTML', () => {
    const [plain] = atom(entry('<title>عنوان &lt;b&gt; عادي</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>فقرة</p></div></content>')).entries;
    assert.equal(plain?.title, 'عنوان <b> عادي');
    assert.equal(plain?.html, '<p>فقرة</p>');
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>ق</title><link>https://example.org/</link><description>د</description><item><title>خ</title><link>https://example.org/a</link><guid>a</guid><description>&lt;p&gt;فقرة &lt;b&gt;بارزة&lt;/b&gt;&lt;/p&gt;</description></item></channel></rss>`;
    const [r] = parseFeedBytes(new TextEncoder().encode(rss), { timeZone: 'UTC', where: 'rss', now: NOW }).entries;
    assert.equal(r?.html, '<p>فقرة <b>بارزة</b></p>');
  });
});
