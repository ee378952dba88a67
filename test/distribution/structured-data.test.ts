import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { HtmlValidate } from 'html-validate';
import { fixedClock } from '../../src/core/clock.ts';
import type { Article } from '../../src/content/types.ts';
import { publish } from '../helpers/articles.ts';
import { testApp, testConfig } from '../helpers/test-app.ts';

type TestApp = Awaited<ReturnType<typeof testApp>>;
type Node = Record<string, unknown>;

const BASE = 'https://news.example.ly';
const enc = encodeURIComponent;

/** The JSON-LD blocks of a page, parsed. */
function jsonLd(html: string): Node[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/gu)].map((m) => JSON.parse(m[1]!) as Node);
}

/** `<meta property|name="key" content="…">` values of a page, by key (repeated keys collected). */
function metas(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/gu)) {
    out.set(m[1]!, [...(out.get(m[1]!) ?? []), m[2]!.replace(/&quot;/gu, '"').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&amp;/gu, '&')]);
  }
  return out;
}

describe('structured data and share cards', () => {
  let app: TestApp;
  let own: Article;
  let republished: Article;
  let tricky: Article;

  before(async () => {
    const clock = fixedClock('2024-01-15T12:00:00Z');
    app = await testApp({ clock, config: testConfig({ publicUrl: BASE }) });
    own = await publish(
      app.store,
      'رياضة/عربي',
      {
        title: 'المنتخب يفوز في مباراة الافتتاح',
        excerpt: 'فوز مستحق',
        published_at: '2023-08-22T23:30:00Z',
        author_name: 'سالم علي',
        tags: ['كرة القدم', 'المنتخب'],
        featured_image_url: 'https://img.example.ly/match.jpg',
        featured_image_alt: 'لاعبو المنتخب',
      },
      clock,
    );
    republished = await publish(
      app.store,
      'دولي',
      { title: 'قمة إقليمية في القاهرة', published_at: '2024-01-10T09:00:00Z', source_name: 'الأهرام', source_url: 'https://ahram.example/news/77' },
      clock,
    );
    tricky = await publish(app.store, 'محلي', { title: 'عنوان فيه </script><!-- و <script>alert(1)</script> & "اقتباس"', published_at: '2024-01-11T09:00:00Z' }, clock);
  });
  after(() => app.dispose());

  test('an article page has NewsArticle JSON-LD with every field, and a BreadcrumbList of its category path', async () => {
    const html = (await app.http.inject(`/article/${enc(own.slug)}`)).body;
    const [article, breadcrumb] = jsonLd(html);
    const url = `${BASE}/article/${enc(own.slug)}`;
    assert.equal(article?.['@context'], 'https://schema.org');
    assert.equal(article?.['@type'], 'NewsArticle');
    assert.equal(article?.headline, 'المنتخب يفوز في مباراة الافتتاح');
    assert.deepEqual(article?.image, ['https://img.example.ly/match.jpg']);
    // Tripoli is UTC+2: the offset is written out.
    assert.equal(article?.datePublished, '2023-08-23T01:30:00+02:00');
    assert.equal(article?.dateModified, '2024-01-15T14:00:00+02:00');
    assert.deepEqual(article?.author, [{ '@type': 'Person', name: 'سالم علي', url: `${BASE}/author/${enc('سالم-علي')}` }]);
    assert.deepEqual(article?.publisher, { '@type': 'Organization', name: 'جريدة', url: `${BASE}/`, logo: { '@type': 'ImageObject', url: `${BASE}/assets/logo.png` } });
    assert.deepEqual(article?.mainEntityOfPage, { '@type': 'WebPage', '@id': url });
    assert.equal(article?.articleSection, 'عربي');
    assert.deepEqual(article?.keywords, ['كرة القدم', 'المنتخب']);
    assert.equal(article?.isBasedOn, undefined);
    assert.deepEqual(breadcrumb, {
      '@context': 'https://schema.org',
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, name: 'الرئيسية', item: `${BASE}/` },
        { '@type': 'ListItem', position: 2, name: 'رياضة', item: `${BASE}/category/${enc('رياضة')}` },
        { '@type': 'ListItem', position: 3, name: 'عربي', item: `${BASE}/category/${enc('رياضة')}/${enc('عربي')}` },
        { '@type': 'ListItem', position: 4, name: 'المنتخب يفوز في مباراة الافتتاح' },
      ],
    });
    assert.ok(html.includes(`<link rel="canonical" href="${url}"/>`));
  });

  test('a republished item names its original (isBasedOn, citation) and is canonical there; its card still shares our page', async () => {
    const html = (await app.http.inject(`/article/${enc(republished.slug)}`)).body;
    const [article] = jsonLd(html);
    assert.equal(article?.isBasedOn, 'https://ahram.example/news/77');
    assert.deepEqual(article?.citation, { '@type': 'CreativeWork', url: 'https://ahram.example/news/77', publisher: { '@type': 'Organization', name: 'الأهرام' } });
    assert.deepEqual(article?.author, [{ '@type': 'Organization', name: 'الأهرام', url: 'https://ahram.example' }]);
    // No featured image: the logo stands in (Google requires an image).
    assert.deepEqual(article?.image, [`${BASE}/assets/logo.png`]);
    assert.ok(html.includes('<link rel="canonical" href="https://ahram.example/news/77"/>'));
    assert.deepEqual(metas(html).get('og:url'), [`${BASE}/article/${enc(republished.slug)}`]);
  });

  test('"</script>" and "<!--" in a headline cannot break out of the JSON-LD block', async () => {
    const html = (await app.http.inject(`/article/${enc(tricky.slug)}`)).body;
    // Quoted attribute values may hold `<` harmlessly (the share-card tags do); outside them,
    // only the real script elements end scripts: two JSON-LD blocks and site.js.
    const head = html.slice(0, html.indexOf('</head>')).replace(/="[^"]*"/gu, '=""');
    assert.equal(head.match(/<\/script>/gu)?.length, 3);
    assert.doesNotMatch(head, /<!--/u);
    const [article, breadcrumb] = jsonLd(html);
    assert.equal(article?.headline, 'عنوان فيه </script><!-- و <script>alert(1)</script> & "اقتباس"');
    assert.equal((breadcrumb?.itemListElement as Node[]).at(-1)?.name, article?.headline);
    assert.match(head, /\\u003c\/script\\u003e\\u003c!--/u);
    const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(html);
    assert.deepEqual(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)), []);
  });

  test('the home page has WebSite JSON-LD with a SearchAction', async () => {
    const [site] = jsonLd((await app.http.inject('/')).body);
    assert.equal(site?.['@type'], 'WebSite');
    assert.equal(site?.url, `${BASE}/`);
    assert.equal(site?.name, 'جريدة');
    assert.deepEqual(site?.potentialAction, {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${BASE}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    });
  });

  test('OpenGraph and Twitter card tags on every article, category, tag, author and home page, og:locale ar_LY', async () => {
    const pages = [
      ['/', 'website'],
      [`/category/${enc('رياضة')}`, 'website'],
      [`/category/${enc('رياضة')}/${enc('عربي')}`, 'website'],
      [`/tag/${enc('كرة-القدم')}`, 'website'],
      [`/author/${enc('سالم-علي')}`, 'website'],
      [`/article/${enc(own.slug)}`, 'article'],
      [`/article/${enc(republished.slug)}`, 'article'],
      [`/article/${enc(tricky.slug)}`, 'article'],
    ] as const;
    for (const [path, type] of pages) {
      const tags = metas((await app.http.inject(path)).body);
      assert.deepEqual(tags.get('og:locale'), ['ar_LY'], path);
      assert.deepEqual(tags.get('og:type'), [type], path);
      assert.deepEqual(tags.get('og:site_name'), ['جريدة'], path);
      for (const key of ['og:title', 'og:url', 'og:image', 'twitter:card', 'twitter:title', 'twitter:image']) {
        assert.equal(tags.get(key)?.length, 1, `${path}: ${key}`);
      }
      assert.ok(tags.get('og:url')![0]!.startsWith(`${BASE}/`), path);
    }
    const article = metas((await app.http.inject(`/article/${enc(own.slug)}`)).body);
    assert.deepEqual(article.get('og:title'), ['المنتخب يفوز في مباراة الافتتاح']);
    assert.deepEqual(article.get('og:description'), ['فوز مستحق']);
    assert.deepEqual(article.get('og:image'), ['https://img.example.ly/match.jpg']);
    assert.deepEqual(article.get('og:image:alt'), ['لاعبو المنتخب']);
    assert.deepEqual(article.get('twitter:card'), ['summary_large_image']);
    assert.deepEqual(article.get('article:published_time'), ['2023-08-23T01:30:00+02:00']);
    assert.deepEqual(article.get('article:section'), ['عربي']);
    assert.deepEqual(article.get('article:tag'), ['كرة القدم', 'المنتخب']);
  });

  test('the default publisher logo is served as a PNG', async () => {
    const res = await app.http.inject('/assets/logo.png');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.deepEqual([...res.rawPayload.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
