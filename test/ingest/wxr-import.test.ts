import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { CategoryTree } from '../../src/content/category-tree.ts';
import { ensureDefaultSite } from '../../src/content/use-cases/site.ts';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { itemInstant } from '../../src/ingest/wxr-items.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/wxr/', import.meta.url));
const clock = fixedClock('2026-01-01T00:00:00Z');

async function freshStore() {
  const dir = tempDir();
  const store = await openSqliteStore(join(dir, 'jarida.sqlite'));
  await ensureDefaultSite(store, clock);
  return { store, dir };
}

const options = (dir: string, uploadsDir?: string) => ({
  timeZone: 'Africa/Tripoli',
  uploadsTarget: join(dir, 'uploads'),
  publicUrl: 'https://new.example.ly',
  uploadsDir,
});

test('a WordPress export lands with statuses, dates, categories, tags, bylines, images and redirects', async () => {
  const { store, dir } = await freshStore();
  try {
    const report = await importWordpress(store, clock, join(FIXTURES, 'arabic-site.xml'), options(dir));
    assert.equal(report.imported, 5, JSON.stringify(report, null, 2));
    assert.equal(report.failed, 0);
    assert.equal(report.skipped, 4); // private post, two attachments, a menu item
    assert.equal(report.skipped_by_reason['private posts are not imported'], 1);

    const post = await store.articles.findByImportKey('wxr:https://old.example.ly:10');
    assert.ok(post);
    assert.equal(post.title, 'الانتخابات البلدية 🗳️ في طرابلس');
    assert.equal(post.slug, 'الانتخابات-البلدية', 'percent-encoded slug decoded once and kept');
    assert.equal(post.status, 'published');
    assert.equal(post.published_at, '2023-05-01T08:30:00.000Z');
    assert.equal(post.excerpt, 'انطلاق التصويت في طرابلس');
    assert.equal(post.featured_image_url, 'https://old.example.ly/wp-content/uploads/2023/05/photo.jpg');
    assert.equal(post.featured_image_alt, 'ناخبون أمام مركز اقتراع');
    assert.match(post.body, /<p>بدأ التصويت صباح اليوم في طرابلس.<br \/>\s*وسط إقبال كبير.<\/p>/u);
    assert.match(post.body, /<figure><img src="https:\/\/old.example.ly\/wp-content\/uploads\/2023\/05\/photo.jpg" alt="مركز اقتراع"[^>]*\/><figcaption>مركز اقتراع في طرابلس<\/figcaption><\/figure>/u);
    assert.match(post.body, /second\.png/u, 'gallery shows the attachments');
    assert.match(post.body, /<iframe src="https:\/\/www.youtube-nocookie.com\/embed\/dQw4w9WgXcQ"/u);
    assert.match(post.body, /نص مهم يبقى/u);
    assert.doesNotMatch(post.body, /\[highlight|\[\/highlight/u);
    assert.match(post.body, /\[caption\] يبقى حرفياً/u);
    assert.doesNotMatch(post.body, /ليس عنواناً/u, 'comments are not content');
    const author = post.author_id === null ? undefined : await store.authors.findById(post.author_id);
    assert.equal(author?.name, 'أحمد الطرابلسي');
    assert.deepEqual((await store.articles.tagsOf(post.id)).map((t) => t.name), ['طرابلس']);

    const tree = new CategoryTree(await store.categories.all());
    assert.deepEqual(tree.path(post.category_id), ['أخبار', 'محلية'], 'nested categories with decoded slugs');

    const draft = await store.articles.findByImportKey('wxr:https://old.example.ly:11');
    assert.equal(draft?.status, 'draft');
    assert.equal(draft?.published_at, null);
    const scheduled = await store.articles.findByImportKey('wxr:https://old.example.ly:12');
    assert.equal(scheduled?.status, 'scheduled');
    assert.equal(scheduled?.published_at, '2031-01-02T07:00:00.000Z');
    const page = await store.articles.findByImportKey('wxr:https://old.example.ly:13');
    assert.deepEqual(page && tree.path(page.category_id), ['صفحات']);
    const blocks = await store.articles.findByImportKey('wxr:https://old.example.ly:14');
    assert.ok(blocks);
    assert.doesNotMatch(blocks.body, /wp:paragraph|<!--/u);
    assert.match(blocks.body, /<p>فقرة أولى.<\/p>/u);
    assert.match(blocks.body, /player\.vimeo\.com\/video\/76979871/u);

    assert.equal((await store.redirects.find('/2023/05/01/الانتخابات-البلدية'))?.target_id, post.id);
    assert.equal((await store.redirects.find('/?p=10'))?.target_id, post.id);
    assert.equal((await store.redirects.find('/?page_id=13'))?.target_id, page?.id);
    assert.equal((await store.redirects.find('/category/أخبار/محلية'))?.target_kind, 'category');
    assert.equal((await store.redirects.find('/tag/طرابلس'))?.target_kind, 'tag');

    // Idempotent: a second run adds nothing.
    const again = await importWordpress(store, clock, join(FIXTURES, 'arabic-site.xml'), options(dir));
    assert.equal(again.imported, 0);
    assert.equal(again.duplicate, 5);
    assert.equal(again.categories_created, 0);
    assert.equal(again.redirects_added, 0);
  } finally {
    await store.close();
  }
});

test('with an uploads folder, attachment files are copied and their URLs point at the new site', async () => {
  const { store, dir } = await freshStore();
  try {
    const report = await importWordpress(store, clock, join(FIXTURES, 'arabic-site.xml'), options(dir, join(FIXTURES, 'uploads')));
    assert.equal(report.files_copied, 1);
    assert.deepEqual(report.files_missing, ['2023/05/second.png'], 'a file not in the folder is reported');
    assert.ok(existsSync(join(dir, 'uploads/2023/05/photo.jpg')));
    assert.deepEqual(readFileSync(join(dir, 'uploads/2023/05/photo.jpg')), readFileSync(join(FIXTURES, 'uploads/2023/05/photo.jpg')));
    const post = await store.articles.findByImportKey('wxr:https://old.example.ly:10');
    assert.equal(post?.featured_image_url, 'https://new.example.ly/wp-content/uploads/2023/05/photo.jpg');
    assert.match(post?.body ?? '', /src="\/wp-content\/uploads\/2023\/05\/photo.jpg"/u, 'bodies point at copies by a root-relative path');
  } finally {
    await store.close();
  }
});

test('unsafe or malformed XML is refused before anything is written', async () => {
  const { store, dir } = await freshStore();
  try {
    const before = await store.articles.countAll();
    for (const [name, kind] of [['billion-laughs.xml', 'UNSAFE_XML'], ['xxe.xml', 'UNSAFE_XML']] as const) {
      await assert.rejects(importWordpress(store, clock, join(FIXTURES, name), options(dir)), (err) => isJaridaError(err, kind) && /DOCTYPE/u.test(err.message));
    }
    assert.equal(await store.articles.countAll(), before);
  } finally {
    await store.close();
  }
});

test('post dates: GMT when given, else local time in the site zone', () => {
  assert.equal(itemInstant({ post_date: '2023-05-01 10:30:00', post_date_gmt: '2023-05-01 08:30:00' }, 'Africa/Tripoli'), '2023-05-01T08:30:00.000Z');
  assert.equal(itemInstant({ post_date: '2023-05-01 10:30:00', post_date_gmt: '0000-00-00 00:00:00' }, 'Africa/Tripoli'), '2023-05-01T08:30:00.000Z');
  assert.equal(itemInstant({ post_date: '2023-05-01 10:30:00', post_date_gmt: '0000-00-00 00:00:00' }, 'UTC'), '2023-05-01T10:30:00.000Z');
  assert.equal(itemInstant({ post_date: '', post_date_gmt: '0000-00-00 00:00:00' }, 'UTC'), null);
});
