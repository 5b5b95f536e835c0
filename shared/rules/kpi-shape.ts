import type { Finding } from '../engine/findings';
import { readNumber } from '../normalize/number';
import { nameKey, normalizeText } from '../normalize/text';
import { kpiColumnLabels, kpiKindLabel, type SheetKpiRow } from '../templates/kpi';
import type { RuleContext } from './context';
import { finding } from './finding';

/**
 * kpi.*: the shape of each KPI — one 現状値, one 指標値, at least one 実績値; one unit, present;
 * `-` only where a value may be missing; a restated (再掲) KPI has the same values everywhere.
 */
export function checkKpiShape(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const group of kpiGroups(ctx.kpi)) {
    const first = group[0]!;
    const name = first.kpi.trim();
    const at = (row: SheetKpiRow, field: 'kpi' | 'unit' | 'value' | 'kind') => ({
      cell: row.cells[field],
      row: row.row,
      column: kpiColumnLabels[field],
    });

    for (const kind of ['baseline', 'target'] as const) {
      const rows = group.filter((r) => r.kind === kind);
      if (rows.length !== 1)
        findings.push(
          finding(
            'kpi.kind-count',
            { kpi: name, kind: kpiKindLabel(kind), count: rows.length },
            at(rows[1] ?? first, rows[1] ? 'kind' : 'kpi'),
          ),
        );
    }
    if (!group.some((r) => r.kind === 'actual'))
      findings.push(
        finding('kpi.kind-count', { kpi: name, kind: kpiKindLabel('actual'), count: 0 }, at(first, 'kpi')),
      );

    const units = group.map((r) => normalizeText(r.unit));
    if (units.every((u) => u === '' || u === '-')) {
      findings.push(finding('kpi.unit-missing', { kpi: name }, at(first, 'unit')));
    } else {
      const firstUnit = units.find((u) => u !== '')!;
      const odd = group.findIndex((_, i) => units[i] !== '' && units[i] !== firstUnit);
      if (odd >= 0)
        findings.push(
          finding(
            'kpi.unit-inconsistent',
            { kpi: name, unit: group[odd]!.unit.trim(), first: firstUnit },
            at(group[odd]!, 'unit'),
            firstUnit,
          ),
        );
    }

    for (const row of group) {
      if (row.kind !== 'baseline' && readNumber(row.value).kind === 'none')
        findings.push(finding('kpi.dash-not-allowed', { kind: kpiKindLabel(row.kind) }, at(row, 'value')));
    }

    findings.push(...checkRestated(ctx, group, name));
  }
  return findings;
}

/** Rows of one KPI: consecutive rows sharing the cell its name is written in. */
export function kpiGroups(rows: readonly SheetKpiRow[]): SheetKpiRow[][] {
  const groups: SheetKpiRow[][] = [];
  let key: string | null = null;
  for (const row of rows) {
    if (row.kpi === '') continue;
    const k = row.cells.kpi ?? `${row.policy}|${row.kpi}`;
    const current = groups.at(-1);
    // JSON rows have no cells: a second 現状値 of the same name starts the next KPI.
    const again =
      row.cells.kpi === null && row.kind === 'baseline' && current?.some((r) => r.kind === 'baseline');
    if (!current || k !== key || again) groups.push([]);
    key = k;
    groups.at(-1)!.push(row);
  }
  return groups;
}

const valueKey = (row: SheetKpiRow) => `${row.kind}|${normalizeText(row.period)}`;
const valueText = (row: SheetKpiRow) => {
  const n = readNumber(row.value);
  return n.kind === 'number' ? String(n.value) : normalizeText(String(row.value ?? ''));
};

/** Compares a KPI with its earlier listing elsewhere in the workbook (再掲). */
function checkRestated(ctx: RuleContext, group: SheetKpiRow[], name: string): Finding[] {
  const firstRow = group[0]!;
  const listings = ctx.workbook.kpisByName.get(kpiIdentity(firstRow)) ?? [];
  // The first listing is the reference; later ones are compared with it.
  const original = listings[0];
  if (!original || (original.sheet === ctx.sheetName && original.rows[0]?.row === firstRow.row)) return [];
  const reference = new Map(original.rows.map((r) => [valueKey(r), r]));
  const findings: Finding[] = [];
  for (const row of group) {
    const other = reference.get(valueKey(row));
    if (!other || valueText(other) === valueText(row)) continue;
    const where = `${original.sheet === ctx.sheetName ? '' : `${original.sheet}!`}${other.cells.value ?? `${other.row}`}`;
    findings.push(
      finding(
        'kpi.restatement-mismatch',
        {
          kpi: name,
          kind: kpiKindLabel(row.kind),
          value: String(row.value ?? ''),
          other: String(other.value ?? ''),
          where,
        },
        { cell: row.cells.value, row: row.row, column: kpiColumnLabels.value },
        String(other.value ?? ''),
      ),
    );
  }
  return findings;
}

/**
 * A KPI listed twice is the same KPI (a 再掲) when name and department agree: different items may
 * measure different things under one name (`計画策定進捗率` of 都市計画課 and of 建築指導課).
 */
export const kpiIdentity = (row: SheetKpiRow): string => `${nameKey(row.kpi)}|${nameKey(row.department)}`;
