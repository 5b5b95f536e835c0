import {
  validateRow,
  validateWorkbook,
  type EngineOptions,
  type Finding,
  type SheetReport,
  type Strategy,
  type WorkbookSnapshot,
} from '#shared';
import type { SheetChange } from '../excel/port';

// Beyond this many edited rows (a paste, a fill-down) one pass over the sheet is cheaper than row by row.
const ROW_BY_ROW_LIMIT = 200;

/**
 * Findings after a clerk's edit. Only the rule units (a KPI's rows, a progress row, a project form)
 * that contain an edited row are re-checked with the engine's validateRow; the rest of the previous
 * findings stand. Whatever the row-wise path cannot vouch for (a template that changed, a large
 * paste, a sheet not seen before) is validated whole.
 */
export function recheck(
  snapshot: WorkbookSnapshot,
  strategy: Strategy,
  changes: readonly SheetChange[],
  previous: readonly SheetReport[],
  options: EngineOptions = {},
): SheetReport[] {
  const changedSheets = new Set(changes.map((c) => c.sheet));
  const wholeBook = () => validateWorkbook(snapshot, strategy, options).sheets.map(toReport);
  const result: SheetReport[] = [];
  for (const sheet of snapshot.sheets) {
    const before = previous.find((p) => p.sheet === sheet.name);
    if (!before) return wholeBook();
    if (!changedSheets.has(sheet.name)) {
      result.push(before);
      continue;
    }
    const sheetChanges = changes.filter((c) => c.sheet === sheet.name);
    const rowCount = sheetChanges.reduce((n, c) => n + (c.lastRow - c.firstRow + 1), 0);
    if (rowCount > ROW_BY_ROW_LIMIT) return wholeBook();
    const covered: { first: number; last: number }[] = [];
    const fresh: Finding[] = [];
    for (const change of sheetChanges) {
      for (let row = change.firstRow; row <= change.lastRow; row++) {
        if (covered.some((r) => row >= r.first && row <= r.last)) continue;
        const check = validateRow(sheet, row, strategy, options);
        // A header edited into or out of recognition changes the whole sheet's reading.
        if (check.template !== before.template) return wholeBook();
        if (!check.rows) {
          covered.push({ first: row, last: row });
          continue;
        }
        covered.push(check.rows);
        fresh.push(...check.findings);
      }
    }
    const kept = before.findings.filter(
      (f) => f.row === null || !covered.some((r) => f.row! >= r.first && f.row! <= r.last),
    );
    result.push({ ...before, findings: [...kept, ...fresh].sort(byPosition) });
  }
  return result;
}

function toReport({ sheet, template, rows, findings }: SheetReport): SheetReport {
  return { sheet, template, rows, findings };
}

function byPosition(a: Finding, b: Finding): number {
  return (a.row ?? 0) - (b.row ?? 0) || (a.cell ?? '').localeCompare(b.cell ?? '');
}
