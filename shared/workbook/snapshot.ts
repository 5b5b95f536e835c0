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

/** Used ranges up to this many cells index their merged cells in a flat array (4 bytes a cell). */
const DENSE_LIMIT = 4_000_000;

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
  private readonly width: number;
  // Cell reads are the engine's hottest path and a sheet can have tens of thousands of merged cells:
  // each cell of the used range holds 1 + the index of its merged area's top-left cell (0: not merged).
  private readonly dense: Int32Array | null;
  // Merged cells whose top-left cell lies outside the used range, or every one on a huge range:
  // cell key → top-left cell key.
  private readonly sparse = new Map<number, number>();

  constructor(sheet: SheetSnapshot) {
    this.sheet = sheet;
    this.name = sheet.name;
    this.firstRow = sheet.startRow;
    this.firstColumn = sheet.startColumn;
    this.lastRow = sheet.startRow + sheet.values.length - 1;
    const width = sheet.values.reduce((max, r) => Math.max(max, r.length), 0);
    this.width = width;
    this.lastColumn = sheet.startColumn + width - 1;
    const cells = sheet.values.length * width;
    this.dense = cells > 0 && cells <= DENSE_LIMIT ? new Int32Array(cells) : null;
    for (const address of sheet.merges) {
      const range = parseRange(address);
      if (!range) continue;
      // Only cells inside the used range are ever read: a merged area reaching far beyond it
      // (A1:XFD1048576 in a hostile file) costs no more than the range itself.
      const top = Math.max(range.top, this.firstRow);
      const bottom = Math.min(range.bottom, this.lastRow);
      const left = Math.max(range.left, this.firstColumn);
      const right = Math.min(range.right, this.lastColumn);
      const masterInside = range.top === top && range.left === left;
      const masterIndex = (range.top - this.firstRow) * width + (range.left - this.firstColumn) + 1;
      for (let r = top; r <= bottom; r++) {
        for (let c = left; c <= right; c++) {
          if (r === range.top && c === range.left) continue;
          if (this.dense && masterInside)
            this.dense[(r - this.firstRow) * width + (c - this.firstColumn)] = masterIndex;
          else this.sparse.set(r * COLUMNS + c, range.top * COLUMNS + range.left);
        }
      }
    }
  }

  /** The cell's entry in the dense index: 1 + its area's top-left index, 0 when not merged, -1 outside. */
  private denseEntry(row: number, column: number): number {
    const r = row - this.firstRow;
    const c = column - this.firstColumn;
    if (!this.dense || r < 0 || c < 0 || r >= this.sheet.values.length || c >= this.width) return -1;
    return this.dense[r * this.width + c]!;
  }

  /** The key of the top-left cell of the merged area a cell continues, if it does. */
  private master(row: number, column: number): number | undefined {
    const m = this.denseEntry(row, column);
    if (m > 0) {
      const i = m - 1;
      return (this.firstRow + Math.floor(i / this.width)) * COLUMNS + this.firstColumn + (i % this.width);
    }
    return this.sparse.size === 0 ? undefined : this.sparse.get(row * COLUMNS + column);
  }

  /** Raw value at a cell, ignoring merges. */
  raw(row: number, column: number): CellValue {
    const r = this.sheet.values[row - this.firstRow];
    if (!r) return null;
    return r[column - this.firstColumn] ?? null;
  }

  value(row: number, column: number): CellValue {
    const m = this.denseEntry(row, column);
    // The hot path: a merged cell read straight from its area's top-left, a plain one from itself.
    if (m > 0) return this.sheet.values[Math.floor((m - 1) / this.width)]![(m - 1) % this.width] ?? null;
    if (m === 0 && this.sparse.size === 0) return this.raw(row, column);
    const master = this.master(row, column);
    return master === undefined
      ? this.raw(row, column)
      : this.raw(Math.floor(master / COLUMNS), master % COLUMNS);
  }

  numberFormat(row: number, column: number): string {
    const formats = this.sheet.numberFormats;
    // Readers that keep no formats (a snapshot built from values only): every cell is General.
    if (!formats) return 'General';
    const master = this.master(row, column);
    const r = master === undefined ? row : Math.floor(master / COLUMNS);
    const c = master === undefined ? column : master % COLUMNS;
    return formats[r - this.firstRow]?.[c - this.firstColumn] ?? 'General';
  }

  /** True when the cell lies in a merged area but is not its top-left cell. */
  isMergedContinuation(row: number, column: number): boolean {
    return this.master(row, column) !== undefined;
  }

  /** True when the cell continues a merged area to its left in the same row (a section row merged across). */
  isMergedAcross(row: number, column: number): boolean {
    const master = this.master(row, column);
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
