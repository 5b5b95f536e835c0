import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  cellAddress,
  rowsOfSheet,
  type WorkbookReport,
  type WorkbookSnapshot,
} from '#shared';
import { installFakeOffice, type FakeSheetInit } from '../../addin/src/excel/fake-host';
import { detectCapabilities, OfficeExcelPort } from '../../addin/src/excel/office-adapter';
import { Checker } from '../../addin/src/taskpane/checker';
import { runCli } from '../../service/src/cli/main';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1Complete, type FixtureGoal } from '../fixtures/kpi-seed';
import { snapshotOf } from '../fixtures/snapshot';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * One KPI table with five KPI-schema mistakes gets the same rule ids at the same cells through the
 * four entry points: `sousei validate` (in process), the browser drop page (Chromium, driven through
 * its UI), the task pane's checker on the fake Office host, and the service (a department's
 * submission to a KPI cycle). 農林課's table of 1st-period ① (kushiro-1):
 *   - 生乳生産量: 指標値 `99,999` where the strategy says `72,174` (kpi-schema.target-changed);
 *   - 野菜出荷量: left out (kpi-schema.missing-kpi, the same list for 農林課 and for the items listed);
 *   - 素材生産量: unit `kg` where the strategy says `m³` (kpi-schema.unit), its 実績値 empty
 *     (kpi-schema.missing-actual);
 *   - 間伐実施面積: invented (kpi-schema.unknown-name).
 */

const kushiro1 = bundledStrategies.get('kushiro-1')!;

function table(): FixtureGoal {
  const policy = structuredClone(goal1Complete.policies[0]!);
  const items = policy.items.filter((i) => i.label.startsWith('イ') || i.label.startsWith('ウ'));
  const [farming, forestry] = items as [(typeof items)[0], (typeof items)[0]];
  farming.kpis = farming.kpis.filter((k) => k.name.includes('生乳'));
  farming.kpis[0]!.rows[2]![2] = '99,999';
  const timber = forestry.kpis[0]!;
  timber.unit = 'kg';
  // Its 実績値 of the cycle's year (2015) left empty.
  timber.rows[1] = ['実績値', 'H27年', ''];
  forestry.kpis.push({
    name: '・間伐実施面積',
    unit: 'ha',
    department: '農林課',
    rows: [
      ['現状値', 'H26年', '120'],
      ['実績値', 'H27年', '130'],
      ['指標値', 'H31年', '200'],
    ],
  });
  return { label: goal1Complete.label, policies: [{ label: policy.label, items }] };
}

/** A workbook's cells as the fake host's sheets (values in each merged area's first cell, as Office.js reads them). */
function fakeSheets(book: WorkbookSnapshot): FakeSheetInit[] {
  return book.sheets.map((snapshot) => {
    const sheet = rowsOfSheet(snapshot);
    const cells: FakeSheetInit['cells'] = {};
    sheet.values.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value !== null) cells[cellAddress(sheet.startRow + r, sheet.startColumn + c)] = { value };
      }),
    );
    return { name: sheet.name, cells };
  });
}

const keyOf = (f: { rule: string; cell: string | null }) => `${f.rule}@${f.cell ?? '-'}`;
const sorted = (keys: string[]) => [...keys].sort();

describe.skipIf(!chromiumAvailable)('KPI-schema findings are the same at every entry point', () => {
  let svc: TestService;
  let url: string;
  let browser: Browser;
  let bytes: Buffer;
  let book: WorkbookSnapshot;
  let file: string;
  let cli: string[];

  beforeAll(async () => {
    svc = await startTestService();
    url = await svc.listen();
    browser = await launchChromium();
    bytes = await buildKpiWorkbook([table()]);
    book = await snapshotOf(bytes);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parity-')), 'kpi.xlsx');
    fs.writeFileSync(file, bytes);
    // The CLI as `sousei validate kpi.xlsx --strategy kushiro-1 --fiscal-year 2015 --format json` runs it.
    let out = '';
    const code = await runCli(
      ['validate', file, '--strategy', 'kushiro-1', '--fiscal-year', '2015', '--format', 'json'],
      { out: (s) => (out += s), err: () => {} },
    );
    expect(code).toBe(1);
    cli = (JSON.parse(out) as WorkbookReport).sheets.flatMap((s) => s.findings.map(keyOf));
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('the CLI flags each mistake with the right rule at the right cell', () => {
    const rows = rowsOfSheet(book.sheets[0]!).values;
    const rowOf = (name: string) => rows.findIndex((r) => r[1] === name) + 1;
    const milk = rowOf('・生乳生産量');
    const timber = rowOf('・素材生産量');
    expect(sorted(cli)).toEqual(
      sorted([
        `kpi-schema.target-changed@E${milk + 2}`,
        'kpi-schema.missing-kpi@-',
        `kpi-schema.unit@F${timber}`,
        `kpi-schema.missing-actual@E${timber + 1}`,
        `kpi-schema.unknown-name@B${rowOf('・間伐実施面積')}`,
      ]),
    );
  });

  it('the service (農林課 submitting to a FY2015 cycle on kushiro-1) answers the same', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set('Authorization', `Bearer ${svc.adminToken}`)
      .send({ id: 'kpi-2015', kind: 'kpi', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    const token = await svc.departmentToken('農林課', 'kushiro-1');
    const res = await request(svc.app)
      .post('/api/cycles/kpi-2015/submissions')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', XLSX)
      .send(bytes)
      .expect(422);
    expect(sorted(res.body.findings.map(keyOf))).toEqual(sorted(cli));
  });

  it('the task pane (fake Office host, as 農林課 with the FY2015 cycle chosen) answers the same', async () => {
    const globals = globalThis as unknown as Record<string, unknown>;
    try {
      installFakeOffice({ apiVersion: '1.10', sheets: fakeSheets(book) }, globals);
      const checker = new Checker(new OfficeExcelPort(detectCapabilities()), kushiro1);
      await checker.setDepartment('農林課', 2015);
      await checker.check();
      expect(sorted(checker.state.sheets.flatMap((s) => s.findings.map(keyOf)))).toEqual(sorted(cli));
    } finally {
      delete globals.Office;
      delete globals.Excel;
    }
  });

  it('the drop page answers the same', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/`);
    await page.selectOption('#strategy', 'kushiro-1');
    await page.locator('#file').setInputFiles({ name: 'kpi.xlsx', mimeType: XLSX, buffer: bytes });
    await page.locator('.finding').first().waitFor({ timeout: 30_000 });
    const shown = await page
      .locator('li.finding')
      .evaluateAll((items) =>
        items.map((li) => `${(li as HTMLElement).dataset.rule}@${li.querySelector('.cell')!.textContent}`),
      );
    expect(sorted(shown.map((k) => k.replace(/@—$/, '@-')))).toEqual(sorted(cli));
    await page.close();
  });
});
