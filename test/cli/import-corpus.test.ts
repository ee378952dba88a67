import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp, type App } from '../../src/app.tsx';
import { importCommand } from '../../src/cli/import-command.ts';
import type { Config } from '../../src/config.ts';
import { loadSite } from '../../src/content/use-cases/site.ts';
import type { ImportReport } from '../../src/ingest/import-runner.ts';
import { sharedDir } from '../helpers/shared.ts';
import { testConfig } from '../helpers/test-app.ts';

const quiet = { out: () => {}, err: () => {}, tty: false };
const shared = sharedDir();
const corpus = shared && join(shared, 'corpus');
const sources = corpus ? ['news-normalized/articles.jsonl.gz', 'news-ant-multisource', 'news-ant-jawharafm'].map((p) => join(corpus, p)) : [];
const available = sources.length > 0 && sources.every((p) => existsSync(p));
const enc = encodeURIComponent;

describe('importing the 11k corpus and the ANT folders in one command', { skip: available ? false : '../shared/corpus not found' }, () => {
  let config: Config;
  let first: ImportReport;
  let second: ImportReport;
  let app: App;

  before(async () => {
    config = testConfig();
    first = await importCommand(config, sources, quiet);
    second = await importCommand(config, sources, quiet);
    app = await createApp(config);
  });
  after(() => app?.close());

  test('the ANT originals of JSONL articles are duplicates, and a second run imports nothing', () => {
    // 11,386 JSONL lines + 8,000 ANT files; only five items hold neither headline nor body.
    assert.equal(first.imported + first.duplicate + first.failed, 19_386);
    assert.equal(first.failed, 5);
    assert.ok(first.duplicate >= 8_000, `ANT documents are the JSONL articles again: ${first.duplicate} duplicates`);
    assert.ok(first.imported > 11_300);
    assert.equal(second.imported, 0);
    assert.equal(second.duplicate, first.imported + first.duplicate);
    assert.deepEqual(second.failures, first.failures);
    assert.deepEqual(first.unmapped, {}, 'every corpus category maps onto the menu');
  });

  test('home, every category, page 2 of a sub-category, an article, a tag and a search answer with content', async () => {
    const site = await loadSite(app.store);
    const home = await app.http.inject('/');
    assert.equal(home.statusCode, 200);
    const homeArticles = home.body.match(/<article class="card">/gu)?.length ?? 0;
    assert.ok(homeArticles >= 10, `home lists articles (${homeArticles})`);

    const visit = async (path: string[]) => {
      const res = await app.http.inject(`/category/${path.map(enc).join('/')}`);
      assert.equal(res.statusCode, 200, path.join('/'));
      return res;
    };
    for (const root of site.categories.roots) {
      await visit([root.slug]);
      for (const child of root.children) await visit([root.slug, child.slug]);
    }
    const gulf = await app.http.inject(`/category/${enc('عربي')}/${enc('الخليج-العربي')}/page/2`);
    assert.equal(gulf.statusCode, 200);
    assert.ok((gulf.body.match(/<article class="card">/gu)?.length ?? 0) === 20, 'a full second page');

    const link = /<h[23] class="card-title"><a href="(\/article\/[^"]+)">([^<]+)<\/a>/u.exec(gulf.body);
    assert.ok(link);
    const article = await app.http.inject(link[1] ?? '');
    assert.equal(article.statusCode, 200);
    assert.ok(article.body.includes(`<h1 class="headline">${link[2]}</h1>`));
    assert.match(article.body, /<span>المصدر:<\/span>/u, 'imported articles carry their source credit');

    const tagged = await app.http.inject(`/tag/${enc('عاصي-الحلاني')}`);
    assert.equal(tagged.statusCode, 200, 'hashtags in the text became tags');
    assert.match(tagged.body, /<article class="card">/u);

    const search = await app.http.inject(`/search?q=${enc('طرابلس')}`);
    assert.equal(search.statusCode, 200);
    assert.match(search.body, /<li class="card">[\s\S]*<mark>طرابلس<\/mark>/u);
  });
});
