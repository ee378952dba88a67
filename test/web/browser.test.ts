// Real-browser checks of the reader site in Debian's headless Chromium:
// screenshots, the search overlay, the skip link, axe-core (WCAG 2.1 A/AA)
// and the no-JavaScript search path. Skips when /usr/bin/chromium is absent.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type App, createApp } from '../../src/app.tsx';
import { loadConfig } from '../../src/config.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { assertAccessible } from '../helpers/axe.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');



const VIEWPORTS = {
  mobile: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

const available = chromiumAvailable();

describe('reader site in headless Chromium', { skip: available === true ? false : available }, () => {
  let dataDir: string;
  let app: App;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'jarida-browser-'));
    // cwd and env of the temp dir: a developer's jarida.config.json or JARIDA_* variables do not leak in.
    const config = loadConfig({ cwd: dataDir, env: {}, overrides: { dataDir, logLevel: 'silent' } });
    app = await createApp(config);
    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = address.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'ar' });
    context.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    const response = await page.goto(base + path);
    assert.equal(response?.status(), 200, `GET ${path}`);
    return page;
  }


  test('home and an article render at mobile and desktop widths (screenshots in test-artifacts/)', async () => {
    const page = await context.newPage();
    try {
      for (const [name, viewport] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(viewport);
        const home = await page.goto(`${base}/`);
        assert.equal(home?.status(), 200);
        assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
        assert.equal(await page.getAttribute('html', 'lang'), 'ar');
        await page.screenshot({ path: join(ARTIFACTS, `home-${name}.png`), fullPage: true });

        const link = page.locator('main .card-title a').first();
        const title = (await link.textContent())?.trim() ?? '';
        assert.notEqual(title, '', 'home lists no article');
        await Promise.all([page.waitForURL(/\/article\//u), link.click()]);
        assert.equal((await page.locator('h1.headline').textContent())?.trim(), title);
        await page.screenshot({ path: join(ARTIFACTS, `article-${name}.png`), fullPage: true });
      }
    } finally {
      await page.close();
    }
  });

  test('search overlay opens on click and on "/", closes with Escape, and its "all results" link follows the query', async () => {
    const page = await open('/');
    try {
      const overlay = page.locator('#search-overlay');
      const toggle = page.locator('#search-toggle');
      await expectHidden(overlay, true);

      await toggle.click();
      await expectHidden(overlay, false);
      assert.equal(page.url(), `${base}/`, 'the click must open the overlay, not follow the link');
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'overlay-q', 'focus goes to the search field');

      await page.keyboard.press('Escape');
      await expectHidden(overlay, true);
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-toggle', 'focus returns to the toggle');

      // "/" from the page (focus is on the toggle link, not a text field).
      await page.keyboard.press('/');
      await expectHidden(overlay, false);
      assert.equal(await page.inputValue('#overlay-q'), '', 'the "/" that opened the overlay is not typed into the field');
      await page.keyboard.press('Escape');
      await expectHidden(overlay, true);

      // "/" with focus on the body.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('/');
      await expectHidden(overlay, false);

      const query = 'جريدة';
      await page.locator('#overlay-q').pressSequentially(query);
      const all = page.locator('#overlay-all');
      assert.equal((await all.textContent())?.trim(), 'عرض كل النتائج');
      await page.waitForFunction((q) => document.getElementById('overlay-all')?.getAttribute('href') === `/search?q=${encodeURIComponent(q)}`, query);

      await Promise.all([page.waitForURL(/\/search\?/u), all.click()]);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/search');
      assert.equal(url.searchParams.get('q'), query);
      assert.ok((await page.locator('h1').textContent())?.includes(query), 'the results page heading names the query');
      assert.equal(await page.inputValue('#search-q'), query, 'the search field keeps the query');
    } finally {
      await page.close();
    }
  });

  test('the skip link is the first focusable element and lands on #main', async () => {
    const page = await open('/');
    try {
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ cls: document.activeElement?.className, href: document.activeElement?.getAttribute('href') }));
      assert.deepEqual(first, { cls: 'skip-link', href: '#main' }, 'Tab once from the top focuses the skip link');
      assert.ok(await page.locator('.skip-link').isVisible(), 'the focused skip link is visible');
      const box = await page.locator('.skip-link').boundingBox();
      assert.ok(box && box.y >= 0, `the focused skip link is on screen (box ${JSON.stringify(box)})`);

      await page.keyboard.press('Enter');
      await page.waitForFunction(() => location.hash === '#main');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', 'focus moves to #main');
      // The next Tab continues inside main, not back in the header.
      await page.keyboard.press('Tab');
      assert.ok(await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement)), 'Tab after the skip link stays in main');
    } finally {
      await page.close();
    }
  });

  test('axe-core finds no WCAG 2.1 A/AA violations on home, category, article, search and 404 pages', async () => {
    const page = await context.newPage();
    try {
      // Every page is checked before failing, so one run lists all problems.
      const failures: string[] = [];
      const check = async (label: string, path: string, status: number) => {
        const response = await page.goto(base + path);
        assert.equal(response?.status(), status, `${label} ${path}`);
        try {
          await assertAccessible(page, label, 'main');
        } catch (err) {
          failures.push((err as Error).message);
        }
      };
      await check('home', '/', 200);
      await check('category', `/category/${encodeURIComponent('محلي')}`, 200);
      await page.goto(`${base}/`);
      const articleHref = await page.locator('main .card-title a').first().getAttribute('href');
      assert.ok(articleHref);
      await check('article', articleHref, 200);
      await check('search results', `/search?q=${encodeURIComponent('جريدة')}`, 200);
      assert.ok((await page.locator('main .card').count()) > 0, 'the search results page lists results');
      await check('404', '/no-such-page', 404);
      assert.equal(failures.length, 0, failures.join('\n'));
    } finally {
      await page.close();
    }
  });

  // Regression guard: a scrolling menu bar (`overflow-x: auto`) clips absolutely positioned
  // sub-menus, and focusing a sub-menu link then scrolls the bar itself out of view.
  test('sub-menus open on hover and keyboard focus without hiding the menu bar', async () => {
    const page = await context.newPage();
    try {
      await page.setViewportSize(VIEWPORTS.desktop);
      await page.goto(`${base}/`);
      const parent = page.locator('.main-menu > ul > li:has(> .submenu)').first();
      await parent.locator('> a').hover();
      const sub = parent.locator('.submenu a').first();
      await sub.waitFor({ state: 'visible' });
      const reachable = await sub.evaluate((a) => {
        const r = a.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === a;
      });
      assert.ok(reachable, 'the hovered sub-menu link is on top (not clipped or covered)');

      await sub.focus();
      const barScroll = await page.evaluate(() => document.querySelector('.main-menu > ul')?.scrollTop);
      assert.equal(barScroll, 0, 'focusing a sub-menu link does not scroll the menu bar');
    } finally {
      await page.close();
    }
  });

  test('without JavaScript the search link leads to the working /search page', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.mobile, locale: 'ar' });
    try {
      const page = await noJs.newPage();
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL(/\/search$/u), page.locator('#search-toggle').click()]);
      assert.equal(new URL(page.url()).pathname, '/search');
      assert.equal((await page.locator('h1').textContent())?.trim(), 'البحث');

      const query = 'جريدة';
      await page.locator('#search-q').fill(query);
      await Promise.all([page.waitForURL(/\/search\?q=/u), page.locator('main form[role="search"] button[type="submit"]').click()]);
      assert.equal(new URL(page.url()).searchParams.get('q'), query);
      assert.ok((await page.locator('h1').textContent())?.includes(query));
      assert.ok((await page.locator('main .card').count()) > 0, 'the results page lists results without JavaScript');
    } finally {
      await noJs.close();
    }
  });
});

async function expectHidden(locator: ReturnType<Page['locator']>, hidden: boolean): Promise<void> {
  await locator.waitFor({ state: hidden ? 'hidden' : 'visible' });
  assert.equal(await locator.isHidden(), hidden);
}
