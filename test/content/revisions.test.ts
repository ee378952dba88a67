import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDraft, publish } from '../../src/content/use-cases/article-workflow.ts';
import { deleteMedia, mediaUrl, uploadImage } from '../../src/content/use-cases/media.ts';
import { libraryKeyOf } from '../../src/content/use-cases/missing-media.ts';
import { type DiffPart, bodyBlocks, diffBodies, diffRevisions, diffText, getRevision, listRevisions, restoreRevision } from '../../src/content/use-cases/revisions.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { numberedJpeg } from '../media/sample-images.ts';
import { AUTHOR, CONTRIBUTOR, EDITOR, OTHER_AUTHOR, manualClock } from './workflow-helpers.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;
before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
});
after(() => app.dispose());

const oldText = (parts: DiffPart[]) => parts.filter((p) => p.op !== 'insert').map((p) => p.text).join('');
const newText = (parts: DiffPart[]) => parts.filter((p) => p.op !== 'delete').map((p) => p.text).join('');

test('text is diffed word by word, Arabic words whole, and the parts rebuild both texts exactly', () => {
  const a = 'قال الرئيس، في طرابلس إن الانتخابات 🗳️ ستجرى قريباً';
  const b = 'قال رئيس الحكومة، في طرابلس إن الانتخابات 🗳️ ستُجرى قريباً';
  const parts = diffText(a, b);
  assert.equal(oldText(parts), a);
  assert.equal(newText(parts), b);
  assert.deepEqual(
    parts.filter((p) => p.op !== 'equal'),
    [
      { op: 'delete', text: 'الرئيس' },
      { op: 'insert', text: 'رئيس الحكومة' },
      { op: 'delete', text: 'ستجرى' },
      { op: 'insert', text: 'ستُجرى' },
    ],
  );
});

test('a body is compared block by block: a subheading is never glued to the paragraph after it', () => {
  const html = '<h2 dir="auto">فاغنر في ليبيا</h2><p dir="auto">بدأ الاجتماع &amp; انتهى.</p><ul><li>أول</li><li>ثان</li></ul><blockquote><p>قول</p></blockquote><figure><img src="https://img.example/a.jpg" alt="صورة الاجتماع"><figcaption>تعليق</figcaption></figure><iframe src="https://player.vimeo.com/video/1"></iframe>';
  assert.deepEqual(bodyBlocks(html), [
    { kind: 'h2', text: 'فاغنر في ليبيا' },
    { kind: 'p', text: 'بدأ الاجتماع & انتهى.' },
    { kind: 'li', text: 'أول' },
    { kind: 'li', text: 'ثان' },
    { kind: 'quote', text: 'قول' },
    { kind: 'image', text: 'صورة الاجتماع https://img.example/a.jpg' },
    { kind: 'caption', text: 'تعليق' },
    { kind: 'embed', text: 'https://player.vimeo.com/video/1' },
  ]);
  const diff = diffBodies(
    '<h2>فاغنر في ليبيا</h2><p>بدأ الاجتماع صباح اليوم.</p><p>فقرة تحذف.</p>',
    '<h2>فاغنر في ليبيا</h2><p>بدأ الاجتماع مساء اليوم.</p><h3>عنوان جديد</h3>',
  );
  assert.deepEqual(diff.map((d) => [d.op, d.kind_before, d.kind_after]), [
    ['equal', 'h2', 'h2'],
    ['change', 'p', 'p'],
    ['change', 'p', 'h3'],
  ]);
  assert.equal(oldText(diff[1]?.parts ?? []), 'بدأ الاجتماع صباح اليوم.');
  assert.equal(newText(diff[1]?.parts ?? []), 'بدأ الاجتماع مساء اليوم.');
  assert.deepEqual(diffBodies('<p>أ</p>', '<p>أ</p><p>ب</p>').map((d) => d.op), ['equal', 'insert']);
});

test('diff between two revisions: changed fields and body, with who saved each', async () => {
  const { article } = await createDraft(deps(), AUTHOR, {
    title: 'وصول شحنة أدوية إلى مستشفى طرابلس',
    body: '<h2>التفاصيل</h2><p>وصلت الشحنة صباح اليوم.</p>',
    category_id: local,
    tags: ['صحة'],
  });
  clock.advance(60_000);
  const saved = await updateArticle(deps(), EDITOR, article.id, {
    title: 'وصول شحنة أدوية جديدة إلى مستشفى طرابلس المركزي',
    body: '<h2>التفاصيل</h2><p>وصلت الشحنة مساء اليوم.</p>',
    tags: ['صحة', 'طرابلس'],
    source_url: 'https://news.example/1',
  });
  const diff = await diffRevisions(deps(), AUTHOR, article.id, 1, saved.revision);
  assert.equal(diff.from.user_id, AUTHOR.user_id);
  assert.equal(diff.to.user_id, EDITOR.user_id);
  assert.deepEqual(diff.fields.map((f) => f.field), ['title', 'source_url', 'tags']);
  const title = diff.fields[0];
  assert.deepEqual(
    title?.parts.filter((p) => p.op !== 'equal').map((p) => [p.op, p.text.trim()]),
    [['insert', 'جديدة'], ['insert', 'المركزي']],
  );
  assert.equal(newText(title?.parts ?? []), 'وصول شحنة أدوية جديدة إلى مستشفى طرابلس المركزي');
  assert.deepEqual(diff.fields[1]?.parts, [{ op: 'insert', text: 'https://news.example/1' }]);
  assert.deepEqual(diff.fields[2]?.parts, [{ op: 'equal', text: 'صحة' }, { op: 'insert', text: 'طرابلس' }]);
  assert.deepEqual(diff.body?.map((b) => b.op), ['equal', 'change']);
  await assert.rejects(diffRevisions(deps(), AUTHOR, article.id, 1, 99), (err) => isJaridaError(err, 'NOT_FOUND'));
  await assert.rejects(diffRevisions(deps(), OTHER_AUTHOR, article.id, 1, 2), (err) => isJaridaError(err, 'FORBIDDEN'));
});

test('restore brings back an old revision as a new one, keeping status and publication time', async () => {
  const first = await createDraft(deps(), AUTHOR, {
    title: 'الأصل 🗳️ كَتَبَ',
    body: '<p>النص الأصلي.</p>',
    category_id: local,
    tags: ['أصل'],
    author_name: 'سالم',
  });
  const id = first.article.id;
  await updateArticle(deps(), AUTHOR, id, { title: 'نسخة ثانية', body: '<p>نص ثان.</p>', tags: ['ثان'], author_name: null });
  const live = await publish(deps(), AUTHOR, id);
  clock.advance(60_000);
  const restored = await restoreRevision(deps(), AUTHOR, id, 1, { expected_revision: live.revision });
  assert.equal(restored.article.title, 'الأصل 🗳️ كَتَبَ');
  assert.equal(restored.article.body, first.article.body);
  assert.deepEqual(restored.tags, ['أصل']);
  assert.equal(restored.author_name, 'سالم');
  assert.equal(restored.article.status, 'published');
  assert.equal(restored.article.published_at, live.article.published_at);
  const [latest] = await listRevisions(deps(), AUTHOR, id);
  assert.equal(latest?.action, 'restore');
  assert.equal(latest?.restored_from, 1);
  assert.equal(latest?.user_id, AUTHOR.user_id);
  assert.deepEqual(latest?.changed_fields, ['title', 'excerpt', 'body', 'author_name', 'tags']);
  const events = (await app.store.events.after(0, 1000)).filter((e) => e.article_id === id).map((e) => e.type);
  assert.deepEqual(events, ['article.published', 'article.updated']);
  // Restoring what is already there is no save.
  assert.equal((await restoreRevision(deps(), AUTHOR, id, latest?.number ?? 0)).revision, latest?.number);
  assert.equal((await getRevision(deps(), AUTHOR, id, 1)).snapshot.title, 'الأصل 🗳️ كَتَبَ');
});

test('a restored slug taken since by another article gets a suffix; a contributor may not restore a published article', async () => {
  const a = await createDraft(deps(), EDITOR, { title: 'اسم فريد', body: '<p>أ</p>', category_id: local });
  await updateArticle(deps(), EDITOR, a.article.id, { slug: 'اسم آخر' });
  await createDraft(deps(), EDITOR, { title: 'اسم فريد', body: '<p>ب</p>', category_id: local });
  assert.equal((await restoreRevision(deps(), EDITOR, a.article.id, 1)).article.slug, 'اسم-فريد-2');

  const c = await createDraft(deps(), CONTRIBUTOR, { title: 'مساهمة', body: '<p>ج</p>', category_id: local });
  await updateArticle(deps(), CONTRIBUTOR, c.article.id, { title: 'مساهمة معدلة' });
  await publish(deps(), EDITOR, c.article.id);
  await assert.rejects(restoreRevision(deps(), CONTRIBUTOR, c.article.id, 1), (err) => isJaridaError(err, 'FORBIDDEN'));
});

function deps() {
  return app.workflow;
}

test('library images deleted since are left out of a restore: no featured image, their body images removed; others come back', async () => {
  const site = 'https://jarida.example';
  const upload = async (n: number) => (await uploadImage(app.media, EDITOR, { filename: `${n}.jpg`, bytes: await numberedJpeg(n, 400, 300), alt: `صورة ${n}` })).media;
  const [featured, gone, kept] = [await upload(1), await upload(2), await upload(3)];
  const url = (item: typeof featured) => mediaUrl(app.media.storage, item, site);
  const body =
    '<p>قبل الصور.</p>' +
    `<figure><img src="${url(gone)}" alt="صورة ستحذف"><figcaption>تعليق على الصورة المحذوفة</figcaption></figure>` +
    `<p><img src="${url(gone).replace(site, '')}" alt="نسخة نسبية"></p>` +
    `<figure><img src="${url(kept)}" alt="صورة باقية"><figcaption>تعليق باق</figcaption></figure>` +
    '<p><img src="https://img.example/outlet.jpg" alt="صورة الوكالة"> تحتها نص.</p>';
  const made = await createDraft(deps(), EDITOR, { title: 'خبر بالصور', body, category_id: local, featured_image_url: url(featured), featured_image_alt: 'الصورة البارزة' });
  const id = made.article.id;
  await publish(deps(), EDITOR, id);
  const without = await updateArticle(deps(), EDITOR, id, { title: 'خبر بلا صور', body: '<p>نص بلا صور.</p>', featured_image_url: null, featured_image_alt: null });
  await deleteMedia(app.media, EDITOR, featured.id);
  await deleteMedia(app.media, EDITOR, gone.id);

  const restored = await restoreRevision(deps(), EDITOR, id, 1, { expected_revision: without.revision });
  assert.deepEqual(restored.missing_media, { featured_image: true, body_images: 2 });
  assert.equal(restored.article.title, 'خبر بالصور', 'everything else comes back');
  assert.equal(restored.article.featured_image_url, null);
  assert.equal(restored.article.featured_image_alt, null, 'no alt text for no image');
  assert.equal(
    restored.article.body,
    `<p dir="auto">قبل الصور.</p><figure><img src="${url(kept)}" alt="صورة باقية" /><figcaption dir="auto">تعليق باق</figcaption></figure>` +
      '<p dir="auto"><img src="https://img.example/outlet.jpg" alt="صورة الوكالة" /> تحتها نص.</p>',
  );
  assert.doesNotMatch(restored.article.body, /المحذوفة|نسخة نسبية/u, 'the figure and its caption went with the image');
  // The stored revision keeps what it had: history is not rewritten.
  assert.equal((await getRevision(deps(), EDITOR, id, 1)).snapshot.featured_image_url, url(featured));
  const [latest] = await listRevisions(deps(), EDITOR, id);
  assert.equal(latest?.action, 'restore');

  const plain = await restoreRevision(deps(), EDITOR, id, without.revision);
  assert.deepEqual(plain.missing_media, { featured_image: false, body_images: 0 });
});

test('library keys are found in storage paths and absolute URLs on any host, not in other URLs', () => {
  const hash = `ab${'0'.repeat(62)}`;
  assert.equal(libraryKeyOf(`https://any.example/media/ab/${hash}/1200w.webp`), `ab/${hash}/1200w.webp`);
  assert.equal(libraryKeyOf(`/media/ab/${hash}/original.jpg`), `ab/${hash}/original.jpg`);
  assert.equal(libraryKeyOf(`/media/cd/${hash}/1200w.webp`), undefined, 'the folder is the first two digits of the hash');
  assert.equal(libraryKeyOf('https://img.example/photos/2026/a.jpg'), undefined);
});

test('a long paragraph rewritten throughout is shown as replaced whole instead of exhausting memory', () => {
  const a = Array.from({ length: 30_000 }, (_, i) => `كلمة${i}`).join(' ');
  const b = Array.from({ length: 30_000 }, (_, i) => (i % 3 === 0 ? `تغيير${i}` : `كلمة${i}`)).join(' ');
  const parts = diffText(a, b);
  assert.equal(oldText(parts), a);
  assert.equal(newText(parts), b);
  // Small edits in the same long text are still shown word by word.
  const c = a.replace('كلمة100 ', 'كلمة100 جديدة ');
  assert.deepEqual(diffText(a, c).filter((p) => p.op !== 'equal'), [{ op: 'insert', text: 'جديدة ' }]);
});
