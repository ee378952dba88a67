// The article fields a writer types have limits, as the user and media
// fields already had: a byline (a public author page) as long as a display
// name, an excerpt, an outlet, a featured image's alt text as long as the
// media library's, and a number of tags. Refused whole, naming the field;
// values an article already has (an import) stay savable.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_ALT_LENGTH, MAX_PERSON_NAME_LENGTH } from '../../src/content/field-limits.ts';
import { createDraft } from '../../src/content/use-cases/article-workflow.ts';
import {
  MAX_BYLINE_LENGTH,
  MAX_EXCERPT_LENGTH,
  MAX_FEATURED_IMAGE_ALT_LENGTH,
  MAX_SOURCE_NAME_LENGTH,
  MAX_TAGS_PER_ARTICLE,
} from '../../src/content/use-cases/create-article.ts';
import { MAX_OUTLET_NAME } from '../../src/content/use-cases/feed-sources.ts';
import { importArticle } from '../../src/content/use-cases/import-article.ts';
import { MAX_ALT_LENGTH as MEDIA_ALT_LENGTH } from '../../src/content/use-cases/media.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import { MAX_DISPLAY_NAME_LENGTH } from '../../src/content/use-cases/users.ts';
import { isJaridaError } from '../../src/core/errors.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { AUTHOR, EDITOR, manualClock } from './workflow-helpers.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;

before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
});
after(() => app.dispose());

const draft = (over: Record<string, unknown> = {}) =>
  createDraft(app.workflow, AUTHOR, { title: 'خبر بحقول طويلة', body: '<p>نص الخبر.</p>', category_id: local, ...over });

/** Asserts a VALIDATION error on `field` with `reason` and the limit `max`. */
function refused(field: string, reason: string, max: number) {
  return (err: unknown) => {
    assert.ok(isJaridaError(err, 'VALIDATION'), String(err));
    assert.deepEqual([err.details.field, err.details.reason, err.details.max], [field, reason, max]);
    return true;
  };
}

const letters = (n: number) => 'ب'.repeat(n);

test('the limits are shared constants: a byline is a display name, an alt text the media library’s, an outlet a feed source’s', () => {
  assert.equal(MAX_BYLINE_LENGTH, MAX_DISPLAY_NAME_LENGTH);
  assert.equal(MAX_BYLINE_LENGTH, MAX_PERSON_NAME_LENGTH);
  assert.equal(MAX_FEATURED_IMAGE_ALT_LENGTH, MEDIA_ALT_LENGTH);
  assert.equal(MAX_FEATURED_IMAGE_ALT_LENGTH, MAX_ALT_LENGTH);
  assert.equal(MAX_SOURCE_NAME_LENGTH, MAX_OUTLET_NAME);
  assert.deepEqual([MAX_BYLINE_LENGTH, MAX_EXCERPT_LENGTH, MAX_FEATURED_IMAGE_ALT_LENGTH, MAX_TAGS_PER_ARTICLE], [120, 1000, 300, 30]);
});

test('a byline, excerpt, outlet or alt text over its limit is refused on a new draft, naming the field; nothing is written', async () => {
  await assert.rejects(draft({ author_name: letters(10_000) }), refused('author_name', 'article_byline_too_long', 120));
  await assert.rejects(draft({ author_name: letters(121) }), refused('author_name', 'article_byline_too_long', 120));
  await assert.rejects(draft({ excerpt: letters(1001) }), refused('excerpt', 'article_excerpt_too_long', 1000));
  await assert.rejects(draft({ source_name: letters(MAX_SOURCE_NAME_LENGTH + 1) }), refused('source_name', 'article_source_name_too_long', MAX_SOURCE_NAME_LENGTH));
  await assert.rejects(draft({ featured_image_alt: letters(301) }), refused('featured_image_alt', 'article_image_alt_too_long', 300));
  assert.equal(await app.store.authors.findByName(letters(121)), undefined, 'no public author was made for the refused byline');

  // At the limit, counted in code points (a letter with its harakat is several), and after cleaning.
  const saved = await draft({
    author_name: ` ${'بَ'.repeat(60)} `,
    excerpt: letters(1000),
    source_name: letters(MAX_SOURCE_NAME_LENGTH),
    featured_image_alt: `${letters(300)}\u0007`,
  });
  assert.equal(saved.author_name, 'بَ'.repeat(60));
  assert.equal(saved.article.featured_image_alt, letters(300));
});

test('more than 30 tags on one article are refused; 30 pass, repeats counted once', async () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `وسم ${i + 1}`);
  await assert.rejects(draft({ tags: tags(500) }), refused('tags', 'article_too_many_tags', 30));
  await assert.rejects(draft({ tags: tags(31) }), refused('tags', 'article_too_many_tags', 30));
  const saved = await draft({ tags: [...tags(30), 'وسم 1', 'وسم 2'] });
  assert.equal(saved.tags.length, 30);
  await assert.rejects(updateArticle(app.workflow, AUTHOR, saved.article.id, { tags: tags(31) }), refused('tags', 'article_too_many_tags', 30));
});

test('edits are held to the same limits', async () => {
  const { article } = await draft();
  await assert.rejects(updateArticle(app.workflow, AUTHOR, article.id, { author_name: letters(121) }), refused('author_name', 'article_byline_too_long', 120));
  await assert.rejects(updateArticle(app.workflow, AUTHOR, article.id, { excerpt: letters(1001) }), refused('excerpt', 'article_excerpt_too_long', 1000));
  await assert.rejects(
    updateArticle(app.workflow, AUTHOR, article.id, { source_name: letters(MAX_SOURCE_NAME_LENGTH + 1) }),
    refused('source_name', 'article_source_name_too_long', MAX_SOURCE_NAME_LENGTH),
  );
  await assert.rejects(updateArticle(app.workflow, AUTHOR, article.id, { featured_image_alt: letters(301) }), refused('featured_image_alt', 'article_image_alt_too_long', 300));
  assert.equal((await app.store.revisions.list(article.id)).length, 1, 'no revision written');
});

test('an imported article keeps its source’s longer values and stays savable with them; a new over-long value is refused', async () => {
  const many = Array.from({ length: 40 }, (_, i) => `موضوع ${i + 1}`);
  const [outcome] = await importArticle(app.store, clock, {
    title: 'خبر مستورد بوسوم كثيرة',
    body: '<p>نص مستورد.</p>',
    status: 'published',
    published_at: '2026-11-28T08:00:00.000Z',
    category_id: local,
    author_name: letters(150),
    excerpt: letters(1200),
    tags: many,
    source_url: 'https://example.org/imported-long-fields',
  });
  const id = outcome!.id;
  // The editor form sends every field back as it is: that save passes, and so does dropping some tags.
  const kept = await updateArticle(app.workflow, EDITOR, id, { title: 'خبر مستورد بعنوان جديد', author_name: letters(150), excerpt: letters(1200), tags: many });
  assert.equal(kept.article.title, 'خبر مستورد بعنوان جديد');
  const fewer = await updateArticle(app.workflow, EDITOR, id, { tags: many.slice(0, 35) });
  assert.equal(fewer.tags.length, 35);
  await assert.rejects(updateArticle(app.workflow, EDITOR, id, { tags: many }), refused('tags', 'article_too_many_tags', 30));
  await assert.rejects(updateArticle(app.workflow, EDITOR, id, { author_name: letters(151) }), refused('author_name', 'article_byline_too_long', 120));
});
