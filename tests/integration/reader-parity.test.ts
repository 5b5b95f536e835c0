import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bundledStrategies, readWorkbook, rowsOfSheet, type WorkbookSnapshot } from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1, goal2, seedKpiTable } from '../fixtures/kpi-seed';
import { buildKpiXlsx } from '../fixtures/kpi-xml-book';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressGoal1, progressReport } from '../fixtures/progress-seed';
import { buildProjectWorkbook } from '../fixtures/project-book';
import { seedProjects } from '../fixtures/project-seed';
import { buildStrategyWorkbook } from '../fixtures/strategy-sheet';
import { snapshotFromExcelJs } from '../support/exceljs-snapshot';

/** How the engine read workbooks before the bounded reader: exceljs' document model → snapshot. */
async function viaExcelJs(bytes: Buffer): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return snapshotFromExcelJs(wb);
}

function viaReader(bytes: Uint8Array): WorkbookSnapshot {
  const read = readWorkbook(bytes);
  if (!read.ok) throw new Error(read.problem.message.en);
  return read.snapshot;
}

/** What the sheets hold, as rows: readers may number their texts and formats differently. */
const contents = (book: WorkbookSnapshot) => book.sheets.map((s) => rowsOfSheet(s));

/** Cell values of every kind a clerk's workbook holds, written by exceljs. */
async function mixedValues(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('値');
  ws.getCell('A1').value = 12.5;
  ws.getCell('A2').value = new Date(Date.UTC(2024, 2, 31));
  ws.getCell('A2').numFmt = 'yyyy"年"m"月"d"日"';
  ws.getCell('A3').value = true;
  ws.getCell('A4').value = { error: '#N/A' };
  ws.getCell('A5').value = { formula: 'A1*2', result: 25 };
  ws.getCell('A6').value = { formula: 'A1&"円"', result: '12.5円' };
  ws.getCell('A7').value = { formula: 'A1+1' };
  ws.getCell('A8').value = { richText: [{ text: '実績' }, { font: { bold: true }, text: '値' }] };
  ws.getCell('A9').value = { text: '市のサイト', hyperlink: 'https://example.jp/' };
  ws.getCell('B1').value = 0.253;
  ws.getCell('B1').numFmt = '0.0%';
  ws.getCell('B2').value = '  前後に空白  ';
  ws.getCell('B3').value = '改行\nあり & <記号>';
  ws.getCell('C5').value = { formula: 'DATE(2024,4,1)', result: new Date(Date.UTC(2024, 3, 1)) };
  ws.getCell('C5').numFmt = 'yyyy/m/d';
  ws.getCell('D9').value = null;
  ws.getCell('D9').numFmt = '#,##0';
  ws.mergeCells('B5:B7');
  wb.addWorksheet('空');
  const hidden = wb.addWorksheet('非表示');
  hidden.state = 'hidden';
  hidden.getCell('B2').value = 1;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const books: [name: string, make: () => Promise<Buffer>][] = [
  ['KPI表 (seed, text numbers)', () => buildKpiWorkbook(seedKpiTable)],
  [
    'KPI表 (numbers with formats, repeated headers)',
    () => buildKpiWorkbook([goal1, goal2], 'KPI表', { numbers: true, repeatHeaderBefore: [1] }),
  ],
  ['進捗報告 (seed)', () => buildProgressWorkbook(progressReport)],
  [
    '進捗報告 (page breaks)',
    () =>
      buildProgressWorkbook([progressGoal1, ...progressReport], '進捗', {
        repeatHeaderBefore: [1],
        repeatHeaderWithin: [[0, 1]],
      }),
  ],
  ['事業シート (seed)', () => buildProjectWorkbook(seedProjects)],
  [
    '施策体系 (kushiro-2)',
    () => buildStrategyWorkbook(bundledStrategies.get('kushiro-2')!, [['自治体', '釧路市']]),
  ],
  ['mixed values', mixedValues],
];

describe('readWorkbook reads every fixture workbook as exceljs did', () => {
  it.each(books)('%s', async (_name, make) => {
    const bytes = await make();
    expect(contents(viaReader(bytes))).toEqual(contents(await viaExcelJs(bytes)));
  });

  it('reads dates, percents, booleans, errors and formulas as the engine expects', async () => {
    const sheet = rowsOfSheet(viaReader(await mixedValues()).sheets[0]!);
    const at = (a1: string) => {
      const [c, r] = [a1.charCodeAt(0) - 64, Number(a1.slice(1))];
      return [sheet.values[r - 1]![c - 1], sheet.numberFormats[r - 1]![c - 1]];
    };
    expect(at('A2')).toEqual(['2024-03-31', 'yyyy"年"m"月"d"日"']);
    expect(at('B1')).toEqual([0.253, '0.0%']);
    expect([at('A3')[0], at('A4')[0], at('A5')[0], at('A6')[0], at('A7')[0]]).toEqual([
      true,
      '#N/A',
      25,
      '12.5円',
      null,
    ]);
    expect(at('C5')[0]).toBe('2024-04-01');
  });

  it('the KPI表 written as raw XML (used by the benchmarks) reads like the exceljs-written one', async () => {
    expect(contents(viaReader(buildKpiXlsx(seedKpiTable)))).toEqual(
      contents(viaReader(await buildKpiWorkbook(seedKpiTable))),
    );
  });
});
