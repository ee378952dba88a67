// A headline or tag name holding an unclosed RIGHT-TO-LEFT OVERRIDE is kept byte
// for byte (docs/adr/023), but a <title> or a link's title attribute cannot
// isolate it with markup: there it is wrapped in FSI … PDI so that the site
// name after it is not reversed. Text without bidi controls is unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { urls } from '../../src/web/urls.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';

let app: Awaited<ReturnType<typeof testApp>>;
before(async () => {
  app = await testApp();
});
after(() => app.dispose());

test('a page title with an unclosed override is isolated from the site name; a plain one is unchanged', async () => {
  const evil = await publish(app.store, 'محلي', { title: 'عنوان مقلوب \u202eevil title', tags: ['وسم\u202exyz'] });
  const plain = await publish(app.store, 'محلي', { title: 'خبر عادي 🗳️' });
  const titleOf = async (url: string) => /<title>([^<]*)<\/title>/u.exec((await app.http.inject({ url })).body)?.[1];

  assert.match((await titleOf(urls.article(evil.slug)))!, /^\u2068عنوان مقلوب \u202eevil title\u2069 \| /u);
  assert.match((await titleOf(urls.article(plain.slug)))!, /^خبر عادي 🗳️ \| /u);

  const [tag] = await app.store.articles.tagsOf(evil.id);
  const tagPage = (await app.http.inject({ url: urls.tag(tag!.slug) })).body;
  assert.match(/<title>([^<]*)<\/title>/u.exec(tagPage)![1]!, /^\u2068[^|]*وسم\u202exyz\u2069 \| /u);
  assert.match(tagPage, /<link rel="alternate" type="application\/rss\+xml" title="[^"]*\u2068[^"]*وسم\u202exyz\u2069"/u);
});
