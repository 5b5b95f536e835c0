import type { Finding } from '../engine/findings';
import { readNumber } from '../normalize/number';
import { kpiColumnLabels } from '../templates/kpi';
import { progressColumnLabels } from '../templates/progress';
import { projectLabels } from '../templates/project';
import type { SheetGrid } from '../workbook/snapshot';
import type { RuleContext } from './context';
import { finding } from './finding';

/**
 * general.*: what 総務省's rules for machine-readable tables warn about, in the cells the templates
 * read — formula errors, numbers stored as text, spaces and line breaks used for layout, cells far
 * longer than anyone reads.
 */

/** Short name-like cells (department, unit, KPI name…) and long text cells have different limits. */
export const NAME_LIMIT = 200;
export const TEXT_LIMIT = 4000;

const FORMULA_ERROR = /^#(REF!|VALUE!|DIV\/0!|N\/A|NAME\?|NUM!|NULL!|SPILL!|CALC!)$/;

interface Target {
  address: string | null;
  column: string;
  kind: 'number' | 'name' | 'text';
}

export function checkGeneral(ctx: RuleContext): Finding[] {
  const grid = ctx.grid;
  if (!grid) return [];
  const findings: Finding[] = [];
  const done = new Set<string>();
  // A KPI sheet typed as text throughout reads fine; a text number among real numbers is a pasted
  // cell that breaks the council's totals. Project amounts are summed by Excel itself: always checked.
  const kpiHasNumbers = ctx.kpi.some((r) => typeof r.value === 'number');
  const visit = ({ address, column, kind }: Target) => {
    if (!address || done.has(address)) return;
    done.add(address);
    const ref = locate(address);
    const value = grid.raw(ref.row, ref.column);
    if (value === null || typeof value !== 'string') return;
    const place = { cell: address, row: ref.row, column };
    if (FORMULA_ERROR.test(value.trim())) {
      findings.push(finding('general.formula-error', { value: value.trim() }, place));
      return;
    }
    const limit = kind === 'text' ? TEXT_LIMIT : NAME_LIMIT;
    if (value.length > limit) {
      findings.push(finding('general.too-long', { length: value.length, limit }, place));
      return;
    }
    if (kind === 'number') {
      const n = readNumber(value);
      if (n.kind === 'number')
        findings.push(finding('general.number-as-text', { value }, place, String(n.value)));
      return;
    }
    if (kind === 'name' && (value !== value.trim() || /\r|\n| {2,}|\u3000{2,}/.test(value))) {
      findings.push(finding('general.stray-space', { value }, place, value.replace(/\s+/g, ' ').trim()));
    }
  };

  for (const row of ctx.kpi) {
    visit({ address: row.cells.policy, column: kpiColumnLabels.policy, kind: 'name' });
    visit({ address: row.cells.kpi, column: kpiColumnLabels.kpi, kind: 'name' });
    visit({ address: row.cells.period, column: kpiColumnLabels.period, kind: 'name' });
    visit({
      address: row.cells.value,
      column: kpiColumnLabels.value,
      kind: kpiHasNumbers ? 'number' : 'name',
    });
    visit({ address: row.cells.unit, column: kpiColumnLabels.unit, kind: 'name' });
    visit({ address: row.cells.department, column: kpiColumnLabels.department, kind: 'name' });
  }
  for (const row of ctx.progress?.rows ?? []) {
    visit({ address: row.cells.department, column: progressColumnLabels.department, kind: 'name' });
    visit({ address: row.cells.results, column: progressColumnLabels.results, kind: 'text' });
    visit({ address: row.cells.plan, column: progressColumnLabels.plan, kind: 'text' });
  }
  const project = ctx.project;
  if (project) {
    const amounts = [project.total, ...project.funds, project.staffCost, project.staffCount];
    for (const line of amounts)
      for (const a of line?.amounts ?? [])
        visit({ address: a.cell, column: line!.label.text.trim(), kind: 'number' });
    visit({
      address: project.population?.value?.cell ?? null,
      column: projectLabels.population,
      kind: 'number',
    });
    visit({
      address: project.perCapita?.value?.cell ?? null,
      column: projectLabels.perCapita,
      kind: 'number',
    });
    visit({ address: project.name?.value?.cell ?? null, column: projectLabels.name, kind: 'name' });
    visit({
      address: project.department?.value?.cell ?? null,
      column: projectLabels.department,
      kind: 'name',
    });
  }
  // Formula errors anywhere else in the rows under check (a broken lookup in a helper column).
  for (const row of rowsInScope(ctx, grid))
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      const v = grid.raw(row, c);
      if (typeof v === 'string' && v.startsWith('#'))
        visit({ address: grid.address(row, c), column: '', kind: 'text' });
    }
  return findings;
}

/** `E12` → row 12, column 5; addresses here are always plain A1 cells written by the readers. */
function locate(address: string): { row: number; column: number } {
  let column = 0;
  let i = 0;
  for (; i < address.length; i++) {
    const code = address.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return { row: Number(address.slice(i)), column };
}

function rowsInScope(ctx: RuleContext, grid: SheetGrid): number[] {
  if (ctx.project) {
    const rows: number[] = [];
    for (let r = grid.firstRow; r <= grid.lastRow; r++) rows.push(r);
    return rows;
  }
  return [...new Set([...ctx.kpi.map((r) => r.row), ...(ctx.progress?.rows ?? []).map((r) => r.row)])];
}
