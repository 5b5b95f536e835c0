import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';

/** Internet Explorer 11, and Microsoft Edge's IE mode, which city halls often set for intranet addresses. */
const TRIDENT_UA = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
/** Microsoft Edge Legacy 18 (EdgeHTML). */
const EDGE_HTML_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';

describe.skipIf(!chromiumAvailable)(
  'the drop page and the console in browsers their bundles cannot run in',
  () => {
    let svc: TestService;
    let url: string;
    let browser: Browser;

    beforeAll(async () => {
      svc = await startTestService();
      url = await svc.listen();
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await svc?.close();
    });

    async function open(path: string, userAgent: string | undefined) {
      const context = await browser.newContext({ userAgent, locale: 'ja-JP' });
      const page = await context.newPage();
      const errors: string[] = [];
      const scripts: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await page.goto(`${url}${path}`);
      return { page, errors, scripts, close: () => context.close() };
    }

    const bundles = (scripts: string[]) =>
      scripts.filter((s) => /^\/(web|console)\/\w+\.[0-9a-f]{12}\.js$/.test(s));

    for (const [path, name] of [
      ['/', 'drop page'],
      ['/console', 'console'],
    ] as const) {
      it(`${name}: IE mode and Edge Legacy get the reason, the address to open elsewhere, and no bundle`, async () => {
        for (const [userAgent, host, kind] of [
          [TRIDENT_UA, 'Internet Explorer 11 または Microsoft Edge の IE モード', 'trident'],
          [EDGE_HTML_UA, 'Microsoft Edge 旧版 (EdgeHTML)', 'edgeHtml'],
        ] as const) {
          const { page, errors, scripts, close } = await open(path, userAgent);
          const box = page.locator('#unsupported-browser');
          await box.waitFor({ timeout: 10_000 });
          expect(await box.getAttribute('data-browser')).toBe(kind);
          const text = (await box.textContent()) ?? '';
          // Japanese first, naming the browser and what to do, then English.
          expect(text.indexOf('このブラウザーではこのページを使えません')).toBe(0);
          expect(text).toContain(`このページは ${host} で開かれています`);
          expect(text).toContain('IE モードのサイト一覧から外す');
          expect(text.indexOf('This page does not work in this browser')).toBeGreaterThan(text.indexOf(host));
          expect(await page.locator('#page-address').textContent()).toBe(`${url}${path}`);
          // The page's own form is hidden, and its bundle never requested.
          expect(await page.locator('body > :visible').count()).toBe(1);
          expect(bundles(scripts)).toEqual([]);
          expect(errors).toEqual([]);
          if (kind === 'trident') {
            fs.mkdirSync('test-results', { recursive: true });
            await page.screenshot({
              path: `test-results/legacy-browser${path.replace('/', '-') || '-'}.png`,
            });
          }
          await close();
        }
      });
    }

    it('Chromium Edge ("Edg/") and Chromium itself: the check loads the hashed bundle and the page works', async () => {
      const edgeChromium =
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
      for (const userAgent of [undefined, edgeChromium]) {
        const drop = await open('/', userAgent);
        // The strategy list is filled by the bundle.
        await expect
          .poll(() => drop.page.locator('#strategy option').count(), { timeout: 15_000 })
          .toBeGreaterThan(0);
        expect(bundles(drop.scripts)).toHaveLength(1);
        expect(await drop.page.locator('#unsupported-browser').count()).toBe(0);
        expect(drop.errors).toEqual([]);
        await drop.close();
        const consolePage = await open('/console', userAgent);
        await expect
          .poll(() => consolePage.page.locator('#root > *').count(), { timeout: 15_000 })
          .toBeGreaterThan(0);
        expect(bundles(consolePage.scripts)).toHaveLength(1);
        expect(consolePage.errors).toEqual([]);
        await consolePage.close();
      }
    });
  },
);
