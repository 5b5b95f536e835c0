import { z } from 'zod';
import { cellAddress, parseRange } from './address';

/**
 * A plain, serializable picture of a workbook: what every reader produces (exceljs in Node
 * and in the browser, Office.js in the task pane) and what the validation engine consumes.
 */
export const CellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

export const SheetSnapshotSchema = z.object({
  name: z.string().min(1),
  /** Row and column (1-based) of values[0][0]: a used range need not start at A1. */
  startRow: z.number().int().min(1).default(1),
  startColumn: z.number().int().min(1).default(1),
  /** Row-major cell values. A merged area holds its value only in its top-left cell. */
  values: z.array(z.array(CellValueSchema)),
  /** Same shape as values where known (`0.0%`, `#,##0`, `General`). */
  numberFormats: z.array(z.array(z.string())).optional(),
  /** Merged areas in A1 notation, e.g. `A5:A7`. */
  merges: z.array(z.string()).default([]),
});
export type SheetSnapshot = z.infer<typeof SheetSnapshotSchema>;

export const WorkbookSnapshotSchema = z.object({
  sheets: z.array(SheetSnapshotSchema),
});
export type WorkbookSnapshot = z.infer<typeof WorkbookSnapshotSchema>;

/** Excel's column count (XFD): cell keys are row * COLUMNS + column. */
const COLUMNS = 16384;

/**
 * Random access to a sheet in Excel coordinates, with merged areas resolved:
 * every cell of a merged area reads the area's value.
 */
export class SheetGrid {
  readonly name: string;
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
  private readonly sheet: SheetSnapshot;
  // Cell key (row * COLUMNS + column) → its merged area's top-left cell key: cell reads are the
  // engine's hottest path, and a sheet can have tens of thousands of merged cells.
  private readonly mergeMaster = new Map<number, number>();

  constructor(sheet: SheetSnapshot) {
    this.sheet = sheet;
    this.name = sheet.name;
    this.firstRow = sheet.startRow;
    this.firstColumn = sheet.startColumn;
    this.lastRow = sheet.startRow + sheet.values.length - 1;
    const width = sheet.values.reduce((max, r) => Math.max(max, r.length), 0);
    this.lastColumn = sheet.startColumn + width - 1;
    for (const address of sheet.merges) {
      const range = parseRange(address);
      if (!range) continue;
      const master = range.top * COLUMNS + range.left;
      for (let r = range.top; r <= range.bottom; r++) {
        for (let c = range.left; c <= range.right; c++) {
          if (r !== range.top || c !== range.left) this.mergeMaster.set(r * COLUMNS + c, master);
        }
      }
    }
  }

  /** Raw value at a cell, ignoring merges. */
  raw(row: number, column: number): CellValue {
    const r = this.sheet.values[row - this.firstRow];
    if (!r) return null;
    return r[column - this.firstColumn] ?? null;
  }

  value(row: number, column: number): CellValue {
    const master = this.mergeMaster.get(row * COLUMNS + column);
    return master === undefined
      ? this.raw(row, column)
      : this.raw(Math.floor(master / COLUMNS), master % COLUMNS);
  }

  numberFormat(row: number, column: number): string {
    const master = this.mergeMaster.get(row * COLUMNS + column);
    const [r, c] = master === undefined ? [row, column] : [Math.floor(master / COLUMNS), master % COLUMNS];
    return this.sheet.numberFormats?.[r - this.firstRow]?.[c - this.firstColumn] ?? 'General';
  }

  /** True when the cell lies in a merged area but is not its top-left cell. */
  isMergedContinuation(row: number, column: number): boolean {
    return this.mergeMaster.has(row * COLUMNS + column);
  }

  /** True when the cell continues a merged area to its left in the same row (a section row merged across). */
  isMergedAcross(row: number, column: number): boolean {
    const master = this.mergeMaster.get(row * COLUMNS + column);
    return master !== undefined && Math.floor(master / COLUMNS) === row && master % COLUMNS !== column;
  }

  /** A1 address of a cell. */
  address(row: number, column: number): string {
    return cellAddress(row, column);
  }

  /** Display text of a cell (merged areas resolved), or '' when empty. */
  text(row: number, column: number): string {
    const v = this.value(row, column);
    return v === null ? '' : String(v);
  }
}
