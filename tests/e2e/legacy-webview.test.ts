import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiSheet } from '../fixtures/kpi-cells';
import { goal1Complete } from '../fixtures/kpi-seed';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';
import { buildFakeOffice } from './support/fake-office';

/** Office 2016/2019 volume-licensed: Internet Explorer 11's user agent (Trident). */
const TRIDENT_UA = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
/** Office 2016/2019 retail without WebView2: Microsoft Edge Legacy 18 (EdgeHTML). */
const EDGE_HTML_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';

describe.skipIf(!chromiumAvailable)('task pane on the webviews the bundle cannot run in', () => {
  let svc: TestService;
  let url: string;
  let browser: Browser;
  let fakeOffice: string;

  beforeAll(async () => {
    svc = await startTestService();
    url = await svc.listen();
    fakeOffice = await buildFakeOffice();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  /** The task pane as Excel opens it, in a fake Excel, with this user agent (undefined: Chromium's own). */
  async function openPane(userAgent: string | undefined) {
    const context = await browser.newContext({
      userAgent,
      locale: 'ja-JP',
      viewport: { width: 380, height: 800 },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    const scripts: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.route('**/office-js/office.js', (r) =>
      r.fulfill({ contentType: 'text/javascript', body: '/* Office host provided by the test */' }),
    );
    const config = {
      apiVersion: '1.10',
      sheets: [kpiSheet([goal1Complete])],
      withFile: false,
      syncDelayMs: 0,
    };
    await page.addInitScript({
      content: `window.__FAKE_EXCEL_CONFIG__ = ${JSON.stringify(config)};\n${fakeOffice}`,
    });
    await page.goto(`${url}/addin/taskpane.html`);
    return { page, errors, scripts, close: () => context.close() };
  }

  const paneBundle = (scripts: string[]) =>
    scripts.filter((s) => /^\/addin\/taskpane\.[0-9a-f]{12}\.js$/.test(s));

  async function expectMessage(page: Page, host: string) {
    const box = page.locator('#unsupported-webview');
    await box.waitFor({ timeout: 10_000 });
    const text = (await box.textContent()) ?? '';
    // Japanese first, naming the host, then English.
    expect(text.indexOf('この Excel ではアドインを実行できません')).toBe(0);
    expect(text).toContain(`この Excel はアドインを ${host} で表示しています`);
    expect(text.indexOf('The add-in cannot run in this Excel')).toBeGreaterThan(text.indexOf(host));
    expect(text).toContain('Microsoft 365、Office 2021 以降');
    expect(text).toContain('課のトークンでサインインして提出できます');
    // The link: the drop page of this same service, opened outside the webview.
    const link = page.locator('#browser-page-link');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(`${url}/`);
    expect(await link.textContent()).toBe(`${url}/`);
  }

  it('Trident (Office 2016/2019 volume-licensed): the message and the link, and the bundle is never loaded', async () => {
    const { page, errors, scripts, close } = await openPane(TRIDENT_UA);
    await expectMessage(page, 'Internet Explorer 11 (Trident)');
    expect(await page.locator('#unsupported-webview').getAttribute('data-webview')).toBe('trident');
    expect(scripts.some((s) => /^\/addin\/bootstrap\.[0-9a-f]{12}\.js$/.test(s))).toBe(true);
    expect(paneBundle(scripts)).toEqual([]);
    // Nothing of the pane rendered: its root holds only the message.
    expect(await page.locator('#root > *').count()).toBe(1);
    expect(await page.getByTestId('counts').count()).toBe(0);
    expect(errors).toEqual([]);
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/taskpane-trident.png', fullPage: true });
    await close();
  });

  it('EdgeHTML (Office 2016/2019 retail without WebView2): the message names Edge Legacy', async () => {
    const { page, errors, scripts, close } = await openPane(EDGE_HTML_UA);
    await expectMessage(page, 'Microsoft Edge 旧版 (EdgeHTML)');
    expect(await page.locator('#unsupported-webview').getAttribute('data-webview')).toBe('edgeHtml');
    expect(paneBundle(scripts)).toEqual([]);
    expect(await page.getByTestId('counts').count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });

  it('Chromium Edge ("Edg/") and Chromium itself: the bootstrap loads the hashed bundle and the pane renders', async () => {
    const edgeChromium =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80';
    for (const userAgent of [undefined, edgeChromium]) {
      const { page, errors, scripts, close } = await openPane(userAgent);
      await expect
        .poll(() => page.getByTestId('counts').textContent(), { timeout: 15_000 })
        .toMatch(/^エラー \d+ ・ 警告 \d+ ・ 情報 \d+$/);
      expect(paneBundle(scripts)).toHaveLength(1);
      expect(await page.locator('#unsupported-webview').count()).toBe(0);
      expect(errors).toEqual([]);
      await close();
    }
  });
});
