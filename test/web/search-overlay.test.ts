// The search overlay's live suggestions in Debian's headless Chromium: the
// combobox fetches /api/search/suggest after two letters, lists the newest
// matching headlines with Arabic dates, moves the active option with the
// arrow keys, opens an article on Enter, submits to /search without an active
// option, closes on Escape, and passes axe-core (WCAG 2.1 A/AA) while open.
// Skips when /usr/bin/chromium is absent.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Article } from '../../src/content/types.ts';
import { loadSite } from '../../src/content/use-cases/site.ts';
import { intlLocale } from '../../src/web/i18n.ts';
import { urls } from '../../src/web/urls.ts';
import { publish } from '../helpers/articles.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { testApp } from '../helpers/test-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');



/** Arabic (ar-LY) month names of the Gregorian calendar. */
const ARABIC_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];

const available = chromiumAvailable();

describe('search overlay suggestions in headless Chromium', { skip: available === true ? false : available }, () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  let older: Article;
  let newer: Article;
  let tripoli: Article;
  let formatDate: (iso: string) => string;

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    app = await testApp();
    older = await publish(app.store, 'محلي', {
      title: 'بنغازي تفتتح ميناءها التجاري الجديد',
      body: '<p>افتتحت بلدية بنغازي الميناء التجاري الجديد بحضور عدد من المسؤولين.</p>',
      published_at: '2024-03-05T10:00:00Z',
    });
    newer = await publish(app.store, 'محلي', {
      title: 'أمطار غزيرة تغمر شوارع بنغازي',
      body: '<p>شهدت المدينة أمطاراً غزيرة أدت إلى إغلاق عدد من الطرق.</p>',
      published_at: '2024-05-10T08:30:00Z',
    });
    tripoli = await publish(app.store, 'محلي', {
      title: 'طرابلس تستضيف معرض الكتاب الدولي',
      body: '<p>افتتح في طرابلس اليوم معرض الكتاب الدولي بمشاركة مئات الناشرين.</p>',
      published_at: '2024-04-01T09:00:00Z',
    });
    const { settings } = await loadSite(app.store);
    const dates = new Intl.DateTimeFormat(intlLocale(settings), { timeZone: settings.time_zone, day: 'numeric', month: 'long', year: 'numeric' });
    formatDate = (iso) => dates.format(new Date(iso));

    const address = await app.http.listen({ port: 0, host: '127.0.0.1' });
    base = address.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'ar' });
    context.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await app?.dispose();
  });

  /** A page at `path` with the overlay opened by its toggle; collects the suggest requests it sends. */
  async function openOverlay(path = '/'): Promise<{ page: Page; suggestQueries: string[] }> {
    const page = await context.newPage();
    const suggestQueries: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.pathname === '/api/search/suggest') suggestQueries.push(url.searchParams.get('q') ?? '');
    });
    const response = await page.goto(base + path);
    assert.equal(response?.status(), 200, `GET ${path}`);
    await page.locator('#search-toggle').click();
    await page.locator('#search-overlay').waitFor({ state: 'visible' });
    assert.equal(await activeId(page), 'overlay-q', 'opening the overlay focuses the search field');
    return { page, suggestQueries };
  }

  /** Types `text` one character at a time, as a reader would. */
  async function typeSlowly(page: Page, text: string): Promise<void> {
    for (const ch of text) await page.keyboard.type(ch, { delay: 30 });
  }

  const options = (page: Page) => page.locator('#overlay-results li[role="option"]');

  async function waitForOptionCount(page: Page, n: number): Promise<void> {
    await page.waitForFunction((count) => document.querySelectorAll('#overlay-results li[role="option"]').length === count, n);
  }

  /** Headline (the option's text without its date), target, date attribute and date text of each listed option. */
  async function listed(page: Page) {
    return options(page).evaluateAll((items) =>
      items.map((li) => ({
        id: li.id,
        title: [...li.childNodes].filter((n) => n.nodeName !== 'TIME').map((n) => n.textContent ?? '').join('').trim(),
        href: li.querySelector('a')?.getAttribute('href') ?? li.getAttribute('data-url') ?? '',
        datetime: li.querySelector('time')?.getAttribute('datetime') ?? '',
        date: li.querySelector('time')?.textContent ?? '',
        selected: li.getAttribute('aria-selected'),
      })),
    );
  }

  async function suggestBenghazi(page: Page, suggestQueries: string[]): Promise<void> {
    await typeSlowly(page, 'ب');
    // Past the 120 ms debounce: one letter fetches nothing and lists nothing.
    await page.waitForTimeout(400);
    assert.equal(await options(page).count(), 0, 'one letter lists no suggestions');
    assert.deepEqual(suggestQueries, [], 'one letter sends no suggest request');
    assert.equal(await page.getAttribute('#overlay-q', 'aria-expanded'), 'false');

    await typeSlowly(page, 'نغ');
    assert.equal(await page.inputValue('#overlay-q'), 'بنغ');
    await waitForOptionCount(page, 2);
  }

  test('typing بنغ lists exactly the بنغازي articles, newest first, with Arabic dates; one letter lists none', async () => {
    const { page, suggestQueries } = await openOverlay();
    try {
      await suggestBenghazi(page, suggestQueries);
      // Saved before the checks, so a failing run still shows what the reader saw.
      await page.screenshot({ path: join(ARTIFACTS, 'search-overlay.png') });
      assert.ok(suggestQueries.includes('بنغ'), `a suggest request for بنغ was sent (sent: ${JSON.stringify(suggestQueries)})`);
      const items = await listed(page);
      assert.deepEqual(
        items.map((i) => i.title),
        [newer.title, older.title],
        'the two بنغازي headlines, newest first (and not the طرابلس article)',
      );
      for (const [i, article] of [newer, older].entries()) {
        const item = items[i]!;
        const published = article.published_at ?? assert.fail(`${article.title} has no published_at`);
        assert.equal(decodeURI(item.href), decodeURI(urls.article(article.slug)), `option ${i} links to its article`);
        assert.equal(new Date(item.datetime).toISOString(), new Date(published).toISOString(), `option ${i} <time datetime>`);
        assert.equal(item.date.normalize(), formatDate(published).normalize(), `option ${i} date in the site's locale and time zone`);
        const month = ARABIC_MONTHS[new Date(published).getUTCMonth()]!;
        assert.ok(item.date.includes(month), `option ${i} date "${item.date}" names the Arabic month ${month}`);
        assert.equal(item.selected, 'false', `option ${i} not selected before the arrow keys`);
      }
      assert.equal(await page.getAttribute('#overlay-q', 'aria-expanded'), 'true', 'the combobox is expanded while options are listed');
      assert.equal(await page.getAttribute('#overlay-q', 'aria-activedescendant'), null, 'no active option before the arrow keys');
      assert.equal(await page.getAttribute('#overlay-all', 'href'), urls.search('بنغ'), '"all results" follows the query');
      assert.equal((await page.locator('#overlay-all').textContent())?.trim(), 'عرض كل النتائج');

      // Back to one letter: the list empties again.
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      assert.equal(await page.inputValue('#overlay-q'), 'ب');
      await waitForOptionCount(page, 0);
      assert.equal(await page.getAttribute('#overlay-q', 'aria-expanded'), 'false');
    } finally {
      await page.close();
    }
  });

  test('axe-core finds no WCAG 2.1 A/AA violations with the suggestion list open', async () => {
    const { page, suggestQueries } = await openOverlay();
    try {
      await suggestBenghazi(page, suggestQueries);
      await assertAccessible(page, 'the open overlay with suggestions', '#overlay-results');
      await page.keyboard.press('ArrowDown');
      await assertAccessible(page, 'the open overlay with an active suggestion', '#overlay-results');
    } finally {
      await page.close();
    }
  });

  test('ArrowDown/ArrowUp move the active option and Enter opens its article', async () => {
    const { page, suggestQueries } = await openOverlay();
    try {
      await suggestBenghazi(page, suggestQueries);
      const [first, second] = await listed(page);
      assert.ok(first && second);

      const expectActive = async (id: string, label: string) => {
        assert.deepEqual(
          (await listed(page)).map((i) => i.selected),
          [first, second].map((i) => String(i.id === id)),
          `${label}: aria-selected`,
        );
        assert.equal(await page.getAttribute('#overlay-q', 'aria-activedescendant'), id, `${label}: aria-activedescendant`);
        assert.equal(await activeId(page), 'overlay-q', `${label}: focus stays in the field`);
      };

      await page.keyboard.press('ArrowDown');
      await expectActive(first.id, 'ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expectActive(second.id, 'ArrowDown twice');
      await page.keyboard.press('ArrowUp');
      await expectActive(first.id, 'ArrowUp');

      await Promise.all([page.waitForURL(/\/article\//u), page.keyboard.press('Enter')]);
      assert.equal(decodeURIComponent(new URL(page.url()).pathname), decodeURIComponent(urls.article(newer.slug)), 'Enter opens the active (newest) article');
      assert.equal((await page.locator('h1.headline').textContent())?.trim(), newer.title);
    } finally {
      await page.close();
    }
  });

  test('Enter with no active option submits the query to /search, which marks the word', async () => {
    // Reopened from an article page, as after following a suggestion.
    const { page } = await openOverlay(urls.article(older.slug));
    try {
      const query = 'طرابلس';
      await typeSlowly(page, query);
      assert.equal(await page.inputValue('#overlay-q'), query);
      // Let the suggestions arrive first: Enter must still submit while options are listed but none is active.
      await page.waitForFunction((title) => [...document.querySelectorAll('#overlay-results [role="option"]')].some((li) => li.textContent?.includes(title)), tripoli.title);
      assert.equal(await page.getAttribute('#overlay-q', 'aria-activedescendant'), null, 'no active option');

      await Promise.all([page.waitForURL(/\/search\?/u), page.keyboard.press('Enter')]);
      const url = new URL(page.url());
      assert.equal(url.pathname, '/search');
      assert.equal(url.searchParams.get('q'), query);
      assert.ok((await page.locator('h1').textContent())?.includes(query), 'the results page heading names the query');

      const card = page.locator('main li.card', { has: page.locator('.card-title a', { hasText: tripoli.title }) });
      assert.equal(await card.count(), 1, 'the طرابلس article is among the results');
      const marks = await card.locator('.snippet mark').allTextContents();
      assert.ok(marks.includes(query), `its snippet marks ${query} (marks: ${JSON.stringify(marks)})`);
    } finally {
      await page.close();
    }
  });

  test('Escape closes the overlay and returns focus to #search-toggle', async () => {
    const { page, suggestQueries } = await openOverlay();
    try {
      await suggestBenghazi(page, suggestQueries);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Escape');
      await page.locator('#search-overlay').waitFor({ state: 'hidden' });
      assert.equal(await page.getAttribute('#search-toggle', 'aria-expanded'), 'false');
      assert.equal(await activeId(page), 'search-toggle', 'focus returns to the toggle');
      assert.equal(new URL(page.url()).pathname, '/', 'Escape with an active option does not navigate');
    } finally {
      await page.close();
    }
  });

});

function activeId(page: Page): Promise<string | undefined> {
  return page.evaluate(() => document.activeElement?.id);
}
