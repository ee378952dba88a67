// A form body whose percent-encoding is malformed (cut short, not hex,
// invalid UTF-8, a lone surrogate) is refused with 400 and the Arabic admin
// error page, and nothing is saved: no literal `%ED%A0%80` headline or tag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseFormBody } from '../../src/admin/form-body.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { ar } from '../../src/admin/locales/ar.ts';
import { testApp } from '../helpers/test-app.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
let app: TestApp;
let author: AdminClient;
let categoryId: number;

before(async () => {
  app = await testApp();
  ({ client: author } = await signedIn(app, 'author'));
  categoryId = (await app.store.categories.all())[0]!.id;
});
after(() => app.dispose());

/** Posts `raw` as it is (no encoding by the test) with the author's cookies and CSRF token. */
function postRaw(url: string, raw: string | Buffer) {
  const token = `_csrf=${encodeURIComponent(author.csrf)}&`;
  return app.http.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...author.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    payload: Buffer.concat([Buffer.from(token), typeof raw === 'string' ? Buffer.from(raw) : raw]),
    remoteAddress: author.ip,
  });
}

test('parseFormBody decodes well-formed bodies as the usual parser does and refuses malformed ones', () => {
  assert.deepEqual({ ...parseFormBody('a=%D8%B9+x&a=2&b=&c') }, { a: ['ع x', '2'], b: '', c: '' });
  for (const bad of ['title=%D8%B9%ED%A0%80', 'tags=%ED%A0%80', 'x=%D8', 'x=%zz', 'x=100%', '%D8=1', 'x=%C0%AF', 'x=\uFFFD']) {
    assert.throws(
      () => parseFormBody(bad),
      (err: unknown) => isJaridaError(err, 'VALIDATION') && err.details.reason === 'form_malformed',
      bad,
    );
  }
});

test('a headline with a lone surrogate escape is refused with 400 in Arabic, and no article is saved', async () => {
  await author.get('/admin/articles/new');
  const before = await app.store.articles.countAll();
  const res = await postRaw('/admin/articles/new', `title=%D8%B9%ED%A0%80&body=%3Cp%3E%D9%86%D8%B5%3C%2Fp%3E&category_id=${categoryId}&action=save`);
  assert.equal(res.statusCode, 400);
  assert.match(res.headers['content-type'] as string, /text\/html/u);
  assert.match(res.body, new RegExp(ar.form_malformed.slice(0, 30), 'u'));
  assert.equal(await app.store.articles.countAll(), before);
});

test('a tag that is a malformed escape creates no tag named `%ED%A0%80`', async () => {
  await author.get('/admin/articles/new');
  const res = await postRaw('/admin/articles/new', `title=%D8%B9&body=%3Cp%3E%D9%86%D8%B5%3C%2Fp%3E&category_id=${categoryId}&tags=%ED%A0%80&action=save`);
  assert.equal(res.statusCode, 400);
  assert.deepEqual(await app.store.tags.findByName('%ED%A0%80'), []);
  assert.ok(!(await app.store.tags.all()).some((t) => t.name.includes('%')), 'no tag with a literal escape');
});

test('bytes that are not UTF-8, cut-short and non-hex escapes are refused; autosave answers 400 JSON in Arabic', async () => {
  await author.get('/admin/articles/new');
  for (const raw of [Buffer.from([0x74, 0x69, 0x74, 0x6c, 0x65, 0x3d, 0xff, 0xfe]), 'title=%D8', 'title=%zz']) {
    assert.equal((await postRaw('/admin/articles/new', raw)).statusCode, 400, String(raw));
  }
  const auto = await postRaw('/api/admin/articles/autosave', `title=%D8%B9%ED%A0%80&category_id=${categoryId}`);
  assert.equal(auto.statusCode, 400);
  const error = (JSON.parse(auto.body) as { error: { message: string } }).error;
  assert.equal(error.message, ar.form_malformed);
});

test('a well-formed Arabic form still saves', async () => {
  await author.get('/admin/articles/new');
  const res = await postRaw('/admin/articles/new', `title=%D8%B9%D9%86%D9%88%D8%A7%D9%86&body=%3Cp%3E%D9%86%D8%B5%3C%2Fp%3E&category_id=${categoryId}&tags=%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9&action=save`);
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const id = Number(/\/admin\/articles\/(\d+)/u.exec(String(res.headers.location))![1]);
  assert.equal((await app.store.articles.findById(id))?.title, 'عنوان');
});
