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
  /** Shown as a comment where comments are on (ExcelApi 1.10). */
  note: string;
}

/** What the running Excel can do, decided once from its requirement sets. */
export interface ExcelCapabilities {
  /** Highest ExcelApi version checked that the host supports (`1.1` … `1.10`). */
  apiVersion: string;
  /** 1.1: the cell fill (saved and restored); 1.6+: conditional formats the add-in creates. */
  markers: 'fill' | 'conditional-format';
  /** 1.7+: worksheet onChanged drives the live re-check. */
  liveRecheck: boolean;
  /** 1.8+: runtime.enableEvents turns events off while the add-in writes. */
  eventSwitch: boolean;
  /** 1.10+: threaded comments carrying the message (optional, off by default). */
  comments: boolean;
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
  /** Values and number formats of every sheet's used range, read in chunks of at most 2,000 rows. */
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
  /** Replaces the add-in's markers with these (one sync, whatever their number). */
  writeMarkers(markers: readonly CellMarker[]): Promise<void>;
  /** Also show each message as a threaded comment (ExcelApi 1.10; no effect below). Applied at the next write. */
  showComments(on: boolean): void;
  /** Removes the add-in's markers; the clerk's own formats are left exactly as they were. */
  clearMarkers(): Promise<void>;
  /** Moves Excel's selection to a cell so the clerk sees it. */
  selectCell(sheet: string, address: string): Promise<void>;
  /** Writes one value (applying a suggestion) without triggering the add-in's own change handler. */
  writeCell(sheet: string, address: string, value: CellValue): Promise<void>;
  /** Calls `listener` when the clerk edits cells (ExcelApi 1.7+); null when the host cannot tell. */
  onChange(listener: (change: SheetChange) => void): Promise<(() => Promise<void>) | null>;
  /** The whole workbook as .xlsx bytes, read in slices; null when the host cannot give it. */
  getFile(onProgress?: (fraction: number) => void): Promise<Uint8Array | null>;
}
