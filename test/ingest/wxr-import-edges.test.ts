import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { fixedClock } from '../../src/core/clock.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { CategoryTree } from '../../src/content/category-tree.ts';
import { ensureDefaultSite, loadSite } from '../../src/content/use-cases/site.ts';
import { importWordpress } from '../../src/ingest/wxr-import.ts';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { redirectTarget } from '../../src/web/redirect-routes.ts';
import { sharedDir, tempDir } from '../helpers/test-app.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/wxr/', import.meta.url));
const clock = fixedClock('2026-01-01T00:00:00Z');

async function freshStore() {
  const dir = tempDir();
  const file = join(dir, 'jarida.sqlite');
  const store = await openSqliteStore(file);
  await ensureDefaultSite(store, clock);
  return { store, dir, file };
}

const options = (dir: string, uploadsDir?: string) => ({ timeZone: 'UTC', uploadsTarget: join(dir, 'uploads'), publicUrl: 'https://new.example.ly', uploadsDir });

test('WordPress.com blogs sharing base_site_url do not collide; imports keyed by base_site_url stay duplicates', async () => {
  const { store, dir, file } = await freshStore();
  try {
    const before = await store.articles.countAll();
    const one = await importWordpress(store, clock, join(FIXTURES, 'wpcom-one.xml'), options(dir));
    assert.equal(one.imported, 1);
    assert.equal(one.site, 'https://one-news.wordpress.com');
    const two = await importWordpress(store, clock, join(FIXTURES, 'wpcom-two.xml'), options(dir));
    assert.equal(two.imported, 1, 'the second blog\'s post 5 is its own post');
    const postTwo = await store.articles.findByImportKey('wxr:https://two-news.wordpress.com:5');
    assert.ok(postTwo);
    const deps = { store, clock, site: () => loadSite(store) };
    assert.equal(await redirectTarget(deps, '/2023/05/01/post-two/'), `/article/${encodeURIComponent(postTwo.slug)}`);

    // An import made when the key was base_site_url: a re-run must still see it as done.
    const db = new Database(file);
    db.prepare("UPDATE articles SET import_key = 'wxr:https://wordpress.com:5' WHERE import_key = 'wxr:https://one-news.wordpress.com:5'").run();
    db.close();
    const again = await importWordpress(store, clock, join(FIXTURES, 'wpcom-one.xml'), options(dir));
    assert.deepEqual([again.imported, again.duplicate], [0, 1]);
    // …but that legacy key does not swallow the other blog's post 5.
    const twoAgain = await importWordpress(store, clock, join(FIXTURES, 'wpcom-two.xml'), options(dir));
    assert.deepEqual([twoAgain.imported, twoAgain.duplicate], [0, 1]);
    assert.equal(await store.articles.countAll(), before + 2);
  } finally {
    await store.close();
  }
});

test('self-hosted sites (base_site_url = base_blog_url) keep the same import key: re-import is idempotent', async () => {
  const { store, dir } = await freshStore();
  try {
    await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    assert.ok(await store.articles.findByImportKey('wxr:https://edge.example.ly:20'));
    const again = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    assert.equal(again.imported, 0);
  } finally {
    await store.close();
  }
});

test('WordPress titles and excerpts: HTML entities decoded exactly once, tags dropped', async () => {
  const { store, dir } = await freshStore();
  try {
    await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    const post = await store.articles.findByImportKey('wxr:https://edge.example.ly:20');
    // The file holds `&amp;amp;`: XML gives `&amp;`, which is the HTML WordPress stored, read once as `&`.
    assert.equal(post?.title, 'Media & Text عاجل م');
    assert.equal(post?.excerpt, 'سطر & "مقتبس" م');
  } finally {
    await store.close();
  }
});

test('an untitled WordPress post is imported with a placeholder title and flagged', async () => {
  const { store, dir } = await freshStore();
  try {
    const report = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    assert.equal(report.failed, 0, JSON.stringify(report.failures));
    const post = await store.articles.findByImportKey('wxr:https://edge.example.ly:21');
    assert.equal(post?.title, 'هذا خبر بلا عنوان نشر على الموقع القديم…');
    assert.equal(post?.status, 'published');
    const empty = await store.articles.findByImportKey('wxr:https://edge.example.ly:22');
    assert.equal(empty?.title, 'بلا عنوان 22');
    assert.ok(report.flagged.some((f) => /edge-cases.xml:\d+ \(post 21\)/u.test(f.origin) && f.flags.some((x) => /no title/u.test(x))), JSON.stringify(report.flagged));
    const deps = { store, clock, site: () => loadSite(store) };
    assert.ok(await redirectTarget(deps, '/2009/09/05/edge-case-no-title/'));
  } finally {
    await store.close();
  }
});

test('double-encoded slugs: decoded once, and the real old URLs of posts, categories and tags redirect', async () => {
  const { store, dir } = await freshStore();
  try {
    const report = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    const post = await store.articles.findByImportKey('wxr:https://edge.example.ly:23');
    assert.ok(post);
    assert.equal(post.slug, 'خبر-رياضي', 'a slug that is still percent-encoded once decoded comes from the title, never d8-ae-…');
    assert.ok(report.flagged.some((f) => f.flags.some((x) => /percent-encoded twice/u.test(x))));
    const tree = new CategoryTree(await store.categories.all());
    assert.deepEqual(tree.path(post.category_id), ['رياضة']);
    const deps = { store, clock, site: () => loadSite(store) };
    const article = `/article/${encodeURIComponent(post.slug)}`;
    // What a browser sends for the links of the old site, with and without a trailing slash.
    assert.equal(await redirectTarget(deps, '/2023/05/01/%25d8%25ae%25d8%25a8%25d8%25b1-%25d8%25b1%25d9%258a%25d8%25a7%25d8%25b6%25d9%258a/'), article);
    assert.ok(await redirectTarget(deps, '/category/%25d8%25b1%25d9%258a%25d8%25a7%25d8%25b6%25d8%25a9/'), 'double-encoded category');
    assert.ok(await redirectTarget(deps, '/category/%25d8%25b1%25d9%258a%25d8%25a7%25d8%25b6%25d8%25a9/%d9%85%d8%ad%d9%84%d9%8a%d8%a9/'), 'single-encoded child of a double-encoded parent');
    assert.ok(await redirectTarget(deps, '/tag/%25d9%2583%25d8%25b1%25d8%25a9%2520%25d8%25a7%25d9%2584%25d9%2582%25d8%25af%25d9%2585/'), 'double-encoded tag');
    // A single-encoded tag's old address is jarida's own tag page (no redirect needed), but its key is stored.
    assert.equal((await store.redirects.find('/tag/نفط'))?.target_kind, 'tag');
  } finally {
    await store.close();
  }
});

test('old-URL variants /…/feed/ and /…/amp/ of a post redirect to the article', async () => {
  const { store, dir } = await freshStore();
  try {
    await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    const post = await store.articles.findByImportKey('wxr:https://edge.example.ly:20');
    assert.ok(post);
    const deps = { store, clock, site: () => loadSite(store) };
    const article = `/article/${encodeURIComponent(post.slug)}`;
    assert.equal(await redirectTarget(deps, '/2023/05/01/media-text/feed/'), article);
    assert.equal(await redirectTarget(deps, '/2023/05/01/media-text/amp/'), article);
    assert.equal(await redirectTarget(deps, '/2023/05/01/media-text/amp'), article);
    assert.match((await redirectTarget(deps, '/tag/%d9%86%d9%81%d8%b7/feed/')) ?? '', /^\/feed\/rss\/tag\//u, 'a tag\'s WordPress feed goes to its feed');
    assert.equal(await redirectTarget(deps, '/2023/05/01/nothing/feed/'), undefined);
  } finally {
    await store.close();
  }
});

test('--uploads rewrites only files found, as root-relative paths, and a later run with --uploads relinks earlier imports', async () => {
  const { store, dir } = await freshStore();
  try {
    const first = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir));
    let post = await store.articles.findByImportKey('wxr:https://edge.example.ly:23');
    assert.equal(post?.featured_image_url, 'https://edge.example.ly/wp-content/uploads/2023/05/photo.jpg');
    assert.equal(first.articles_relinked, 0);

    const second = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir, join(FIXTURES, 'uploads')));
    assert.equal(second.imported, 0);
    assert.equal(second.articles_relinked, 1);
    assert.deepEqual(second.files_missing, ['2023/05/missing.jpg']);
    assert.ok(existsSync(join(dir, 'uploads/2023/05/photo.jpg')));
    post = await store.articles.findByImportKey('wxr:https://edge.example.ly:23');
    assert.equal(post?.featured_image_url, 'https://new.example.ly/wp-content/uploads/2023/05/photo.jpg');
    assert.match(post?.body ?? '', /src="\/wp-content\/uploads\/2023\/05\/photo.jpg"/u);
    assert.match(post?.body ?? '', /src="https:\/\/edge.example.ly\/wp-content\/uploads\/2023\/05\/missing.jpg"/u, 'a file not in the folder keeps its old URL');
    assert.match(post?.body ?? '', /src="https:\/\/edge.example.ly\/wp-content\/uploads\/2023\/05\/photo-300x200.jpg"/u, 'a resized copy not in the folder keeps its old URL');

    const third = await importWordpress(store, clock, join(FIXTURES, 'edge-cases.xml'), options(dir, join(FIXTURES, 'uploads')));
    assert.equal(third.articles_relinked, 0, 'idempotent');
    assert.equal(third.files_copied, 0);
  } finally {
    await store.close();
  }
});

test('import-wordpress refuses a plain RSS feed that is no WordPress export, writing nothing', async () => {
  const { store, dir } = await freshStore();
  try {
    const before = await store.articles.countAll();
    await assert.rejects(importWordpress(store, clock, join(FIXTURES, 'rss-not-wxr.xml'), options(dir)), (err) => isJaridaError(err, 'IMPORT_FILE_UNREADABLE') && /not a WordPress export/u.test(err.message));
    assert.equal(await store.articles.countAll(), before);
  } finally {
    await store.close();
  }
});

test('shared corpus: the block test data title "Media &amp; Text" reads "Media & Text"', async (t) => {
  const shared = sharedDir();
  if (!shared) return t.skip('no ../shared corpus in this checkout');
  const { store, dir } = await freshStore();
  try {
    await importWordpress(store, clock, join(shared, 'corpus/wxr/wptt-64-block-test-data.xml'), options(dir));
    const titles = (await store.articles.batchAfter(0, 1000)).map((a) => a.title);
    assert.ok(titles.includes('Media & Text'), JSON.stringify(titles.filter((x) => /Media/u.test(x))));
    assert.ok(!titles.some((x) => /&amp;/u.test(x)));
  } finally {
    await store.close();
  }
});

test('shared corpus: the untitled theme-unit-test post 1169 is imported and its old URL redirects', async (t) => {
  const shared = sharedDir();
  if (!shared) return t.skip('no ../shared corpus in this checkout');
  const { store, dir } = await freshStore();
  try {
    const report = await importWordpress(store, clock, join(shared, 'corpus/wxr/wptt-themeunittestdata.wordpress.xml'), options(dir));
    assert.ok(!report.failures.some((f) => /post 1169\b/u.test(f.origin)), JSON.stringify(report.failures));
    assert.ok(await store.articles.findByImportKey('wxr:https://wpthemetestdata.wordpress.com:1169'));
    const deps = { store, clock, site: () => loadSite(store) };
    assert.ok(await redirectTarget(deps, '/2009/09/05/edge-case-no-title/'));
  } finally {
    await store.close();
  }
});
