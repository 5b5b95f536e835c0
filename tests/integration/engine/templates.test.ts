import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bundledStrategies, sheetFromRows, validate, type WorkbookSnapshot } from '#shared';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { goal1, goal1Complete, goal2 } from '../../fixtures/kpi-seed';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressGoal1 } from '../../fixtures/progress-seed';
import { buildProjectWorkbook } from '../../fixtures/project-book';
import { settlementSupport } from '../../fixtures/project-seed';
import { keys, snapshotOf, snapshotOfWorkbook, withCell } from '../../fixtures/snapshot';

const kushiro1 = bundledStrategies.get('kushiro-1')!;

describe('templates are recognized by header text, never by position', () => {
  it('reads a KPI table with reordered columns, a spacer column, 全角 and bracket variants', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('KPI（再配置）');
    ws.getCell('A1').value = '重要業績評価指標 一覧';
    ws.getRow(4).values = [
      '所管部署',
      '',
      '重要業績評価指標（ＫＰＩ）',
      '施策体系',
      '区分',
      '年・年度',
      '数値',
      '単位',
    ];
    const rows = [
      [
        '水産課',
        null,
        '・釧路港年間水揚量',
        'ア 持続的成長を目指した水産業の振興',
        '現状値',
        'H23-26年平均',
        117779,
        'トン',
      ],
      [null, null, null, null, '実績値', 'H27年', 114977, null],
      [null, null, null, null, '指標値', 'H31年', 120000, null],
    ];
    rows.forEach((r, i) => (ws.getRow(5 + i).values = r));
    for (const c of [1, 3, 4, 8]) ws.mergeCells(5, c, 7, c);
    const book = await snapshotOfWorkbook(wb);
    const sheet = validate(book, kushiro1).sheets[0]!;
    expect(sheet.template).toBe('kpi');
    expect(sheet.findings).toEqual([]);
    expect(
      sheet.kpiRows.map((r) => [r.kind, r.period, r.value, r.unit, r.department, r.cells.value]),
    ).toEqual([
      ['baseline', 'H23-26年平均', 117779, 'トン', '水産課', 'G5'],
      ['actual', 'H27年', 114977, 'トン', '水産課', 'G6'],
      ['target', 'H31年', 120000, 'トン', '水産課', 'G7'],
    ]);
  });

  it('recognizes each sheet of one book on its own (KPI, progress report, project sheet, notes)', async () => {
    const books = await Promise.all([
      snapshotOf(await buildKpiWorkbook([goal1])),
      snapshotOf(await buildProgressWorkbook([progressGoal1])),
      snapshotOf(await buildProjectWorkbook([settlementSupport])),
    ]);
    const notes = sheetFromRows({ name: 'メモ', values: [['打合せメモ']] });
    const book: WorkbookSnapshot = { sheets: [...books.flatMap((b) => b.sheets), notes] };
    const sheets = validate(book, kushiro1).sheets;
    expect(sheets.map((s) => [s.sheet, s.template])).toEqual([
      ['KPI', 'kpi'],
      ['進捗報告', 'progress'],
      [settlementSupport.sheet, 'project'],
      ['メモ', 'unknown'],
    ]);
    expect(sheets[3]!.findings.map((f) => f.rule)).toEqual(['template.unrecognized']);
  });
});

describe('a 再掲 KPI is compared with its first listing anywhere in the workbook', () => {
  it('names the other sheet and cell when a restated value differs', async () => {
    const first = await snapshotOf(await buildKpiWorkbook([goal1Complete], 'KPI1', { numbers: true }));
    const second = await snapshotOf(await buildKpiWorkbook([goal2], 'KPI2', { numbers: true }));
    const book: WorkbookSnapshot = { sheets: [...first.sheets, ...second.sheets] };
    const [sheet1, sheet2] = validate(book, kushiro1).sheets;
    expect(sheet2!.findings.filter((f) => f.rule === 'kpi.restatement-mismatch')).toEqual([]);
    const original = sheet1!.kpiRows.find((r) => r.kpi === '・釧路空港乗降客数' && r.kind === 'actual')!;
    const restated = sheet2!.kpiRows.find((r) => r.kpi === '・釧路空港乗降客数' && r.kind === 'actual')!;
    const edited = validate(withCell(book, 'KPI2', restated.cells.value!, 70), kushiro1).sheets[1]!;
    const mismatch = edited.findings.filter((f) => f.rule === 'kpi.restatement-mismatch');
    expect(keys(mismatch)).toEqual([`kpi.restatement-mismatch@${restated.cells.value}`]);
    expect(mismatch[0]!.message).toContain(`KPI1!${original.cells.value}`);
    expect(mismatch[0]!.suggestion).toBe('69.3');
  });
});
