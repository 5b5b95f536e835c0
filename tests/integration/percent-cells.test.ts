import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bundledStrategies, validate, type SheetKpiRow } from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1Complete } from '../fixtures/kpi-seed';
import { snapshotOfWorkbook } from '../fixtures/snapshot';

/**
 * A value cell formatted as a percentage (`0.0%` holding 0.468) shows 46.8 %: a KPI in % reads 46.8,
 * once — read as 0.468 it gave 達成率 like −246.7 % in the consolidated table.
 */
describe('percent-formatted value cells', () => {
  async function rowsWith(kpi: string, kind: string, value: number, numFmt: string): Promise<SheetKpiRow[]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildKpiWorkbook([goal1Complete])) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('KPI')!;
    // The first row of the KPI (its name cell is merged over its rows) with that 区分.
    let cellRow = 0;
    ws.eachRow((row, r) => {
      if (cellRow === 0 && row.getCell(2).text === kpi && row.getCell(3).text === kind) cellRow = r;
    });
    expect(cellRow).toBeGreaterThan(0);
    const cell = ws.getCell(cellRow, 5);
    cell.value = value;
    cell.numFmt = numFmt;
    return validate(await snapshotOfWorkbook(wb), bundledStrategies.get('kushiro-1')!).sheets[0]!.kpiRows;
  }
  const valueOf = (rows: SheetKpiRow[], kpi: string, kind: SheetKpiRow['kind']) =>
    rows.find((r) => r.kpi === kpi && r.kind === kind)!.value;

  it('reads 0.468 formatted 0.0% as 46.8 in a KPI in %', async () => {
    const kpi = '・事業所従業者数の女性従業者の割合';
    const rows = await rowsWith(kpi, '実績値', 0.468, '0.0%');
    expect(valueOf(rows, kpi, 'actual')).toBe(46.8);
  });

  it('keeps a plain number as written, and a %-formatted cell of a KPI in 人 as stored', async () => {
    const share = '・事業所従業者数の女性従業者の割合';
    expect(valueOf(await rowsWith(share, '実績値', 46.8, '0.0'), share, 'actual')).toBe(46.8);
    const people = '・創業支援者数';
    expect(valueOf(await rowsWith(people, '実績値', 0.71, '0%'), people, 'actual')).toBe(0.71);
  });
});
