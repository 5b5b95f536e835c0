import { z } from 'zod';
import { cellAddress, parseRange, rangeAddress, type RangeRef } from './address';

/**
 * A serializable picture of a workbook: what every reader produces (the .xlsx reader in Node and
 * in the browser, Office.js in the task pane) and what the validation engine consumes.
 *
 * A sheet is stored by columns of typed arrays, not as rows of values: a 100k-row KPI表 is then a
 * handful of objects instead of a hundred thousand arrays and strings, which is what reading it
 * cost most in garbage collection (docs/PERFORMANCE.md). Structured clone copies it as it is
 * (workers); `sheetFromRows` and `rowsOfSheet` convert from and to rows where rows are handier.
 */
export const CellValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

/** What a cell holds (`SheetSnapshot.kinds`). */
export const EMPTY_CELL = 0;
export const NUMBER_CELL = 1;
export const TEXT_CELL = 2;
export const BOOLEAN_CELL = 3;

export const SheetSnapshotSchema = z.object({
  name: z.string().min(1),
  /** Row and column (1-based) of the rectangle's top-left cell: a used range need not start at A1. */
  startRow: z.number().int().min(1),
  startColumn: z.number().int().min(1),
  rowCount: z.number().int().min(0),
  columnCount: z.number().int().min(0),
  /**
   * Each cell of the rectangle, row by row (rowCount × columnCount): EMPTY_CELL, NUMBER_CELL,
   * TEXT_CELL or BOOLEAN_CELL. A merged area holds its value only in its top-left cell.
   */
  kinds: z.instanceof(Uint8Array),
  /** Each cell's number; a text cell's index into `texts`; a boolean cell's 1 or 0. */
  numbers: z.instanceof(Float64Array),
  /** Texts the cells refer to (sheets of one workbook may share one list). */
  texts: z.array(z.string()),
  /** Each cell's number format as an index into `formats`; null when no format is known (all General). */
  formatIds: z.instanceof(Uint16Array).nullable(),
  /** Number formats (`0.0%`, `#,##0`, `General`) by id. */
  formats: z.array(z.string()),
  /** Merged areas, four numbers each in Excel coordinates: top, left, bottom, right. */
  merges: z.instanceof(Int32Array),
});
export type SheetSnapshot = z.infer<typeof SheetSnapshotSchema>;

export const WorkbookSnapshotSchema = z.object({
  sheets: z.array(SheetSnapshotSchema),
});
export type WorkbookSnapshot = z.infer<typeof WorkbookSnapshotSchema>;

/** A sheet as rows of values: how tests, Office.js ranges and small readers see it. */
export interface SheetRows {
  name: string;
  startRow?: number;
  startColumn?: number;
  values: CellValue[][];
  /** Same shape as values where known; absent: every cell General. */
  numberFormats?: string[][];
  /** Merged areas in A1 notation (`A5:A7`); unreadable ones are dropped. */
  merges?: string[];
}

/** The value of the cell at `index` (row-major within the rectangle). */
export function cellValueAt(sheet: SheetSnapshot, index: number): CellValue {
  switch (sheet.kinds[index]) {
    case NUMBER_CELL:
      return sheet.numbers[index]!;
    case TEXT_CELL:
      return sheet.texts[sheet.numbers[index]!] ?? null;
    case BOOLEAN_CELL:
      return sheet.numbers[index] === 1;
    default:
      return null;
  }
}

/** The values of the rectangle's row `r` (0 for its first row). */
export function rowValues(sheet: SheetSnapshot, r: number): CellValue[] {
  const out: CellValue[] = [];
  if (r < 0 || r >= sheet.rowCount) return out;
  for (let c = 0; c < sheet.columnCount; c++) out.push(cellValueAt(sheet, r * sheet.columnCount + c));
  return out;
}

/** Rows → snapshot: the rectangle is as wide as the longest row. */
export function sheetFromRows(rows: SheetRows): SheetSnapshot {
  const rowCount = rows.values.length;
  const columnCount = rows.values.reduce((max, r) => Math.max(max, r.length), 0);
  const kinds = new Uint8Array(rowCount * columnCount);
  const numbers = new Float64Array(rowCount * columnCount);
  const texts: string[] = [];
  const textIds = new Map<string, number>();
  const formats = ['General'];
  const formatIdOf = new Map([['General', 0]]);
  const formatIds = rows.numberFormats ? new Uint16Array(rowCount * columnCount) : null;
  for (let r = 0; r < rowCount; r++) {
    const row = rows.values[r]!;
    for (let c = 0; c < row.length; c++) {
      const i = r * columnCount + c;
      const v = row[c];
      if (typeof v === 'number') {
        kinds[i] = NUMBER_CELL;
        numbers[i] = v;
      } else if (typeof v === 'boolean') {
        kinds[i] = BOOLEAN_CELL;
        numbers[i] = v ? 1 : 0;
      } else if (typeof v === 'string') {
        let id = textIds.get(v);
        if (id === undefined) textIds.set(v, (id = texts.push(v) - 1));
        kinds[i] = TEXT_CELL;
        numbers[i] = id;
      }
    }
    const formatRow = rows.numberFormats?.[r];
    if (!formatIds || !formatRow) continue;
    for (let c = 0; c < Math.min(formatRow.length, columnCount); c++) {
      const format = formatRow[c]!;
      let id = formatIdOf.get(format);
      // Ids are 16 bits (Excel allows a few hundred formats): one past that many reads as General.
      if (id === undefined && formats.length > 0xffff) id = 0;
      if (id === undefined) formatIdOf.set(format, (id = formats.push(format) - 1));
      formatIds[r * columnCount + c] = id;
    }
  }
  const areas = (rows.merges ?? []).map(parseRange).filter((a): a is RangeRef => a !== null);
  return {
    name: rows.name,
    startRow: rows.startRow ?? 1,
    startColumn: rows.startColumn ?? 1,
    rowCount,
    columnCount,
    kinds,
    numbers,
    texts,
    formatIds,
    formats,
    merges: Int32Array.from(areas.flatMap((a) => [a.top, a.left, a.bottom, a.right])),
  };
}

/** Snapshot → rows (every row as wide as the rectangle), the inverse of sheetFromRows. */
export function rowsOfSheet(sheet: SheetSnapshot): Required<SheetRows> {
  const values: CellValue[][] = [];
  const numberFormats: string[][] = [];
  const { columnCount, formatIds } = sheet;
  for (let r = 0; r < sheet.rowCount; r++) {
    const formatRow: string[] = [];
    for (let c = 0; c < columnCount; c++)
      formatRow.push(formatIds ? (sheet.formats[formatIds[r * columnCount + c]!] ?? 'General') : 'General');
    values.push(rowValues(sheet, r));
    numberFormats.push(formatRow);
  }
  return {
    name: sheet.name,
    startRow: sheet.startRow,
    startColumn: sheet.startColumn,
    values,
    numberFormats,
    merges: mergedAreas(sheet).map(rangeAddress),
  };
}

/** The sheet's merged areas. */
export function mergedAreas(sheet: SheetSnapshot): RangeRef[] {
  const out: RangeRef[] = [];
  const m = sheet.merges;
  for (let k = 0; k + 3 < m.length; k += 4)
    out.push({ top: m[k]!, left: m[k + 1]!, bottom: m[k + 2]!, right: m[k + 3]! });
  return out;
}

/**
 * The sheet with rows from `startRow` on replaced (Office.js re-read them after an edit); rows
 * past the rectangle extend it, wider rows widen it.
 */
export function withRows(
  sheet: SheetSnapshot,
  startRow: number,
  values: CellValue[][],
  numberFormats: string[][],
): SheetSnapshot {
  const rows = rowsOfSheet(sheet);
  for (let i = 0; i < values.length; i++) {
    const at = startRow + i - sheet.startRow;
    if (at < 0) continue;
    while (rows.values.length <= at) {
      rows.values.push([]);
      rows.numberFormats.push([]);
    }
    rows.values[at] = values[i]!;
    rows.numberFormats[at] = numberFormats[i] ?? [];
  }
  return sheetFromRows(rows);
}

/** Excel's column count (XFD): cell keys are row * COLUMNS + column. */
const COLUMNS = 16384;

/** Rectangles up to this many cells index their merged cells in a flat array (4 bytes a cell). */
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
  // each cell of the rectangle holds 1 + the index of its merged area's top-left cell (0: not merged).
  private readonly dense: Int32Array | null;
  // Merged cells whose top-left cell lies outside the rectangle, or every one on a huge rectangle:
  // cell key → top-left cell key.
  private readonly sparse = new Map<number, number>();

  constructor(sheet: SheetSnapshot) {
    this.sheet = sheet;
    this.name = sheet.name;
    this.firstRow = sheet.startRow;
    this.firstColumn = sheet.startColumn;
    this.lastRow = sheet.startRow + sheet.rowCount - 1;
    const width = sheet.columnCount;
    this.width = width;
    this.lastColumn = sheet.startColumn + width - 1;
    const cells = sheet.rowCount * width;
    this.dense = cells > 0 && cells <= DENSE_LIMIT ? new Int32Array(cells) : null;
    const m = sheet.merges;
    for (let k = 0; k + 3 < m.length; k += 4) {
      const areaTop = m[k]!;
      const areaLeft = m[k + 1]!;
      // Only cells inside the rectangle are ever read: a merged area reaching far beyond it
      // (A1:XFD1048576 in a hostile file) costs no more than the rectangle itself.
      const top = Math.max(areaTop, this.firstRow);
      const bottom = Math.min(m[k + 2]!, this.lastRow);
      const left = Math.max(areaLeft, this.firstColumn);
      const right = Math.min(m[k + 3]!, this.lastColumn);
      const masterInside = areaTop === top && areaLeft === left;
      const masterIndex = (areaTop - this.firstRow) * width + (areaLeft - this.firstColumn) + 1;
      for (let r = top; r <= bottom; r++) {
        for (let c = left; c <= right; c++) {
          if (r === areaTop && c === areaLeft) continue;
          if (this.dense && masterInside)
            this.dense[(r - this.firstRow) * width + (c - this.firstColumn)] = masterIndex;
          else this.sparse.set(r * COLUMNS + c, areaTop * COLUMNS + areaLeft);
        }
      }
    }
  }

  /** The cell's index in the rectangle, or -1 outside it. */
  private index(row: number, column: number): number {
    const r = row - this.firstRow;
    const c = column - this.firstColumn;
    if (r < 0 || c < 0 || r >= this.sheet.rowCount || c >= this.width) return -1;
    return r * this.width + c;
  }

  /** The key of the top-left cell of the merged area a cell continues, if it does. */
  private master(row: number, column: number): number | undefined {
    const i = this.dense ? this.index(row, column) : -1;
    const m = i < 0 ? 0 : this.dense![i]!;
    if (m > 0) {
      const at = m - 1;
      return (this.firstRow + Math.floor(at / this.width)) * COLUMNS + this.firstColumn + (at % this.width);
    }
    return this.sparse.size === 0 ? undefined : this.sparse.get(row * COLUMNS + column);
  }

  /** Raw value at a cell, ignoring merges. */
  raw(row: number, column: number): CellValue {
    const i = this.index(row, column);
    return i < 0 ? null : cellValueAt(this.sheet, i);
  }

  value(row: number, column: number): CellValue {
    const i = this.index(row, column);
    // The hot path: a merged cell read straight from its area's top-left, a plain one from itself.
    if (i >= 0 && this.dense) {
      const m = this.dense[i]!;
      if (m > 0) return cellValueAt(this.sheet, m - 1);
      if (this.sparse.size === 0) return cellValueAt(this.sheet, i);
    }
    const master = this.master(row, column);
    return master === undefined
      ? this.raw(row, column)
      : this.raw(Math.floor(master / COLUMNS), master % COLUMNS);
  }

  numberFormat(row: number, column: number): string {
    const { formatIds } = this.sheet;
    // Readers that keep no formats (a snapshot built from values only): every cell is General.
    if (!formatIds) return 'General';
    const master = this.master(row, column);
    const i =
      master === undefined
        ? this.index(row, column)
        : this.index(Math.floor(master / COLUMNS), master % COLUMNS);
    return i < 0 ? 'General' : (this.sheet.formats[formatIds[i]!] ?? 'General');
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
