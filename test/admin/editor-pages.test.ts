// The article editor through HTTP, as a browser without JavaScript uses it:
// the form and its buttons by role and status, saving with the publication
// time in the site's zone, Arabic errors beside their fields with the status
// codes of the use cases (400, 403, 404, 409), autosave's JSON, the preview,
// the history with diff and restore, and the editor's assets and CSP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bundleEditor } from '../../src/admin/article-editor-assets.ts';
import { editOf, emptyFormValues, splitTags } from '../../src/admin/article-form.ts';
import { markAsPreview } from '../../src/admin/article-preview.tsx';
import type { User } from '../../src/content/accounts.ts';
import { EMBED_ORIGINS } from '../../src/content/body-html.ts';
import type { Actor } from '../../src/content/roles.ts';
import { createDraft, publish } from '../../src/content/use-cases/article-workflow.ts';
import { deleteMedia, mediaUrl, uploadImage } from '../../src/content/use-cases/media.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { manualClock } from '../content/workflow-helpers.ts';
import { numberedJpeg } from '../media/sample-images.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;

before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
});
after(() => app.dispose());

const actorOf = (user: User): Actor => ({ user_id: user.id, role: user.role });

/** Every field of the editor form, valid, with `over` on top. */
function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'افتتاح جسر وادي الكوف',
    slug: '',
    excerpt: '',
    body: '<p>افتتح الجسر اليوم.</p>',
    category_id: String(local),
    tags: 'طرق، الجبل الأخضر',
    author_name: 'سالم',
    source_name: '',
    source_url: '',
    featured_image_url: '',
    featured_image_alt: '',
    video_url: '',
    published_at: '',
    expected_revision: '',
    action: 'save',
    ...over,
  };
}

/** The text of a page without tags, spaces collapsed. */
function text(html: string): string {
  return html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');
}

/** The buttons of the editor form (their `action` values). */
function buttons(html: string): string[] {
  return [...html.matchAll(/<button type="submit" name="action" value="(\w+)"/gu)].map((m) => m[1] ?? '');
}

/** The id of the article a redirect points at. */
function idOf(location: unknown): number {
  return Number(/\/admin\/articles\/(\d+)/u.exec(String(location))?.[1]);
}

describe('the form', () => {
  test('a new article: every field labelled, the zone named, the buttons of the role; works without JavaScript', async () => {
    const { client: contributor } = await signedIn(app, 'contributor');
    const page = await contributor.get('/admin/articles/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="ar" dir="rtl">/u);
    for (const name of ['title', 'slug', 'excerpt', 'body', 'category_id', 'tags', 'author_name', 'source_name', 'source_url', 'featured_image_url', 'featured_image_alt', 'video_url', 'published_at']) {
      assert.match(page.body, new RegExp(`<label for="f-${name}"`, 'u'), `label of ${name}`);
      assert.match(page.body, new RegExp(`id="f-${name}" name="${name}"`, 'u'), `field ${name}`);
    }
    assert.match(page.body, /<textarea id="f-body" name="body"/u, 'the body is a textarea of HTML');
    assert.match(page.body, /type="datetime-local"/u);
    assert.match(text(page.body), /بتوقيت الموقع: توقيت شرق أوروبا الرسمي \(\u2068Africa\/Tripoli\u2069\)/u, 'the zone by its Arabic name, its IANA id beside');
    assert.match(page.body, /<script src="\/admin\/assets\/editor\.js\?v=[0-9a-f]{12}" defer><\/script>/u);
    assert.doesNotMatch(page.body, /<script>|<script [^>]*>[^<]/u, 'no inline script');
    assert.deepEqual(buttons(page.body), ['save', 'submit'], 'a contributor saves and submits, never publishes');

    const { client: author } = await signedIn(app, 'author');
    assert.deepEqual(buttons((await author.get('/admin/articles/new')).body), ['save', 'submit', 'publish', 'schedule']);
  });

  test('saving: Arabic slug kept, tags split on both commas, the time read in the site\'s zone and shown back in it', async () => {
    const { client, user } = await signedIn(app, 'author');
    await client.get('/admin/articles/new');
    const res = await client.post('/admin/articles/new', form({ slug: 'جسر وادي الكوف 2026', tags: 'طرق، الجبل الأخضر, بنية تحتية ،  ', published_at: '2026-12-01T09:30' }));
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /\?notice=notice_article_created$/u);
    const id = idOf(res.headers.location);
    const article = await app.store.articles.findById(id);
    assert.equal(article?.slug, 'جسر-وادي-الكوف-2026');
    assert.equal(article?.published_at, '2026-12-01T07:30:00.000Z', '09:30 in Tripoli is 07:30 UTC');
    assert.equal(article?.created_by, user.id);
    assert.deepEqual((await app.store.articles.tagsOf(id)).map((t) => t.name), ['طرق', 'الجبل الأخضر', 'بنية تحتية']);
    const page = await client.get(String(res.headers.location));
    assert.match(page.body, /value="2026-12-01T09:30"/u);
    assert.match(page.body, /value="طرق، الجبل الأخضر، بنية تحتية"/u);
    assert.match(text(page.body), /أُنشئت المسودة/u);
    assert.match(page.body, /<input type="hidden" name="expected_revision" value="1"\/>/u);
  });

  test('text round-trips: entities typed as text stay text, an explicit dir survives, harakat and emoji are kept', async () => {
    const { client } = await signedIn(app, 'author');
    await client.get('/admin/articles/new');
    const title = 'مُراسِلونا في «AT&amp;T» &lt;b&gt; 🗳️';
    const res = await client.post('/admin/articles/new', form({ title, body: '<p dir="ltr">نص باتجاه اختاره الكاتب</p><p>Second paragraph</p>' }));
    const id = idOf(res.headers.location);
    const stored = await app.store.articles.findById(id);
    assert.equal(stored?.title, title);
    assert.equal(stored?.body, '<p dir="ltr">نص باتجاه اختاره الكاتب</p><p dir="auto">Second paragraph</p>');
    const page = await client.get(`/admin/articles/${id}`);
    // Saved again as shown, nothing changes.
    const values = Object.fromEntries([...page.body.matchAll(/<input id="f-(\w+)" name="\w+" type="[\w-]+" value="([^"]*)"/gu)].map((m) => [m[1], m[2]]));
    assert.equal(values.title, 'مُراسِلونا في «AT&amp;amp;T» &amp;lt;b&amp;gt; 🗳️', 'escaped once more, so the browser shows the text as typed');
    const again = await client.post(`/admin/articles/${id}`, form({ title, slug: stored!.slug, body: stored!.body, tags: 'طرق، الجبل الأخضر', expected_revision: '1' }));
    assert.equal(again.statusCode, 303);
    assert.equal(await app.store.revisions.latestNumber(id), 1, 'an unchanged form writes no revision');
  });

  test('buttons by status and permission; a contributor\'s published article is read-only', async () => {
    const { client: contributor, user } = await signedIn(app, 'contributor');
    const { user: editorUser } = await signedIn(app, 'editor');
    const made = await createDraft(app.workflow, actorOf(user), { title: 'خبر المساهم', body: '<p>نص.</p>', category_id: local });
    assert.deepEqual(buttons((await contributor.get(`/admin/articles/${made.article.id}`)).body), ['save', 'submit']);
    await publish(app.workflow, actorOf(editorUser), made.article.id);
    const page = await contributor.get(`/admin/articles/${made.article.id}`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(buttons(page.body), []);
    assert.match(page.body, /<fieldset class="plain" disabled>/u);
    assert.match(text(page.body), /لا يمكنك تعديل هذا الخبر الآن/u);
    assert.doesNotMatch(page.body, /editor\.js/u, 'no editor script on a read-only form');

    const { client: editor } = await signedIn(app, 'editor');
    const live = await editor.get(`/admin/articles/${made.article.id}`);
    assert.deepEqual(buttons(live.body), ['save', 'unpublish']);
    assert.doesNotMatch(live.body, /data-autosave=/u, 'a published article is not autosaved');
    assert.match(live.body, /href="\/article\//u, 'a link to the live page');
  });
});

describe('errors on the form', () => {
  let client: AdminClient;
  let id: number;

  before(async () => {
    ({ client } = await signedIn(app, 'author'));
    await client.get('/admin/articles/new');
    id = idOf((await client.post('/admin/articles/new', form())).headers.location);
    await client.get(`/admin/articles/${id}`);
  });

  test('400: the field at fault is marked, its Arabic message beside it and tied by aria-describedby; what was typed is kept', async () => {
    const res = await client.post(`/admin/articles/${id}`, form({ title: 'عنوان جديد لم يُحفظ', source_url: 'javascript:alert(1)', expected_revision: '1' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="f-source_url" name="source_url" type="text" value="javascript:alert\(1\)"[^>]*aria-invalid="true" aria-describedby="f-source_url-error"/u);
    assert.match(res.body, /<span class="field-error" id="f-source_url-error">اكتب رابطاً كاملاً يبدأ بـ http:\/\/ أو https:\/\/\.<\/span>/u);
    assert.match(res.body, /<div class="error-summary" role="alert" id="form-error"><p class="error-lead">لم تُحفظ التغييرات:/u);
    assert.match(res.body, /<a href="#f-source_url">/u);
    assert.match(res.body, /value="عنوان جديد لم يُحفظ"/u);
    assert.equal((await app.store.articles.findById(id))?.title, 'افتتاح جسر وادي الكوف', 'nothing saved');

    const noAlt = await client.post(`/admin/articles/${id}`, form({ featured_image_url: 'https://example.org/bridge.jpg', expected_revision: '1' }));
    assert.equal(noAlt.statusCode, 400);
    assert.match(noAlt.body, /<span class="field-error" id="f-featured_image_alt-error">اكتب نصاً بديلاً يصف الصورة/u);

    const badTime = await client.post(`/admin/articles/${id}`, form({ published_at: '2026-02-30T10:00', expected_revision: '1' }));
    assert.equal(badTime.statusCode, 400);
    assert.match(badTime.body, /id="f-published_at-error"/u);

    const schedule = await client.post(`/admin/articles/${id}`, form({ action: 'schedule', expected_revision: '1' }));
    assert.equal(schedule.statusCode, 400);
    assert.match(text(schedule.body), /اختر وقت النشر قبل الجدولة/u);

    const noCategory = await client.post('/admin/articles/new', form({ category_id: '' }));
    assert.equal(noCategory.statusCode, 400);
    assert.match(noCategory.body, /id="f-category_id" name="category_id" required aria-invalid="true"/u);
  });

  test('409: a stale form is refused, keeps what was typed and the revision it was based on; a wrong status too', async () => {
    await updateArticle(app.workflow, { user_id: (await app.store.articles.findById(id))!.created_by!, role: 'author' }, id, { excerpt: 'ملخص كتبه غيري' });
    const res = await client.post(`/admin/articles/${id}`, form({ title: 'تعديلي الذي لن يضيع', expected_revision: '1' }));
    assert.equal(res.statusCode, 409);
    assert.match(text(res.body), /حفظ شخص آخر هذا الخبر بعد أن فتحته/u);
    assert.match(res.body, /value="تعديلي الذي لن يضيع"/u);
    assert.match(res.body, /<input type="hidden" name="expected_revision" value="1"\/>/u, 'still stale: sending it again conflicts again');
    assert.match(res.body, /href="\/admin\/articles\/\d+" target="_blank">افتح آخر نسخة/u);
    assert.equal((await app.store.articles.findById(id))?.excerpt, 'ملخص كتبه غيري');

    const submitted = await client.post(`/admin/articles/${id}`, form({ action: 'submit', expected_revision: '2' }));
    assert.equal(submitted.statusCode, 303);
    const again = await client.post(`/admin/articles/${id}`, form({ action: 'submit', expected_revision: '3' }));
    assert.equal(again.statusCode, 409);
    assert.match(text(again.body), /لا يصح هذا الإجراء والخبر في حالته الحالية \(قيد المراجعة\)/u);
  });

  test('403 and 404 keep their status; a POST without its CSRF token is refused', async () => {
    const { client: other } = await signedIn(app, 'author');
    assert.equal((await other.get(`/admin/articles/${id}`)).statusCode, 403);
    assert.equal((await other.get('/admin/articles/new')).statusCode, 200);
    assert.equal((await other.post(`/admin/articles/${id}`, form())).statusCode, 403);
    assert.equal((await client.get('/admin/articles/999999')).statusCode, 404);
    assert.equal((await client.get('/admin/articles/abc')).statusCode, 404);
    assert.equal((await client.post('/admin/articles/999999', form())).statusCode, 404);
    assert.equal((await client.post(`/admin/articles/${id}`, form({ expected_revision: '3' }), { csrf: false })).statusCode, 403);
  });
});

describe('autosave', () => {
  test('JSON: saved with the revision it was based on; 409 when stale or live; field errors in Arabic; a new article gets its draft', async () => {
    const { client, user } = await signedIn(app, 'author');
    await client.get('/admin/articles/new');
    const created = await client.post('/api/admin/articles/autosave', form({ title: 'مسودة آلية' }));
    assert.equal(created.statusCode, 200);
    const draft = created.json() as { id: number; revision: number; saved_at: string; edit_url: string; autosave_url: string };
    assert.equal(draft.revision, 1);
    assert.equal(draft.saved_at, clock.now().toISOString());
    assert.equal(draft.edit_url, `/admin/articles/${draft.id}`);
    assert.equal(draft.autosave_url, `/api/admin/articles/${draft.id}/autosave`);

    const saved = await client.post(draft.autosave_url, form({ title: 'مسودة آلية', body: '<p>سطر جديد</p>', expected_revision: '1' }));
    assert.deepEqual(saved.json(), { revision: 2, saved_at: clock.now().toISOString() });
    const stale = await client.post(draft.autosave_url, form({ title: 'مسودة آلية', body: '<p>سطر قديم</p>', expected_revision: '1' }));
    assert.equal(stale.statusCode, 409);
    assert.equal((stale.json() as { error: { code: string } }).error.code, 'JARIDA_CONFLICT');
    assert.match((await app.store.articles.findById(draft.id))?.body ?? '', /سطر جديد/u, 'never overwritten');

    const bad = await client.post(draft.autosave_url, form({ video_url: 'ftp://example.org/v.mp4', expected_revision: '2' }));
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json(), { error: { code: 'JARIDA_VALIDATION', message: 'اكتب رابط فيديو كاملاً يبدأ بـ http:// أو https://.', field: 'video_url' } });
    const blind = await client.post(draft.autosave_url, form({ expected_revision: '' }));
    assert.equal(blind.statusCode, 400, 'autosave never writes without the revision the form was opened at');

    await publish(app.workflow, actorOf(user), draft.id);
    const live = await client.post(draft.autosave_url, form({ expected_revision: '3' }));
    assert.equal(live.statusCode, 409);
    assert.match((live.json() as { error: { message: string } }).error.message, /لا يُحفظ الخبر المنشور أو المجدول تلقائياً/u);
    assert.equal((await client.post(draft.autosave_url, form(), { csrf: false })).statusCode, 403);
  });
});

describe('preview, history, diff, restore', () => {
  let client: AdminClient;
  let id: number;
  let author: Actor;

  before(async () => {
    let user: User;
    ({ client, user } = await signedIn(app, 'author'));
    author = actorOf(user);
    const made = await createDraft(app.workflow, author, { title: 'خبر للمعاينة', body: '<p>الفقرة الأولى.</p><h2>عنوان فرعي</h2><p>الفقرة الثانية.</p>', category_id: local, tags: ['معاينة'] });
    id = made.article.id;
    clock.advance(60_000);
    await updateArticle(app.workflow, author, id, { body: '<p>الفقرة الأولى معدلة.</p><h2>عنوان فرعي</h2><p>الفقرة الثانية.</p>', title: 'خبر للمعاينة بعد التعديل' });
  });

  test('the preview is the reader\'s article page for a draft, with a banner and noindex', async () => {
    const slug = (await app.store.articles.findById(id))!.slug;
    assert.equal((await app.http.inject(`/article/${encodeURIComponent(slug)}`)).statusCode, 404, 'readers cannot see a draft');
    const res = await client.get(`/admin/articles/${id}/preview`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
    assert.match(res.body, /<head><meta name="robots" content="noindex, nofollow">/u);
    assert.match(res.body, /<main id="main" tabindex="-1"><div class="preview-banner" role="note" aria-label="معاينة"><span>معاينة — هكذا يظهر الخبر للقرّاء\. الحالة: مسودة<\/span>/u);
    assert.match(res.body, /<article class="article">/u, 'the reader view');
    assert.match(res.body, /<link rel="stylesheet" href="\/assets\/site\.css\?v=/u, 'the reader stylesheet');
    assert.match(res.body, /<h1 class="headline">خبر للمعاينة بعد التعديل<\/h1>/u);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.throws(() => markAsPreview('<html><body>no main</body></html>', '', '/x.css'), /reader layout/u);
  });

  test('the history lists who, when (site zone), action and fields; the diff marks insertions and deletions block by block', async () => {
    const res = await client.get(`/admin/articles/${id}/revisions`);
    assert.equal(res.statusCode, 200);
    const rows = [...res.body.matchAll(/<tr><th scope="row">(.*?)<\/tr>/gu)].map((m) => text(m[1] ?? ''));
    assert.equal(rows.length, 2);
    assert.match(rows[0] ?? '', /^2 \(الحالية\) author \d+ 29 نوفمبر 2026 في 12:01 م تعديل العنوان، الملخص، النص ما تغيّر في النسخة 2 $/u);
    assert.match(rows[1] ?? '', /^1 author \d+ 29 نوفمبر 2026 في 12:00 م إنشاء/u);
    assert.match(res.body, /<time datetime="2026-11-29T12:01:00\+02:00">/u);

    const diff = await client.get(`/admin/articles/${id}/revisions/diff?from=1&to=2`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<th scope="row">العنوان<\/th><td dir="auto"><span>خبر للمعاينة<\/span><ins> بعد التعديل<\/ins><\/td>/u);
    assert.match(diff.body, /<li class="diff-block op-change"><span class="diff-kind">فقرة<\/span><div class="diff-text" dir="auto"><span>الفقرة الأولى<\/span><ins> معدلة<\/ins><span>\.<\/span><\/div><\/li>/u);
    assert.match(diff.body, /<li class="diff-block op-equal"><span class="diff-kind">عنوان فرعي<\/span>/u);
    assert.match(text((await client.get(`/admin/articles/${id}/revisions/diff`)).body), /من النسخة 1 \(.*\) إلى النسخة 2/u, 'without from/to: the latest change');
    assert.equal((await client.get(`/admin/articles/${id}/revisions/diff?from=1&to=9`)).statusCode, 404);
  });

  test('restore: a POST with CSRF brings revision 1 back as a new revision; a stale history page is refused with 409', async () => {
    await client.get(`/admin/articles/${id}/revisions`);
    const stale = await client.post(`/admin/articles/${id}/revisions/1/restore`, { expected_revision: '1' });
    assert.equal(stale.statusCode, 409);
    assert.match(text(stale.body), /حفظ شخص آخر هذا الخبر/u);
    const res = await client.post(`/admin/articles/${id}/revisions/1/restore`, { expected_revision: '2' });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /notice=notice_article_restore/u);
    const stored = await app.store.articles.findById(id);
    assert.equal(stored?.title, 'خبر للمعاينة');
    const history = text((await client.get(`/admin/articles/${id}/revisions`)).body);
    assert.match(history, /3 \(الحالية\) author \d+ .* استعادة \(من النسخة 1\)/u);
  });
});

describe('a form save refuses what would be lost or wrong, with what was typed kept', () => {
  let client: AdminClient;
  let id: number;

  before(async () => {
    ({ client } = await signedIn(app, 'author'));
    await client.get('/admin/articles/new');
    id = idOf((await client.post('/admin/articles/new', form({ title: 'خبر لا يحفظ بلا نسخة' }))).headers.location);
  });

  test('400 without the revision the form was opened at (missing or malformed); a stale one is still 409', async () => {
    for (const expected of ['', 'abc', '-1', '1.0']) {
      const res = await client.post(`/admin/articles/${id}`, form({ title: 'تعديل بلا نسخة', expected_revision: expected }));
      assert.equal(res.statusCode, 400, JSON.stringify(expected));
      assert.match(text(res.body), /لم يُحفظ شيء: ينقص النموذجَ رقمُ النسخة/u);
      assert.match(res.body, /value="تعديل بلا نسخة"/u, 'what was typed is kept');
    }
    const { expected_revision: _, ...without } = form({ title: 'تعديل بلا حقل النسخة' });
    assert.equal((await client.post(`/admin/articles/${id}`, without)).statusCode, 400, 'the field left out altogether');
    assert.equal((await app.store.articles.findById(id))?.title, 'خبر لا يحفظ بلا نسخة', 'nothing saved');
    assert.equal(await app.store.revisions.latestNumber(id), 1);
    assert.equal((await client.post(`/admin/articles/${id}`, form({ title: 'تعديل قديم', expected_revision: '0' }))).statusCode, 409);

    const restore = await client.post(`/admin/articles/${id}/revisions/1/restore`, { expected_revision: 'x' });
    assert.equal(restore.statusCode, 400);
    assert.match(text(restore.body), /ينقص النموذجَ رقمُ النسخة/u);
    const autosave = await client.post(`/api/admin/articles/${id}/autosave`, form({ expected_revision: '1e3' }));
    assert.equal(autosave.statusCode, 400);
    assert.match((autosave.json() as { error: { message: string } }).error.message, /ينقص النموذجَ رقمُ النسخة/u);
  });

  test('scheduling at a time already past is refused on published_at, before anything is saved; new articles too', async () => {
    // The clock is 12:00 or later in Tripoli.
    const res = await client.post(`/admin/articles/${id}`, form({ title: 'عنوان كتبته قبل الجدولة', published_at: '2026-11-29T11:00', action: 'schedule', expected_revision: '1' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<span class="field-error" id="f-published_at-error">فات وقت النشر الذي اخترته\. انشر الخبر الآن، أو اختر وقتاً لاحقاً ثم «جدولة»\.<\/span>/u);
    assert.match(res.body, /value="عنوان كتبته قبل الجدولة"/u);
    assert.match(res.body, /value="2026-11-29T11:00"/u);
    const stored = await app.store.articles.findById(id);
    assert.deepEqual([stored?.title, stored?.status, stored?.published_at], ['خبر لا يحفظ بلا نسخة', 'draft', null], 'the fields were not saved either');

    const before = await app.store.articles.slugTaken('خبر-جديد-فات-موعده');
    const fresh = await client.post('/admin/articles/new', form({ title: 'خبر جديد فات موعده', published_at: '2026-11-01T09:00', action: 'schedule' }));
    assert.equal(fresh.statusCode, 400);
    assert.match(text(fresh.body), /فات وقت النشر الذي اخترته/u);
    assert.equal(await app.store.articles.slugTaken('خبر-جديد-فات-موعده'), before, 'no draft left behind');
  });

  test('a slug with broken percent-encoding and a tag over 80 characters are refused beside their fields; a pasted address is decoded', async () => {
    const slug = await client.post(`/admin/articles/${id}`, form({ slug: '%D8%B3%ZZ', expected_revision: '1' }));
    assert.equal(slug.statusCode, 400);
    assert.match(slug.body, /<span class="field-error" id="f-slug-error">في الاسم اللطيف علامة % لا تتبعها شيفرة صحيحة/u);
    assert.match(slug.body, /id="f-slug" name="slug" type="text" value="%D8%B3%ZZ"/u);

    const tags = await client.post(`/admin/articles/${id}`, form({ tags: `قصير، ${'ط'.repeat(81)}`, expected_revision: '1' }));
    assert.equal(tags.statusCode, 400);
    assert.match(tags.body, /<span class="field-error" id="f-tags-error">الوسم الواحد لا يزيد على 80 حرفاً/u);
    assert.equal(await app.store.revisions.latestNumber(id), 1, 'nothing saved');

    const pasted = await client.post(`/admin/articles/${id}`, form({ title: 'خبر لا يحفظ بلا نسخة', slug: encodeURIComponent('سوق-الجمعة'), expected_revision: '1' }));
    assert.equal(pasted.statusCode, 303);
    assert.equal((await app.store.articles.findById(id))?.slug, 'سوق-الجمعة');
  });

  test('restoring a revision whose images were deleted since: restored without them, and the editor page says so', async () => {
    const { client: editor, user } = await signedIn(app, 'editor');
    const actor = actorOf(user);
    const image = (await uploadImage(app.media, actor, { filename: 'bridge.jpg', bytes: await numberedJpeg(41, 400, 300), alt: 'الجسر' })).media;
    const url = mediaUrl(app.media.storage, image, 'https://jarida.example');
    const made = await createDraft(app.workflow, actor, { title: 'خبر بصورة حذفت', body: '<p>نص.</p>', category_id: local, featured_image_url: url, featured_image_alt: 'الجسر' });
    const later = await updateArticle(app.workflow, actor, made.article.id, { featured_image_url: null, featured_image_alt: null, title: 'خبر بلا صورة' });
    await deleteMedia(app.media, actor, image.id);

    await editor.get(`/admin/articles/${made.article.id}/revisions`);
    const res = await editor.post(`/admin/articles/${made.article.id}/revisions/1/restore`, { expected_revision: String(later.revision) });
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /\?notice=notice_article_restore_without_featured$/u);
    const page = await editor.get(String(res.headers.location));
    assert.match(page.body, /<p class="notice" role="status">استُعيدت النسخة السابقة بلا صورتها البارزة: حُذفت تلك الصورة من مكتبة الوسائط\./u);
    assert.match(page.body, /id="f-featured_image_url" name="featured_image_url" type="[\w-]+" value=""/u);
    const stored = await app.store.articles.findById(made.article.id);
    assert.deepEqual([stored?.title, stored?.featured_image_url], ['خبر بصورة حذفت', null]);
  });
});

describe('pure parts', () => {
  test('tags split on , and ، ; the publication time of a form', () => {
    assert.deepEqual(splitTags(' ليبيا،طرابلس , ، اقتصاد,'), ['ليبيا', 'طرابلس', 'اقتصاد']);
    const values = { ...emptyFormValues(''), title: 'x', category_id: '3', published_at: '٢٠٢٦-١١-٢٩T14:30' };
    assert.equal(editOf(values, 'Africa/Tripoli').published_at, '2026-11-29T12:30:00.000Z', 'Arabic-Indic digits too');
    assert.equal(editOf({ ...values, published_at: '2026-11-29T14:30' }, 'Africa/Tripoli', '2026-11-29T12:30:42.000Z').published_at, undefined, 'unchanged to the minute: the stored instant stays');
    assert.equal(editOf({ ...values, published_at: '' }, 'Africa/Tripoli').published_at, null);
    assert.ok(Number.isNaN(editOf({ ...values, category_id: '' }, 'Africa/Tripoli').category_id));
  });
});

describe('assets and headers', () => {
  test('editor.js is a bundle served with its hash, cached for a year, gzipped when asked; editor.css too', async () => {
    const { client } = await signedIn(app, 'author');
    const page = await client.get('/admin/articles/new');
    const src = /<script src="(\/admin\/assets\/editor\.js\?v=([0-9a-f]{12}))"/u.exec(page.body);
    assert.ok(src);
    const js = await app.http.inject({ url: src[1] ?? '', headers: { 'accept-encoding': 'gzip, br' } });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['content-encoding'], 'gzip');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const plain = await app.http.inject(src[1] ?? '');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.match(plain.body, /ProseMirror/u, 'TipTap is in the bundle');
    assert.equal((await bundleEditor()).version, src[2], 'the version is the content hash');
    const css = /<link rel="stylesheet" href="(\/admin\/assets\/editor\.css\?v=[0-9a-f]{12})"/u.exec(page.body);
    assert.ok(css);
    const style = await app.http.inject(css[1] ?? '');
    assert.equal(style.statusCode, 200);
    assert.match(style.body, /\.rte-toolbar/u);
  });

  test('every page\'s CSP lets the allowed video players be framed, and nothing else', async () => {
    const csp = String((await app.http.inject('/')).headers['content-security-policy']);
    assert.match(csp, new RegExp(`frame-src ${EMBED_ORIGINS.join(' ').replaceAll('.', '\\.')}(;|$)`, 'u'));
    assert.match(csp, /script-src 'self'/u);
  });
});
