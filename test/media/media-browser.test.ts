// The media library in Debian's headless Chromium, JavaScript off: an author
// uploads a photo through the real file input, is told when a file is not an
// image, and the library pages pass axe (WCAG 2.1 AA). On the reader site the
// article's featured image loads from its srcset with a box reserved by
// width/height. Screenshots go to test-artifacts/. Skips without /usr/bin/chromium.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { type App, createApp } from '../../src/app.tsx';
import { mediaUrl } from '../../src/content/use-cases/media.ts';
import { assertAccessible } from '../helpers/axe.ts';
import { chromiumAvailable, launchChromium } from '../helpers/chromium.ts';
import { publish } from '../helpers/articles.ts';
import { tempDir, testConfig } from '../helpers/test-app.ts';
import { addUser, TEST_PASSWORD } from '../admin/admin-client.ts';
import { htmlNamedJpg, sidewaysJpeg } from './sample-images.ts';

const ARTIFACTS = join(fileURLToPath(new URL('../../', import.meta.url)), 'test-artifacts');
const available = chromiumAvailable();

describe('media library in headless Chromium', { skip: available === true ? false : available }, () => {
  let app: App;
  let browser: Browser;
  let noScript: BrowserContext;
  let base = '';
  const config = testConfig();

  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
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

  test('an author uploads a photo without JavaScript; a fake is refused in Arabic; axe finds nothing', async () => {
    const user = await addUser(app, 'author');
    const dir = tempDir();
    const photo = join(dir, 'قارب صيد.jpg');
    writeFileSync(photo, await sidewaysJpeg(2400, 1600));
    const fake = join(dir, 'photo.jpg');
    writeFileSync(fake, htmlNamedJpg);

    const page = await noScript.newPage();
    await page.goto(`${base}/admin/login?next=%2Fadmin%2Fmedia`);
    await page.getByLabel('البريد الإلكتروني').fill(user.email);
    await page.getByLabel('كلمة المرور').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin/media`), page.getByRole('button', { name: 'دخول' }).click()]);
    assert.equal((await page.locator('h1').textContent())?.trim(), 'مكتبة الوسائط');

    await page.getByLabel('ملف الصورة').setInputFiles(fake);
    await page.getByLabel('النص البديل', { exact: true }).fill('قارب');
    await page.getByRole('button', { name: 'ارفع الصورة' }).click();
    assert.match((await page.locator('.error-summary').textContent()) ?? '', /ليس صورة بصيغة مقبولة/u);
    assert.equal(await page.getByLabel('النص البديل', { exact: true }).inputValue(), 'قارب', 'the alt text typed is kept');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-media-refused.png'), fullPage: true });

    await page.getByLabel('ملف الصورة').setInputFiles(photo);
    await page.getByLabel('النص البديل', { exact: true }).fill('قارب صيد في الميناء');
    await Promise.all([page.waitForURL(/\/admin\/media\/\d+\?notice=notice_media_uploaded$/u), page.getByRole('button', { name: 'ارفع الصورة' }).click()]);
    const id = Number(/\/admin\/media\/(\d+)/u.exec(page.url())![1]);
    const item = (await app.store.media.findById(id))!;
    assert.equal(item.filename, 'قارب صيد.jpg');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-media-image.png'), fullPage: true });

    const scripted = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ar' });
    try {
      await scripted.addCookies(await noScript.cookies());
      const check = await scripted.newPage();
      const failures: string[] = [];
      for (const [label, path] of [
        ['media library', '/admin/media'],
        ['media picker', '/admin/media?return=%2Fadmin%2Farticles'],
        ['media image', `/admin/media/${id}`],
      ] as const) {
        await check.goto(base + path);
        try {
          await assertAccessible(check, label, 'main');
        } catch (err) {
          failures.push((err as Error).message);
        }
      }
      assert.equal(failures.length, 0, failures.join('\n'));
    } finally {
      await scripted.close();
    }
    await page.goto(`${base}/admin/media`);
    await page.screenshot({ path: join(ARTIFACTS, 'admin-media.png'), fullPage: true });

    // On the reader site, a phone loads a narrow variant; the box was reserved by width/height.
    const article = await publish(app.store, 'محلي', { title: 'عودة قوارب الصيد', featured_image_url: mediaUrl(app.media.storage, item, config.publicUrl) });
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'ar' });
    try {
      const reader = await phone.newPage();
      await reader.goto(`${base}/article/${encodeURIComponent(article.slug)}`);
      const img = reader.locator('figure.featured img');
      await img.evaluate((el: HTMLImageElement) => (el.complete ? undefined : new Promise((r) => el.addEventListener('load', r, { once: true }))));
      const state = await img.evaluate((el: HTMLImageElement) => ({ src: el.currentSrc, natural: el.naturalWidth, alt: el.alt, ratio: el.getBoundingClientRect().height / el.getBoundingClientRect().width }));
      // 390 px less the margins, at 2×: about 716 device pixels, so the 960 variant of 320…1600.
      assert.match(state.src, /\/media\/[0-9a-f]{2}\/[0-9a-f]{64}\/960w\.webp$/u, `a phone at 2× picks a narrow variant: ${state.src}`);
      assert.ok(state.natural > 0, 'the variant decoded');
      assert.equal(state.alt, 'قارب صيد في الميناء');
      assert.ok(Math.abs(state.ratio - 2400 / 1600) < 0.02, `upright portrait box: ${state.ratio}`);
      await reader.screenshot({ path: join(ARTIFACTS, 'reader-featured-image.png') });
    } finally {
      await phone.close();
    }
    await page.close();
  });
});
