// The article editor in Debian's headless Chromium, JavaScript on: the
// CLI-made administrator creates an author and an editor (users use case); the author writes
// an Arabic article in the rich-text editor (subheading, English quote, link,
// image, 🗳️) and submits it; the editor schedules it a minute ahead; the
// app's clock is moved past that minute and the scheduler woken, and the
// article is on the home page and in its category. Its history names both
// users; axe finds nothing on the editor, history and diff pages; no page
// reports a CSP violation. Then autosave: a change is saved after ~20 s, and
// a second tab that saved in between makes the first stop with a conflict
// message instead of overwriting. Screenshots go to test-artifacts/.
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
import { createDraft } from '../../src/content/use-cases/article-workflow.ts';
import { createUser } from '../../src/content/use-cases/users.ts';
import type { Clock } from '../../src/core/clock.ts';
import { utcToLocal } from '../../src/core/time-zone.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { tempDir } from '../helpers/test-app.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const ADMIN = { email: 'chief@example.ly', password: 'غرفة الأخبار تفتح في السابعة', name: 'رئيسة التحرير' };
const AUTHOR = { email: 'amal@example.ly', password: 'قلم أمل لا يجف أبداً', name: 'أمل الكاتبة' };
const EDITOR = { email: 'omar@example.ly', password: 'مكتب عمر قرب النافذة', name: 'عمر المحرر' };
const ZONE = 'Africa/Tripoli';

/** The wall clock moved by a test: real time plus an offset the test advances. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}

const available = chromiumAvailable();

describe('article editor in headless Chromium', { skip: available === true ? false : available }, () => {
  let app: App;
  let browser: Browser;
  let base: string;
  const clock = movableClock();
  const cspViolations: string[] = [];
  let articleId = 0;
  const title = 'الليبيون يصوتون في أول انتخابات بلدية منذ سنوات';

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const dir = tempDir('jarida-editor-browser-');
    const config = loadConfig({ cwd: dir, env: {}, overrides: { dataDir: join(dir, 'data'), logLevel: 'silent' } });
    const io = { out: () => {}, err: (line: string) => assert.fail(line), tty: false };
    assert.equal(await userCommand(config, ['add', '--role', 'administrator', '--name', ADMIN.name, ADMIN.email], io, Readable.from([`${ADMIN.password}\n`])), 0);
    app = await createApp(config, { clock });
    base = (await app.http.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  function watch(page: Page): Page {
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/iu.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => cspViolations.push(`${page.url()}: page error ${err.message}`));
    return page;
  }

  async function signedInContext(who: { email: string; password: string }, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ar', javaScriptEnabled });
    context.setDefaultTimeout(10_000);
    const page = watch(await context.newPage());
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('البريد الإلكتروني').fill(who.email);
    await page.getByLabel('كلمة المرور').fill(who.password);
    await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: 'دخول' }).click()]);
    return { context, page };
  }

  test('an author writes and submits, an editor schedules, the scheduler publishes; history, axe, screenshots', async () => {
    // The administrator (made by `jarida user add`) creates the two newsroom users, through the users use case.
    const chief = (await app.store.users.list()).find((u) => u.email === ADMIN.email)!;
    for (const [who, role] of [
      [AUTHOR, 'author'],
      [EDITOR, 'editor'],
    ] as const) {
      await app.store.transaction((repos) =>
        createUser(repos, app.clock, { user_id: chief.id, role: 'administrator' }, { email: who.email, role, password: who.password, display_name: who.name }),
      );
    }

    // The author writes in the rich-text editor.
    const { context: authorContext, page } = await signedInContext(AUTHOR);
    const failures: string[] = [];
    try {
      await page.goto(`${base}/admin/articles/new`);
      const toolbar = page.getByRole('toolbar', { name: 'أدوات التنسيق' });
      await toolbar.waitFor();
      assert.equal(await page.locator('textarea[name="body"]').isHidden(), true, 'the HTML textarea gives way to the editor');
      await page.getByLabel('العنوان', { exact: true }).fill(title);
      await page.getByLabel('القسم').selectOption({ label: 'محلي' });
      await page.getByLabel('الوسوم').fill('انتخابات، ليبيا, بلديات');
      await page.getByLabel('رابط الصورة').fill(`${base}/assets/logo.png`);
      await page.getByLabel('النص البديل للصورة').fill('شعار الجريدة');

      const body = page.getByRole('textbox', { name: 'نص الخبر' });
      await body.click();
      await page.keyboard.type('بدأ الناخبون الإدلاء بأصواتهم صباح اليوم 🗳️ في مراكز الاقتراع.');
      await page.keyboard.press('Enter');
      await toolbar.getByRole('button', { name: 'عنوان فرعي' }).click();
      await page.keyboard.type('إقبال في طرابلس');
      assert.equal(await toolbar.getByRole('button', { name: 'عنوان فرعي' }).getAttribute('aria-pressed'), 'true');
      await page.keyboard.press('Enter');
      await page.keyboard.type('قالت المفوضية إن النتائج تُنشر على موقعها: ');
      await toolbar.getByRole('button', { name: 'رابط' }).click();
      const dialog = page.getByRole('dialog', { name: 'رابط' });
      await dialog.getByLabel('الرابط').fill('javascript:alert(1)');
      await dialog.getByRole('button', { name: 'إدراج' }).click();
      assert.match((await dialog.getByRole('alert').textContent()) ?? '', /http/u, 'a javascript: link is refused in the dialog');
      await dialog.getByLabel('الرابط').fill('https://hnec.ly/results');
      await dialog.getByRole('button', { name: 'إدراج' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.keyboard.press('Enter');
      await toolbar.getByRole('button', { name: 'اقتباس' }).click();
      await page.keyboard.type('Every vote counts, and every voice matters.');
      await page.keyboard.press('Enter');
      await toolbar.getByRole('button', { name: 'اقتباس' }).click();
      await toolbar.getByRole('button', { name: 'صورة' }).click();
      const imageDialog = page.getByRole('dialog', { name: 'صورة' });
      await imageDialog.getByLabel('الرابط').fill(`${base}/assets/logo.png`);
      await imageDialog.getByRole('button', { name: 'إدراج' }).click();
      assert.match((await imageDialog.getByRole('alert').textContent()) ?? '', /نصاً بديلاً/u, 'an image needs alternative text');
      await imageDialog.getByLabel('النص البديل (يصف الصورة)').fill('طابور الناخبين أمام مركز اقتراع');
      await imageDialog.getByRole('button', { name: 'إدراج' }).click();
      await imageDialog.waitFor({ state: 'detached' });

      // The toolbar is one tab stop: Alt+F10 enters it, arrows move, Escape goes back to the text.
      await body.press('Alt+F10');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'فقرة');
      await page.keyboard.press('ArrowLeft');
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'عنوان فرعي', 'ArrowLeft is "next" in a right-to-left toolbar');
      await page.keyboard.press('Escape');
      // TipTap moves the focus on the next animation frame.
      await page.waitForFunction(() => document.activeElement?.id === 'rte-content');

      // Each block reads in its own direction: the English quote left to right.
      const quoteDirection = await page.locator('#rte-content blockquote p').evaluate((el) => getComputedStyle(el).direction);
      assert.equal(quoteDirection, 'ltr');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(ARTIFACTS, 'editor-author.png'), fullPage: true });
      try {
        await assertAccessible(page, 'editor (rich text)', 'main');
      } catch (err) {
        failures.push((err as Error).message);
      }

      await Promise.all([page.waitForURL(/notice=notice_article_submit/u), page.getByRole('button', { name: 'إرسال للمراجعة' }).click()]);
      articleId = Number(/\/admin\/articles\/(\d+)/u.exec(page.url())?.[1]);
      const stored = await app.store.articles.findById(articleId);
      assert.equal(stored?.status, 'in_review');
      assert.equal(stored?.title, title);
      const html = stored?.body ?? '';
      assert.ok(html.includes('صباح اليوم 🗳️ في'), `emoji kept byte for byte: ${html}`);
      assert.match(html, /<h2 dir="auto">إقبال في طرابلس<\/h2>/u);
      assert.match(html, /<a href="https:\/\/hnec\.ly\/results">https:\/\/hnec\.ly\/results<\/a>/u);
      assert.match(html, /<blockquote dir="auto"><p dir="auto">Every vote counts, and every voice matters\.<\/p><\/blockquote>/u);
      assert.match(html, /<img [^>]*src="http:\/\/127\.0\.0\.1:\d+\/assets\/logo\.png"[^>]*alt="طابور الناخبين أمام مركز اقتراع"|<img [^>]*alt="طابور الناخبين أمام مركز اقتراع"[^>]*src=/u);
      assert.doesNotMatch(html, /javascript:/u);
      assert.deepEqual(
        (await app.store.articles.tagsOf(articleId)).map((t) => t.name),
        ['انتخابات', 'ليبيا', 'بلديات'],
      );

      // Reopened, the stored body loads back into the rich-text editor (nothing it cannot hold).
      await page.goto(`${base}/admin/articles/${articleId}`);
      await toolbar.waitFor();
      assert.equal(await page.locator('.rte-note').textContent(), '');
      assert.equal(await page.locator('#rte-content h2').textContent(), 'إقبال في طرابلس');
    } finally {
      await authorContext.close();
    }

    // The editor schedules it one minute ahead, in the site's time zone.
    const { context: editorContext, page: ed } = await signedInContext(EDITOR);
    try {
      await ed.goto(`${base}/admin/articles/${articleId}`);
      await ed.getByRole('toolbar', { name: 'أدوات التنسيق' }).waitFor();
      assert.match((await ed.locator('#f-published_at-help').textContent()) ?? '', /Africa\/Tripoli/u, 'the zone is named beside the time');
      // A last touch to the subheading before scheduling (the diff below shows it word by word).
      await ed.locator('#rte-content h2').click();
      await ed.keyboard.press('End');
      await ed.keyboard.type(' وبنغازي');
      const at = new Date(clock.now().getTime() + 60_000);
      await ed.getByLabel('وقت النشر').fill(utcToLocal(at.toISOString(), ZONE));
      await Promise.all([ed.waitForURL(/notice=notice_article_schedule/u), ed.getByRole('button', { name: 'جدولة' }).click()]);
      const scheduled = await app.store.articles.findById(articleId);
      assert.equal(scheduled?.status, 'scheduled');
      assert.equal(scheduled?.published_at?.slice(0, 16), at.toISOString().slice(0, 16));

      const home = async () => (await fetch(`${base}/`).then((r) => r.text())).includes(title);
      assert.equal(await home(), false, 'not on the home page before its time');

      // The time passes: the app's clock moves two minutes and the scheduler wakes.
      clock.advance(120_000);
      app.scheduler.wake();
      // The scheduler publishes in the background; wait for its run (a busy machine may take a while).
      for (let i = 0; i < 400 && (await app.store.articles.findById(articleId))?.status !== 'published'; i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal((await app.store.articles.findById(articleId))?.status, 'published');
      assert.equal(await home(), true, 'on the home page');
      await ed.goto(`${base}/category/${encodeURIComponent('محلي')}`);
      assert.ok(((await ed.locator('main').textContent()) ?? '').includes(title), 'in its category');
      await ed.getByRole('link', { name: title }).first().click();
      await ed.waitForURL(/\/article\//u);
      assert.equal(await ed.locator('.article-body h2').textContent(), 'إقبال في طرابلس وبنغازي');
      assert.equal(await ed.locator('.article-body blockquote p').evaluate((el) => getComputedStyle(el).direction), 'ltr');
      await ed.screenshot({ path: join(ARTIFACTS, 'editor-published-article.png'), fullPage: true });

      // The history names both users and the scheduler.
      await ed.goto(`${base}/admin/articles/${articleId}/revisions`);
      const rows = await ed.locator('table.history tbody tr').allTextContents();
      assert.ok(rows.some((r) => r.includes(AUTHOR.name) && r.includes('إرسال للمراجعة')), rows.join(' | '));
      assert.ok(rows.some((r) => r.includes(EDITOR.name) && r.includes('جدولة')), rows.join(' | '));
      assert.ok(rows.some((r) => r.includes('النشر المجدول') && r.includes('نشر في الموعد المجدول')), rows.join(' | '));
      await ed.screenshot({ path: join(ARTIFACTS, 'editor-history.png'), fullPage: true });
      for (const [label, path] of [
        ['history', `/admin/articles/${articleId}/revisions`],
        ['diff', `/admin/articles/${articleId}/revisions/diff?from=2&to=3`],
        ['editor (published article)', `/admin/articles/${articleId}`],
      ] as const) {
        await ed.goto(base + path);
        try {
          await assertAccessible(ed, label, 'main');
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
      // Revision 3 is the editor's save (subheading and time), before the status changes.
      await ed.goto(`${base}/admin/articles/${articleId}/revisions/diff?from=2&to=3`);
      assert.equal((await ed.locator('.diff-block ins').first().textContent())?.trim(), 'وبنغازي');
      await ed.screenshot({ path: join(ARTIFACTS, 'editor-diff.png'), fullPage: true });
    } finally {
      await editorContext.close();
    }
    assert.equal(failures.length, 0, failures.join('\n'));
    assert.equal(cspViolations.length, 0, cspViolations.join('\n'));
  });

  test('a body the rich-text editor cannot hold stays in HTML; one it can keeps an explicit dir through a save', async () => {
    const author = (await app.store.users.list()).find((u) => u.email === AUTHOR.email)!;
    const actor = { user_id: author.id, role: author.role };
    const local = (await app.store.categories.all())[0]!.id;
    const figure = await createDraft(app.workflow, actor, {
      title: 'خبر بصورة ذات تعليق',
      body: '<p>فقرة.</p><figure><img src="https://example.org/a.jpg" alt="صورة"><figcaption>تعليق الصورة</figcaption></figure>',
      category_id: local,
    });
    const directed = await createDraft(app.workflow, actor, {
      title: 'خبر باتجاه اختاره الكاتب',
      body: '<p dir="ltr">فقرة عربية جعلها الكاتب من اليسار</p><ul><li>بند</li></ul>',
      category_id: local,
    });
    const { context, page } = await signedInContext(AUTHOR);
    try {
      await page.goto(`${base}/admin/articles/${figure.article.id}`);
      await page.getByRole('button', { name: 'تحرير HTML' }).waitFor();
      assert.match((await page.locator('.rte-note').textContent()) ?? '', /عناصر لا يعرضها المحرر المنسق/u);
      assert.equal(await page.locator('textarea[name="body"]').isVisible(), true, 'the HTML stays editable as HTML');
      assert.equal(await page.getByRole('button', { name: 'تحرير HTML' }).getAttribute('aria-pressed'), 'true');

      await page.goto(`${base}/admin/articles/${directed.article.id}`);
      await page.getByRole('toolbar', { name: 'أدوات التنسيق' }).waitFor();
      assert.equal(await page.locator('#rte-content p').first().getAttribute('dir'), 'ltr');
      await page.locator('#rte-content li').click();
      await page.keyboard.press('End');
      await page.keyboard.type(' ثان');
      await Promise.all([page.waitForURL(/notice=notice_article_save/u), page.getByRole('button', { name: 'حفظ المسودة' }).click()]);
      const body = (await app.store.articles.findById(directed.article.id))?.body ?? '';
      assert.match(body, /^<p dir="ltr">فقرة عربية جعلها الكاتب من اليسار<\/p>/u, body);
      assert.match(body, /<li dir="auto"><p dir="auto">بند ثان<\/p><\/li>/u, body);
    } finally {
      await context.close();
    }
  });

  test('autosave: a change is saved after about 20 s; after another tab saved, it stops with a conflict message', async () => {
    const { context, page } = await signedInContext(AUTHOR);
    try {
      await page.clock.install();
      await page.goto(`${base}/admin/articles/new`);
      await page.getByRole('toolbar', { name: 'أدوات التنسيق' }).waitFor();
      await page.getByLabel('العنوان', { exact: true }).fill('مسودة تحفظ نفسها');
      await page.getByLabel('القسم').selectOption({ label: 'اقتصاد' });
      await page.getByRole('textbox', { name: 'نص الخبر' }).click();
      await page.keyboard.type('سطر أول كُتب قبل الحفظ التلقائي.');
      await page.clock.runFor(21_000);
      const status = page.locator('#autosave-status');
      await status.filter({ hasText: /حُفظ تلقائياً الساعة \d{2}:\d{2}/u }).waitFor();
      // The first autosave created the draft: the page is now that article's.
      await page.waitForURL(/\/admin\/articles\/\d+$/u);
      const id = Number(/\/admin\/articles\/(\d+)$/u.exec(page.url())?.[1]);
      assert.match((await app.store.articles.findById(id))?.body ?? '', /سطر أول كُتب قبل الحفظ التلقائي/u);

      // A second tab opens the article and saves a change.
      const other = watch(await context.newPage());
      await other.goto(`${base}/admin/articles/${id}`);
      await other.getByLabel('العنوان', { exact: true }).fill('عنوان من النافذة الأخرى');
      await Promise.all([other.waitForURL(/notice=notice_article_save/u), other.getByRole('button', { name: 'حفظ المسودة' }).click()]);
      await other.close();

      // The first tab's next autosave finds the article changed: it says so and writes nothing.
      await page.getByRole('textbox', { name: 'نص الخبر' }).press('End');
      await page.keyboard.type(' إضافة لن تُحفظ فوق عمل غيري.');
      await page.clock.runFor(21_000);
      await status.filter({ hasText: /حفظ شخص آخر هذا الخبر/u }).waitFor();
      assert.equal(await status.getAttribute('class'), 'autosave-status error');
      const stored = await app.store.articles.findById(id);
      assert.equal(stored?.title, 'عنوان من النافذة الأخرى');
      assert.doesNotMatch(stored?.body ?? '', /إضافة لن تُحفظ/u);
      await page.screenshot({ path: join(ARTIFACTS, 'editor-autosave-conflict.png'), fullPage: true });

      // Saving by hand is refused too (409), and the form keeps what was typed.
      const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'حفظ المسودة' }).click()]);
      assert.equal(res.status(), 409);
      assert.match((await page.locator('.error-summary').textContent()) ?? '', /حفظ شخص آخر/u);
      assert.match((await page.locator('textarea[name="body"]').inputValue()) ?? '', /إضافة لن تُحفظ/u);
    } finally {
      await context.close();
    }
    assert.equal(cspViolations.length, 0, cspViolations.join('\n'));
  });
});
