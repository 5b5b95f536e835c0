import fs from 'node:fs';
import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { kpiSheet } from '../fixtures/kpi-cells';
import { forDepartment, goal1, seedKpiTable } from '../fixtures/kpi-seed';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startTestService, type TestService } from '../support/service';
import { buildFakeOffice } from './support/fake-office';
import { XLSX_TYPE as XLSX } from '#shared/api';

const SHOTS = 'test-results';
const CYCLE = 'kpi-2016';
// Two weeks from today: the board counts down to it.
const DEADLINE = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);

/** 商業労政課's whole part of the seed KPI table, its FY2015 results complete (as the pane test's clean book). */
function commerceBook() {
  const goals = structuredClone(seedKpiTable.map((g) => forDepartment(g, '商業労政課')));
  const own = goals.filter((g) => g.policies.length > 0);
  const kpi = own
    .flatMap((g) => g.policies.flatMap((p) => p.items.flatMap((i) => i.kpis)))
    .find((k) => k.name === '・実践型地域雇用創造事業による雇用創出数')!;
  kpi.rows[1] = ['実績値', 'H27年度', '…'];
  return kpiSheet(own);
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

/**
 * axe-core (a devDependency), injected into the page; in an install without dev dependencies the
 * check is skipped with one line saying so.
 */
const axeScript = (() => {
  try {
    return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    console.warn(
      'axe-core がないためアクセシビリティ検査を省略します / axe-core not installed: accessibility check skipped',
    );
    return null;
  }
})();

const SCREENS = ['status', 'cycles', 'tokens', 'submission', 'conflicts', 'strategy', 'audit'] as const;

describe.skipIf(!chromiumAvailable)('the planning office’s day in the console at /console', () => {
  let svc: TestService;
  let url: string;
  let browser: Browser;
  let fakeOffice: string;

  beforeAll(async () => {
    svc = await startTestService();
    url = await svc.listen();
    browser = await launchChromium();
    fakeOffice = await buildFakeOffice();
    fs.mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${SHOTS}/console-${name}.png`, fullPage: true });
  const tab = async (page: Page, id: string) => {
    await page.getByTestId(`tab-${id}`).click();
  };
  it('definition, cycle, tokens, two submissions, 差し戻し, live resubmission, conflict, workbook, audit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));

    // The old page's address lands on the console.
    await page.goto(`${url}/status`);
    expect(new URL(page.url()).pathname).toBe('/console');

    // Sign-in by keyboard only: Tab to the token field (after the language), type, Enter.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'admin-token',
    );
    await page.keyboard.type('ss_wrongwrongwrongwrongwrong');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('認証が必要です');
    // 水産課 has a token already (issued with `sousei token create`): the bulk issue skips it.
    const fisheries = await svc.departmentToken('水産課', 'kushiro-1');
    await page.getByTestId('admin-token').fill(fisheries);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('管理者トークンが必要です');
    await shot(page, 'sign-in');
    await page.getByTestId('admin-token').fill(svc.adminToken);
    await page.keyboard.press('Enter');
    await page.getByText('報告サイクルがありません').waitFor();

    // 1. A definition: chosen, understood (levels, counts, tree) before it is saved as a new version.
    await tab(page, 'strategy');
    await page.getByTestId('strategy-file').setInputFiles('shared/strategy/bundled/kushiro-1.json');
    const preview = page.getByTestId('strategy-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('基本目標');
    await shot(page, 'strategy-preview');
    await page.getByTestId('strategy-save').click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('版 2 を保存しました');
    await expect.poll(() => page.getByTestId('strategy-versions').textContent()).toContain('v2');

    // 2. A cycle with a deadline, expecting every owner of the definition.
    await tab(page, 'cycles');
    await page.getByTestId('cycle-id').fill(CYCLE);
    await page.getByTestId('cycle-year').fill('2015');
    await page.getByTestId('cycle-strategy').selectOption('kushiro-1');
    await page.getByTestId('cycle-deadline').fill(DEADLINE);
    await page.getByTestId('cycle-create').click();
    await page.locator('[data-testid=cycle-row][data-cycle="kpi-2016"]').waitFor();
    await shot(page, 'cycles');
    const cycle = (await svc.store.getCycle(CYCLE))!;
    expect([cycle.deadline, cycle.strategyVersion]).toEqual([DEADLINE, 2]);

    // 3. Tokens for every department in one action, on printable slips shown once.
    await tab(page, 'tokens');
    await page.getByTestId('issue-missing').click();
    const slips = page.getByTestId('slip');
    await expect.poll(() => slips.count()).toBe(22);
    expect(await page.locator('[data-testid=slip][data-department="水産課"]').count()).toBe(0);
    await shot(page, 'tokens-slips');
    const slipToken = (department: string) =>
      page
        .locator(`[data-testid=slip][data-department="${department}"] [data-testid=slip-token]`)
        .textContent();
    const commerce = (await slipToken('商業労政課'))!;
    const cityManagement = (await slipToken('都市経営課'))!;
    expect(commerce).toMatch(/^ss_/);
    await page.getByTestId('close-slips').click();
    expect(await page.content()).not.toContain(commerce);
    await page.getByTestId('token-table').waitFor();
    await shot(page, 'tokens');

    // 4. The board, live: nothing yet, the deadline counted down.
    await tab(page, 'status');
    const progress = page.getByTestId('progress-text');
    await expect.poll(() => progress.textContent()).toBe('0 / 23 部署が提出済み');
    expect(await page.getByTestId('countdown').textContent()).toMatch(
      new RegExp(`${DEADLINE} · 締切まで あと 1[34] 日 \\d+ 時間`),
    );

    // 5. Two departments submit: 商業労政課 from the task pane (fake Excel), 水産課 over the API.
    const pane = await context.newPage();
    await pane.route('**/office-js/office.js', (r) =>
      r.fulfill({ contentType: 'text/javascript', body: '/* Office host provided by the test */' }),
    );
    await pane.exposeFunction('__buildXlsx', toXlsx);
    await pane.addInitScript({
      content: `window.__FAKE_EXCEL_CONFIG__ = ${JSON.stringify({ apiVersion: '1.10', sheets: [commerceBook()], withFile: true, syncDelayMs: 0 })};\n${fakeOffice}`,
    });
    await pane.goto(`${url}/addin/taskpane.html`);
    await pane.getByTestId('token').fill(commerce);
    await pane.getByTestId('cycle').fill(CYCLE);
    await pane.getByTestId('save-settings').click();
    await expect.poll(() => pane.getByTestId('submit').isEnabled(), { timeout: 20_000 }).toBe(true);
    await pane.getByTestId('submit').click();
    await expect
      .poll(() => pane.getByTestId('result').getAttribute('data-version'), { timeout: 20_000 })
      .toBe('1');

    // 水産課's Excel cannot run the add-in: the browser page checks the book and submits it.
    const browserPage = await context.newPage();
    await browserPage.goto(`${url}/`);
    await browserPage.fill('#token', fisheries);
    await browserPage.click('#signin button[type=submit]');
    await expect.poll(() => browserPage.textContent('#who')).toContain('水産課 としてサインインしています');
    // The cycle and its deadline come from the page's own requests after sign-in: wait for them.
    await expect.poll(() => browserPage.inputValue('#cycle')).toBe(CYCLE);
    await expect.poll(() => browserPage.textContent('#banner')).toContain(`提出期限: ${DEADLINE}`);
    const pageSubmit = async (book: Buffer, version: number) => {
      await browserPage.setInputFiles('#file', { name: '水産課.xlsx', mimeType: XLSX, buffer: book });
      await expect.poll(() => browserPage.isEnabled('#submit'), { timeout: 15_000 }).toBe(true);
      await browserPage.click('#submit');
      await expect
        .poll(() => browserPage.getAttribute('#submit-result .notice', 'data-version'), { timeout: 15_000 })
        .toBe(String(version));
    };
    await pageSubmit(await buildKpiWorkbook([forDepartment(goal1, '水産課')]), 1);
    // The page lists the versions again after the submission's answer, in its own requests.
    await expect.poll(() => browserPage.textContent('#versions')).toContain('版 1');
    await browserPage.screenshot({ path: `${SHOTS}/console-browser-page-submitted.png`, fullPage: true });
    // No reload: the board polls.
    await expect.poll(() => progress.textContent(), { timeout: 15_000 }).toBe('2 / 23 部署が提出済み');
    const row = (department: string) =>
      page.locator(`[data-testid=status-row][data-department="${department}"]`);
    expect(await row('水産課').getAttribute('data-state')).toBe('submitted');
    expect(await row('商業労政課').getAttribute('data-state')).toBe('submitted');
    await shot(page, 'status');

    // 6. 差し戻し of 商業労政課's version (sent from the pane) with a comment and a typed cell note.
    await row('商業労政課')
      .getByRole('button', { name: /の提出を開く/ })
      .click();
    await page.getByTestId('return-comment').fill('実績値の出典を確認してください');
    await page.getByTestId('typed-note').fill('KPI!E7 決算値ですか');
    await page.getByTestId('add-note').click();
    expect(await page.getByTestId('notes').textContent()).toContain('KPI!E7: 決算値ですか');
    await shot(page, 'submission-return');
    await page.getByTestId('send-return').click();
    await expect.poll(() => page.getByTestId('returns').textContent()).toContain('KPI!E7: 決算値ですか');
    await tab(page, 'status');
    await expect.poll(() => row('商業労政課').getAttribute('data-state')).toBe('returned');
    await expect.poll(() => progress.textContent()).toBe('1 / 23 部署が提出済み');

    // 7. The clerk opens the pane again: a banner with the comment; the note jumps to its cell.
    await pane.reload();
    const banner = pane.getByTestId('return-banner');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toContain('企画課から差し戻されました(版 1)');
    expect(await banner.textContent()).toContain('実績値の出典を確認してください');
    expect(await pane.getByTestId('deadline').textContent()).toBe(`提出期限: ${DEADLINE}`);
    await pane.getByTestId('note-goto').click();
    await expect
      .poll(() => pane.evaluate('window.__fakeExcel.selection'), { timeout: 10_000 })
      .toEqual({ sheet: 'KPI', address: 'E7' });
    await pane.screenshot({ path: `${SHOTS}/console-pane-banner.png`, fullPage: true });
    // The resubmission ends the 差し戻し; the board shows it without a reload.
    await expect.poll(() => pane.getByTestId('submit').isEnabled(), { timeout: 20_000 }).toBe(true);
    await pane.getByTestId('submit').click();
    await expect
      .poll(() => pane.getByTestId('result').getAttribute('data-version'), { timeout: 20_000 })
      .toBe('2');
    await expect.poll(() => banner.count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => row('商業労政課').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('resubmitted');
    await expect.poll(() => progress.textContent()).toBe('2 / 23 部署が提出済み');

    // 水産課 sends a second version with one value changed: its diff is a table of cells.
    const changed = structuredClone(forDepartment(goal1, '水産課'));
    changed.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '115,000';
    await pageSubmit(await buildKpiWorkbook([changed]), 2);
    await row('水産課')
      .getByRole('button', { name: /の提出を開く/ })
      .click();
    await expect.poll(() => page.getByTestId('submission-version').inputValue()).not.toBe('');
    const diff = page.getByTestId('diff-table');
    await diff.waitFor({ timeout: 15_000 });
    expect(await diff.textContent()).toContain('数値114,977115,0007 → 7');
    await shot(page, 'submission-diff');
    // Returned again: the browser page shows 水産課 the 差し戻し when it is opened.
    await page.getByTestId('return-comment').fill('出典の年度を追記してください');
    await page.getByTestId('typed-note').fill('E7 年度');
    await page.getByTestId('add-note').click();
    await page.getByTestId('send-return').click();
    await expect.poll(() => page.getByTestId('returns').textContent()).toContain('E7: 年度');
    await browserPage.reload();
    const pageBanner = browserPage.getByTestId('page-return-banner');
    await pageBanner.waitFor({ timeout: 15_000 });
    expect(await pageBanner.textContent()).toContain('企画課から差し戻されました(版 2)');
    expect(await pageBanner.textContent()).toContain('E7: 年度');

    // 8. A conflict: 都市経営課 co-owns a KPI of 商業労政課 and reports another value.
    const conflicting = await fetch(`${url}/api/cycles/${CYCLE}/submissions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cityManagement}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        rows: [
          {
            policy: 'イ 創業・第二創業の支援',
            kpi: '・創業支援者数',
            kind: 'actual',
            period: 'H27年度',
            value: '999',
            unit: '人',
            department: '商業労政課',
          },
        ],
        reason: '共管の KPI',
      }),
    });
    expect(conflicting.status).toBe(201);
    await tab(page, 'status');
    await page.getByText('未解決の競合 1 件').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: '競合を解決する' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('都市経営課');
    await conflict.getByLabel(/商業労政課 の値を使う/).check();
    await page.getByTestId('conflict-note').fill('所管課の値を採用');
    await shot(page, 'conflicts');
    await page.getByTestId('resolve').click();
    await expect.poll(() => page.getByTestId('resolved-row').count()).toBe(1);
    expect(await page.getByTestId('resolved-row').textContent()).toContain('所管課の値を採用');

    // 9. The consolidated workbook, opened with exceljs.
    await tab(page, 'status');
    const downloading = page.waitForEvent('download');
    await page.getByTestId('consolidated').click();
    const file = await (await downloading).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toContain('集計');

    // …and a department's template (様式) from its row: its own KPI表, made for this cycle.
    const templating = page.waitForEvent('download');
    await page
      .locator('[data-testid="status-row"][data-department="水産課"]')
      .getByTestId('template')
      .click();
    const template = await templating;
    expect(template.suggestedFilename()).toBe(`${CYCLE}-水産課.xlsx`);
    const tb = new ExcelJS.Workbook();
    await tb.xlsx.readFile(await template.path());
    expect(tb.worksheets.map((w) => w.name)).toContain('KPI表');

    // 10. The audit log, filtered to the cycle's submissions.
    await tab(page, 'audit');
    await page.getByTestId('audit-cycle').selectOption(CYCLE);
    await page.getByTestId('audit-action').selectOption('submission');
    await page.getByTestId('audit-search').click();
    await expect
      .poll(
        async () =>
          new Set(
            await page
              .getByTestId('audit-row')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))),
          ),
      )
      .toEqual(new Set(['submission.create', 'submission.return']));
    await shot(page, 'audit');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  /** Signs in to the console (by keyboard) in a fresh page, after the day above left data on every screen. */
  async function signedIn(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    await page.goto(`${url}/console`);
    await page.getByTestId('admin-token').focus();
    await page.keyboard.type(svc.adminToken);
    await page.keyboard.press('Enter');
    await page.getByTestId('tab-status').waitFor();
    return page;
  }

  it('keyboard only: every screen is reached from the tab list and each of its controls by Tab, each named', async () => {
    const page = await signedIn();
    for (const screen of SCREENS) {
      // The tab list is one Tab stop; arrows move between screens, as in Windows.
      await page.getByTestId('tab-status').focus();
      for (let i = 0; i < SCREENS.indexOf(screen); i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId(`tab-${screen}`).getAttribute('aria-selected')).toBe('true');
      await page.waitForLoadState('networkidle');
      const controls = await page.evaluate(() => {
        const all = [
          ...document.querySelectorAll<HTMLElement>(
            'main button:not([disabled]), main input:not([disabled]), main select, main textarea, main summary',
          ),
        ].filter((e) => e.offsetParent !== null && e.tabIndex >= 0);
        all.forEach((e, i) => e.setAttribute('data-kb', String(i)));
        const nameless = all.filter((e) => {
          const labelled = e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
          const label = (e as HTMLInputElement).labels?.length;
          return !labelled && !label && (e.textContent ?? '').trim() === '';
        });
        return { count: all.length, nameless: nameless.map((e) => e.outerHTML.slice(0, 120)) };
      });
      expect([screen, controls.nameless]).toEqual([screen, []]);
      const reached = new Set<string>();
      for (let i = 0; i < controls.count * 2 + 10 && reached.size < controls.count; i++) {
        await page.keyboard.press('Tab');
        const kb = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
        if (kb !== null) reached.add(kb);
      }
      expect([screen, reached.size]).toEqual([screen, controls.count]);
    }
    await page.close();
  }, 120_000);

  it.skipIf(!axeScript)(
    'axe-core: no serious or critical violation on any screen',
    async () => {
      const page = await signedIn();
      for (const screen of SCREENS) {
        await tab(page, screen);
        await page.waitForLoadState('networkidle');
        // Evaluated by the test, not added as a <script> (the page's CSP allows its own scripts only).
        await page.evaluate(fs.readFileSync(axeScript!, 'utf8'));
        const violations = (await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> };
            }
          ).axe;
          // Fluent's focus manager (tabster) puts aria-hidden <i data-tabster-dummy> around a tab list; they pass
          // focus on at once and are never read: axe reports them as aria-hidden-focus, so they are left out.
          const result = await axe.run(
            { exclude: [['[data-tabster-dummy]']] },
            { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] },
          );
          return result.violations;
        })) as { id: string; impact: string; nodes: { target: string[] }[] }[];
        const serious = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        expect([screen, serious]).toEqual([screen, []]);
      }
      await page.close();
    },
    120_000,
  );
});
