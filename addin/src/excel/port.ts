import type { WorkbookSnapshot } from '#shared';

/**
 * Everything the task pane needs from Excel. The UI talks only to this interface;
 * Office.js lives in the adapter behind it, and tests use an in-memory workbook.
 */
export interface ExcelPort {
  /** Values, number formats and merged areas of every sheet's used range. */
  readSnapshot(): Promise<WorkbookSnapshot>;
  /** Moves Excel's selection to a cell so the clerk sees it. */
  selectCell(sheet: string, address: string): Promise<void>;
}
