import type { Workbook, Worksheet, CellValue as ExcelJsValue } from 'exceljs';
import { sheetFromRows, type CellValue, type SheetSnapshot, type WorkbookSnapshot } from '#shared';

/**
 * exceljs workbook → snapshot: how workbooks were read before the bounded reader (readWorkbook),
 * kept as the reference the reader is compared with on every fixture workbook.
 */
export function snapshotFromExcelJs(workbook: Workbook): WorkbookSnapshot {
  const sheets: SheetSnapshot[] = [];
  workbook.eachSheet((ws) => sheets.push(sheetSnapshot(ws)));
  return { sheets };
}

function sheetSnapshot(ws: Worksheet): SheetSnapshot {
  const rowCount = ws.actualRowCount === 0 ? 0 : ws.rowCount;
  const columnCount = ws.actualColumnCount === 0 ? 0 : ws.columnCount;
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  for (let r = 1; r <= rowCount; r++) {
    const row = ws.getRow(r);
    const vals: CellValue[] = [];
    const fmts: string[] = [];
    for (let c = 1; c <= columnCount; c++) {
      const cell = row.getCell(c);
      // exceljs repeats the master's value in every cell of a merged area; the snapshot keeps it once.
      const continuation = cell.isMerged && cell.master.address !== cell.address;
      vals.push(continuation ? null : plainValue(cell.value));
      fmts.push(cell.numFmt ?? 'General');
    }
    values.push(vals);
    numberFormats.push(fmts);
  }
  const merges = (ws.model as { merges?: string[] }).merges ?? [];
  return sheetFromRows({ name: ws.name, startRow: 1, startColumn: 1, values, numberFormats, merges });
}

/** Collapses exceljs' many value shapes (rich text, formula, error, hyperlink, date) to plain values. */
function plainValue(value: ExcelJsValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return value.richText.map((p) => p.text).join('');
    if ('error' in value) return String(value.error);
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result === undefined || result === null) return null;
      if (typeof result === 'object' && result !== null && 'error' in result) return String(result.error);
      return plainValue(result as ExcelJsValue);
    }
    if ('text' in value) return plainValue((value as { text: ExcelJsValue }).text);
  }
  // What the exceljs-based reader did with any other shape; kept so the parity test compares with it.
  return String(value);
}
