// The article editor's browser code keeps typed work, in headless Chromium
// with JavaScript on: after the session ended, autosave says so in Arabic
// (never the server's English), and the save button leads through signing
// in again to saving what was typed in the rich-text editor; an article over
// the size limit is not sent at all, and stays on the page with an Arabic
// message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { EDITOR_FORM_LIMIT_BYTES } from '../../src/admin/editor/limits.ts';
import { ar } from '../../src/admin/locales/ar.ts';
import type { User } from '../../src/content/accounts.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { testApp } from '../helpers/test-app.ts';
import { addUser, TEST_PASSWORD } from './admin-client.ts';

const available = chromiumAvailable();

describe('the editor keeps typed work in headless Chromium', { skip: available === true ? false : available }, () => {
  let app: Awaited<ReturnType<typeof testApp>>;
  let browser: Browser;
  let base: string;
  let author: User;
  const pageErrors: string[] = [];

  before(async () => {
    app = await testApp();
    base = (await app.http.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    author = await addUser(app, 'author');
  });
  after(async () => {
    await browser?.close();
    await app?.dispose();
  });

  async function signIn(page: Page): Promise<void> {
    await page.getByLabel('البريد الإلكتروني').fill(author.email);
    await page.getByLabel('كلمة المرور').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'دخول' }).click();
  }

  async function newArticlePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ar' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/iu.test(m.text())) pageErrors.push(m.text());
    });
    await page.goto(`${base}/admin/login`);
    await Promise.all([page.waitForURL(`${base}/admin`), signIn(page)]);
    await page.clock.install();
    await page.goto(`${base}/admin/articles/new`);
    await page.getByRole('toolbar', { name: ar.rteToolbar }).waitFor();
    return page;
  }

  test('after the session ended, autosave says so in Arabic, and the save button keeps the text through signing in again', async () => {
    const page = await newArticlePage();
    try {
      await page.getByLabel(ar.fieldTitle, { exact: true }).fill('خبر كُتب والجلسة تنتهي');
      await page.getByLabel(ar.fieldCategory).selectOption({ index: 1 });
      await page.getByRole('textbox', { name: ar.fieldBody }).click();
      await page.keyboard.type('فقرة كتبتها الصحفية قبل أن تنتهي جلستها.');
      await app.store.sessions.deleteForUser(author.id);

      await page.clock.runFor(21_000);
      const status = page.locator('#autosave-status');
      await status.filter({ hasText: ar.autosaveSessionEnded }).waitFor();
      assert.doesNotMatch((await status.textContent()) ?? '', /[A-Za-z]{3,}/u, 'no English in the status line');

      // Save: the sign-in page holds the article; signing in offers to save it; saving stores what was typed.
      await Promise.all([page.waitForURL(`${base}/admin/articles/new`), page.getByRole('button', { name: ar.actionSave }).click()]);
      assert.match((await page.locator('.kept-body').textContent()) ?? '', /فقرة كتبتها الصحفية/u);
      await signIn(page);
      await page.getByRole('button', { name: ar.keptResend }).waitFor();
      await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\?notice=/u), page.getByRole('button', { name: ar.keptResend }).click()]);
      const id = Number(/\/admin\/articles\/(\d+)/u.exec(page.url())![1]);
      const stored = await app.store.articles.findById(id);
      assert.equal(stored?.title, 'خبر كُتب والجلسة تنتهي');
      assert.match(stored?.body ?? '', /فقرة كتبتها الصحفية قبل أن تنتهي جلستها/u);
    } finally {
      await page.context().close();
    }
    assert.deepEqual(pageErrors, []);
  });

  test('an article over the size limit is not sent: it stays on the page with an Arabic message', async () => {
    const page = await newArticlePage();
    try {
      await page.getByLabel(ar.fieldTitle, { exact: true }).fill('خبر أطول من الحد');
      await page.getByLabel(ar.fieldCategory).selectOption({ index: 1 });
      await page.getByRole('button', { name: ar.rteHtml }).click();
      const paragraph = '<p>كلمات عربية في فقرة من خبر طويل جداً.</p>\n';
      // Bytes as a form posts it (a space is `+`).
      const times = Math.ceil(EDITOR_FORM_LIMIT_BYTES / new URLSearchParams({ b: paragraph }).toString().slice(2).length) + 100;
      // Set in the page (as a paste would): typing a million letters through the DevTools protocol takes too long.
      await page.locator('textarea[name="body"]').evaluate(
        (el: HTMLTextAreaElement, [text, n]: [string, number]) => {
          el.value = text.repeat(n);
          el.dispatchEvent(new Event('input', { bubbles: true }));
        },
        [paragraph, times] as [string, number],
      );
      const posts: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST') posts.push(r.url());
      });
      // By CSS, not by role: computing accessible names over a million-letter text area takes minutes.
      await page.locator('button[name="action"][value="save"]').click();
      const status = page.locator('#autosave-status');
      await status.filter({ hasText: /لم يُحفظ: الخبر أكبر من الحد المسموح \(8 ميغابايت\)/u }).waitFor();
      // Autosave measures too, and sends nothing either.
      await page.clock.runFor(21_000);
      await status.filter({ hasText: /أكبر من الحد المسموح/u }).waitFor();
      assert.deepEqual(posts, []);
      assert.equal(page.url(), `${base}/admin/articles/new`);
      assert.equal(await page.locator('textarea[name="body"]').evaluate((el: HTMLTextAreaElement) => el.value.length), paragraph.length * times, 'the text is still on the page');
    } finally {
      await page.context().close();
    }
    assert.deepEqual(pageErrors, []);
  });
});
