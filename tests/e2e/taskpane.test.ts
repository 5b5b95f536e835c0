import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeExcel } from '../../addin/src/excel/fake-host';
import { MARKER_FORMULA } from '../../addin/src/excel/office-adapter';
import { readTemplateKeys, readWorkbook } from '#shared';
import { kpiSheet } from '../fixtures/kpi-cells';
import { forDepartment, seedKpiTable, type FixtureGoal } from '../fixtures/kpi-seed';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';
import { buildFakeOffice } from './support/fake-office';

const DEPARTMENT = '商業労政課';
const CYCLE = 'kpi-2024';
const SHOTS = 'test-results';

/**
 * A department's whole part of the seed KPI table (every KPI the strategy assigns it). The cycle
 * (FY2015) wants each KPI's 2015 実績値: where the seed's latest result is of another period, the
 * department's row says the figure is being collected (`…`).
 */
function departmentTable(department: string, collecting: string): FixtureGoal[] {
  const goals = structuredClone(seedKpiTable.map((g) => forDepartment(g, department)));
  const own = goals.filter((g) => g.policies.length > 0);
  const kpi = own
    .flatMap((g) => g.policies.flatMap((p) => p.items.flatMap((i) => i.kpis)))
    .find((k) => k.name === collecting)!;
  kpi.rows[1] = ['実績値', 'H27年度', '…'];
  return own;
}

/** 商業労政課's part of the seed KPI table, with two of the mistakes clerks make. */
function workbookWithMistakes() {
  const goals = departmentTable(DEPARTMENT, '・実践型地域雇用創造事業による雇用創出数');
  const support = goals[0]!.policies[0]!.items[0]!;
  support.label = 'ア 地域経済を支える中小企業・小規模事業者支援'; // の dropped: not in the strategy
  support.kpis[0]!.rows[1]![2] = '365件'; // the unit typed into 数値
  return kpiSheet(goals);
}

/** The fake's current values as the .xlsx that getFileAsync gives in Excel. */
async function toXlsx(sheets: { name: string; cells: Record<string, string | number | boolean | null> }[]) {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const [address, value] of Object.entries(s.cells)) ws.getCell(address).value = value;
  }
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe.skipIf(!chromiumAvailable)(
  'task pane in a fake Excel (ExcelApi 1.7), against a live service',
  () => {
    let svc: TestService;
    let server: Server;
    let port: number;
    let browser: Browser;
    let fakeOffice: string;
    let token: string;

    const listen = (at: number) =>
      new Promise<void>((resolve) => {
        server = svc.app.listen(at, '127.0.0.1', () => {
          port = (server.address() as AddressInfo).port;
          resolve();
        });
      });
    const stop = () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });

    beforeAll(async () => {
      svc = await startTestService();
      await listen(0);
      token = await svc.departmentToken(DEPARTMENT, 'kushiro-1');
      const res = await fetch(`http://127.0.0.1:${port}/api/cycles`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${svc.adminToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: CYCLE, kind: 'kpi', fiscalYear: 2015, strategyId: 'kushiro-1' }),
      });
      expect(res.status).toBe(201);
      fakeOffice = await buildFakeOffice();
      browser = await launchChromium();
      fs.mkdirSync(SHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      if (server?.listening) await stop();
      await svc?.close();
    });

    async function openPane({
      viewport = { width: 380, height: 900 },
      deviceScaleFactor = 1,
      apiVersion = '1.10',
      withFile = true,
      sheet = workbookWithMistakes(),
      syncDelayMs = 0,
      opensWorkbooks = true,
    } = {}): Promise<Page> {
      const context = await browser.newContext({ viewport, deviceScaleFactor, locale: 'ja-JP' });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      (page as unknown as { errors: string[] }).errors = errors;
      // The fake Excel replaces office.js: outside Office the real one cannot run Excel.run.
      await page.route('**/office-js/office.js', (r) =>
        r.fulfill({ contentType: 'text/javascript', body: '/* Office host provided by the test */' }),
      );
      await page.exposeFunction('__buildXlsx', toXlsx);
      const config = { apiVersion, sheets: [sheet], withFile, syncDelayMs, opensWorkbooks };
      await page.addInitScript({
        content: `window.__FAKE_EXCEL_CONFIG__ = ${JSON.stringify(config)};\n${fakeOffice}`,
      });
      await page.goto(`http://127.0.0.1:${port}/addin/taskpane.html`);
      return page;
    }

    const counts = (page: Page) => page.getByTestId('counts').textContent();
    const fake = <T>(page: Page, fn: string) => page.evaluate<T>(`(${fn})(window.__fakeExcel)`);

    it('shows findings, jumps to cells, re-checks edits live, submits, queues offline and delivers once', async () => {
      const page = await openPane();
      // The department pastes its token once and picks the cycle; the cycle's strategy definition
      // then comes from the service (cached for offline use) and the book is checked against it.
      await page.getByTestId('token').fill(token);
      await page.getByTestId('cycle').fill(CYCLE);
      await page.getByTestId('save-settings').click();
      await expect
        .poll(() => page.getByTestId('strategy').textContent(), { timeout: 15_000 })
        .toContain('サービスから取得');
      expect(await page.evaluate(() => localStorage.getItem('sousei.strategy'))).toContain(
        '"id":"kushiro-1"',
      );
      await expect.poll(() => counts(page), { timeout: 15_000 }).toBe('エラー 2 ・ 警告 0 ・ 情報 0');
      await expect
        .poll(() => page.getByTestId('template').first().textContent(), { timeout: 15_000 })
        .toContain(
          'シート「KPI」を KPI表 として認識: 施策体系 A列, 重要業績評価指標(KPI) B列, 区分 C列, 年・年度 D列, 数値 E列, 単位 F列, 所管部署 G列',
        );
      const findings = page.getByTestId('finding');
      expect(await findings.count()).toBe(2);
      const itemFinding = page.locator('[data-testid=finding][data-rule="hierarchy.unknown-item"]');
      const valueFinding = page.locator('[data-testid=finding][data-rule="value.not-number"]');
      expect(await itemFinding.textContent()).toContain(
        '「ア 地域経済を支える中小企業・小規模事業者支援」は施策体系にありません',
      );
      expect(await itemFinding.textContent()).toContain(
        '修正案: ア 地域経済を支える中小企業・小規模事業者の支援',
      );
      const valueCell = (await valueFinding.getAttribute('data-cell'))!;
      const itemCell = (await itemFinding.getAttribute('data-cell'))!;

      // Markers: the add-in's own conditional formats, next to the clerk's rule.
      const rules = await fake<{ formula: string; address: string }[]>(
        page,
        '(x) => x.sheet("KPI").conditionalFormats',
      );
      expect(
        rules
          .filter((r) => r.formula === MARKER_FORMULA)
          .map((r) => r.address)
          .sort(),
      ).toEqual([itemCell, valueCell].sort());
      expect(rules.filter((r) => r.formula !== MARKER_FORMULA)).toHaveLength(1);

      // Keyboard: focus the cell button and press Enter → Excel's selection moves there.
      await valueFinding.getByTestId('goto').focus();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => fake(page, '(x) => x.selection'), { timeout: 15_000 })
        .toEqual({ sheet: 'KPI', address: valueCell });
      await itemFinding.getByTestId('goto').click();
      await expect
        .poll(() => fake(page, '(x) => x.selection'), { timeout: 15_000 })
        .toEqual({ sheet: 'KPI', address: itemCell });
      await page.screenshot({ path: `${SHOTS}/taskpane-findings.png`, fullPage: true });

      // Submitting is not possible while errors remain.
      expect(await page.getByTestId('submit').isDisabled()).toBe(true);

      // The clerk fixes the value in Excel: only that row is re-read and re-checked.
      const syncsBefore = await fake<number>(page, '(x) => x.syncCount');
      await fake(page, `(x) => x.edit('KPI', '${valueCell}', 365)`);
      await expect.poll(() => counts(page), { timeout: 10_000 }).toBe('エラー 1 ・ 警告 0 ・ 情報 0');
      expect(
        Number(await page.getByTestId('check-status').getAttribute('data-rechecks')),
      ).toBeGreaterThanOrEqual(1);
      // One sync reads the changed row; the markers: the sheet list, the look (protection, rules), the custom
      // rules' formulas (ours are found by formula), one write.
      expect((await fake<number>(page, '(x) => x.syncCount')) - syncsBefore).toBe(1 + 4);

      // Apply the suggestion: one write into the cell, then the re-check clears the last error.
      await itemFinding.getByTestId('apply').click();
      await expect.poll(() => counts(page), { timeout: 10_000 }).toBe('エラー 0 ・ 警告 0 ・ 情報 0');
      expect(await fake(page, `(x) => x.value('KPI', '${itemCell}')`)).toBe(
        'ア 地域経済を支える中小企業・小規模事業者の支援',
      );
      expect(
        (await fake<{ formula: string }[]>(page, '(x) => x.sheet("KPI").conditionalFormats')).length,
      ).toBe(1);

      // Submit: the workbook itself (getFileAsync slices), re-validated by the service.
      await expect.poll(() => page.getByTestId('submit').isEnabled(), { timeout: 15_000 }).toBe(true);
      await page.getByTestId('submit').click();
      const result = page.getByTestId('result');
      await expect.poll(() => result.getAttribute('data-version'), { timeout: 15_000 }).toBe('1');
      expect(await result.textContent()).toContain('提出しました(版 1)');
      expect(await result.textContent()).toContain('ブック(.xlsx)として送信');
      await page.screenshot({ path: `${SHOTS}/taskpane-submitted.png`, fullPage: true });

      // The planning office returns version 1 (差し戻し) with a comment and a cell note.
      const [v1] = await svc.store.listSubmissions(CYCLE, DEPARTMENT);
      const returned = await fetch(
        `http://127.0.0.1:${port}/api/cycles/${CYCLE}/submissions/${v1!.id}/return`,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${svc.adminToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            comment: '実績値の出典を確認してください',
            notes: [{ cell: valueCell, message: '決算値ですか' }],
          }),
        },
      );
      expect(returned.status).toBe(201);

      // The service goes away: the next submission is kept and the pane says so.
      await stop();
      await page.getByTestId('submit').click();
      const queued = page.getByTestId('queued');
      await expect.poll(() => queued.textContent(), { timeout: 15_000 }).toMatch(/秒後に再送/);
      expect(await queued.textContent()).toContain(
        'サービスに接続できません。提出 1 件をこのパソコンに保存し、自動で再送します',
      );
      const stored = await page.evaluate(
        () => JSON.parse(localStorage.getItem('sousei.queue') ?? '[]').length,
      );
      expect(stored).toBe(1);
      await page.screenshot({ path: `${SHOTS}/taskpane-queued.png`, fullPage: true });

      // The service comes back on the same address: the queued submission goes out by itself, once,
      // and the answer carries the 差し戻し of version 1.
      await listen(port);
      await expect
        .poll(() => result.getAttribute('data-version'), { timeout: 30_000, interval: 500 })
        .toBe('2');
      await queued.waitFor({ state: 'detached' });
      expect(await page.evaluate(() => localStorage.getItem('sousei.queue'))).toBeNull();
      expect(await page.getByTestId('returned').textContent()).toContain(
        `差し戻し (版 1): 実績値の出典を確認してください${valueCell}: 決算値ですか`,
      );
      await page.screenshot({ path: `${SHOTS}/taskpane-delivered-after-queue.png`, fullPage: true });

      // The answer is lost on the way back although the service stored the submission: the retry
      // carries the same Idempotency-Key and gets the stored version back, not a new one.
      let posts = 0;
      await page.route('**/api/cycles/*/submissions', async (route) => {
        if (posts++ > 0) return route.continue();
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.getByTestId('submit').click();
      await expect
        .poll(() => result.getAttribute('data-version'), { timeout: 30_000, interval: 500 })
        .toBe('3');
      expect(posts).toBe(2);
      const versions = await svc.store.listSubmissions(CYCLE, DEPARTMENT);
      expect(versions.map((v) => `${v.version} ${v.source}`).sort()).toEqual(['1 xlsx', '2 xlsx', '3 xlsx']);
      expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    });

    it.each(['1.1', '1.7', '1.9'])(
      'ExcelApi %s (below 1.10): says what is missing, links to the browser page, never touches the workbook',
      async (apiVersion) => {
        const sheet = workbookWithMistakes();
        const page = await openPane({ apiVersion, sheet });
        const box = page.getByTestId('unsupported');
        await box.waitFor({ timeout: 15_000 });
        const text = (await box.textContent())!;
        expect(text).toContain(
          `この Excel (ExcelApi ${apiVersion}) では作業ウィンドウを使えません。ExcelApi 1.10 以上が必要です`,
        );
        expect(text.indexOf('ExcelApi 1.10 以上')).toBeLessThan(text.indexOf('needs ExcelApi 1.10'));
        expect(await box.locator('a').getAttribute('href')).toBe(`http://127.0.0.1:${port}/`);
        // Not one Excel call: the clerk's formats and rules are exactly as they were.
        expect(await fake(page, '(x) => x.syncCount')).toBe(0);
        expect(await fake(page, '(x) => x.formats("KPI")')).toEqual(
          new FakeExcel({ apiVersion, sheets: [sheet] }).formats('KPI'),
        );
        expect(await page.getByTestId('counts').count()).toBe(0);
        expect((page as unknown as { errors: string[] }).errors).toEqual([]);
      },
    );

    it('「様式をダウンロード」 opens the department’s template in Excel, or gives it as a link where Excel cannot', async () => {
      for (const opensWorkbooks of [true, false]) {
        const page = await openPane({ opensWorkbooks });
        await page.getByTestId('token').fill(token);
        await page.getByTestId('cycle').fill(CYCLE);
        await page.getByTestId('save-settings').click();
        await page.getByTestId('template-download').click();
        const result = page.getByTestId('template-download-result');
        if (opensWorkbooks) {
          await expect
            .poll(() => result.textContent(), { timeout: 15_000 })
            .toContain('様式を新しいブックで開きました');
          const opened = await fake<string[]>(page, '(x) => x.openedWorkbooks');
          expect(opened).toHaveLength(1);
          const read = readWorkbook(Uint8Array.from(Buffer.from(opened[0]!, 'base64')));
          expect(read.ok && read.snapshot.sheets.map((s) => s.name)).toEqual([
            'KPI表',
            'sousei_lists',
            'sousei_keys',
          ]);
          const keys = read.ok ? readTemplateKeys(read.snapshot) : null;
          expect(keys?.cycle).toBe(CYCLE);
          expect(new Set(keys?.keys.map((k) => k.department))).toEqual(new Set([DEPARTMENT]));
        } else {
          await expect
            .poll(() => result.textContent(), { timeout: 15_000 })
            .toContain('リンクから保存してください');
          const link = page.getByTestId('template-download-link');
          expect(await link.getAttribute('download')).toBe(`${CYCLE}-${DEPARTMENT}.xlsx`);
          const download = page.waitForEvent('download');
          await link.click();
          const saved = fs.readFileSync(await (await download).path());
          const read = readWorkbook(new Uint8Array(saved));
          expect(read.ok && readTemplateKeys(read.snapshot)?.cycle).toBe(CYCLE);
        }
        await page.screenshot({
          path: `${SHOTS}/taskpane-template-${opensWorkbooks ? 'opened' : 'link'}.png`,
        });
        expect((page as unknown as { errors: string[] }).errors).toEqual([]);
        await page.context().close();
      }
    });

    it('where getFileAsync fails: markers cleared after the fix, re-check, rows sent as JSON', async () => {
      const department = '産業推進室';
      const goals = departmentTable(department, '・食料品製造業粗付加価値額');
      goals[0]!.policies[0]!.items[0]!.kpis[0]!.rows[0]![2] = '972,848円';
      const page = await openPane({ withFile: false, sheet: kpiSheet(goals) });
      await page.getByTestId('token').fill(await svc.departmentToken(department, 'kushiro-1'));
      await page.getByTestId('cycle').fill(CYCLE);
      await page.getByTestId('save-settings').click();
      await expect
        .poll(() => page.getByTestId('strategy').textContent(), { timeout: 15_000 })
        .toContain('サービスから取得');
      // The unreadable 現状値 is also not the strategy's baseline (kpi-schema.baseline-changed, a warning).
      await expect.poll(() => counts(page), { timeout: 15_000 }).toBe('エラー 1 ・ 警告 1 ・ 情報 0');
      const cell = (await page
        .locator('[data-testid=finding][data-rule="value.not-number"]')
        .getAttribute('data-cell'))!;
      expect(
        await page
          .locator('[data-testid=finding][data-rule="kpi-schema.baseline-changed"]')
          .getAttribute('data-cell'),
      ).toBe(cell);
      const ours = () =>
        fake<{ address: string; fill: string }[]>(
          page,
          `(x) => x.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === ${JSON.stringify(MARKER_FORMULA)})`,
        );
      expect((await ours()).map((cf) => [cf.address, cf.fill])).toEqual([[cell, '#FFC7CE']]);

      await fake(page, `(x) => x.edit('KPI', '${cell}', 972848)`);
      await page.getByRole('button', { name: '再検証' }).click();
      await expect.poll(() => counts(page), { timeout: 10_000 }).toBe('エラー 0 ・ 警告 0 ・ 情報 0');
      // The cell's marker is gone; its own formatting never changed.
      expect(await ours()).toEqual([]);
      expect(await fake(page, `(x) => x.cell('KPI', '${cell}').fill ?? null`)).toBeNull();

      await page.getByTestId('submit').click();
      const result = page.getByTestId('result');
      await expect.poll(() => result.getAttribute('data-version'), { timeout: 15_000 }).toBe('1');
      expect(await result.textContent()).toContain('表の行(JSON)として送信');
      const versions = await svc.store.listSubmissions(CYCLE, department);
      expect(versions.map((v) => `${v.version} ${v.source}`)).toEqual(['1 json']);
      await page.screenshot({ path: `${SHOTS}/taskpane-json.png`, fullPage: true });
      // English is one click away (and remembered).
      await page.getByRole('button', { name: '表示言語を英語に切り替える' }).click();
      expect(await counts(page)).toBe('Errors 0 · Warnings 0 · Info 0');
      expect(await result.textContent()).toContain('Submitted (version 1)');
      expect(await page.evaluate(() => localStorage.getItem('sousei.settings'))).toContain('"lang":"en"');
    });

    it('on a protected sheet: the findings listed with the reason, no marker written, no suggestion offered to apply', async () => {
      const page = await openPane({ sheet: { ...workbookWithMistakes(), protected: true } });
      await page.getByTestId('finding').first().waitFor({ timeout: 15_000 });
      await expect.poll(() => counts(page), { timeout: 15_000 }).toMatch(/^エラー [1-9]/);
      await expect.poll(() => page.getByText('保護').first().isVisible(), { timeout: 15_000 }).toBe(true);
      expect(await page.getByTestId('apply').count()).toBe(0);
      expect(
        await fake<number>(
          page,
          '(x) => x.sheet("KPI").conditionalFormats.filter((cf) => cf.formula.includes("sousei-sync")).length',
        ),
      ).toBe(0);
    });

    it('stays readable without horizontal scrolling at 200% zoom', async () => {
      // A 380 px pane at 200%: half the CSS pixels, twice the device pixels.
      const page = await openPane({ viewport: { width: 190, height: 900 }, deviceScaleFactor: 2 });
      await page.getByTestId('finding').first().waitFor({ timeout: 15_000 });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      await page.screenshot({ path: `${SHOTS}/taskpane-200pct.png`, fullPage: true });
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((e) => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
          .slice(0, 5),
      );
      expect(wide).toEqual([]);
      expect(overflow).toBeLessThanOrEqual(0);
    });

    it('does not move the findings while a pass is reading', async () => {
      // Each sync takes a while here, so the pane can be looked at in the middle of a pass.
      const page = await openPane({ syncDelayMs: 500 });
      await page.getByTestId('finding').first().waitFor({ timeout: 15_000 });
      await expect
        .poll(() => page.getByTestId('check-status').textContent(), { timeout: 15_000 })
        .toContain('に検証');
      const where = () => page.locator('#findings-h').boundingBox();
      const before = await where();
      await page.getByRole('button', { name: '再検証' }).click();
      await expect
        .poll(() => page.getByTestId('check-status').textContent(), { timeout: 15_000 })
        .toContain('読み込み中');
      const during = await where();
      // Still in the middle of the pass when measured.
      expect(await page.getByTestId('check-status').textContent()).toContain('読み込み中');
      await expect
        .poll(() => page.getByTestId('check-status').textContent(), { timeout: 15_000 })
        .toContain('に検証');
      expect(during).toEqual(before);
      expect(await where()).toEqual(before);
    });
  },
);
