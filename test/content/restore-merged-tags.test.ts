// Restoring a revision never undoes a tag merge or rename (issue 4 review):
// revisions name tags by name, and a restore used to create a tag merged
// away since (a new id, attached again). A name no tag holds any more is
// followed through the redirect its old address left to the tag it became.
// Saving also keeps a tag whose slug an editor chose (it was swapped for a
// new tag of the same name on every save).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createDraft } from '../../src/content/use-cases/article-workflow.ts';
import { restoreRevision } from '../../src/content/use-cases/revisions.ts';
import { mergeTags, renameTag } from '../../src/content/use-cases/taxonomy.ts';
import { updateArticle } from '../../src/content/use-cases/update-article.ts';
import type { Tag } from '../../src/content/types.ts';
import { categoryId } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';
import { EDITOR, manualClock } from './workflow-helpers.ts';

const clock = manualClock('2026-11-29T10:00:00.000Z');
let app: Awaited<ReturnType<typeof testApp>>;
let local: number;
before(async () => {
  app = await testApp({ clock });
  local = await categoryId(app.store, 'محلي');
});
after(() => app.dispose());

async function draft(title: string, tags: string[]): Promise<number> {
  const { article } = await createDraft(app.workflow, EDITOR, { title, body: `<p>${title}.</p>`, category_id: local, tags });
  return article.id;
}

const tagsOf = async (id: number) => (await app.store.articles.tagsOf(id)).map((t) => ({ id: t.id, name: t.name }));
const tagCount = async () => (await app.store.tags.all()).length;
const tagNamed = async (name: string): Promise<Tag> => {
  const [tag] = await app.store.tags.findByName(name);
  assert.ok(tag, name);
  return tag;
};
const latest = async (id: number) => (await app.store.revisions.list(id))[0]!.number;

test('restoring a revision from before a merge brings back the tag merged into, not the merged one', async () => {
  const id = await draft('خبر بوسمين', ['وسم-أ', 'ليبيا']);
  const merged = await tagNamed('وسم-أ');
  const into = (await app.store.transaction((repos) => repos.tags.findOrCreate('اختبار', 'اختبار'))) as Tag;
  await app.store.transaction((repos) => mergeTags(repos, null, merged.id, into.id, clock));
  // Later edits drop the tags altogether, then revision 1 is restored.
  await updateArticle(app.workflow, EDITOR, id, { tags: [] }, { expected_revision: await latest(id) });
  const count = await tagCount();

  const restored = await restoreRevision(app.workflow, EDITOR, id, 1, { expected_revision: await latest(id) });
  assert.deepEqual(restored.tags, ['اختبار', 'ليبيا']);
  assert.deepEqual((await tagsOf(id)).map((t) => t.id), [into.id, (await tagNamed('ليبيا')).id]);
  assert.equal(await app.store.tags.findBySlug('وسم-أ'), undefined, 'the merged tag is not created again');
  assert.equal(await tagCount(), count);
});

test('a rename and then a merge: the name in the revision is followed to the end', async () => {
  const id = await draft('خبر بوسم تغير', ['اسم أول']);
  const tag = await tagNamed('اسم أول');
  await app.store.transaction((repos) => renameTag(repos, null, tag.id, { name: 'اسم ثان' }, clock));
  const into = (await app.store.transaction((repos) => repos.tags.findOrCreate('اسم نهائي', 'final-name'))) as Tag;
  await app.store.transaction((repos) => mergeTags(repos, null, tag.id, into.id, clock));
  await updateArticle(app.workflow, EDITOR, id, { tags: ['غيره'] }, { expected_revision: await latest(id) });

  await restoreRevision(app.workflow, EDITOR, id, 1, { expected_revision: await latest(id) });
  assert.deepEqual(await tagsOf(id), [{ id: into.id, name: 'اسم نهائي' }], 'the tag merged into, even with a slug unlike its name');
  assert.equal(await app.store.tags.findBySlug('اسم-أول'), undefined);
});

test('a merged tag whose slug an editor chose is still recognised by its name', async () => {
  const id = await draft('خبر بوسم له رابط مختار', ['مدينة']);
  const tag = await tagNamed('مدينة');
  await app.store.transaction((repos) => renameTag(repos, null, tag.id, { name: 'مدينة', slug: 'city' }, clock));
  const into = (await app.store.transaction((repos) => repos.tags.findOrCreate('المدن', 'المدن'))) as Tag;
  await app.store.transaction((repos) => mergeTags(repos, null, tag.id, into.id, clock));
  await updateArticle(app.workflow, EDITOR, id, { tags: [] }, { expected_revision: await latest(id) });

  await restoreRevision(app.workflow, EDITOR, id, 1, { expected_revision: await latest(id) });
  assert.deepEqual(await tagsOf(id), [{ id: into.id, name: 'المدن' }]);
});

test('a tag only taken off the article comes back as itself; a name never seen is created as before', async () => {
  const id = await draft('خبر بوسم أزيل', ['باق على حاله']);
  const tag = await tagNamed('باق على حاله');
  await updateArticle(app.workflow, EDITOR, id, { tags: ['جديد تماماً'] }, { expected_revision: await latest(id) });
  await restoreRevision(app.workflow, EDITOR, id, 1, { expected_revision: await latest(id) });
  assert.deepEqual(await tagsOf(id), [{ id: tag.id, name: 'باق على حاله' }]);
  await restoreRevision(app.workflow, EDITOR, id, 2, { expected_revision: await latest(id) });
  assert.deepEqual((await tagsOf(id)).map((t) => t.name), ['جديد تماماً']);
});

test('saving an article keeps a tag whose slug an editor chose, and two tags of one name stay two', async () => {
  const id = await draft('خبر بوسم برابط مختار', ['اقتصاد محلي']);
  const tag = await tagNamed('اقتصاد محلي');
  await app.store.transaction((repos) => renameTag(repos, null, tag.id, { name: 'اقتصاد محلي', slug: 'local-economy' }, clock));
  const count = await tagCount();
  await updateArticle(app.workflow, EDITOR, id, { title: 'خبر بوسم برابط مختار، محدث' }, { expected_revision: await latest(id) });
  assert.deepEqual(await tagsOf(id), [{ id: tag.id, name: 'اقتصاد محلي' }]);
  await updateArticle(app.workflow, EDITOR, id, { tags: ['اقتصاد محلي', 'إضافة'] }, { expected_revision: await latest(id) });
  assert.deepEqual((await tagsOf(id)).map((t) => t.id).slice(0, 1), [tag.id], 'typed again, the same tag');
  assert.equal(await tagCount(), count + 1, 'only «إضافة» is new');

  const ly = (await app.store.transaction((repos) => repos.tags.findOrCreate('طرابلس', 'tripoli-ly'))) as Tag;
  const lb = (await app.store.transaction((repos) => repos.tags.findOrCreate('طرابلس', 'tripoli-lb'))) as Tag;
  await app.store.transaction((repos) => repos.articles.setTags(id, [ly.id, lb.id]));
  await updateArticle(app.workflow, EDITOR, id, { title: 'خبر عن طرابلسين' }, { expected_revision: await latest(id) });
  assert.deepEqual((await tagsOf(id)).map((t) => t.id), [ly.id, lb.id]);
});

test('a typed tag name finds the tag of that name on any article, even when an editor chose its slug', async () => {
  const first = await draft('خبر أول عن الموانئ', ['الموانئ الليبية']);
  const tag = await tagNamed('الموانئ الليبية');
  await app.store.transaction((repos) => renameTag(repos, null, tag.id, { name: 'الموانئ الليبية', slug: 'libyan-ports' }, clock));
  const count = await tagCount();
  const second = await draft('خبر ثان عن الموانئ', ['الموانئ الليبية']);
  assert.deepEqual(await tagsOf(second), [{ id: tag.id, name: 'الموانئ الليبية' }]);
  await updateArticle(app.workflow, EDITOR, first, { tags: [] }, { expected_revision: await latest(first) });
  await updateArticle(app.workflow, EDITOR, first, { tags: ['الموانئ الليبية'] }, { expected_revision: await latest(first) });
  assert.deepEqual(await tagsOf(first), [{ id: tag.id, name: 'الموانئ الليبية' }]);
  assert.equal(await tagCount(), count, 'no second tag of that name');
});
