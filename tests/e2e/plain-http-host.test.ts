import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';

/**
 * A city hall serves the pages over plain HTTP under the server's name (not localhost, which browsers
 * treat as secure anyway): the pages must render, i.e. the CSP must not upgrade their scripts to HTTPS.
 */
describe.skipIf(!chromiumAvailable)('pages over plain HTTP on a host name other than localhost', () => {
  let svc: TestService;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startTestService();
    const port = new URL(await svc.listen()).port;
    origin = `http://sousei.test:${port}`;
    browser = await launchChromium(['--host-resolver-rules=MAP sousei.test 127.0.0.1']);
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('the drop page at / runs its script (the strategy list is filled)', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.goto(`${origin}/`);
    await page.waitForSelector('#strategy option', { state: 'attached' });
    expect(await page.locator('#strategy option').count()).toBeGreaterThan(0);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('the console at /console runs its script (a wrong token is answered on the page)', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    // The old page's address lands there too.
    await page.goto(`${origin}/status`);
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.getByTestId('admin-token').fill('ss_wrongwrongwrongwrongwrong');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('認証が必要です');
    expect(failed).toEqual([]);
    await page.close();
  });
});
