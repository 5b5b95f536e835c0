import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { readTemplateKeys, readXlsx } from '#shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';

describe.skipIf(!chromiumAvailable)('status page at /status (admin token)', () => {
  let svc: TestService;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    svc = await startTestService();
    url = await svc.listen();
    browser = await launchChromium();
    const admin = { Authorization: `Bearer ${svc.adminToken}`, 'Content-Type': 'application/json' };
    await fetch(`${url}/api/cycles`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ id: 'kpi-2016', fiscalYear: 2015, strategyId: 'kushiro-1' }),
    });
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const book = await buildKpiWorkbook([forDepartment(goal1, '水産課')]);
    for (let i = 0; i < 2; i++) {
      await fetch(`${url}/api/cycles/kpi-2016/submissions`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: new Uint8Array(book),
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  it('shows a wrong token’s error, then departments × status with a progress bar and version links', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/status`);
    await page.fill('#token', 'ss_wrongwrongwrongwrongwrong');
    await page.click('button[type=submit]');
    await expect.poll(() => page.textContent('#message')).toContain('認証が必要です');

    await page.fill('#token', svc.adminToken);
    await page.click('button[type=submit]');
    await page.waitForSelector('#rows tr');
    expect(await page.textContent('#count')).toBe('1 / 23 部署が提出済み / departments submitted');
    expect(await page.getAttribute('#progress', 'value')).toBe('1');
    const fisheries = page.locator('#rows tr', { hasText: '水産課' });
    expect(await fisheries.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['水産課', '提出済み', 'v2', '0 / 0', 'v1v2']),
    );
    const missing = page.locator('#rows tr.missing');
    expect(await missing.count()).toBe(22);
    const download = page.waitForEvent('download');
    await fisheries.locator('a', { hasText: 'v1' }).click();
    expect((await download).suggestedFilename()).toBe('v1.xlsx');
    // Each department's template, and every department's in one zip.
    const template = page.waitForEvent('download');
    await fisheries.locator('a', { hasText: '様式' }).click();
    const saved = await template;
    expect(saved.suggestedFilename()).toBe('kpi-2016-水産課.xlsx');
    const read = readXlsx(new Uint8Array(fs.readFileSync(await saved.path())));
    expect(read.ok && readTemplateKeys(read.snapshot)?.keys.every((k) => k.department === '水産課')).toBe(
      true,
    );
    const zip = page.waitForEvent('download');
    await page.click('#templates');
    expect((await zip).suggestedFilename()).toBe('templates-kpi-2016.zip');
    await page.close();
  });
});
