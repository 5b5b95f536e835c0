import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1Complete, type FixtureGoal } from '../fixtures/kpi-seed';
import { buildKpiXlsx, kpiGoalsOfSize } from '../fixtures/kpi-xml-book';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';

describe.skipIf(!chromiumAvailable)('browser page at / (drop an .xlsx, see the findings)', () => {
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

  /** Drops a file on the drop zone the way a clerk's drag from Explorer does (a DataTransfer drop event). */
  async function drop(page: import('playwright-core').Page, name: string, bytes: Buffer) {
    await page.evaluate(
      ({ name, base64 }) => {
        const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(
          new File([data], name, {
            type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          }),
        );
        document
          .getElementById('drop')!
          .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      },
      { name, base64: bytes.toString('base64') },
    );
  }

  it('shows a finding for a mistyped item, with its cell and suggestion', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/`);
    // The bundled definitions are offered with the 2nd period as the default; this is a 1st-period sheet.
    expect(await page.locator('#strategy').inputValue()).toBe('kushiro-2');
    expect(
      await page
        .locator('#strategy option')
        .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual(['kushiro-2', 'kushiro-1']);
    await page.selectOption('#strategy', 'kushiro-1');
    // 基本目標1 whole: every KPI of the items it lists is there, so the mistyped item is the only finding.
    const broken = structuredClone(goal1Complete);
    broken.policies[0]!.items[1]!.label = 'イ 生産基盤の強化による農業振興';
    await drop(page, 'kpi.xlsx', await buildKpiWorkbook([broken]));
    const finding = page.locator('.finding.error').first();
    await finding.waitFor({ timeout: 15_000 });
    expect(await page.locator('.summary').textContent()).toBe('エラー 1 件・警告 0 件・情報 0 件');
    expect(await finding.locator('.cell').textContent()).toBe('A9');
    expect(await finding.locator('.message').textContent()).toContain(
      '「イ 生産基盤の強化による農業振興」は施策体系にありません',
    );
    expect(await finding.locator('.suggestion').textContent()).toBe(
      '修正案: イ 生産基盤の強化による農業の振興',
    );
    // Against the 2nd-period default the same sheet's 1st-period items are unknown.
    await page.selectOption('#strategy', 'kushiro-2');
    await page.waitForFunction(() => document.querySelectorAll('.finding.error').length > 1);
    await page.selectOption('#strategy', 'kushiro-1');
    await page.waitForFunction(() => document.querySelectorAll('.finding.error').length === 1);
    fs.mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/drop-page.png', fullPage: true });
    expect(errors).toEqual([]);
  });

  it('checks against a municipality’s own definition loaded from a JSON file, and keeps it for next time', async () => {
    // One browser profile (context) for both visits: what the page keeps lives in its localStorage.
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/`);
    // A broken definition is refused with the loader's Japanese reasons; nothing is added.
    await page.setInputFiles('#definition', {
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"schemaVersion": 2, "id": "x"}'),
    });
    await page.locator('.notice.error').waitFor();
    expect(await page.locator('.notice.error').textContent()).toContain(
      'broken.json は施策体系の定義として読み込めません',
    );
    // The loader's reasons are listed, each in Japanese first.
    expect(await page.locator('.notice.error li').count()).toBeGreaterThan(0);
    expect(await page.locator('#strategy option').count()).toBe(2);

    await page.setInputFiles('#definition', {
      name: 'kakuu-town.json',
      mimeType: 'application/json',
      buffer: fs.readFileSync('tests/fixtures/kakuu-town.json'),
    });
    await page.locator('.notice.ok').waitFor();
    expect(await page.locator('#strategy').inputValue()).toBe('own:kakuu-town');
    const town = (item: string): FixtureGoal[] => [
      {
        label: '第一章 しごとをつくる',
        policies: [
          {
            label: '(2) 観光',
            items: [
              {
                label: item,
                kpis: [
                  {
                    name: '観光入込客数',
                    unit: '万人',
                    department: '観光交流課',
                    rows: [
                      ['現状値', 'R6年度', '12'],
                      ['実績値', 'R7年度', '13.5'],
                      ['指標値', 'R11年度', '15'],
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ];
    await drop(page, 'town.xlsx', await buildKpiWorkbook(town('ア 観光客の誘致')));
    await page.locator('.summary').waitFor({ timeout: 15_000 });
    expect(await page.locator('.summary').textContent()).toBe('エラー 0 件・警告 0 件・情報 0 件');

    // The next visit still offers it, selected; a mistyped item is found against the town's items.
    await page.close();
    const again = await context.newPage();
    await again.goto(`${url}/`);
    expect(await again.locator('#strategy').inputValue()).toBe('own:kakuu-town');
    await drop(again, 'town.xlsx', await buildKpiWorkbook(town('ア 観光客誘致')));
    const finding = again.locator('.finding.error').first();
    await finding.waitFor({ timeout: 15_000 });
    expect(await finding.locator('.suggestion').textContent()).toBe('修正案: ア 観光客の誘致');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads and checks a 10,000-row KPI表 in a Web Worker, showing progress, then the findings', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${url}/`);
    await page.selectOption('#strategy', 'kushiro-1');
    await drop(page, 'kpi-10k.xlsx', buildKpiXlsx(kpiGoalsOfSize(10_000)));
    await page.locator('.summary').waitFor({ timeout: 120_000 });
    expect(workers.some((w) => w.endsWith('/web/check-worker.js'))).toBe(true);
    // The findings are added 150 per task after the first ones: all of them end up listed.
    const counted = (await page.locator('.summary').textContent())!.match(/\d+/g)!.map(Number);
    const total = counted.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(300); // more than one task adds (150)
    await page.waitForFunction((n) => document.querySelectorAll('.finding').length === n, total);
    // Choosing another strategy renders the new report alone: the old one's remaining findings stop.
    await page.selectOption('#strategy', 'kushiro-2');
    await page.waitForFunction((n) => document.querySelector('.summary')?.textContent !== n, counted.join());
    await page.locator('.summary').waitFor();
    const again = (await page.locator('.summary').textContent())!.match(/\d+/g)!.map(Number);
    const againTotal = again.reduce((a, b) => a + b, 0);
    await page.waitForFunction((n) => document.querySelectorAll('.finding').length === n, againTotal);
    await page.waitForTimeout(200);
    expect(await page.locator('.finding').count()).toBe(againTotal);
    expect(errors).toEqual([]);
  }, 180_000);

  it('says so in Japanese when the file is not a workbook', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await drop(page, 'notes.csv', Buffer.from('施策体系,KPI\n'));
    await page.locator('.notice.error').waitFor();
    expect(await page.locator('.notice.error').textContent()).toContain(
      'Excel ブック (.xlsx) ではありません',
    );
  });
});
