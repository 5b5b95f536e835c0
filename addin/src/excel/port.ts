import type { CellValue, Severity, WorkbookSnapshot } from '#shared';

/** Rows of one sheet as read from Excel (a chunk of the used range, or the rows a clerk just changed). */
export interface SheetRows {
  sheet: string;
  /** Row and column (1-based) of values[0][0]. */
  startRow: number;
  startColumn: number;
  values: CellValue[][];
  numberFormats: string[][];
}

/** One cell to mark. Several findings on a cell make one marker with the worst severity. */
export interface CellMarker {
  sheet: string;
  /** A1 address of one cell. */
  address: string;
  severity: Severity;
  /** Shown as a threaded comment when the clerk turns comments on. */
  note: string;
}

/**
 * What the running Excel can do, decided once from its requirement sets. Every Excel able to run
 * the pane has ExcelApi 1.10 or later (README, "Supported Excel hosts"): conditional-format markers,
 * live re-check, the event switch and optional comments are always there. Below, the pane says so
 * and never touches the workbook.
 */
export interface ExcelCapabilities {
  /** Highest ExcelApi version the host supports (`1.1` … `1.20`). */
  apiVersion: string;
  /** ExcelApi 1.10 or later: the pane runs. */
  supported: boolean;
  /** ExcelApi 1.17: Excel says when a sheet is renamed (below, a rename is found by the next read failing). */
  renameEvents: boolean;
}

/** What a marker write could not do. */
export interface MarkerOutcome {
  /** Sheets with findings that are protected: no markers there, the findings are listed in the pane only. */
  protectedSheets: string[];
}

/** A clerk's edit: the rows of a sheet that changed (1-based, inclusive). */
export interface SheetChange {
  sheet: string;
  firstRow: number;
  lastRow: number;
}

export interface ReadProgress {
  rowsRead: number;
  rowsTotal: number;
}

/**
 * Everything the task pane needs from Excel. The UI talks only to this interface; Office.js lives
 * in the adapter behind it (tests run that adapter against a fake Office host).
 */
export interface ExcelPort {
  readonly capabilities: ExcelCapabilities;
  /**
   * Values and number formats of every sheet's used range, in syncs of at most 2,000 rows and an
   * estimated 4 MB (Excel on the web refuses 5 MB).
   */
  readSnapshot(onProgress?: (p: ReadProgress) => void): Promise<WorkbookSnapshot>;
  /** The given rows of a sheet across columns `firstColumn`…`lastColumn` (one sync). */
  readRows(
    sheet: string,
    firstRow: number,
    lastRow: number,
    firstColumn: number,
    lastColumn: number,
  ): Promise<SheetRows>;
  /** Takes over markers an earlier session left in the workbook, so the next write removes them. */
  recoverMarkers(): Promise<void>;
  /**
   * Replaces the add-in's markers with these: one sync to look, then syncs under the request budget.
   * Protected sheets get none (named in the outcome); markers the clerk deleted are forgotten.
   */
  writeMarkers(markers: readonly CellMarker[]): Promise<MarkerOutcome>;
  /** Also show each message as a threaded comment. Applied at the next write. */
  showComments(on: boolean): void;
  /** Removes the add-in's markers; the clerk's own formats are left exactly as they were. */
  clearMarkers(): Promise<void>;
  /** Moves Excel's selection to a cell so the clerk sees it. */
  selectCell(sheet: string, address: string): Promise<void>;
  /**
   * Writes one value (applying a suggestion) without triggering the add-in's own change handler;
   * text Excel would turn into a formula, number or date goes into a text-formatted cell.
   */
  writeCell(sheet: string, address: string, value: CellValue): Promise<void>;
  /**
   * Calls `listener` when the clerk edits cells, `reshaped` when rows or sheets moved (rows
   * inserted or deleted, a sheet added or renamed); resolves to the function that stops listening.
   */
  onChange(listener: (change: SheetChange) => void, reshaped: () => void): Promise<() => Promise<void>>;
  /**
   * The whole workbook as .xlsx bytes, read in slices, without the add-in's markers; null when the
   * host cannot give it. Rejects when the host throws.
   */
  getFile(onProgress?: (fraction: number) => void): Promise<Uint8Array | null>;
  /**
   * Opens an .xlsx (base64) as a new workbook in Excel (the department's template); rejects when the
   * host cannot open files, and the pane then offers the file as a link.
   */
  openWorkbook(base64: string): Promise<void>;
}
