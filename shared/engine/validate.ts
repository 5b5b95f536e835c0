import { finding } from '../rules/finding';
import { checkHierarchy } from '../rules/hierarchy';
import { checkValues } from '../rules/value';
import type { KpiRuleContext } from '../rules/context';
import { StrategyIndex } from '../strategy/lookup';
import type { Strategy } from '../strategy/schema';
import { detectKpiTable, readKpiSheet, type KpiRow, type SheetKpiRow } from '../templates/kpi';
import { SheetGrid, type WorkbookSnapshot } from '../workbook/snapshot';
import type { Finding, SheetReport, WorkbookReport } from './findings';

const kpiRules: ((ctx: KpiRuleContext) => Finding[])[] = [checkHierarchy, checkValues];

/** Strategy indexes are pure functions of the definition: build each once. */
const indexes = new WeakMap<Strategy, StrategyIndex>();
function indexFor(strategy: Strategy): StrategyIndex {
  let index = indexes.get(strategy);
  if (!index) indexes.set(strategy, (index = new StrategyIndex(strategy)));
  return index;
}

function byPosition(a: Finding, b: Finding): number {
  return (a.row ?? 0) - (b.row ?? 0) || (a.cell ?? '').localeCompare(b.cell ?? '');
}

function runKpiRules(rows: readonly SheetKpiRow[], strategy: Strategy): Finding[] {
  const ctx: KpiRuleContext = { rows, strategy: indexFor(strategy) };
  return kpiRules.flatMap((rule) => rule(ctx)).sort(byPosition);
}

export interface ValidatedSheet extends SheetReport {
  kpiRows: SheetKpiRow[];
}

/** Pure and synchronous: the task pane, the browser page, the CLI and the service all call this. */
export function validateWorkbook(
  snapshot: WorkbookSnapshot,
  strategy: Strategy,
): { sheets: ValidatedSheet[] } {
  return {
    sheets: snapshot.sheets.map((sheet): ValidatedSheet => {
      const grid = new SheetGrid(sheet);
      const detection = detectKpiTable(grid);
      if (!detection.ok) {
        const unrecognized = finding(
          'template.unrecognized',
          { missing: detection.missing },
          { cell: null, row: 0, column: '' },
        );
        return {
          sheet: sheet.name,
          template: 'unknown',
          rows: 0,
          kpiRows: [],
          findings: [{ ...unrecognized, row: null, column: null }],
        };
      }
      const { rows } = readKpiSheet(grid, detection);
      return {
        sheet: sheet.name,
        template: 'kpi',
        rows: rows.length,
        kpiRows: rows,
        findings: runKpiRules(rows, strategy),
      };
    }),
  };
}

/** The public report shape (CLI JSON, API): the validated sheets without their parsed rows. */
export function toReport(result: { sheets: ValidatedSheet[] }, file?: string): WorkbookReport {
  return {
    ...(file === undefined ? {} : { file }),
    sheets: result.sheets.map(({ kpiRows: _rows, ...report }) => report),
  };
}

/** JSON rows (no sheet): positions are the 1-based row indexes. */
export function validateKpiRows(
  rows: readonly KpiRow[],
  strategy: Strategy,
): { rows: SheetKpiRow[]; findings: Finding[] } {
  const sheetRows: SheetKpiRow[] = rows.map((r, i) => ({
    ...r,
    row: i + 1,
    cells: { policy: null, kpi: null, kind: null, period: null, value: null, unit: null, department: null },
  }));
  return { rows: sheetRows, findings: runKpiRules(sheetRows, strategy) };
}
