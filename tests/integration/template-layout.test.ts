import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  readTemplateKeys,
  readWorkbook,
  rowsOfSheet,
  sheetFromRows,
  StrategySchema,
  templateContentKey,
  TEMPLATE_KEY_SHEET,
  TEMPLATE_LIST_SHEET,
  validateWorkbook,
  type Strategy,
} from '#shared';
import { generateTemplate } from '../../service/src/templates/generate';
import { projectTemplateRows } from '../../service/src/templates/project-template';
import type { Cycle } from '../../service/src/store/store';
import {
  fillKpi,
  fillProgress,
  fillProjects,
  openWorkbook,
  reportSheets,
  saved,
} from '../fixtures/template-fill';

/**
 * The department templates as Excel opens them (read back with exceljs): layout in the readers'
 * seed layouts, dropdown lists, number checks, protection, print setup and the hidden row keys, for
 * Kushiro and for the two invented towns (whose level names and numbering differ).
 */

const town = (file: string) => StrategySchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
const kushiro1 = bundledStrategies.get('kushiro-1')!;
const kushiro2 = bundledStrategies.get('kushiro-2')!;
const kakuu = town('tests/fixtures/kakuu-town.json');
const minato = town('tests/fixtures/minato-village.json');

const cycleOf = (strategy: Strategy, kind: Cycle['kind'], fiscalYear: number): Cycle => ({
  id: `${strategy.id}-${kind}-${fiscalYear}`,
  kind,
  fiscalYear,
  strategyId: strategy.id,
  strategyVersion: 1,
  deadline: null,
  closedAt: null,
  expectedDepartments: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

async function generated(strategy: Strategy, kind: Cycle['kind'], fiscalYear: number, department: string) {
  const cycle = cycleOf(strategy, kind, fiscalYear);
  const bytes = await generateTemplate(strategy, cycle, department);
  const read = readWorkbook(new Uint8Array(bytes));
  if (!read.ok) throw new Error(read.problem.message.en);
  return { cycle, wb: await openWorkbook(bytes), keys: readTemplateKeys(read.snapshot) };
}

const values = (ws: ExcelJS.Worksheet, row: number) => (ws.getRow(row).values as unknown[]).slice(1);

function expectPrintable(ws: ExcelJS.Worksheet, titleRows?: string) {
  expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });
  if (titleRows) expect(ws.pageSetup.printTitlesRow).toBe(titleRows);
  expect(ws.headerFooter.oddFooter).toContain('&P');
  expect(ws.headerFooter.oddFooter).toContain('&N');
}

/** Protected without a password: no hash, so 校閲 › シート保護の解除 unlocks it. */
function expectProtected(ws: ExcelJS.Worksheet) {
  const protection = (ws as unknown as { sheetProtection: Record<string, unknown> }).sheetProtection;
  expect(protection.sheet).toBe(true);
  expect(protection.hashValue).toBeUndefined();
  expect(protection.password).toBeUndefined();
}

const locked = (cell: ExcelJS.Cell) => cell.protection?.locked !== false;

function expectHiddenSheets(wb: ExcelJS.Workbook) {
  expect(wb.getWorksheet(TEMPLATE_KEY_SHEET)!.state).toBe('veryHidden');
  expect(wb.getWorksheet(TEMPLATE_LIST_SHEET)!.state).toBe('veryHidden');
}

describe('KPI表 template', () => {
  it.each([
    {
      town: 'Kushiro (1st period)',
      strategy: kushiro1,
      fiscalYear: 2016,
      department: '商業労政課',
      goal: '【基本目標1】地域経済のプラス成長と雇用の創出を図る',
      section: '④ 中小企業・小規模事業者の競争力の強化',
      item: 'ア 地域経済を支える中小企業・小規模事業者の支援',
      kpi: '制度融資新規利用件数',
      unit: '件',
      actual: 'H28年度',
      title: '平成28年度(2016年度)',
      code: '1-4-ア',
    },
    {
      town: 'kakuu-town',
      strategy: kakuu,
      fiscalYear: 2025,
      department: '企画課',
      goal: '第二章 ひとの流れをつくる',
      section: '(1) 移住・定住',
      item: 'ア 移住相談の充実',
      kpi: '移住相談者の満足度',
      unit: '%',
      actual: 'R7年度',
      title: '令和7年度(2025年度)',
      code: '2-1-ア',
    },
  ])(
    '$town: seed-003 layout, section rows in the definition’s numbering, lists, protection, print, keys',
    async (c) => {
      const { wb, keys, cycle } = await generated(c.strategy, 'kpi', c.fiscalYear, c.department);
      expect(reportSheets(wb).map((w) => w.name)).toEqual(['KPI表']);
      expectHiddenSheets(wb);
      const ws = wb.getWorksheet('KPI表')!;
      expect(String(ws.getCell('A1').value)).toContain(c.title);
      expect(values(ws, 3)).toEqual([
        '施策体系',
        '重要業績評価指標(KPI)',
        '年・年度',
        // A merged cell reads its area's value in exceljs.
        '年・年度',
        '数値',
        '単位',
        '所管部署',
      ]);
      expect(ws.getCell('D3').master.address).toBe('C3');
      const column = (c1: number) => ws.getColumn(c1).values.map((v) => (v == null ? '' : String(v)));
      const goalRow = column(1).indexOf(c.goal);
      const sectionRow = column(1).indexOf(c.section);
      const itemRow = column(1).indexOf(c.item);
      expect([goalRow > 3, sectionRow > goalRow, itemRow > sectionRow]).toEqual([true, true, true]);
      // The section row is merged across the table; the item over its KPIs' rows.
      expect(ws.getCell(sectionRow, 7).master.address).toBe(`A${sectionRow}`);
      const first = column(2).indexOf(c.kpi);
      expect(values(ws, first).slice(1, 7)).toEqual([
        c.kpi,
        '現状値',
        expect.anything(),
        expect.anything(),
        c.unit,
        c.department,
      ]);
      expect(values(ws, first + 1).slice(2, 5)).toEqual(['実績値', c.actual, undefined]);
      expect(values(ws, first + 2)[2]).toBe('指標値');
      expect(ws.getCell(first + 2, 1).master.address).toBe(`A${itemRow}`);

      // Dropdowns: 区分, the KPI's own unit, 所管部署 from the list sheet; a number in 実績値.
      expect(ws.getCell(first, 3).dataValidation).toMatchObject({
        type: 'list',
        formulae: ['"現状値,実績値,指標値"'],
      });
      expect(ws.getCell(first, 6).dataValidation).toMatchObject({ type: 'list', formulae: [`"${c.unit}"`] });
      expect(ws.getCell(first, 7).dataValidation).toMatchObject({
        type: 'list',
        formulae: [`${TEMPLATE_LIST_SHEET}!$A$2:$A$${c.strategy.departments.length + 1}`],
      });
      expect(ws.getCell(first + 1, 5).dataValidation).toMatchObject({ type: 'decimal', operator: 'between' });
      const lists = wb.getWorksheet(TEMPLATE_LIST_SHEET)!;
      expect(lists.getColumn(1).values.slice(2)).toEqual(c.strategy.departments);

      // Structure locked, the 実績値 cell open and shaded; no password.
      expectProtected(ws);
      expect([
        locked(ws.getCell(first, 2)),
        locked(ws.getCell(first, 6)),
        locked(ws.getCell(first, 5)),
      ]).toEqual([true, true, true]);
      expect(locked(ws.getCell(first + 1, 5))).toBe(false);
      expect(ws.getCell(first + 1, 5).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
      expectPrintable(ws, '3:3');

      // Keys: one per row, by item code and KPI id, for this cycle.
      expect(keys?.cycle).toBe(cycle.id);
      expect(keys!.keys).toContainEqual({
        template: 'kpi',
        cycle: cycle.id,
        item: c.code,
        itemLabel: c.item,
        kpi: expect.stringMatching(new RegExp(`^${c.code}#\\d+$`)),
        name: c.kpi,
        kind: 'actual',
        period: c.actual,
        department: c.department,
      });
      const kpiRows = column(3).filter((v) => ['現状値', '実績値', '指標値'].includes(v));
      expect(keys!.keys).toHaveLength(kpiRows.length);
    },
  );
});

describe('KPI表 template: this year’s 実績値 row', () => {
  it('counts years as the KPI’s plan does: 年 for a calendar-year KPI, 年度 otherwise (a 年間累計 is not a calendar year)', async () => {
    const periods = async (department: string) => {
      const { wb } = await generated(kushiro1, 'kpi', 2016, department);
      const out = new Map<string, string>();
      wb.getWorksheet('KPI表')!.eachRow((row) => {
        if (row.getCell(3).value === '実績値')
          out.set(String(row.getCell(2).value), String(row.getCell(4).value));
      });
      return out;
    };
    // 釧路港年間水揚量: H23-26年平均 → H31年.
    expect((await periods('水産課')).get('釧路港年間水揚量')).toBe('H28年');
    // 実践型地域雇用創造事業による雇用創出数: 2年間累計, fiscal years.
    expect((await periods('商業労政課')).get('実践型地域雇用創造事業による雇用創出数')).toBe('H28年度');
  });
});

describe('進捗報告 template', () => {
  it.each([
    {
      town: 'Kushiro (2nd period)',
      strategy: kushiro2,
      fiscalYear: 2024,
      department: '商業労政課',
      section: '④ 中小企業・小規模事業者の「外から稼ぐ力」の強化',
      item: '(ア) ',
      years: ['R6年度(実績)', 'R7年度(取組予定)'],
    },
    {
      town: 'minato-village',
      strategy: minato,
      fiscalYear: 2025,
      department: '産業振興課',
      section: '(1) 漁業と農業の担い手づくり',
      item: 'ア. 新規漁業者の育成',
      years: ['R7年度(実績)', 'R8年度(取組予定)'],
    },
  ])('$town: years from the cycle, last plan greyed beside the results, keys', async (c) => {
    const { wb, keys, cycle } = await generated(c.strategy, 'progress', c.fiscalYear, c.department);
    expect(reportSheets(wb).map((w) => w.name)).toEqual(['進捗報告']);
    expectHiddenSheets(wb);
    const ws = wb.getWorksheet('進捗報告')!;
    expect(values(ws, 3)).toEqual([
      expect.stringMatching(/^施策体系/),
      '所管部署',
      expect.stringContaining('前回報告・参考'),
      '進捗報告',
      '進捗報告',
    ]);
    expect(values(ws, 4).slice(3)).toEqual(c.years);
    const firstColumn = ws.getColumn(1).values.map((v) => (v == null ? '' : String(v)));
    expect(firstColumn.some((v) => v.startsWith(c.section))).toBe(true);
    const dataRow = firstColumn.findIndex(
      (v, r) => r > 4 && v.includes(c.item.trim()) && ws.getCell(r, 2).value === c.department,
    );
    expect(dataRow).toBeGreaterThan(4);
    expect(ws.getCell(dataRow, 2).dataValidation).toMatchObject({ type: 'list' });
    expect(ws.getCell(dataRow, 3).font?.color?.argb).toBe('FF7F7F7F');
    expect([locked(ws.getCell(dataRow, 1)), locked(ws.getCell(dataRow, 3))]).toEqual([true, true]);
    expect([locked(ws.getCell(dataRow, 4)), locked(ws.getCell(dataRow, 5))]).toEqual([false, false]);
    expectProtected(ws);
    expectPrintable(ws, '3:4');
    expect(
      keys!.keys.every((k) => k.template === 'progress' && k.cycle === cycle.id && k.name === c.department),
    ).toBe(true);
    expect(keys!.keys.length).toBeGreaterThan(0);
  });
});

describe('主要施策成果シート template', () => {
  it.each([
    {
      town: 'Kushiro (2nd period)',
      strategy: kushiro2,
      fiscalYear: 2024,
      department: '商業労政課',
      years: ['令和5年度', '令和6年度', '令和7年度'],
    },
    {
      town: 'kakuu-town',
      strategy: kakuu,
      fiscalYear: 2025,
      department: '企画課',
      years: ['令和6年度', '令和7年度', '令和8年度'],
    },
  ])('$town: one sheet per project, years, 財源, 評価 list, protection, keys', async (c) => {
    const { wb, keys } = await generated(c.strategy, 'project', c.fiscalYear, c.department);
    const projects = c.strategy.nodes
      .flatMap(function all(n): typeof c.strategy.nodes {
        return [n, ...n.children.flatMap(all)];
      })
      .flatMap((n) => n.projects ?? [])
      .filter((p) => !p.restated && p.departments.includes(c.department))
      .map((p) => p.name);
    const sheets = reportSheets(wb);
    expect(sheets.map((w) => w.getCell(projectTemplateRows.name, 2).value)).toEqual([...new Set(projects)]);
    const R = projectTemplateRows;
    for (const ws of sheets) {
      expect([3, 4, 5].map((col) => ws.getCell(R.years, col).value)).toEqual(c.years);
      expect([3, 4, 5].map((col) => ws.getCell(R.years + 1, col).value)).toEqual([
        '（決算額）',
        '（決算額）',
        '（予算額）',
      ]);
      expect(ws.getCell(R.funds, 1).value).toBe('財源');
      expect(String(ws.getCell(R.funds + 4, 2).value)).toMatch(/^一般財源/);
      expect(ws.getCell(R.department, 2).value).toBe(c.department);
      expect(ws.getCell(R.evaluations[1], 3).dataValidation).toMatchObject({
        type: 'list',
        formulae: [`${TEMPLATE_LIST_SHEET}!$B$2:$B$${(c.strategy.evaluations ?? []).length + 1 || 11}`],
      });
      expect(ws.getCell(R.total, 3).dataValidation).toMatchObject({ type: 'whole' });
      expect(ws.getCell(R.staffCount, 3).dataValidation).toMatchObject({ type: 'decimal' });
      // Each sheet's cells keep their own formats (a shared style must not take another cell's).
      expect([
        ws.getCell(R.total, 3).numFmt,
        ws.getCell(R.staffCount, 3).numFmt,
        ws.getCell(R.perCapita, 3).numFmt,
      ]).toEqual(['#,##0;"△ "#,##0', '0.0', '#,##0.0']);
      expect([
        locked(ws.getCell(R.name, 2)),
        locked(ws.getCell(R.total, 1)),
        locked(ws.getCell(R.total, 3)),
      ]).toEqual([true, true, false]);
      expectProtected(ws);
      expectPrintable(ws);
    }
    expect(keys!.keys.map((k) => k.name)).toEqual([...new Set(projects)]);
  });
});

describe('a department the definition names for no project', () => {
  it('gets one visible sheet saying so (Excel refuses a workbook whose sheets are all hidden)', async () => {
    const { wb, keys } = await generated(kushiro2, 'project', 2024, '防災危機管理課');
    expect(wb.worksheets.filter((w) => w.state === 'visible').map((w) => w.name)).toEqual(['事業なし']);
    expect(String(wb.worksheets[0]!.getCell('A1').value)).toContain('防災危機管理課');
    expect(keys?.keys ?? []).toEqual([]);
  });
});

describe('row keys', () => {
  it('find each row by what it says after rows are inserted and KPI blocks reordered', async () => {
    const strategy = kakuu;
    const bytes = await generateTemplate(strategy, cycleOf(strategy, 'kpi', 2025), '企画課');
    const read = readWorkbook(new Uint8Array(bytes));
    if (!read.ok) throw new Error(read.problem.message.en);
    const sheet = rowsOfSheet(read.snapshot.sheets.find((s) => s.name === 'KPI表')!);
    const keys = readTemplateKeys(read.snapshot)!;
    // What Excel saves after a clerk inserts a blank row under the header and moves the last KPI
    // (its three rows, item and KPI cells written out) above the first: other positions, same texts.
    const { values } = sheet;
    const headerIndex = values.findIndex((row) => row[0] === '施策体系');
    const last = values.slice(-3);
    const lastKpiName = values.at(-3)![1];
    const moved = last.map((row, i) => [
      i === 0 ? keys.keys.find((k) => k.name === lastKpiName)!.itemLabel : null,
      i === 0 ? lastKpiName! : null,
      ...row.slice(2),
    ]);
    const edited = sheetFromRows({
      ...sheet,
      merges: [],
      values: [
        ...values.slice(0, headerIndex + 1),
        values[headerIndex]!.map(() => null),
        ...moved,
        ...values.slice(headerIndex + 1, -3),
      ],
    });
    const snapshot = { sheets: read.snapshot.sheets.map((s) => (s.name === 'KPI表' ? edited : s)) };
    const [validated] = validateWorkbook(snapshot, strategy, {
      department: '企画課',
      fiscalYear: 2025,
    }).sheets;
    expect(validated!.kpiRows.length).toBe(keys.keys.length);
    // Every row read finds its key; the moved KPI's rows now come first, under their own item's code.
    const found = validated!.kpiRows.map((r) =>
      keys.byContent.get(
        templateContentKey({
          template: 'kpi',
          itemLabel: r.policy,
          name: r.kpi,
          kind: r.kind,
          period: r.period,
        }),
      ),
    );
    expect(found.every((k) => k !== undefined)).toBe(true);
    expect(found[0]!.name).toBe(lastKpiName);
    expect(new Set(found).size).toBe(keys.keys.length);
  });
});

describe('every department of every invented town', () => {
  const sora = town('tests/fixtures/sora-village-v3.json');
  const all = [kakuu, minato, sora].flatMap((strategy) =>
    (['kpi', 'progress', 'project'] as const).flatMap((kind) =>
      strategy.departments.map((department) => ({ town: strategy.id, strategy, kind, department })),
    ),
  );
  it.each(all)('$town $kind $department: filled as the shaded cells ask, no findings', async (c) => {
    const fiscalYear = c.strategy.period.from + 1;
    const wb = await openWorkbook(
      await generateTemplate(c.strategy, cycleOf(c.strategy, c.kind, fiscalYear), c.department),
    );
    if (c.kind === 'kpi') fillKpi(wb);
    else if (c.kind === 'progress') fillProgress(wb);
    else fillProjects(wb);
    const read = readWorkbook(new Uint8Array(await saved(wb)));
    if (!read.ok) throw new Error(read.problem.message.en);
    // A department named for no project has nothing to report in a project cycle: its note sheet only.
    if ((readTemplateKeys(read.snapshot)?.keys.length ?? 0) === 0) {
      expect([c.kind, reportSheets(wb).map((w) => w.name)]).toEqual(['project', ['事業なし']]);
      return;
    }
    const { sheets } = validateWorkbook(read.snapshot, c.strategy, { department: c.department, fiscalYear });
    expect(sheets.flatMap((s) => s.findings.map((f) => `${s.sheet} ${f.cell}: ${f.rule}`))).toEqual([]);
    expect(sheets.length).toBeGreaterThan(0);
    expect(sheets.every((s) => s.template === c.kind)).toBe(true);
  });
});
