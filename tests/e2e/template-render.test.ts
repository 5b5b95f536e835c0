import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies } from '#shared';
import { generateTemplate } from '../../service/src/templates/generate';
import { openWorkbook } from '../fixtures/template-fill';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { sheetHtml } from '../support/sheet-html';

/**
 * A generated KPI表 drawn in Chromium as Excel lays it out (merged areas, shaded input cells, section
 * rows): what the README's screenshot shows (test-results/kpi-template.png, copied to docs/images/).
 */
describe.skipIf(!chromiumAvailable)('a generated KPI表 rendered in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('shows the header, the numbered section rows and one shaded input cell per 実績値', async () => {
    const strategy = bundledStrategies.get('kushiro-1')!;
    const cycle = {
      id: 'kpi-2016',
      kind: 'kpi' as const,
      fiscalYear: 2016,
      strategyId: strategy.id,
      strategyVersion: 1,
      deadline: null,
      closedAt: null,
      expectedDepartments: null,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const wb = await openWorkbook(await generateTemplate(strategy, cycle, '商業労政課'));
    const ws = wb.getWorksheet('KPI表')!;
    const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.setContent(sheetHtml(ws, 24));
    const texts = await page.locator('td').allTextContents();
    expect(texts).toEqual(
      expect.arrayContaining([
        '施策体系',
        '重要業績評価指標(KPI)',
        '【基本目標1】地域経済のプラス成長と雇用の創出を図る',
        '④ 中小企業・小規模事業者の競争力の強化',
        '制度融資新規利用件数',
      ]),
    );
    const shaded = await page.locator('td[style*="background:#FFF8DC"]').count();
    const actuals = texts.filter((t) => t === '実績値').length;
    expect([shaded, actuals > 0]).toEqual([actuals, true]);
    fs.mkdirSync('test-results', { recursive: true });
    await page.locator('table').screenshot({ path: 'test-results/kpi-template.png' });
  });
});
