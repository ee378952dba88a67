// Stored one-line fields keep bidi controls byte for byte (ADR 023), so the
// pages must keep an unclosed right-to-left override (U+202E) inside the
// field that holds it. In Debian's headless Chromium, an article whose
// headline, byline and tag end in an unclosed RLO is shown on the home,
// article, tag and search pages and in the back office's article list; every text
// node holding the RLO must be bidi-isolated: an inline element from it up
// to its block has a computed `unicode-bidi` of isolate, isolate-override or
// plaintext, or the block (or inline-block) holds that text alone (a block is its own bidi
// paragraph, where an override ends: UAX #9, rule X8 and CSS Writing Modes §2.4).
// Skips without /usr/bin/chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AdminClient, addUser } from '../admin/admin-client.ts';
import { urls } from '../../src/web/urls.ts';
import { publish } from '../helpers/articles.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { testApp } from '../helpers/test-app.ts';

const RLO = '\u202e';
const TITLE = `خبر عن ${RLO}الانتخابات 2024`;
const BYLINE = `سالم ${RLO}الفيتوري`;
const TAG = `انتخابات ${RLO}بلدية`;

const available = chromiumAvailable();

/** Runs in the page: a description of each text node holding an RLO that is not isolated. */
function unisolatedRlo(): string[] {
  const isolating = new Set(['isolate', 'isolate-override', 'plaintext']);
  const problems: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (!text.includes('\u202e')) continue;
    let ok = false;
    // HTML's own style sheet isolates blocks (p, div, main…), so only an inline element counts; an
    // inline-block, like a block, is a paragraph of its own and must hold the text alone.
    for (let el = node.parentElement; el; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.display === 'none') {
        ok = true;
        break;
      }
      if (style.display === 'inline' || style.display === 'contents') {
        if (isolating.has(style.unicodeBidi)) {
          ok = true;
          break;
        }
        continue;
      }
      ok = (el.textContent ?? '').trim() === text.trim();
      break;
    }
    if (!ok) problems.push(`<${node.parentElement?.tagName.toLowerCase()} class="${node.parentElement?.className}">${JSON.stringify(text)}`);
  }
  return problems;
}

describe('an unclosed RLO in a stored field stays inside it on every page', { skip: available === true ? false : available }, () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let slug = '';

  before(async () => {
    app = await testApp();
    const article = await publish(app.store, 'اقتصاد', { title: TITLE, author_name: BYLINE, tags: [TAG], excerpt: `ملخص ${RLO}مقلوب` });
    slug = article.slug;
    base = (await app.http.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar', javaScriptEnabled: true });
    context.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await app?.dispose();
  });

  async function check(page: Page, path: string, expected: readonly string[]): Promise<void> {
    const res = await page.goto(base + path);
    assert.equal(res?.status(), 200, path);
    const body = await page.evaluate(() => document.body.textContent ?? '');
    for (const field of expected) assert.ok(body.includes(field), `${path} shows ${JSON.stringify(field)} byte for byte`);
    assert.deepEqual(await page.evaluate(unisolatedRlo), [], `${path}: text holding an RLO outside an isolating element`);
  }

  test('home, article and tag pages', async () => {
    const page = await context.newPage();
    await check(page, '/', [TITLE]);
    await check(page, urls.article(slug), [TITLE, BYLINE, TAG]);
    const tagLink = await page.locator('a.tag').first().getAttribute('href');
    assert.ok(tagLink, 'the article links its tag');
    await check(page, tagLink, [TITLE]);
    // A query is no stored field, but the results heading and the "no results" line quote it.
    await check(page, `/search?q=${encodeURIComponent(`ب${RLO}حث`)}`, [`ب${RLO}حث`]);
    await page.close();
  });

  test('the back office article list', async () => {
    const user = await addUser(app, 'editor');
    const client = new AdminClient(app);
    const res = await client.login(user.email);
    assert.equal(res.statusCode, 303);
    await context.addCookies([...client.cookies].map(([name, value]) => ({ name, value, url: base })));
    const page = await context.newPage();
    await check(page, '/admin/articles', [TITLE]);
    await page.close();
  });
});
