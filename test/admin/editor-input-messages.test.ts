// The editor form says what is wrong with a publication time — not a date,
// outside 1900–2100, a future time on a published article — each in its
// own words (a draft's bad date never hears about published articles), and
// names the limit of a field that is too long.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ar } from '../../src/admin/locales/ar.ts';
import { createDraft, publish } from '../../src/content/use-cases/article-workflow.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { manualClock } from '../content/workflow-helpers.ts';
import { type AdminClient, signedIn } from './admin-client.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;
let editor: AdminClient;
let editorId: number;

before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
  const signed = await signedIn(app, 'editor');
  editor = signed.client;
  editorId = signed.user.id;
});
after(() => app.dispose());

/** Every field of the editor form, valid, with `over` on top. */
function form(over: Record<string, string> = {}): Record<string, string> {
  return {
    title: 'اجتماع المجلس البلدي',
    slug: '',
    excerpt: '',
    body: '<p>اجتمع المجلس.</p>',
    category_id: String(local),
    tags: 'بلدية',
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

/** The message beside the field `name` (its text, tags removed), or undefined. */
function fieldMessage(html: string, name: string): string | undefined {
  return new RegExp(`<span class="field-error" id="f-${name}-error">([^<]*)</span>`, 'u').exec(html)?.[1];
}

async function draftId(): Promise<number> {
  const saved = await createDraft(app.workflow, { user_id: editorId, role: 'editor' }, { title: 'مسودة للتجربة', body: '<p>نص.</p>', category_id: local });
  return saved.article.id;
}

describe('publication time messages', () => {
  test('a draft’s date that is not a date says so, and nothing about published articles or the future', async () => {
    const id = await draftId();
    await editor.get(`/admin/articles/${id}`);
    const res = await editor.post(`/admin/articles/${id}`, form({ published_at: '2026-02-30T10:00', expected_revision: '1' }));
    assert.equal(res.statusCode, 400);
    assert.equal(fieldMessage(res.body, 'published_at'), ar.published_at_invalid);
    assert.doesNotMatch(fieldMessage(res.body, 'published_at') ?? '', /المنشور|المستقبل/u);
  });

  test('a date outside 1900–2100 names the range', async () => {
    const id = await draftId();
    await editor.get(`/admin/articles/${id}`);
    for (const when of ['1850-06-01T10:00', '2150-06-01T10:00']) {
      const res = await editor.post(`/admin/articles/${id}`, form({ published_at: when, expected_revision: '1' }));
      assert.equal(res.statusCode, 400, when);
      assert.equal(fieldMessage(res.body, 'published_at'), 'يقع وقت النشر بين سنة 1900 وسنة 2100. راجع السنة التي كتبتها.', when);
    }
  });

  test('a future time on a published article says to schedule it; the same time on a draft is accepted', async () => {
    const id = await draftId();
    await publish(app.workflow, { user_id: editorId, role: 'editor' }, id);
    const revision = (await app.store.revisions.list(id)).length;
    await editor.get(`/admin/articles/${id}`);
    const res = await editor.post(`/admin/articles/${id}`, form({ published_at: '2026-12-25T10:00', expected_revision: String(revision) }));
    assert.equal(res.statusCode, 400);
    assert.equal(fieldMessage(res.body, 'published_at'), ar.article_published_future);

    const other = await draftId();
    await editor.get(`/admin/articles/${other}`);
    assert.equal((await editor.post(`/admin/articles/${other}`, form({ published_at: '2026-12-25T10:00', expected_revision: '1' }))).statusCode, 303);
  });

  test('the three messages differ, and the generic one no longer speaks of the future', () => {
    const messages = [ar.published_at_invalid, ar.published_at_out_of_range, ar.article_published_future, ar.fieldError_published_at];
    assert.equal(new Set(messages).size, messages.length);
    assert.doesNotMatch(ar.fieldError_published_at, /المستقبل/u);
  });
});

describe('field limits on the form', () => {
  test('a 10,000-character byline is refused beside its field with the limit; no author is made', async () => {
    await editor.get('/admin/articles/new');
    const long = 'ب'.repeat(10_000);
    const res = await editor.post('/admin/articles/new', form({ author_name: long }));
    assert.equal(res.statusCode, 400);
    assert.equal(fieldMessage(res.body, 'author_name'), 'لا يزيد عدد حروف اسم الكاتب على 120. اكتب الاسم وحده، بلا صفة أو نبذة.');
    assert.equal(await app.store.authors.findByName(long), undefined);
  });

  test('too many tags, a long excerpt, outlet or alt text each get their message beside their field', async () => {
    await editor.get('/admin/articles/new');
    const cases: Array<[string, string, RegExp]> = [
      ['tags', Array.from({ length: 31 }, (_, i) => `وسم ${i}`).join('، '), /لا يزيد عدد وسوم الخبر الواحد على 30/u],
      ['excerpt', 'م'.repeat(1001), /لا يزيد عدد حروف الملخص على 1000/u],
      ['source_name', 'م'.repeat(201), /لا يزيد عدد حروف اسم المصدر على 200/u],
      ['featured_image_alt', 'م'.repeat(301), /لا يزيد عدد حروف النص البديل للصورة على 300/u],
    ];
    for (const [name, value, message] of cases) {
      const over = name === 'featured_image_alt' ? { featured_image_url: 'https://example.org/a.jpg', featured_image_alt: value } : { [name]: value };
      const res = await editor.post('/admin/articles/new', form(over));
      assert.equal(res.statusCode, 400, name);
      assert.match(fieldMessage(res.body, name) ?? '', message, name);
    }
  });
});
