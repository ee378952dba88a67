// A published article whose slug changes keeps its old addresses: they answer
// 301 with the current one (through the reader site, app.inject), a chain of
// renames ends at the current address, a return to an old slug loops nowhere,
// and articles readers never saw leave no redirect behind.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { articleOldPath, normalizeOldPath } from '../../src/content/redirects.ts';
import { createDraft, publish, schedule, unpublish } from '../../src/content/use-cases/article-workflow.ts';
import { createArticle } from '../../src/content/use-cases/create-article.ts';
import { restoreRevision } from '../../src/content/use-cases/revisions.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { urls } from '../../src/web/urls.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { EDITOR, manualClock } from './workflow-helpers.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;
let sport: number;
before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
  sport = await categoryId(app.store, 'رياضة');
});
after(() => app.dispose());

/** What the reader site answers at an article's address: the status, and the location of a redirect. */
async function visit(slug: string): Promise<{ status: number; location: string | undefined }> {
  const res = await app.http.inject(urls.article(slug));
  return { status: res.statusCode, location: res.headers.location === undefined ? undefined : String(res.headers.location) };
}

const movedTo = (slug: string) => ({ status: 301, location: urls.article(slug) });
const served = { status: 200, location: undefined };

async function published(title: string): Promise<number> {
  const { article } = await createDraft(app.workflow, EDITOR, { title, body: `<p>${title}.</p>`, category_id: local });
  await publish(app.workflow, EDITOR, article.id);
  return article.id;
}

test('the key of an article address is what the reader URL normalizes to', () => {
  for (const slug of ['سوق-الخضار', 'road-2026', 'إعلان']) assert.equal(articleOldPath(slug), normalizeOldPath(urls.article(slug)));
});

test('a renamed published article: the old address answers 301; a chain ends at the current address; going back loops nowhere', async () => {
  const id = await published('سوق الخضار');
  assert.deepEqual(await visit('سوق-الخضار'), served);

  await updateArticle(app.workflow, EDITOR, id, { slug: 'سوق الخضار الجديد' });
  assert.deepEqual(await visit('سوق-الخضار'), movedTo('سوق-الخضار-الجديد'));
  assert.deepEqual(await visit('سوق-الخضار-الجديد'), served);

  await updateArticle(app.workflow, EDITOR, id, { slug: 'سوق الخضار في طرابلس' });
  assert.deepEqual(await visit('سوق-الخضار'), movedTo('سوق-الخضار-في-طرابلس'), 'A → B → C: A goes straight to C');
  assert.deepEqual(await visit('سوق-الخضار-الجديد'), movedTo('سوق-الخضار-في-طرابلس'));

  await updateArticle(app.workflow, EDITOR, id, { slug: 'سوق الخضار' });
  assert.deepEqual(await visit('سوق-الخضار'), served, 'back at A: the page itself, not a redirect to itself');
  assert.deepEqual(await visit('سوق-الخضار-الجديد'), movedTo('سوق-الخضار'));
  assert.deepEqual(await visit('سوق-الخضار-في-طرابلس'), movedTo('سوق-الخضار'));

  // A restore that brings back another slug is a rename too.
  const history = await updateArticle(app.workflow, EDITOR, id, { slug: 'سوق الخضار 2' });
  await restoreRevision(app.workflow, EDITOR, id, 1, { expected_revision: history.revision });
  assert.deepEqual(await visit('سوق-الخضار-2'), movedTo('سوق-الخضار'));
});

test('a category change keeps the address (it holds no category) and adds no redirect', async () => {
  const id = await published('مباراة الأهلي والاتحاد');
  const slug = (await app.store.articles.findById(id))!.slug;
  await updateArticle(app.workflow, EDITOR, id, { category_id: sport, title: 'مباراة الأهلي والاتحاد اليوم' });
  assert.deepEqual(await visit(slug), served);
  assert.equal(await app.store.redirects.find(articleOldPath(slug)), undefined);
});

test('an address later taken by another article: that article is served, and its own rename points the address at it', async () => {
  const first = await published('حفل الافتتاح');
  await updateArticle(app.workflow, EDITOR, first, { slug: 'حفل افتتاح المهرجان' });
  const second = await published('حفل الافتتاح');
  assert.equal((await app.store.articles.findById(second))?.slug, 'حفل-الافتتاح', 'the old slug is free again');
  assert.deepEqual(await visit('حفل-الافتتاح'), served);
  await updateArticle(app.workflow, EDITOR, second, { slug: 'حفل الافتتاح الثاني' });
  assert.deepEqual(await visit('حفل-الافتتاح'), movedTo('حفل-الافتتاح-الثاني'), 'the last article at an address is the one its links meant');
});

test('drafts leave no redirect; an article once published does, and its old address answers again when it is republished', async () => {
  const { article } = await createDraft(app.workflow, EDITOR, { title: 'مسودة تتغير', body: '<p>نص.</p>', category_id: local });
  await updateArticle(app.workflow, EDITOR, article.id, { slug: 'مسودة تغيرت' });
  assert.equal(await app.store.redirects.find(articleOldPath('مسودة-تتغير')), undefined, 'nobody saw the draft address');

  const id = await published('خبر سحب ثم جدول');
  await unpublish(app.workflow, EDITOR, id);
  await schedule(app.workflow, EDITOR, id, '2026-11-29T12:00:00Z');
  await updateArticle(app.workflow, EDITOR, id, { slug: 'خبر جدول من جديد' });
  assert.equal((await app.store.redirects.find(articleOldPath('خبر-سحب-ثم-جدول')))?.target_id, id);
  assert.equal((await visit('خبر-سحب-ثم-جدول')).status, 404, 'not public yet: the old address is not found either');
  await publish(app.workflow, EDITOR, id);
  assert.deepEqual(await visit('خبر-سحب-ثم-جدول'), movedTo('خبر-جدول-من-جديد'));

  // An imported published article, first edited in the newsroom.
  const imported = await app.store.transaction((repos) =>
    createArticle(repos, clock, { title: 'خبر مستورد منشور', body: '<p>نص.</p>', status: 'published', published_at: '2026-01-01T00:00:00Z', category_id: local }),
  );
  await updateArticle(app.workflow, EDITOR, imported.id, { slug: 'خبر مستورد بعد التحرير' });
  assert.deepEqual(await visit('خبر-مستورد-منشور'), movedTo('خبر-مستورد-بعد-التحرير'));
});

test('a refused save leaves no redirect', async () => {
  const id = await published('خبر لن يتغير رابطه');
  await assert.rejects(updateArticle(app.workflow, EDITOR, id, { slug: 'رابط جديد', published_at: '2099-01-01T00:00:00Z' }));
  assert.equal(await app.store.redirects.find(articleOldPath('خبر-لن-يتغير-رابطه')), undefined);
  assert.deepEqual(await visit('خبر-لن-يتغير-رابطه'), served);
});
