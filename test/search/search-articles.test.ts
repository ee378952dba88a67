import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fixedClock } from '../../src/core/clock.ts';
import { loadSite } from '../../src/content/use-cases/site.ts';
import { searchArticles, suggestArticles } from '../../src/search/search-articles.ts';
import { refreshRelated } from '../../src/search/related.ts';
import { snippetHtml } from '../../src/search/snippet.ts';
import { publish } from '../helpers/articles.ts';
import { testApp } from '../helpers/test-app.ts';

const NOW = '2024-06-01T12:00:00.000Z';
const enc = encodeURIComponent;

describe('Arabic search', () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  const find = async (q: string) => {
    const r = await searchArticles(app.store.search, { q, filters: {}, page: 1, limit: 50 }, NOW);
    return r.results.map((x) => x.article.title);
  };

  before(async () => {
    app = await testApp({ clock: fixedClock(NOW) });
    const docs: Array<[string, string, string]> = [
      ['محلي', 'أحمد يتسلم إدارة مستشفى طرابلس', 'تسلم أحمد إدارة المستشفى المركزي في طرابلس أمس.'],
      ['محلي', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة', 'اقرأ عن دمج المكتبات: قرر المجلس بدمج المكتبة مع المجاورة.'],
      ['عربي/الخليج العربي', 'السعودیة تعلن ميزانية 2023', 'أعلنت المملكة ميزانية عام ٢٠٢٣ الجديدة.'],
      ['محلي', 'المنتخب الليبية للسيدات يتأهل', 'تأهل المنتخب الوطني للسيدات في ليبيا إلى النهائي.'],
      ['محلي', 'افتتاح ملعب جديد في بنغازي', 'افتتحت البلدية ملعباً جديداً في مدينة بنغازي بحضور المسؤولين.'],
      ['اقتصاد', 'تقرير عن الأسواق', 'ارتفعت أسعار الزعفران في الأسواق هذا الأسبوع بشكل لافت.'],
    ];
    for (const [i, [category, title, body]] of docs.entries()) {
      await publish(app.store, category, { title, body: `<p>${body}</p>`, published_at: `2024-05-${String(10 + i).padStart(2, '0')}T09:00:00Z` });
    }
  });
  after(() => app?.dispose());

  const pairs: Array<[string, string]> = [
    ['احمد', 'أحمد يتسلم إدارة مستشفى طرابلس'],
    ['ادارة', 'أحمد يتسلم إدارة مستشفى طرابلس'],
    ['مستشفي', 'أحمد يتسلم إدارة مستشفى طرابلس'],
    ['طرابلـــس', 'أحمد يتسلم إدارة مستشفى طرابلس'],
    ['الشعب', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة'],
    ['إقرأ', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة'],
    ['دمج', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة'],
    ['مجاورة', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة'],
    ['كتاب', 'الشَّعب يقرأ الكتاب في المكتبة المجاورة'],
    ['السعودية', 'السعودیة تعلن ميزانية 2023'],
    ['٢٠٢٣', 'السعودیة تعلن ميزانية 2023'],
    ['ليبيا', 'المنتخب الليبية للسيدات يتأهل'],
  ];
  for (const [q, title] of pairs) {
    test(`"${q}" finds "${title}"`, async () => {
      assert.ok((await find(q)).includes(title), `${q} → ${(await find(q)).join(' | ')}`);
    });
  }

  test('a word only in the body is found', async () => {
    assert.deepEqual(await find('الزعفران'), ['تقرير عن الأسواق']);
  });

  test('typing بنغ suggests the article about بنغازي, also with و/ال attached', async () => {
    for (const q of ['بنغ', 'والبنغ', 'ملعب بنغ']) {
      const titles = (await suggestArticles(app.store.search, q, NOW)).map((a) => a.title);
      assert.deepEqual(titles, ['افتتاح ملعب جديد في بنغازي'], q);
    }
    assert.deepEqual(await suggestArticles(app.store.search, 'ب', NOW), [], 'nothing before the second letter');
  });

  test('snippets keep the text as written and highlight words typed without harakat', async () => {
    const r = await searchArticles(app.store.search, { q: 'الشعب', filters: {}, page: 1, limit: 10 }, NOW);
    const hit = r.results.find((x) => x.article.title.startsWith('الشَّعب'));
    assert.ok(hit);
    assert.match(snippetHtml(hit.snippet) + hit.article.title, /الشَّعب/u);
  });

  test('filters: category with sub-categories, dates', async () => {
    const site = await loadSite(app.store);
    const arab = site.categories.withDescendants(site.categories.findByNamePath('عربي')?.id ?? -1);
    const r = await searchArticles(app.store.search, { q: 'ميزانية', filters: { category_ids: arab }, page: 1, limit: 10 }, NOW);
    assert.equal(r.total, 1);
    const none = await searchArticles(app.store.search, { q: 'ميزانية', filters: { from: '2024-05-20T00:00:00Z' }, page: 1, limit: 10 }, NOW);
    assert.equal(none.total, 0);
  });

  test('hostile queries answer 200 with sane results, pages and API alike', async () => {
    const hostile = ['', ' ', '"', '" OR * NEAR( ^', "'; drop table articles; --", 'a'.repeat(10_000), 'َُِّ', '*', 'NEAR(a b)', '()', 'title:x', '\u0000', '!!!؟؟؟'];
    // A lone surrogate cannot be percent-encoded as UTF-8: send its CESU bytes, as a hostile client would.
    const encoded = [...hostile.map(enc), '%ED%A0%80', '%F0%9F', 'a%ED%A0%80b'];
    for (const q of encoded) {
      for (const url of [`/search?q=${q}`, `/api/search?q=${q}`, `/api/search/suggest?q=${q}`]) {
        const res = await app.http.inject(url);
        assert.equal(res.statusCode, 200, `${url.slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
  });

  test('lone surrogates and huge queries are parsed without throwing', async () => {
    const { parseQuery } = await import('../../src/search/query.ts');
    assert.deepEqual(parseQuery('\uD800').terms, []);
    assert.ok(parseQuery('كلمة '.repeat(5000)).terms.length <= 24);
    assert.ok((await find('\uD800طرابلس')).length >= 1);
  });

  test('the JSON API has the documented shape', async () => {
    const res = await app.http.inject(`/api/search?q=${enc('طرابلس')}&limit=5`);
    const json = res.json() as { total: number; page: number; results: Array<Record<string, unknown>> };
    assert.equal(json.page, 1);
    assert.ok(json.total >= 1);
    assert.deepEqual(Object.keys(json.results[0] ?? {}).sort(), ['excerpt', 'id', 'published_at', 'slug', 'snippet', 'title', 'url']);
    assert.equal((await app.http.inject('/api/search?q=x&from=yesterday')).statusCode, 400);
    assert.equal((await app.http.inject('/api/search?q=x&category=لا-يوجد')).statusCode, 400);
    const sug = (await app.http.inject(`/api/search/suggest?q=${enc('بنغ')}`)).json() as { suggestions: Array<{ title: string }> };
    assert.equal(sug.suggestions[0]?.title, 'افتتاح ملعب جديد في بنغازي');
  });

  test('read-also is ranked by text similarity, never the article itself', async () => {
    const site = await loadSite(app.store);
    const a = await publish(app.store, 'رياضة', { title: 'ملعب بنغازي الجديد يستضيف أول مباراة', body: '<p>استضاف الملعب الجديد في بنغازي أول مباراة.</p>', published_at: '2024-05-20T09:00:00Z' });
    await refreshRelated(app.store, app.store.search, site.categories, a, NOW);
    const ids = await app.store.index.relatedIds(a.id);
    assert.ok(!ids.includes(a.id));
    const first = await app.store.articles.findById(ids[0] ?? -1);
    assert.equal(first?.title, 'افتتاح ملعب جديد في بنغازي');
  });
});
