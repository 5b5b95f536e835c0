import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '#shared';
import type { ExcelPort } from './port';

/** ExcelPort over Office.js (ExcelApi 1.1: Excel 2016 volume licence and newer). */
export class OfficeExcelPort implements ExcelPort {
  async readSnapshot(): Promise<WorkbookSnapshot> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.load('items/name');
      await context.sync();
      const ranges = sheets.items.map((ws) => {
        const range = ws.getUsedRange(true);
        range.load(['values', 'numberFormat', 'rowIndex', 'columnIndex']);
        return { name: ws.name, range };
      });
      await context.sync();
      return {
        sheets: ranges.map(({ name, range }): SheetSnapshot => ({
          name,
          startRow: range.rowIndex + 1,
          startColumn: range.columnIndex + 1,
          values: range.values.map((row) => row.map(toCellValue)),
          numberFormats: range.numberFormat.map((row) => row.map(String)),
          // Merged areas need ExcelApi 1.13 (getMergedAreasOrNullObject); without them values carry down.
          merges: [],
        })),
      };
    });
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.activate();
      ws.getRange(address).select();
      await context.sync();
    });
  }
}

function toCellValue(v: unknown): CellValue {
  // Office.js returns '' for empty cells.
  if (v === '' || v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}
