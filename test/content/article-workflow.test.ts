import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Article } from '../../src/content/types.ts';
import type { WorkflowDeps } from '../../src/content/use-cases/article-save.ts';
import { createDraft, getArticleForEditing, publish, returnToDraft, schedule, submitForReview, unpublish } from '../../src/content/use-cases/article-workflow.ts';
import { checkInstant } from '../../src/content/use-cases/publication-time.ts';
import { listRevisions } from '../../src/content/use-cases/revisions.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { createArticle } from '../../src/content/use-cases/create-article.ts';
import { type ErrorKind, isJaridaError } from '../../src/core/errors.ts';
import { searchArticles } from '../../src/search/search-articles.ts';
import { localToUtc } from '../../src/core/time-zone.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { slugify } from '../../src/arabic/slug.ts';
import { ADMIN, AUTHOR, CONTRIBUTOR, EDITOR, OTHER_AUTHOR, manualClock } from './workflow-helpers.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let deps: WorkflowDeps;
let local: number;
let sport: number;
/** Article ids whose read-also list was refreshed, in order. */
const refreshed: number[] = [];

before(async () => {
  app = await testApp({ clock });
  deps = {
    ...app.workflow,
    async refreshRelated(article) {
      refreshed.push(article.id);
      await app.workflow.refreshRelated?.(article);
    },
  };
  local = await categoryId(app.store, 'محلي');
  sport = await categoryId(app.store, 'رياضة');
});
after(() => app.dispose());

function rejectsWith(kind: ErrorKind, field?: string) {
  return (err: unknown) => {
    assert.ok(isJaridaError(err, kind), `expected ${kind}, got ${String(err)}`);
    if (field !== undefined) assert.equal(err.details.field, field);
    return true;
  };
}

async function eventsOf(id: number): Promise<string[]> {
  return (await app.store.events.after(0, 10_000)).filter((e) => e.article_id === id).map((e) => e.type);
}

function draft(title: string, extra: Partial<Parameters<typeof createDraft>[2]> = {}) {
  return { title, body: `<p>${title}، نص الخبر.</p>`, category_id: local, ...extra };
}

test('a contributor writes and submits; only an editor publishes; every step is a revision with who, when and what', async () => {
  clock.set('2026-11-29T10:00:00.000Z');
  const created = await createDraft(deps, CONTRIBUTOR, draft('افتتاح مكتبة جديدة في سبها', { tags: ['ثقافة', 'سبها'], author_name: 'سالم' }));
  const id = created.article.id;
  assert.equal(created.article.status, 'draft');
  assert.equal(created.article.created_by, CONTRIBUTOR.user_id);
  assert.equal(created.revision, 1);
  assert.deepEqual(created.tags, ['ثقافة', 'سبها']);

  clock.advance(60_000);
  await submitForReview(deps, CONTRIBUTOR, id);
  await assert.rejects(publish(deps, CONTRIBUTOR, id), rejectsWith('FORBIDDEN'));
  await assert.rejects(schedule(deps, CONTRIBUTOR, id, '2026-12-01T08:00:00Z'), rejectsWith('FORBIDDEN'));
  await assert.rejects(publish(deps, AUTHOR, id), rejectsWith('FORBIDDEN'), 'an author publishes only their own articles');

  clock.advance(60_000);
  const published = await publish(deps, EDITOR, id);
  assert.equal(published.article.status, 'published');
  assert.equal(published.article.published_at, '2026-11-29T10:02:00.000Z');
  assert.deepEqual(await eventsOf(id), ['article.published']);
  assert.deepEqual(refreshed.filter((x) => x === id), [id], 'read-also computed once on publication');

  const history = await listRevisions(deps, EDITOR, id);
  assert.deepEqual(
    history.map((r) => [r.number, r.action, r.user_id, r.created_at]),
    [
      [3, 'publish', EDITOR.user_id, '2026-11-29T10:02:00.000Z'],
      [2, 'submit', CONTRIBUTOR.user_id, '2026-11-29T10:01:00.000Z'],
      [1, 'create', CONTRIBUTOR.user_id, '2026-11-29T10:00:00.000Z'],
    ],
  );
  assert.deepEqual(history[0]?.changed_fields, ['status', 'published_at']);
  assert.deepEqual(history[1]?.changed_fields, ['status']);

  // Published: out of the contributor's hands, but still in their history view.
  await assert.rejects(updateArticle(deps, CONTRIBUTOR, id, { title: 'عنوان آخر' }), rejectsWith('FORBIDDEN'));
  assert.equal((await listRevisions(deps, CONTRIBUTOR, id)).length, 3);
  await assert.rejects(listRevisions(deps, OTHER_AUTHOR, id), rejectsWith('FORBIDDEN'));
});

test('an author edits and publishes their own articles only; an editor and an administrator act on any', async () => {
  const mine = (await createDraft(deps, AUTHOR, draft('مباراة الأهلي والاتحاد'))).article.id;
  await assert.rejects(updateArticle(deps, OTHER_AUTHOR, mine, { title: 'تعديل' }), rejectsWith('FORBIDDEN'));
  await assert.rejects(submitForReview(deps, OTHER_AUTHOR, mine), rejectsWith('FORBIDDEN'));
  await assert.rejects(publish(deps, OTHER_AUTHOR, mine), rejectsWith('FORBIDDEN'));
  await assert.rejects(getArticleForEditing(deps, OTHER_AUTHOR, mine), rejectsWith('FORBIDDEN'));
  await updateArticle(deps, EDITOR, mine, { excerpt: 'ملخص من المحرر' });
  assert.equal((await publish(deps, AUTHOR, mine)).article.status, 'published');
  assert.equal((await unpublish(deps, ADMIN, mine)).article.status, 'unpublished');
  assert.deepEqual(await eventsOf(mine), ['article.published', 'article.unpublished']);
});

test('steps from the wrong status are refused and change nothing', async () => {
  const { article } = await createDraft(deps, EDITOR, draft('خبر للاختبار'));
  await assert.rejects(returnToDraft(deps, EDITOR, article.id), rejectsWith('CONFLICT'));
  await assert.rejects(unpublish(deps, EDITOR, article.id), rejectsWith('CONFLICT'));
  await publish(deps, EDITOR, article.id);
  await assert.rejects(publish(deps, EDITOR, article.id), rejectsWith('CONFLICT'));
  await assert.rejects(submitForReview(deps, EDITOR, article.id), rejectsWith('CONFLICT'));
  await assert.rejects(publish(deps, EDITOR, 987_654), rejectsWith('NOT_FOUND'));
  assert.deepEqual((await listRevisions(deps, EDITOR, article.id)).map((r) => r.action), ['publish', 'create']);
});

test('republishing keeps the first publication time; a scheduled article unpublished goes back to draft', async () => {
  clock.set('2026-11-29T12:00:00.000Z');
  const { article } = await createDraft(deps, EDITOR, draft('خبر يعاد نشره'));
  await publish(deps, EDITOR, article.id);
  await unpublish(deps, EDITOR, article.id);
  clock.advance(3_600_000);
  assert.equal((await publish(deps, EDITOR, article.id)).article.published_at, '2026-11-29T12:00:00.000Z');

  const later = (await createDraft(deps, AUTHOR, draft('خبر مجدول ثم ملغى'))).article.id;
  const scheduled = await schedule(deps, AUTHOR, later, '2026-11-30T09:00:00+02:00');
  assert.equal(scheduled.article.status, 'scheduled');
  assert.equal(scheduled.article.published_at, '2026-11-30T07:00:00.000Z');
  const back = await unpublish(deps, AUTHOR, later);
  assert.equal(back.article.status, 'draft');
  assert.equal(back.article.published_at, '2026-11-30T07:00:00.000Z', 'the planned time stays in the form');
  assert.deepEqual(await eventsOf(later), [], 'readers never saw it');
});

test('emoji and harakat go through update and revisions byte for byte', async () => {
  // Shadda before fatha as typed (NFC would swap them), an emoji with a variation selector, a flag.
  const title = 'الانتخابات 🗳️ يتفو\u0651\u064Eق فيها 🇱🇾';
  const body = '<p>كَتَبَ الرَّئِيسُ 🗳️ — \u200Fنص\u200F</p>';
  const { article } = await createDraft(deps, AUTHOR, draft('مسودة أولى'));
  const saved = await updateArticle(deps, AUTHOR, article.id, { title, body, tags: ['انتخابات 🗳️'], excerpt: `  ${title}  ` });
  assert.equal(saved.article.title, title);
  assert.equal(saved.article.excerpt, title, 'trimmed, not normalized');
  assert.equal(saved.article.body, '<p dir="auto">كَتَبَ الرَّئِيسُ 🗳️ — \u200Fنص\u200F</p>');
  assert.deepEqual(saved.tags, ['انتخابات 🗳️']);
  const stored = await app.store.articles.findById(article.id);
  assert.equal(stored?.title, title);
  const revision = await app.store.revisions.get(article.id, saved.revision);
  assert.equal(revision?.snapshot.title, title);
  assert.equal(revision?.snapshot.body, saved.article.body);
  assert.deepEqual(revision?.snapshot.tags, ['انتخابات 🗳️']);
  assert.equal(Buffer.compare(Buffer.from(revision?.snapshot.title ?? ''), Buffer.from(title)), 0);
});

test('every editor field is saved, validated by name, and recorded as changed', async () => {
  clock.set('2026-11-29T13:00:00.000Z');
  const { article } = await createDraft(deps, AUTHOR, draft('خبر بكل الحقول'));
  const saved = await updateArticle(deps, AUTHOR, article.id, {
    title: 'خبر بكل الحقول بعد التعديل',
    slug: 'رابط مختصر: جديد!',
    excerpt: 'ملخص',
    body: '<h2>عنوان فرعي</h2><p>فقرة.</p>',
    category_id: sport,
    tags: ['رياضة', 'كرة القدم', 'رياضة'],
    author_name: 'منى',
    source_name: 'وكالة الأنباء',
    source_url: 'https://news.example/a/1',
    featured_image_url: 'https://img.example/1.jpg',
    featured_image_alt: 'لاعبون في الملعب',
    video_url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    published_at: localToUtc('2026-12-01T14:30', 'Africa/Tripoli'),
  });
  const a = saved.article;
  assert.equal(a.slug, 'رابط-مختصر-جديد');
  assert.equal(a.category_id, sport);
  assert.deepEqual(saved.tags, ['رياضة', 'كرة القدم']);
  assert.equal(saved.author_name, 'منى');
  assert.equal(a.source_url, 'https://news.example/a/1');
  assert.equal(a.featured_image_alt, 'لاعبون في الملعب');
  assert.equal(a.updated_at, '2026-11-29T13:00:00.000Z');
  assert.equal(a.published_at, '2026-12-01T12:30:00.000Z');
  const [latest] = await listRevisions(deps, AUTHOR, article.id);
  assert.deepEqual(latest?.changed_fields, [
    'title', 'slug', 'excerpt', 'body', 'published_at', 'category_id', 'author_name',
    'source_name', 'source_url', 'featured_image_url', 'featured_image_alt', 'video_url', 'tags',
  ]);

  const bad: Array<[Parameters<typeof updateArticle>[3], string]> = [
    [{ title: '   ' }, 'title'],
    [{ title: 'ب'.repeat(301) }, 'title'],
    [{ slug: '🗳️ !!' }, 'slug'],
    [{ source_url: 'javascript:alert(1)' }, 'source_url'],
    [{ featured_image_url: 'not a url' }, 'featured_image_url'],
    [{ video_url: 'ftp://x.example/v' }, 'video_url'],
    [{ category_id: 999_999 }, 'category_id'],
    [{ published_at: 'غدا' }, 'published_at'],
    [{ published_at: '2026-12-01T14:30' }, 'published_at'],
  ];
  for (const [edit, field] of bad) {
    await assert.rejects(updateArticle(deps, AUTHOR, article.id, { title: 'تغيير لا يحفظ', ...edit }), rejectsWith('VALIDATION', field), field);
  }
  const after = await getArticleForEditing(deps, AUTHOR, article.id);
  assert.equal(after.article.title, 'خبر بكل الحقول بعد التعديل', 'a refused save leaves the article as it was');
  assert.equal(after.revision, saved.revision, 'and writes no revision');
});

test('slugs: Arabic kept, unique against other articles, blank derives from the headline again', async () => {
  const one = (await createDraft(deps, EDITOR, draft('سوق الخضار'))).article;
  const two = (await createDraft(deps, EDITOR, draft('خبر آخر'))).article;
  assert.equal(one.slug, 'سوق-الخضار');
  assert.equal((await updateArticle(deps, EDITOR, two.id, { slug: 'سوق الخضار' })).article.slug, 'سوق-الخضار-2');
  assert.equal((await updateArticle(deps, EDITOR, one.id, { slug: 'سوق الخضار' })).article.slug, 'سوق-الخضار', 'its own slug is not taken');
  assert.equal((await updateArticle(deps, EDITOR, two.id, { slug: '' })).article.slug, 'خبر-آخر');
});

test('a save re-indexes the article in its transaction; a published one gets an update event and new read-also', async () => {
  const now = () => clock.now().toISOString();
  const titles = async (q: string) => (await searchArticles(app.store.search, { q, filters: {}, page: 1, limit: 10 }, now())).results.map((r) => r.article.id);
  const { article } = await createDraft(deps, EDITOR, draft('مهرجان التمور في واحة جالو', { body: '<p>انطلق المهرجان.</p>' }));
  await publish(deps, EDITOR, article.id);
  assert.deepEqual(await titles('جالو'), [article.id]);
  const before = refreshed.length;
  await updateArticle(deps, EDITOR, article.id, { title: 'مهرجان التمور في واحة أوجلة' });
  assert.deepEqual(await titles('جالو'), []);
  assert.deepEqual(await titles('أوجلة'), [article.id]);
  assert.deepEqual(await eventsOf(article.id), ['article.published', 'article.updated']);
  assert.deepEqual(refreshed.slice(before), [article.id]);
  await updateArticle(deps, EDITOR, article.id, { source_name: 'مراسلنا' });
  assert.deepEqual(refreshed.slice(before), [article.id], 'a source credit does not change read-also');
  assert.deepEqual(await eventsOf(article.id), ['article.published', 'article.updated', 'article.updated']);
});

test('a save that changes nothing writes nothing; a stale form is refused', async () => {
  const opened = await createDraft(deps, AUTHOR, draft('خبر بلا تغيير'));
  const same = await updateArticle(deps, AUTHOR, opened.article.id, { title: ' خبر بلا تغيير ', tags: [] }, { expected_revision: opened.revision });
  assert.equal(same.revision, opened.revision);
  await updateArticle(deps, EDITOR, opened.article.id, { excerpt: 'تعديل المحرر' }, { expected_revision: opened.revision });
  await assert.rejects(
    updateArticle(deps, AUTHOR, opened.article.id, { excerpt: 'تعديل الكاتب' }, { expected_revision: opened.revision }),
    rejectsWith('CONFLICT'),
  );
  assert.equal((await app.store.articles.findById(opened.article.id))?.excerpt, 'تعديل المحرر');
});

test('an excerpt derived from the body follows the body; one written by hand stays', async () => {
  const { article } = await createDraft(deps, AUTHOR, { title: 'خبر بملخص مشتق', body: '<p>الفقرة الأولى.</p>', category_id: local });
  assert.equal(article.excerpt, 'الفقرة الأولى.');
  assert.equal((await updateArticle(deps, AUTHOR, article.id, { body: '<p>فقرة جديدة.</p>' })).article.excerpt, 'فقرة جديدة.');
  await updateArticle(deps, AUTHOR, article.id, { excerpt: 'ملخص يدوي' });
  assert.equal((await updateArticle(deps, AUTHOR, article.id, { body: '<p>فقرة ثالثة.</p>' })).article.excerpt, 'ملخص يدوي');
});

test('an imported article gets a baseline revision on its first edit', async () => {
  const imported: Article = await app.store.transaction((repos) =>
    createArticle(repos, clock, { title: 'خبر مستورد', body: '<p>نص مستورد.</p>', status: 'published', published_at: '2026-01-01T00:00:00Z', category_id: local }),
  );
  assert.equal(imported.created_by, null);
  await assert.rejects(updateArticle(deps, AUTHOR, imported.id, { title: 'تعديل' }), rejectsWith('FORBIDDEN'), 'nobody owns an import');
  const saved = await updateArticle(deps, EDITOR, imported.id, { title: 'خبر مستورد بعد التحرير' });
  const history = await listRevisions(deps, EDITOR, imported.id);
  assert.deepEqual(history.map((r) => [r.number, r.action, r.user_id]), [[2, 'update', EDITOR.user_id], [1, 'baseline', null]]);
  assert.equal((await app.store.revisions.get(imported.id, 1))?.snapshot.title, 'خبر مستورد');
  assert.equal(saved.revision, 2);
});

test('the time of a published or scheduled article is the publisher\'s to change', async () => {
  const { article } = await createDraft(deps, EDITOR, draft('خبر بتاريخ'));
  await publish(deps, EDITOR, article.id);
  await assert.rejects(updateArticle(deps, EDITOR, article.id, { published_at: '2099-01-01T00:00:00Z' }), rejectsWith('VALIDATION', 'published_at'));
  await assert.rejects(updateArticle(deps, EDITOR, article.id, { published_at: null }), rejectsWith('VALIDATION', 'published_at'));
  const backdated = await updateArticle(deps, EDITOR, article.id, { published_at: '2026-11-01T08:00:00Z' });
  assert.equal(backdated.article.published_at, '2026-11-01T08:00:00.000Z');
});

test('a publication time outside 1900–2100 is refused, naming the field', () => {
  for (const bad of ['0001-01-01T00:00:00Z', '1899-12-31T23:59:59Z', '2101-01-01T00:00:00Z']) {
    assert.throws(() => checkInstant(bad), (err: unknown) => isJaridaError(err, 'VALIDATION') && (err as { details?: { field?: string } }).details?.field === 'published_at', bad);
  }
  assert.equal(checkInstant('2026-11-29T12:00:00+02:00'), '2026-11-29T10:00:00.000Z');
});

test('single-line fields are cleaned by one rule on create and update: controls dropped, bidi controls, marks and emoji kept', async () => {
  const { article } = await createDraft(deps, AUTHOR, draft('\u202eخبر\u202c عن\nالانتخابات 🗳️', {
    body: '<p>نص الخبر.</p>',
    excerpt: 'ملخص\u0000 بسطرين\r\nهنا',
    author_name: ' سالم\u2066 الفيتوري\u2069 ',
    source_name: 'وكالة\tالأنباء',
    featured_image_url: 'https://img.example/a.jpg',
    featured_image_alt: 'صورة\u202e مقلوبة',
    tags: ['ليبيا\u200f', '\u202eطرابلس'],
  }));
  const saved = await getArticleForEditing(deps, AUTHOR, article.id);
  assert.equal(saved.article.title, '\u202eخبر\u202c عن الانتخابات 🗳️');
  assert.equal(saved.article.excerpt, 'ملخص بسطرين هنا');
  assert.equal(saved.author_name, 'سالم\u2066 الفيتوري\u2069');
  assert.equal(saved.article.source_name, 'وكالة الأنباء');
  assert.equal(saved.article.featured_image_alt, 'صورة\u202e مقلوبة');
  assert.deepEqual(saved.tags, ['ليبيا\u200f', '\u202eطرابلس'], 'kept byte for byte; pages isolate them (ADR 023)');

  const updated = await updateArticle(deps, AUTHOR, article.id, {
    title: 'عنوان\u2067 جديد\u2069',
    excerpt: '\u0007 ',
    author_name: '\u0000',
    source_name: 'مراسلنا\u0085في بنغازي',
    featured_image_alt: '\u0007وصف',
    tags: ['\u202bاقتصاد\u202c', 'ليبيا\u200f'],
  });
  assert.equal(updated.article.title, 'عنوان\u2067 جديد\u2069');
  assert.equal(updated.article.excerpt, 'نص الخبر.', 'blank once cleaned: derived from the body');
  assert.equal(updated.author_name, null);
  assert.equal(updated.article.source_name, 'مراسلنا في بنغازي');
  assert.equal(updated.article.featured_image_alt, 'وصف');
  assert.deepEqual(updated.tags, ['\u202bاقتصاد\u202c', 'ليبيا\u200f']);
  await assert.rejects(updateArticle(deps, AUTHOR, article.id, { source_name: 'a\ud800' }), rejectsWith('VALIDATION', 'source_name'));
});

test('a typed slug: percent-encoding from an address bar is decoded once; a malformed one is refused naming the slug', async () => {
  const pasted = encodeURIComponent('سوق-الحوت');
  const made = await createDraft(deps, EDITOR, draft('خبر برابط ملصوق', { slug: pasted }));
  assert.equal(made.article.slug, 'سوق-الحوت');
  assert.equal((await updateArticle(deps, EDITOR, made.article.id, { slug: encodeURIComponent('سوق الحوت القديم') })).article.slug, 'سوق-الحوت-القديم');
  assert.equal((await updateArticle(deps, EDITOR, made.article.id, { slug: encodeURIComponent('%41') })).article.slug, '41', 'decoded once only');
  for (const bad of ['%E0%A', '%ZZ', 'نسبة-50%', `${pasted.slice(0, -3)}%D8`]) {
    await assert.rejects(updateArticle(deps, EDITOR, made.article.id, { slug: bad }), rejectsWith('VALIDATION', 'slug'), bad);
    await assert.rejects(createDraft(deps, EDITOR, draft('خبر آخر برابط تالف', { slug: bad })), rejectsWith('VALIDATION', 'slug'), bad);
  }
  assert.equal((await app.store.articles.findById(made.article.id))?.slug, '41');
});

test('a tag over the 80 characters of the tag admin is refused on create and update; 80 are fine', async () => {
  const eighty = 'و'.repeat(80);
  const made = await createDraft(deps, AUTHOR, draft('خبر بوسم طويل', { tags: [eighty] }));
  assert.deepEqual(made.tags, [eighty]);
  const long = `${eighty}ز`;
  await assert.rejects(createDraft(deps, AUTHOR, draft('خبر بوسم أطول', { tags: ['قصير', long] })), (err: unknown) => {
    assert.ok(isJaridaError(err, 'VALIDATION'));
    assert.deepEqual([err.details.field, err.details.reason], ['tags', 'article_tag_too_long']);
    return true;
  });
  await assert.rejects(updateArticle(deps, AUTHOR, made.article.id, { tags: [long] }), rejectsWith('VALIDATION', 'tags'));
  assert.deepEqual((await getArticleForEditing(deps, AUTHOR, made.article.id)).tags, [eighty], 'nothing saved');
  assert.equal(await app.store.tags.findBySlug(long), undefined, 'no tag created');

  // A longer tag made before the limit (by an import) still goes with its articles: they stay savable.
  const legacy = `${'ق'.repeat(40)} ${'ر'.repeat(50)}`;
  await app.store.transaction((repos) => repos.tags.findOrCreate(legacy, slugify(legacy)));
  const old = await createDraft(deps, AUTHOR, draft('خبر بوسم قديم طويل', { tags: [legacy] }));
  assert.deepEqual(old.tags, [legacy]);
  assert.deepEqual((await updateArticle(deps, AUTHOR, old.article.id, { title: 'خبر بوسم قديم طويل معدل', tags: [legacy, 'جديد'] })).tags, [legacy, 'جديد']);
  await assert.rejects(updateArticle(deps, AUTHOR, old.article.id, { tags: [`${legacy}س`] }), rejectsWith('VALIDATION', 'tags'), 'not a near spelling of it');
});

test('an expected revision that is not a number is refused, not read as "no check"', async () => {
  const { article } = await createDraft(deps, AUTHOR, draft('خبر بنسخة غير صالحة'));
  for (const bad of [Number.NaN, -1, 1.5]) {
    await assert.rejects(updateArticle(deps, AUTHOR, article.id, { title: 'لن يحفظ' }, { expected_revision: bad }), rejectsWith('VALIDATION', 'expected_revision'));
  }
  await assert.rejects(updateArticle(deps, AUTHOR, article.id, { title: 'لن يحفظ' }, { expected_revision: 7 }), rejectsWith('CONFLICT'));
  assert.equal((await app.store.articles.findById(article.id))?.title, 'خبر بنسخة غير صالحة');
});
