import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedOf, sanitizeBody, sanitizeEditorBody } from '../../src/content/body-html.ts';

/** What the newsroom editor (TipTap with `textDirection: 'auto'`) writes, plus what a writer may paste. */
const EDITOR_HTML = [
  '<h2 dir="auto">فاغنر في ليبيا</h2>',
  '<p dir="auto">قال المتحدث 🗳️ إن <strong>الاجتماع</strong> <a href="https://news.example/a?x=1&amp;y=2">انتهى</a>.</p>',
  '<p dir="ltr">The meeting ended.</p>',
  '<h3>عنوان فرعي</h3>',
  '<ul><li>بند أول</li><li dir="rtl">بند ثان</li></ul>',
  '<blockquote><p>قول مأثور</p></blockquote>',
  '<figure><img src="https://img.example/a.jpg" srcset="https://img.example/a-480.jpg 480w, https://img.example/a-960.jpg 960w" sizes="(max-width: 600px) 100vw, 600px" alt="المشاركون في الاجتماع" width="960" height="540"><figcaption>المشاركون</figcaption></figure>',
  '<figure><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="مقابلة"></iframe></figure>',
].join('');

test('the editor\'s blocks survive: headings, lists, quotes, links, images with srcset, embeds; each block gets dir=auto unless set', () => {
  const out = sanitizeEditorBody(EDITOR_HTML);
  assert.equal(
    out,
    [
      '<h2 dir="auto">فاغنر في ليبيا</h2>',
      '<p dir="auto">قال المتحدث 🗳️ إن <strong>الاجتماع</strong> <a href="https://news.example/a?x=1&amp;y=2">انتهى</a>.</p>',
      '<p dir="ltr">The meeting ended.</p>',
      '<h3 dir="auto">عنوان فرعي</h3>',
      '<ul dir="auto"><li dir="auto">بند أول</li><li dir="rtl">بند ثان</li></ul>',
      '<blockquote dir="auto"><p dir="auto">قول مأثور</p></blockquote>',
      '<figure><img src="https://img.example/a.jpg" srcset="https://img.example/a-480.jpg 480w, https://img.example/a-960.jpg 960w" sizes="(max-width: 600px) 100vw, 600px" alt="المشاركون في الاجتماع" width="960" height="540" /><figcaption dir="auto">المشاركون</figcaption></figure>',
      '<figure><iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="مقابلة" loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups" allow="fullscreen; picture-in-picture; encrypted-media" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe></figure>',
    ].join(''),
  );
  assert.equal(sanitizeEditorBody(out), out, 'sanitizing again changes nothing');
  assert.equal(sanitizeBody(out), out, 'and the plain sanitizer keeps it as stored');
});

test('a bad direction becomes auto; the plain sanitizer (imports) adds none', () => {
  assert.equal(sanitizeEditorBody('<p dir="sideways">نص</p><p dir="RTL">نص</p>'), '<p dir="auto">نص</p><p dir="rtl">نص</p>');
  assert.equal(sanitizeBody('<p dir="sideways">نص</p><p>نص</p>'), '<p>نص</p><p>نص</p>');
});

test('only YouTube and Vimeo players are embedded, over https, with our sandbox; everything else goes', () => {
  const hostile = [
    '<iframe src="https://evil.example/embed/dQw4w9WgXcQ">سر</iframe>',
    '<iframe src="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></iframe>',
    '<iframe src="http://player.vimeo.com/video/76979871"></iframe>',
    '<iframe src="https://player.vimeo.com.evil.example/video/1"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="//www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
  ].join('');
  assert.equal(sanitizeEditorBody(hostile), '');
  const vimeo = sanitizeEditorBody('<iframe src="https://player.vimeo.com/video/76979871" sandbox="allow-top-navigation allow-forms" onload="x()"></iframe>');
  assert.match(vimeo, /^<iframe src="https:\/\/player\.vimeo\.com\/video\/76979871" title="Vimeo" loading="lazy" sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"/u);
  assert.doesNotMatch(vimeo, /top-navigation|onload/u);
  assert.deepEqual(embedOf('https://www.youtube.com/embed/dQw4w9WgXcQ?start=30'), { url: 'https://www.youtube.com/embed/dQw4w9WgXcQ?start=30', provider: 'YouTube' });
  assert.equal(embedOf('https://user@www.youtube.com/embed/dQw4w9WgXcQ'), undefined);
});

test('images keep only http(s) sources in src and srcset; scripts and handlers go', () => {
  const out = sanitizeEditorBody(
    '<img src="data:image/png;base64,AAAA" alt="x"><img src="https://img.example/b.jpg" srcset="javascript:alert(1) 1x, https://img.example/b2.jpg 2x" onerror="alert(1)" alt="ب"><script>alert(1)</script><p onclick="x()" style="color:red" class="c">نص</p>',
  );
  assert.equal(out, '<img alt="x" /><img src="https://img.example/b.jpg" srcset="https://img.example/b2.jpg 2x" alt="ب" /><p dir="auto">نص</p>');
});
