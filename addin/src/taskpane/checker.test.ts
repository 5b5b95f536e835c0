import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bundledStrategies,
  cellAddress,
  ProgressJsonRowSchema,
  ProjectJsonSchema,
  rowsOfSheet,
  type WorkbookSnapshot,
} from '#shared';
import { buildProgressWorkbook } from '../../../tests/fixtures/progress-book';
import { progressGoal1 } from '../../../tests/fixtures/progress-seed';
import { buildProjectWorkbook } from '../../../tests/fixtures/project-book';
import { settlementSupport } from '../../../tests/fixtures/project-seed';
import { snapshotOf } from '../../../tests/fixtures/snapshot';
import { forDepartment, goal1, goal1Complete } from '../../../tests/fixtures/kpi-seed';
import { kpiSheet } from '../../../tests/fixtures/kpi-cells';
import { installFakeOffice, type FakeSheetInit } from '../excel/fake-host';
import { detectCapabilities, MARKER_FORMULA, markerColors, OfficeExcelPort } from '../excel/office-adapter';
import { Checker, LIVE_DEBOUNCE_MS } from './checker';

// The fixture is a 1st-period KPI table: check it against the 1st-period definition.
const kushiro1 = bundledStrategies.get('kushiro-1')!;
const globals = globalThis as unknown as Record<string, unknown>;
afterEach(() => {
  delete globals.Office;
  delete globals.Excel;
});

/** Policy ④ of 基本目標1 whole (every KPI its items list, so none is missing) with one unreadable 数値. */
function withMistake() {
  const policy = goal1Complete.policies.find((p) => p.label.startsWith('④'))!;
  const goal = structuredClone({ label: goal1.label, policies: [policy] });
  goal.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '365件';
  return kpiSheet([goal]);
}

async function setup(apiVersion: string, sheet = withMistake()) {
  const host = installFakeOffice({ apiVersion, sheets: [sheet] }, globals);
  const checker = new Checker(new OfficeExcelPort(detectCapabilities()), kushiro1);
  await checker.check();
  return { host, checker };
}

/** A workbook's cells as the fake host's sheets (values only). */
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

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('checker', () => {
  it('a full pass: findings, detection and the marker on the cell', async () => {
    const { host, checker } = await setup('1.10');
    expect(checker.counts()).toEqual({ error: 1, warning: 0, info: 0 });
    const [sheet] = checker.state.sheets;
    expect(sheet!.detection).toMatchObject({ ok: true, headerRow: 3, unsure: false });
    const cell = sheet!.findings[0]!.cell!;
    const ours = host.sheet('KPI').conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA);
    expect(ours.map((cf) => [cf.address, cf.fill])).toEqual([[cell, markerColors.error]]);
    // earlier markers looked for (sheets, rules, custom formulas) + sheets + one chunk
    // + markers (sheets, look: the rules and the custom rules' formulas, write)
    expect(host.syncCount).toBe(3 + 2 + 4);
    expect(checker.state).toMatchObject({ protectedSheets: [], markerError: null });
  });

  it('a protected sheet: its findings are listed and counted, no marker is written, the sheet is named', async () => {
    const { host, checker } = await setup('1.10', { ...withMistake(), protected: true });
    const before = structuredClone(host.formats('KPI'));
    await checker.check();
    expect(checker.counts().error).toBe(1);
    expect(checker.state).toMatchObject({ phase: 'ready', protectedSheets: ['KPI'], markerError: null });
    expect(host.formats('KPI')).toEqual(before);
  });

  it('a marker write that fails leaves the findings listed and counted (Submit stays blocked)', async () => {
    installFakeOffice({ apiVersion: '1.10', sheets: [withMistake()] }, globals);
    const port = new OfficeExcelPort(detectCapabilities());
    vi.spyOn(port, 'writeMarkers').mockRejectedValue(new Error('GeneralException: busy'));
    const checker = new Checker(port, kushiro1);
    await checker.check();
    expect(checker.counts().error).toBe(1);
    expect(checker.state).toMatchObject({ phase: 'ready', markerError: 'GeneralException: busy' });
  });

  it('debounces several edits into one re-check that reads only the changed rows', async () => {
    const { host, checker } = await setup('1.10');
    await checker.startLive();
    const cell = checker.state.sheets[0]!.findings[0]!.cell!;
    const before = host.syncCount;
    host.edit('KPI', cell, 36);
    host.edit('KPI', cell, 365);
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect(checker.state.rechecks).toBe(1);
    expect(checker.counts().error).toBe(0);
    // the changed rows + markers (sheets, look: rules and their formulas, write)
    expect(host.syncCount - before).toBe(1 + 4);
    // The marker went with the error; the clerk's own rule is still there.
    expect(host.sheet('KPI').conditionalFormats.map((cf) => cf.formula)).toEqual(['=E4<0']);
    await checker.dispose();
  });

  it('follows the workbook: a sheet added, rows inserted, a sheet renamed (no rename event below ExcelApi 1.17)', async () => {
    const { host, checker } = await setup('1.10');
    await checker.startLive();
    const ours = (sheet: string) =>
      host
        .sheet(sheet)
        .conditionalFormats.filter((cf) => cf.formula === MARKER_FORMULA)
        .map((cf) => cf.address);
    const cell = checker.state.sheets[0]!.findings[0]!.cell!;
    expect(ours('KPI')).toEqual([cell]);

    // Rows inserted above the finding: the whole book is read again, the finding and its marker move down.
    host.insertRows('KPI', 4, 2);
    await wait(LIVE_DEBOUNCE_MS + 100);
    const moved = cell.replace(/\d+/, (r) => String(Number(r) + 2));
    expect(checker.state.sheets[0]!.findings.map((f) => f.cell)).toEqual([moved]);
    expect(ours('KPI')).toEqual([moved]);

    // A sheet added with its own mistake: checked and marked without pressing anything.
    host.addSheet('KPI2', Object.fromEntries(Object.entries(withMistake().cells)));
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect(checker.state.sheets.map((s) => s.sheet)).toEqual(['KPI', 'KPI2']);
    expect(checker.counts().error).toBe(2);
    // …and its edits are re-checked live.
    host.edit('KPI2', cell, 365);
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect(checker.counts().error).toBe(1);

    // Renamed (ExcelApi 1.10 says nothing): the next edit's read fails, the book is read again under the new name.
    host.renameSheet('KPI', 'KPI表');
    host.edit('KPI表', moved, 365);
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect(checker.state.sheets.map((s) => s.sheet)).toEqual(['KPI表', 'KPI2']);
    expect(checker.counts().error).toBe(0);
    expect(checker.state.phase).toBe('ready');
    await checker.dispose();
  });

  it('an edit while the clerk is still typing elsewhere: the re-check waits for Excel instead of failing', async () => {
    const { host, checker } = await setup('1.10');
    await checker.startLive();
    const cell = checker.state.sheets[0]!.findings[0]!.cell!;
    host.edit('KPI', cell, 365);
    host.cellEditMode = true;
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect(checker.state.phase).toBe('ready');
    expect(checker.counts().error).toBe(1);
    host.cellEditMode = false;
    await vi.waitFor(() => expect(checker.counts().error).toBe(0), { timeout: 10_000 });
    await checker.dispose();
  });

  it('checks as the token’s department: another department’s rows are errors, also in live re-checks', async () => {
    const { host, checker } = await setup('1.10', kpiSheet([forDepartment(goal1, '商業労政課')]));
    expect(checker.counts().error).toBe(0);
    await checker.setDepartment('農林課');
    const rules = () => checker.state.sheets[0]!.findings.map((f) => f.rule);
    // 農林課's own KPIs are missing from 商業労政課's rows (one warning for the workbook).
    expect(new Set(rules())).toEqual(new Set(['kpi-schema.missing-kpi', 'ownership.other-department']));
    const before = rules().length;
    await checker.startLive();
    // Re-checking the edited KPI judges its rows as 農林課's submission again.
    const cell = checker.state.sheets[0]!.findings.find(
      (f) => f.rule === 'ownership.other-department',
    )!.cell!;
    host.edit('KPI', cell, '商業労政課');
    await wait(LIVE_DEBOUNCE_MS + 100);
    expect([checker.state.rechecks, rules().length]).toEqual([1, before]);
    await checker.setDepartment('商業労政課');
    expect(checker.counts().error).toBe(0);
    await checker.dispose();
  });

  it('the JSON submission follows the cycle’s kind: progress rows, project figures', async () => {
    const kushiro2 = bundledStrategies.get('kushiro-2')!;
    const progressBook = await snapshotOf(await buildProgressWorkbook([progressGoal1]));
    installFakeOffice({ apiVersion: '1.10', sheets: fakeSheets(progressBook) }, globals);
    const progress = new Checker(new OfficeExcelPort(detectCapabilities()), kushiro2);
    await progress.check();
    const sent = progress.jsonRows('progress');
    const departments = progressGoal1.policies.flatMap((p) =>
      p.blocks.flatMap((b) => b.rows.map(([d]) => d)),
    );
    expect(sent.field).toBe('rows');
    expect(sent.rows.map((r) => ProgressJsonRowSchema.parse(r).department)).toEqual(departments);

    const projectBook = await snapshotOf(await buildProjectWorkbook([settlementSupport]));
    installFakeOffice({ apiVersion: '1.10', sheets: fakeSheets(projectBook) }, globals);
    const project = new Checker(new OfficeExcelPort(detectCapabilities()), kushiro2);
    await project.check();
    const projects = project.jsonRows('project');
    expect(projects.field).toBe('projects');
    expect(projects.rows.map((p) => ProjectJsonSchema.parse(p).name)).toEqual([settlementSupport.name]);
  });

  it('applies a suggestion with one write and re-checks that row', async () => {
    const { host, checker } = await setup('1.10');
    const finding = checker.state.sheets[0]!.findings[0]!;
    await checker.applySuggestion('KPI', finding);
    expect(host.value('KPI', finding.cell!)).toBe(365);
    expect(checker.counts().error).toBe(0);
  });

  it('a clerk corrects an unrecognized header mapping; the workbook stays untouched', async () => {
    const sheet = withMistake();
    // A renamed header the detector cannot read: 数値 → 実数.
    sheet.cells.E3 = { ...sheet.cells.E3, value: '実数' };
    const { host, checker } = await setup('1.10', sheet);
    expect(checker.state.sheets[0]!.detection).toMatchObject({ ok: false, missing: ['数値'] });
    // The form names the columns by the sheet's own header, before and after the correction.
    const columns = {
      first: 1,
      last: 7,
      headers: {
        1: '施策体系',
        2: '重要業績評価指標(KPI)',
        3: '年・年度',
        5: '実数',
        6: '単位',
        7: '所管部署',
      },
    };
    expect(checker.state.sheets[0]!.columns).toEqual(columns);
    await checker.setOverride('KPI', {
      headerRow: 3,
      columns: { policy: 1, kpi: 2, kind: 3, period: 4, value: 5, unit: 6, department: 7 },
    });
    expect(checker.state.sheets[0]!.detection).toMatchObject({ ok: true, overridden: true });
    expect(checker.state.sheets[0]!.columns).toEqual(columns);
    expect(checker.counts().error).toBe(1);
    expect(checker.hasOverrides).toBe(true);
    expect(host.value('KPI', 'E3')).toBe('実数');
    expect(checker.jsonRows('kpi')).toMatchObject({ field: 'rows', rows: { length: 12 } });
  });
});
