import type { Finding } from '../engine/findings';
import { memoize, textNumberOf } from '../engine/memo';
import { kpiColumnLabels } from '../templates/kpi';
import { progressColumnLabels } from '../templates/progress';
import { projectLabels } from '../templates/project';
import type { SheetGrid } from '../workbook/snapshot';
import type { RuleContext } from './context';
import { cellAddress, parseCell } from '../workbook/address';
import { declareRules, findingOf, type Place } from './declare';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const generalRules = declareRules({
  'general.formula-error': {
    severity: 'error',
    catalog: {
      checks:
        'No cell the templates read (and no cell of the rows under check) shows a formula error (`#REF!`, `#VALUE!`, `#DIV/0!`, `#N/A`, `#NAME?`, `#NUM!`, `#NULL!`, `#SPILL!`, `#CALC!`).',
      failing: '`#REF!` in 数値',
      passing: '`114977`',
    },
  },
  'general.number-as-text': {
    severity: 'warning',
    catalog: {
      checks:
        'Amounts of a project sheet, population, per-capita cost, and KPI 数値 in a sheet whose other 数値 are real numbers, are numbers, not numeric texts; suggestion: the number. (A KPI sheet typed as text throughout reads fine and is not flagged.)',
      failing: "`'5,154` (text) in 事業費総額",
      passing: '`5154` formatted `#,##0`',
    },
  },
  'general.stray-space': {
    severity: 'info',
    catalog: {
      checks:
        'Name-like cells (KPI, period, unit, department, project name) have no leading/trailing spaces, line breaks or runs of spaces used for layout; suggestion: the cleaned text.',
      failing: '`水産課⏎`, `商業  労政課`',
      passing: '`水産課`, `ア　持続的成長…` (one 全角 space after the number)',
    },
  },
  'general.too-long': {
    severity: 'warning',
    catalog: {
      checks:
        "Name-like cells stay within 200 characters, texts within 4,000. (A cell over Excel's own limit of 32,767 is refused when the file is read.)",
      failing: 'a KPI name of 300 characters',
      passing: '`・生乳生産量`',
    },
  },
});

const finding = findingOf(generalRules);

/**
 * general.*: what 総務省's rules for machine-readable tables warn about, in the cells the templates
 * read — formula errors, numbers stored as text, spaces and line breaks used for layout, cells far
 * longer than anyone reads.
 */

/** Short name-like cells (department, unit, KPI name…) and long text cells have different limits. */
export const NAME_LIMIT = 200;
export const TEXT_LIMIT = 4000;

const FORMULA_ERROR = /^#(REF!|VALUE!|DIV\/0!|N\/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/;

type Kind = 'number' | 'name' | 'text';

export function checkGeneral(ctx: RuleContext): Finding[] {
  const grid = ctx.grid;
  if (!grid) return [];
  const findings: Finding[] = [];
  // Cells carried down over several rows (an item, a KPI name) are checked once, where written.
  const done = new Set<string>();
  // Cells starting with `#` already checked: the scan for stray formula errors below skips them.
  const hashCells = new Set<string>();
  // A KPI sheet typed as text throughout reads fine; a text number among real numbers is a pasted
  // cell that breaks the council's totals. Project amounts are summed by Excel itself: always checked.
  const kpiHasNumbers = ctx.kpi.some((r) => typeof r.value === 'number');
  const visit = (address: string | null, column: string, kind: Kind) => {
    const cell = address ? parseCell(address) : null;
    if (!cell) return;
    const value = grid.raw(cell.row, cell.column);
    if (typeof value === 'string') judge(value, column, kind, address, cell.row, 0);
  };
  /**
   * A text cell at (row, sheetColumn); its address is built only when a finding needs it, as most
   * texts (periods, units, departments) are fine.
   */
  const judge = (
    value: string,
    column: string,
    kind: Kind,
    address: string | null,
    row: number,
    sheetColumn: number,
  ) => {
    if (value.startsWith('#')) {
      address ??= cellAddress(row, sheetColumn);
      if (hashCells.has(address)) return;
      hashCells.add(address);
    }
    // Short name-like texts repeat (periods, units, departments): judged once per text.
    const problem = kind === 'name' ? nameProblem(value) : problemOf(value, kind);
    if (problem) findings.push(problem({ cell: address ?? cellAddress(row, sheetColumn), row, column }));
  };
  const visitOnce = (address: string | null, column: string, kind: Kind) => {
    if (!address || done.has(address)) return;
    done.add(address);
    visit(address, column, kind);
  };

  let previous: (typeof ctx.kpi)[number] | null = null;
  const own = ownColumnsOf(ctx.kpi);
  const valueKind = kpiHasNumbers ? 'number' : 'name';
  // The other cells are the row's own, in the template's columns: read by number, named only when
  // they hold text (most hold numbers or nothing).
  const ownCell = (row: number, column: number, label: string, kind: Kind) => {
    if (column === 0) return;
    const value = grid.raw(row, column);
    if (typeof value === 'string') judge(value, label, kind, null, row, column);
  };
  for (const row of ctx.kpi) {
    // Item and KPI cells carry down over consecutive rows only: each is checked where it starts.
    if (row.cells.policy !== previous?.cells.policy) visit(row.cells.policy, kpiColumnLabels.policy, 'name');
    if (row.cells.kpi !== previous?.cells.kpi) visit(row.cells.kpi, kpiColumnLabels.kpi, 'name');
    previous = row;
    ownCell(row.row, own.period, kpiColumnLabels.period, 'name');
    ownCell(row.row, own.value, kpiColumnLabels.value, valueKind);
    ownCell(row.row, own.unit, kpiColumnLabels.unit, 'name');
    ownCell(row.row, own.department, kpiColumnLabels.department, 'name');
  }
  for (const row of ctx.progress?.rows ?? []) {
    visitOnce(row.cells.department, progressColumnLabels.department, 'name');
    visitOnce(row.cells.results, progressColumnLabels.results, 'text');
    visitOnce(row.cells.plan, progressColumnLabels.plan, 'text');
  }
  const project = ctx.project;
  if (project) {
    const amounts = [project.total, ...project.funds, project.staffCost, project.staffCount];
    for (const line of amounts)
      for (const a of line?.amounts ?? []) visitOnce(a.cell, line!.label.text.trim(), 'number');
    visitOnce(project.population?.value?.cell ?? null, projectLabels.population, 'number');
    visitOnce(project.perCapita?.value?.cell ?? null, projectLabels.perCapita, 'number');
    visitOnce(project.name?.value?.cell ?? null, projectLabels.name, 'name');
    visitOnce(project.department?.value?.cell ?? null, projectLabels.department, 'name');
  }
  // Formula errors anywhere else in the rows under check (a broken lookup in a helper column).
  for (const row of rowsInScope(ctx, grid))
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      const v = grid.raw(row, c);
      if (typeof v === 'string' && v.startsWith('#')) judge(v, '', 'text', null, row, c);
    }
  return findings;
}

/** The finding a text cell of this kind gets at a place, if anything is wrong with it. */
type Problem = (place: Place) => Finding;

function problemOf(value: string, kind: Kind): Problem | null {
  if (FORMULA_ERROR.test(value.trim()))
    return (place) => finding('general.formula-error', { value: value.trim() }, place);
  const limit = kind === 'text' ? TEXT_LIMIT : NAME_LIMIT;
  if (value.length > limit)
    return (place) => finding('general.too-long', { length: value.length, limit }, place);
  if (kind === 'number') {
    const n = textNumberOf(value);
    return n.kind === 'number'
      ? (place) => finding('general.number-as-text', { value }, place, String(n.value))
      : null;
  }
  if (kind === 'name' && (value !== value.trim() || /\r|\n| {2,}|\u3000{2,}/.test(value)))
    return (place) => finding('general.stray-space', { value }, place, value.replace(/\s+/g, ' ').trim());
  return null;
}

const nameProblem = memoize((value: string) => problemOf(value, 'name'));

type OwnField = 'period' | 'value' | 'unit' | 'department';

/**
 * The columns of a KPI row's own cells (the reader names them in the row itself, in fixed
 * columns); 0 where the template has no such column.
 */
function ownColumnsOf(rows: RuleContext['kpi']): Record<OwnField, number> {
  const first = rows[0];
  const columnOf = (address: string | null | undefined) => (address ? (parseCell(address)?.column ?? 0) : 0);
  return {
    period: columnOf(first?.cells.period),
    value: columnOf(first?.cells.value),
    unit: columnOf(first?.cells.unit),
    department: columnOf(first?.cells.department),
  };
}

function rowsInScope(ctx: RuleContext, grid: SheetGrid): number[] {
  if (ctx.project) {
    const rows: number[] = [];
    for (let r = grid.firstRow; r <= grid.lastRow; r++) rows.push(r);
    return rows;
  }
  // KPI and progress rows come in sheet order, one per sheet row, except department rows sharing an item.
  const rows: number[] = [];
  for (const r of ctx.kpi) if (rows[rows.length - 1] !== r.row) rows.push(r.row);
  for (const r of ctx.progress?.rows ?? []) if (!rows.includes(r.row)) rows.push(r.row);
  return rows;
}
