import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isJaridaError } from '../../src/core/errors.ts';
import { parseFeedBytes } from '../../src/ingest/feed-parse.ts';
import { screenXml } from '../../src/ingest/xml-screen.ts';

const unsafe = (err: unknown) => isJaridaError(err, 'UNSAFE_XML');
const feed = (prolog: string) =>
  `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title><item><title>x &a; y</title><link>https://x.example/1</link></item></channel></rss>`;

test('screenXml: a comment holding `<a>` before a DTD does not end the prolog: ENTITY refused with UNSAFE_XML', () => {
  const text = feed('<!-- <a> -->\n<!DOCTYPE rss [<!ENTITY a "AAA">]>');
  assert.throws(() => screenXml(text, 'test'), unsafe);
  assert.throws(() => parseFeedBytes(new TextEncoder().encode(text), { timeZone: 'UTC', where: 'test' }), unsafe);
});

test('screenXml: processing instructions and CDATA before a DTD do not end the prolog either', () => {
  assert.throws(() => screenXml(feed('<?pi <b> ?><!DOCTYPE rss [<!ENTITY a "AAA">]>'), 'test'), unsafe);
  assert.throws(() => screenXml(feed('<![CDATA[<c>]]><!DOCTYPE rss [<!ENTITY a "AAA">]>'), 'test'), unsafe);
  assert.throws(() => screenXml(feed('<!-- x --><!ENTITY a "AAA">'), 'test'), unsafe);
});

test('screenXml: a DOCTYPE with entities after the root is refused', () => {
  const text = '<rss><!DOCTYPE x [<!ENTITY a "AAA">]><channel><title>&a;</title></channel></rss>';
  assert.throws(() => screenXml(text, 'test'), unsafe);
});

test('screenXml: an external-only DOCTYPE is removed; comments, CDATA and quoted `[` are left alone', () => {
  const netscape = '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">';
  const out = screenXml(`<?xml version="1.0"?><!-- <a> -->${netscape}<rss><channel><!-- <!DOCTYPE x [ ] > --><title><![CDATA[<!DOCTYPE y [>]]></title></channel></rss>`, 'test');
  assert.equal(out, '<?xml version="1.0"?><!-- <a> --><rss><channel><!-- <!DOCTYPE x [ ] > --><title><![CDATA[<!DOCTYPE y [>]]></title></channel></rss>');
  assert.equal(screenXml('<!DOCTYPE rss SYSTEM "a[b].dtd"><rss/>', 'test'), '<rss/>');
});
