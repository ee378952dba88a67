// The back office in Debian's headless Chromium: the administrator made by
// `jarida user add` signs in (JavaScript off: the back office needs none),
// creates an author and an editor, and signs out; axe-core (WCAG 2.1 A/AA)
// checks each admin page with its CSP on; no page, admin or reader, reports
// a CSP violation. Screenshots go to test-artifacts/. Skips without /usr/bin/chromium.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type App, createApp } from '../../src/app.tsx';
import { userCommand } from '../../src/cli/user-command.ts';
import { loadConfig } from '../../src/config.ts';
import { addFeedSource, pollFeedSourcesNow } from '../../src/content/use-cases/feed-sources.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { tempDir } from '../helpers/test-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ADMIN_EMAIL = 'chief@example.ly';
const ADMIN_PASSWORD = 'غرفة الأخبار تفتح في السابعة';

const available = chromiumAvailable();

describe('back office in headless Chromium', { skip: available === true ? false : available }, () => {
  let app: App;
  let browser: Browser;
  let noScript: BrowserContext;
  let base: string;
  const cspViolations: string[] = [];

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = tempDir('jarida-admin-browser-');
    const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: join(dir, 'data'), logLevel: 'silent' } });
    const io = { out: () => {}, err: (line: string) => assert.fail(line), tty: false };
    assert.equal(await userCommand(config, ['add', '--role', 'administrator', '--name', 'رئيسة التحرير', ADMIN_EMAIL], io, Readable.from([`${ADMIN_PASSWORD}\n`])), 0);
    app = await createApp(config);
    base = (await app.http.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
    noScript = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar', javaScriptEnabled: false });
    noScript.setDefaultTimeout(10_000);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  function watch(page: Page): Page {
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/iu.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
    });
    return page;
  }

  /** axe on the page at `path` in a scripted context holding the same session (axe needs JavaScript). */
  async function accessible(label: string, path: string, failures: string[], then?: (page: Page) => Promise<void>): Promise<void> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    try {
      await context.addCookies(await noScript.cookies());
      const page = watch(await context.newPage());
      const res = await page.goto(base + path);
      assert.ok(res && res.status() < 500, `${label}: ${res?.status()}`);
      // A page reached by a form post (`then` submits it) rather than by its address.
      await then?.(page);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(await page.getAttribute('html', 'lang'), 'ar');
      try {
        await assertAccessible(page, label, 'main');
      } catch (err) {
        failures.push((err as Error).message);
      }
    } finally {
      await context.close();
    }
  }

  test('the CLI-made administrator signs in, creates an author and an editor, and signs out; axe finds nothing', async () => {
    const page = watch(await noScript.newPage());
    const failures: string[] = [];
    try {
      await page.goto(`${base}/admin`);
      assert.match(page.url(), /\/admin\/login\?next=%2Fadmin$/u, 'anonymous visitors are sent to the login page');
      await page.screenshot({ path: join(ARTIFACTS, 'admin-login.png'), fullPage: true });
      await accessible('login', '/admin/login', failures);

      await page.getByLabel('البريد الإلكتروني').fill(ADMIN_EMAIL);
      await page.getByLabel('كلمة المرور').fill('كلمة خاطئة تماماً هنا');
      await Promise.all([page.waitForURL(/\/admin\/login$/u), page.getByRole('button', { name: 'دخول' }).click()]);
      assert.equal((await page.locator('.error-summary').textContent())?.includes('غير صحيحة'), true);
      await page.screenshot({ path: join(ARTIFACTS, 'admin-login-error.png'), fullPage: true });

      await page.getByLabel('كلمة المرور').fill(ADMIN_PASSWORD);
      await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: 'دخول' }).click()]);
      assert.equal((await page.locator('h1').textContent())?.trim(), 'الرئيسية');
      assert.match((await page.locator('.who').textContent()) ?? '', /رئيسة التحرير \(مدير\)/u);
      await page.screenshot({ path: join(ARTIFACTS, 'admin-dashboard.png'), fullPage: true });

      await page.getByRole('navigation', { name: 'قائمة لوحة التحرير' }).getByRole('link', { name: 'المستخدمون' }).click();
      await page.waitForURL(`${base}/admin/users`);
      // A refused password first: the form says why, in Arabic, and keeps what was typed.
      await page.getByLabel('البريد الإلكتروني').fill('amal@example.ly');
      await page.getByLabel('الاسم الظاهر (اسم الكاتب)').fill('أمل الكاتبة');
      await page.getByLabel('الدور').selectOption('author');
      await page.getByLabel('كلمة المرور الأولى').fill('password1234');
      await page.getByRole('button', { name: 'إنشاء المستخدم' }).click();
      assert.match((await page.locator('.error-summary').textContent()) ?? '', /من الأكثر شيوعاً/u);
      assert.equal(await page.getByLabel('البريد الإلكتروني').inputValue(), 'amal@example.ly');
      await page.screenshot({ path: join(ARTIFACTS, 'admin-users-error.png'), fullPage: true });

      await page.getByLabel('كلمة المرور الأولى').fill('قلم أمل لا يجف أبداً');
      await Promise.all([page.waitForURL(/notice=notice_user_created/u), page.getByRole('button', { name: 'إنشاء المستخدم' }).click()]);
      await page.getByLabel('البريد الإلكتروني').fill('omar@example.ly');
      await page.getByLabel('الاسم الظاهر (اسم الكاتب)').fill('عمر المحرر');
      await page.getByLabel('الدور').selectOption('editor');
      await page.getByLabel('كلمة المرور الأولى').fill('مكتب عمر قرب النافذة');
      await Promise.all([page.waitForURL(/notice=notice_user_created/u), page.getByRole('button', { name: 'إنشاء المستخدم' }).click()]);
      const rows = await page.locator('table.list tbody tr').allTextContents();
      assert.ok(rows.some((r) => r.includes('أمل الكاتبة') && r.includes('كاتب')), rows.join(' | '));
      assert.ok(rows.some((r) => r.includes('عمر المحرر') && r.includes('محرر')), rows.join(' | '));
      await page.screenshot({ path: join(ARTIFACTS, 'admin-users.png'), fullPage: true });

      const users = await app.store.users.list();
      const amal = users.find((u) => u.email === 'amal@example.ly')!;
      for (const [label, path] of [
        ['dashboard', '/admin'],
        ['users', '/admin/users'],
        ['user', `/admin/users/${amal.id}`],
        ['articles', '/admin/articles'],
        ['categories', '/admin/categories'],
        ['category', `/admin/categories/${(await app.store.categories.all())[0]!.id}`],
        ['tags', '/admin/tags'],
        ['settings', '/admin/settings'],
        ['account', '/admin/account'],
        ['forbidden', '/admin/users/999999'],
      ] as const) {
        await accessible(label, path, failures);
      }
      // Feed sources: the address is loopback, which this config refuses, so polling it sends nothing and logs an error.
      const source = await addFeedSource(app.store, app.clock, { url: 'http://127.0.0.1:9/feed.xml', outlet_name: 'وكالة الاختبار', default_category: 'محلي' });
      await pollFeedSourcesNow({ store: app.store, clock: app.clock, fetch: { allowPrivateAddresses: [], timeoutMs: 5000, maxBytes: 1024, maxRedirects: 0 } }, [source.id], 1);
      for (const [label, path] of [
        ['sources', '/admin/sources'],
        ['source', `/admin/sources/${source.id}`],
        ['source errors', `/admin/sources/${source.id}/errors`],
      ] as const) {
        await accessible(label, path, failures);
      }
      await accessible('source poll result', `/admin/sources/${source.id}`, failures, async (p) => {
        await Promise.all([p.waitForURL(/\/poll$/u), p.locator('main form[action$="/poll"] button').click()]);
        await p.locator('#poll-result-title').waitFor();
      });
      await accessible('source form error', '/admin/sources', failures, async (p) => {
        await p.getByLabel('رابط الخلاصة (RSS أو Atom أو JSON Feed)').fill('ftp://127.0.0.1/feed.xml');
        await p.getByLabel('اسم الوسيلة الإعلامية').fill('مصدر مرفوض');
        await p.getByLabel('ربط التصنيفات').fill('بلا علامة');
        await p.getByRole('button', { name: 'إضافة المصدر' }).click();
        await p.locator('.error-summary').waitFor();
      });
      for (const [name, path] of [['articles', '/admin/articles'], ['categories', '/admin/categories'], ['settings', '/admin/settings']] as const) {
        await page.goto(base + path);
        await page.screenshot({ path: join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
      }

      await page.goto(`${base}/admin`);
      await Promise.all([page.waitForURL(/\/admin\/login\?notice=notice_logged_out/u), page.getByRole('button', { name: 'تسجيل الخروج' }).click()]);
      assert.match((await page.locator('.notice').textContent()) ?? '', /خرجت من لوحة التحرير/u);
      await page.goto(`${base}/admin/users`);
      assert.match(page.url(), /\/admin\/login\?next=/u, 'signed out for real');

      // The new author signs in and sees the menu of an author.
      await page.getByLabel('البريد الإلكتروني').fill('amal@example.ly');
      await page.getByLabel('كلمة المرور').fill('قلم أمل لا يجف أبداً');
      await Promise.all([page.waitForURL(`${base}/admin/users`), page.getByRole('button', { name: 'دخول' }).click()]);
      assert.match((await page.locator('h1').textContent()) ?? '', /ليست لديك صلاحية/u);
      const menu = await page.getByRole('navigation', { name: 'قائمة لوحة التحرير' }).textContent();
      assert.ok(menu?.includes('خبر جديد') && !menu.includes('المستخدمون'), menu ?? '');
      await page.screenshot({ path: join(ARTIFACTS, 'admin-author-forbidden.png'), fullPage: true });

      assert.equal(failures.length, 0, failures.join('\n'));
    } finally {
      await page.close();
    }
  });

  test('reader pages run their external script under the CSP without violations', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ar' });
    try {
      const page = watch(await context.newPage());
      await page.goto(`${base}/`);
      await page.locator('#search-toggle').click();
      await page.locator('#search-overlay').waitFor({ state: 'visible' });
      await page.goto(`${base}${await page.locator('main .card-title a').first().getAttribute('href')}`);
      assert.equal(cspViolations.length, 0, cspViolations.join('\n'));
    } finally {
      await context.close();
    }
  });
});
