import { nameKey } from '../normalize/text';
import { kpiKeyOf, lookupItem } from './memo';
import type { EngineOptions, KpiGroup, Rule, RuleContext, WorkbookFacts } from '../rules/context';
import { findingOf } from '../rules/declare';
import { templateRules } from '../rules/template';
import { checkGeneral } from '../rules/general';
import { checkHierarchy } from '../rules/hierarchy';
import { checkKpiSchema } from '../rules/kpi-schema';
import { checkKpiShape, kpiGroups, kpiIdentity } from '../rules/kpi-shape';
import { checkOwnership } from '../rules/ownership';
import { checkProgressHeader, checkProgressText } from '../rules/progress-text';
import { checkProjectSheet } from '../rules/project-sheet';
import { checkValues } from '../rules/value';
import { StrategyIndex } from '../strategy/lookup';
import type { LevelNumbering } from '../strategy/numbering';
import type { Strategy } from '../strategy/schema';
import { detectKpiTable, readKpiSheet, type KpiRow, type SheetKpiRow } from '../templates/kpi';
import { detectProgressReport, readProgressReport, type ProgressSheet } from '../templates/progress';
import { detectProjectSheet, type ProjectSheet } from '../templates/project';
import { TEMPLATE_SERVICE_SHEETS } from '../templates/keys';
import { SheetGrid, type SheetSnapshot, type WorkbookSnapshot } from '../workbook/snapshot';
import type { Finding, SheetReport, TemplateKind, WorkbookReport } from './findings';

/** Every rule family, in catalog order (docs/rules.md). Each decides which templates it applies to. */
const rules: Rule[] = [
  checkHierarchy,
  checkOwnership,
  checkValues,
  checkKpiShape,
  checkKpiSchema,
  checkProgressHeader,
  checkProgressText,
  checkProjectSheet,
  checkGeneral,
];

/** Strategy indexes are pure functions of the definition: build each once (the definition is not mutated). */
const indexes = new WeakMap<Strategy, StrategyIndex>();
export function strategyIndexFor(strategy: Strategy): StrategyIndex {
  let index = indexes.get(strategy);
  if (!index) indexes.set(strategy, (index = new StrategyIndex(strategy)));
  return index;
}

// Addresses are ASCII (`AB12`): compared by code unit, as localeCompare would order them, without
// setting up an ICU collator (~7 ms on a command's first call).
function byPosition(a: Finding, b: Finding): number {
  const [x, y] = [a.cell ?? '', b.cell ?? ''];
  return (a.row ?? 0) - (b.row ?? 0) || (x < y ? -1 : x > y ? 1 : 0);
}

/** A sheet recognized as one of the templates (by header texts), with its rows read. */
export type RecognizedSheet =
  | { template: 'kpi'; rows: SheetKpiRow[] }
  | { template: 'progress'; sheet: ProgressSheet }
  | { template: 'project'; sheet: ProjectSheet }
  | { template: 'unknown'; missing: string[] };

/**
 * Tries each template in turn; an unrecognized sheet names what each template missed. Which template
 * a sheet is depends on its header texts only; the strategy's numbering then tells its section rows.
 */
export function recognizeSheet(grid: SheetGrid, numbering: LevelNumbering): RecognizedSheet {
  const kpi = detectKpiTable(grid);
  if (kpi.ok) return { template: 'kpi', rows: readKpiSheet(grid, kpi, numbering).rows };
  const progress = detectProgressReport(grid);
  if (progress.ok) return { template: 'progress', sheet: readProgressReport(grid, progress, numbering) };
  const project = detectProjectSheet(grid);
  if (project.ok) return { template: 'project', sheet: project.sheet };
  return {
    template: 'unknown',
    missing: [
      `KPI表: ${kpi.missing.join('、')}`,
      `進捗報告: ${progress.missing.join('、')}`,
      `主要施策成果シート: ${project.missing.join('、')}`,
    ],
  };
}

export interface ValidatedSheet extends SheetReport {
  kpiRows: SheetKpiRow[];
  progress?: ProgressSheet;
  project?: ProjectSheet;
}

/** Facts that rules on one sheet compare against the whole workbook (再掲 KPIs and projects). */
export function workbookFacts(
  strategy: StrategyIndex,
  sheets: { name: string; recognized: RecognizedSheet }[],
): WorkbookFacts {
  const facts: WorkbookFacts = {
    kpisByName: new Map(),
    kpiNamesByItem: new Map(),
    listedProjects: new Set(),
    firstKpiSheet: null,
  };
  for (const { name, recognized } of sheets) {
    if (recognized.template === 'kpi') {
      facts.firstKpiSheet ??= name;
      for (const rows of kpiGroups(recognized.rows)) {
        const first = rows[0]!;
        const group: KpiGroup = { sheet: name, key: kpiIdentity(first), name: first.kpi, rows };
        const list = facts.kpisByName.get(group.key);
        if (list) list.push(group);
        else facts.kpisByName.set(group.key, [group]);
        let previous: SheetKpiRow | null = null;
        for (const row of rows) {
          // A KPI's rows share its item and name: each pair is recorded once.
          if (previous && row.policy === previous.policy && row.kpi === previous.kpi) continue;
          previous = row;
          const code = lookupItem(strategy, row.policy).match?.node.code;
          if (!code) continue;
          let names = facts.kpiNamesByItem.get(code);
          if (!names) facts.kpiNamesByItem.set(code, (names = new Set()));
          names.add(kpiKeyOf(row.kpi));
        }
      }
    }
    if (recognized.template === 'progress') {
      for (const block of recognized.sheet.blocks)
        for (const p of block.projects) if (!p.restated) facts.listedProjects.add(nameKey(p.name));
    }
  }
  return facts;
}

export function runRules(ctx: RuleContext): Finding[] {
  return rules.flatMap((rule) => rule(ctx)).sort(byPosition);
}

export function contextFor(
  grid: SheetGrid | null,
  sheetName: string,
  recognized: RecognizedSheet,
  strategy: StrategyIndex,
  options: EngineOptions,
  workbook: WorkbookFacts,
): RuleContext {
  return {
    sheetName,
    grid,
    strategy,
    options,
    workbook,
    kpi: recognized.template === 'kpi' ? recognized.rows : [],
    progress:
      recognized.template === 'progress' ? { sheet: recognized.sheet, rows: recognized.sheet.rows } : null,
    project: recognized.template === 'project' ? recognized.sheet : null,
  };
}

function unrecognizedFinding(missing: string[]): Finding {
  const f = findingOf(templateRules)(
    'template.unrecognized',
    { missing },
    { cell: null, row: 0, column: '' },
  );
  return { ...f, row: null, column: null };
}

/**
 * Validates a workbook snapshot against a strategy: every sheet is recognized by its header texts
 * and every row checked by every rule family. Pure and synchronous: the task pane, the browser page,
 * the CLI and the service all call this with the same snapshot shape.
 */
export function validate(
  snapshot: WorkbookSnapshot,
  strategy: Strategy,
  options: EngineOptions = {},
): { sheets: ValidatedSheet[] } {
  const index = strategyIndexFor(strategy);
  // A generated workbook's key and list sheets are the service's, not a report of the clerk's.
  const reports = snapshot.sheets.filter((s) => !TEMPLATE_SERVICE_SHEETS.includes(s.name));
  const sheets = reports.map((sheet) => {
    const grid = new SheetGrid(sheet);
    return { name: sheet.name, grid, recognized: recognizeSheet(grid, index.numbering) };
  });
  const workbook = workbookFacts(index, sheets);
  return {
    sheets: sheets.map(({ name, grid, recognized }): ValidatedSheet => {
      if (recognized.template === 'unknown')
        return {
          sheet: name,
          template: 'unknown',
          rows: 0,
          kpiRows: [],
          findings: [unrecognizedFinding(recognized.missing)],
        };
      const findings = runRules(contextFor(grid, name, recognized, index, options, workbook));
      return {
        sheet: name,
        template: recognized.template,
        rows: rowCount(recognized),
        kpiRows: recognized.template === 'kpi' ? recognized.rows : [],
        ...(recognized.template === 'progress' ? { progress: recognized.sheet } : {}),
        ...(recognized.template === 'project' ? { project: recognized.sheet } : {}),
        findings,
      };
    }),
  };
}

/** The name the skeleton exported; the CLI, the service and the add-in call it. */
export const validateWorkbook = validate;

function rowCount(recognized: RecognizedSheet): number {
  switch (recognized.template) {
    case 'kpi':
      return recognized.rows.length;
    case 'progress':
      return recognized.sheet.rows.length;
    case 'project':
      return 1;
    case 'unknown':
      return 0;
  }
}

/** What re-checking one edited row returns. */
export interface RowCheck {
  template: TemplateKind;
  /** The sheet rows whose findings these are (replace the old findings of exactly these rows). */
  rows: { first: number; last: number } | null;
  findings: Finding[];
}

/**
 * Re-checks the rule unit that contains `row` after an edit, for live checking in the task pane:
 * the KPI the row belongs to (its 現状値/実績値/指標値 rows), one department row of a progress report,
 * or the whole project sheet (one form is one project). The sheet's header is detected and its rows
 * read again (cheap), but rules run only on that unit; other sheets are not touched, so 再掲
 * comparisons see this sheet only.
 */
export function validateRow(
  sheet: SheetSnapshot,
  row: number,
  strategy: Strategy,
  options: EngineOptions = {},
): RowCheck {
  const index = strategyIndexFor(strategy);
  const grid = new SheetGrid(sheet);
  const recognized = recognizeSheet(grid, index.numbering);
  const workbook = workbookFacts(index, [{ name: sheet.name, recognized }]);
  const base = contextFor(grid, sheet.name, recognized, index, options, workbook);
  switch (recognized.template) {
    case 'unknown':
      return { template: 'unknown', rows: null, findings: [] };
    case 'project':
      return {
        template: 'project',
        rows: { first: grid.firstRow, last: grid.lastRow },
        findings: runRules(base),
      };
    case 'kpi': {
      const group = kpiGroups(recognized.rows).find((g) => g.some((r) => r.row === row));
      if (!group) return { template: 'kpi', rows: null, findings: [] };
      const first = group[0]!.row;
      const last = group[group.length - 1]!.row;
      const findings = runRules({ ...base, kpi: group, partial: true });
      // An item cell written above this KPI belongs to an earlier unit: report only this unit's rows.
      const own = findings.filter((f) => f.row === null || (f.row >= first && f.row <= last));
      return { template: 'kpi', rows: { first, last }, findings: own };
    }
    case 'progress': {
      const rows = recognized.sheet.rows.filter((r) => r.row === row);
      if (rows.length === 0) return { template: 'progress', rows: null, findings: [] };
      const findings = runRules({
        ...base,
        progress: { sheet: recognized.sheet, rows },
        partial: true,
      }).filter((f) => f.rule !== 'progress.year-mismatch');
      return { template: 'progress', rows: { first: row, last: row }, findings };
    }
  }
}

/** The public report shape (CLI JSON, API): the validated sheets without their parsed rows. */
export function toReport(result: { sheets: ValidatedSheet[] }, file?: string): WorkbookReport {
  return {
    ...(file === undefined ? {} : { file }),
    sheets: result.sheets.map(
      ({ kpiRows: _rows, progress: _progress, project: _project, ...report }) => report,
    ),
  };
}

const NO_CELLS: SheetKpiRow['cells'] = Object.freeze({
  policy: null,
  kpi: null,
  kind: null,
  period: null,
  value: null,
  unit: null,
  department: null,
});

/** JSON rows (no sheet): positions are the 1-based row indexes. */
export function validateKpiRows(
  rows: readonly KpiRow[],
  strategy: Strategy,
  options: EngineOptions = {},
): { rows: SheetKpiRow[]; findings: Finding[] } {
  const index = strategyIndexFor(strategy);
  const sheetRows: SheetKpiRow[] = rows.map((r, i) => ({
    policy: r.policy,
    kpi: r.kpi,
    kind: r.kind,
    period: r.period,
    value: r.value,
    unit: r.unit,
    department: r.department,
    row: i + 1,
    cells: NO_CELLS,
  }));
  const recognized: RecognizedSheet = { template: 'kpi', rows: sheetRows };
  const workbook = workbookFacts(index, [{ name: '', recognized }]);
  return { rows: sheetRows, findings: runRules(contextFor(null, '', recognized, index, options, workbook)) };
}
