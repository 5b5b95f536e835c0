import type { Period } from '../domain/periods';
import { parseTarget } from '../domain/targets';
import type { Finding } from '../engine/findings';
import { kpiColumnLabels, kpiKindLabel, type KpiKind, type SheetKpiRow } from '../templates/kpi';
import type { KpiGroup, RuleContext } from './context';
import {
  keyOf,
  kpiKeyOf,
  normalized,
  periodOf,
  restatedName,
  targetOf,
  textNumberOf,
  unitFactorOf,
  unitOf,
  unitReadingOf,
} from '../engine/memo';
import { definitionOf } from './kpi-definitions';
import { periodProblemTexts } from '../domain/messages';
import { declareRules, findingOf } from './declare';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const kpiShapeRules = declareRules({
  'kpi.kind-count': {
    severity: 'error',
    catalog: {
      checks:
        'Each KPI of a sheet has exactly one 現状値, one 指標値 and at least one 実績値 (JSON row submissions may carry only some rows of a KPI).',
      failing: 'a KPI with 現状値, 実績値, 実績値 (no 指標値)',
      passing: '現状値, 実績値, 実績値, 指標値',
    },
  },
  'kpi.unit-missing': {
    severity: 'error',
    catalog: {
      checks:
        'The KPI has a unit (`-` is no unit), unless the strategy defines it without one; suggestion: the defined unit.',
      failing: '`・時間帯、居住地区に制限なく医療を受けられる体制` with unit `-` (seed)',
      passing: 'unit `トン`',
    },
  },
  'kpi.unit-inconsistent': {
    severity: 'error',
    catalog: {
      checks:
        "All rows of one KPI have the same unit (compared as canonical units: `か所` = `箇所`); suggestion: the first row's unit.",
      failing: 'rows in `トン`, `kg`, `トン`',
      passing: '`トン` on every row',
    },
  },
  'kpi.unit-target-mismatch': {
    severity: 'error',
    catalog: {
      checks:
        "A target with a unit of its own (a level, bound or maintained level: `18.0%以下`, `4万人以上の維持`) fits the KPI's unit. A relative target's `%` is a rate of change and fits any unit.",
      failing: 'unit `人` with target `18.0%以下` (seed)',
      passing:
        'unit `%` with `18.0%以下`; unit `万円` with `25%増(対H25年比)`; unit `人` with `4万人以上の維持`',
    },
  },
  'kpi.period-invalid': {
    severity: 'error',
    catalog: {
      checks:
        '年・年度 parses (eras, 年/年度, month forms, ranges, cumulative, each-year, vague decades: `shared/domain/periods.ts`); `-` only for a missing 現状値.',
      failing: '`R5年13月`; `-` for a 実績値',
      passing: '`H27年度`, `H23-26年平均`, `H27-31年度累計`, `H27.7.1~H28.6.30`, `H30年代後半`',
    },
  },
  'kpi.period-order': {
    severity: 'error',
    catalog: {
      checks:
        'The 現状値 ends before the first 実績値, and no 実績値 ends after the 指標値 (compared by the last day each period covers; open and vague periods are not compared).',
      failing: '現状値 `H27年度` with 実績値 `H27年度` (子どもの不読書 ×3, マップ作成小学校数; seed)',
      passing:
        '現状値 `H26年度`, 実績値 `H27年度`, 指標値 `H31年度`; 現状値 `H27年9月末`, 実績値 `H27年度末`',
    },
  },
  'kpi.target-invalid': {
    severity: 'error',
    catalog: {
      checks:
        'The 指標値 is written (`-` when the KPI has no target); how it is written is judged by `value.target-unparsed`.',
      failing: 'an empty 指標値, a 指標値 of spaces',
      passing: '`120,000`, `25%増(対H25年比)`, `-`',
    },
  },
  'kpi.dash-not-allowed': {
    severity: 'error',
    catalog: {
      checks: '`-` (no value) only in a 現状値 (a new KPI has no baseline).',
      failing: '`-` as a 実績値',
      passing: '`-` as the 現状値 of `・創業支援者数`',
    },
  },
  'kpi.restatement-mismatch': {
    severity: 'error',
    catalog: {
      checks:
        "A KPI listed more than once in the workbook (same name and department: a 再掲; 再掲 marks anywhere in the name are ignored: `（再掲）`, `【再掲】`, `(再)`, `再掲` before or after the name) has the same values for each 区分 and period as its first listing without a 再掲 mark; suggestion: that listing's value.",
      failing: '`・釧路空港乗降客数` 実績値 H27年度 `69.5` where the first listing has `69.3`',
      passing:
        'the same `69.3` in every listing; `・計画策定進捗率` of 都市計画課 and of 建築指導課 are different KPIs',
    },
  },
});

const finding = findingOf(kpiShapeRules);

/**
 * kpi.*: the shape of each KPI — one 現状値, one 指標値, at least one 実績値 (sheets; JSON rows may
 * carry only some rows of a KPI); one unit, present and fitting the target; periods that parse and
 * run 現状値 < 実績値 ≤ 指標値; a target that parses; `-` only where a value may be missing; a
 * restated (再掲) KPI has the same values everywhere. Periods and targets are read by shared/domain.
 */
export function checkKpiShape(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  // One pass over each KPI's rows; this runs for every KPI of a 10,000-row table on every check.
  for (const group of kpiGroups(ctx.kpi)) {
    const first = group[0]!;
    const name = first.kpi.trim();
    let baselines = 0;
    let actuals = 0;
    let targets = 0;
    let secondBaseline: SheetKpiRow | null = null;
    let secondTarget: SheetKpiRow | null = null;
    let firstUnit: string | null = null;
    let odd: SheetKpiRow | null = null;
    let dashes: SheetKpiRow[] | null = null;
    for (const row of group) {
      if (row.kind === 'baseline') {
        if (++baselines === 2) secondBaseline = row;
      } else if (row.kind === 'target') {
        if (++targets === 2) secondTarget = row;
      } else actuals++;
      const unit = unitOf(row.unit);
      if (unit) {
        if (firstUnit === null) firstUnit = unit;
        else if (odd === null && unit !== firstUnit) odd = row;
      }
      if (row.kind !== 'baseline' && typeof row.value === 'string' && textNumberOf(row.value).kind === 'none')
        (dashes ??= []).push(row);
    }

    if (first.cells.kpi !== null) {
      if (baselines !== 1) findings.push(kindCount(name, first, 'baseline', baselines, secondBaseline));
      if (targets !== 1) findings.push(kindCount(name, first, 'target', targets, secondTarget));
      if (actuals === 0) findings.push(kindCount(name, first, 'actual', 0, null));
    }

    // A KPI the strategy defines without a unit (a rate such as 合計特殊出生率) has none to write.
    if (firstUnit === null) {
      const defined = definitionOf(ctx.strategy, first)?.kpi;
      if (!defined || unitReadingOf(defined.unit).kind !== 'none')
        findings.push(
          finding('kpi.unit-missing', { kpi: name }, at(first, 'unit'), defined?.unit.trim() || null),
        );
    } else if (odd)
      findings.push(
        finding(
          'kpi.unit-inconsistent',
          { kpi: name, unit: odd.unit.trim(), first: firstUnit },
          at(odd, 'unit'),
          firstUnit,
        ),
      );

    for (const row of dashes ?? [])
      findings.push(finding('kpi.dash-not-allowed', { kind: kpiKindLabel(row.kind) }, at(row, 'value')));

    // Each check adds to the findings in place: no arrays per KPI.
    checkPeriods(findings, group, name);
    checkTarget(findings, group, name, firstUnit);
    checkRestated(findings, ctx, group, name);
  }
  return findings;
}

// Helpers at module level, not closures in the loop: checkKpiShape runs for every KPI of a large
// table, and a closure per KPI is an allocation (and, under tsx, a keepNames `__name` call) each time.

const at = (row: SheetKpiRow, field: 'kpi' | 'unit' | 'value' | 'kind' | 'period') => ({
  cell: row.cells[field],
  row: row.row,
  column: kpiColumnLabels[field],
});

/** A KPI with too many or too few rows of a kind: at the extra row's 区分, or at the name for a missing one. */
function kindCount(
  name: string,
  first: SheetKpiRow,
  kind: KpiKind,
  count: number,
  extra: SheetKpiRow | null,
): Finding {
  return finding(
    'kpi.kind-count',
    { kpi: name, kind: kpiKindLabel(kind), count },
    at(extra ?? first, extra ? 'kind' : 'kpi'),
  );
}

function periodOrder(
  name: string,
  later: SheetKpiRow,
  a: 'baseline' | 'actual',
  b: 'actual' | 'target',
): Finding {
  return finding(
    'kpi.period-order',
    { kpi: name, earlier: kpiKindLabel(a), later: kpiKindLabel(b) },
    at(later, 'period'),
  );
}

/** The last day a period covers (ISO date), for ordering; null for open, vague or missing periods. */
function periodEnd(period: Period): string | null {
  switch (period.kind) {
    case 'point':
      return period.point.until;
    case 'range':
    case 'each-year':
      return period.to.until;
    case 'cumulative':
      return period.to?.until ?? null;
    default:
      return null;
  }
}

/** Periods parse; the baseline ends before the results, the results do not pass the target. */
function checkPeriods(findings: Finding[], group: SheetKpiRow[], name: string): void {
  // The earliest-ending baseline, first and last results and earliest target (the first row among equals).
  let baseline: SheetKpiRow | null = null;
  let baselineEnd = '';
  let firstActual: SheetKpiRow | null = null;
  let firstActualEnd = '';
  let lastActualEnd: string | null = null;
  let target: SheetKpiRow | null = null;
  let targetEnd = '';
  for (const row of group) {
    const period = periodOf(row.period);
    // `-` (or nothing) is allowed for the period of a missing baseline.
    const missing = period.kind === 'none' || period.kind === 'empty';
    if (period.kind === 'invalid' || (missing && row.kind !== 'baseline')) {
      findings.push(
        finding(
          'kpi.period-invalid',
          {
            period: row.period,
            kind: kpiKindLabel(row.kind),
            reason: periodProblemTexts[period.kind === 'invalid' ? period.reason : 'missing'],
          },
          at(row, 'period'),
        ),
      );
      continue;
    }
    const end = periodEnd(period);
    if (end === null) continue;
    if (row.kind === 'baseline') {
      if (!baseline || end < baselineEnd) {
        baseline = row;
        baselineEnd = end;
      }
    } else if (row.kind === 'target') {
      if (!target || end < targetEnd) {
        target = row;
        targetEnd = end;
      }
    } else {
      if (!firstActual || end < firstActualEnd) {
        firstActual = row;
        firstActualEnd = end;
      }
      if (lastActualEnd === null || end >= lastActualEnd) lastActualEnd = end;
    }
  }
  if (baseline && firstActual && firstActualEnd <= baselineEnd)
    findings.push(periodOrder(name, firstActual, 'baseline', 'actual'));
  if (target && lastActualEnd !== null && lastActualEnd > targetEnd)
    findings.push(periodOrder(name, target, 'actual', 'target'));
}

/** Target forms whose unit is the KPI's own (not a rate of change). */
const OWN_UNIT_KINDS = new Set(['level', 'cumulative', 'annual', 'bound', 'maintain']);

/** The first row of a kind in a KPI's rows. */
function firstOfKind(group: readonly SheetKpiRow[], kind: KpiKind): SheetKpiRow | undefined {
  for (const row of group) if (row.kind === kind) return row;
  return undefined;
}

/** The target is written, and a target with a unit of its own (`18.0%以下`) fits the KPI's unit. */
function checkTarget(findings: Finding[], group: SheetKpiRow[], name: string, unit: string | null): void {
  const row = firstOfKind(group, 'target');
  if (!row) return;
  // A plain number is a target with no unit of its own: nothing to check.
  if (typeof row.value === 'number' && Number.isFinite(row.value)) return;
  const expr = typeof row.value === 'string' ? targetOf(row.value) : parseTarget(row.value);
  // An unreadable form is value.target-unparsed (a warning); a missing target is an error here.
  if (expr.kind === 'unparsed') return;
  if (expr.kind === 'empty')
    return void findings.push(
      finding('kpi.target-invalid', { value: String(row.value ?? '') }, at(row, 'value')),
    );
  // A relative target's % is a rate of change, not the KPI's unit (`25%増` of 万円 is fine).
  const ownUnit = OWN_UNIT_KINDS.has(expr.kind);
  if (!ownUnit || expr.unit === null || unit === null || unitReadingOf(unit).kind === 'none') return;
  if (unitFactorOf(expr.unit, unit) !== null) return;
  findings.push(
    finding('kpi.unit-target-mismatch', { kpi: name, unit, targetUnit: expr.unit }, at(row, 'value')),
  );
}

// The engine groups the same rows for several rule families: once per row array.
const grouped = new WeakMap<readonly SheetKpiRow[], SheetKpiRow[][]>();

/** Rows of one KPI: consecutive rows sharing the cell its name is written in. Shared: do not mutate. */
export function kpiGroups(rows: readonly SheetKpiRow[]): SheetKpiRow[][] {
  const cached = grouped.get(rows);
  if (cached) return cached;
  const groups: SheetKpiRow[][] = [];
  let current: SheetKpiRow[] | null = null;
  let hasBaseline = false;
  let previous: SheetKpiRow | null = null;
  for (const row of rows) {
    if (row.kpi === '') continue;
    // Same KPI: the same name cell, or (JSON rows, no cells) the same item and name.
    const same =
      previous !== null &&
      (row.cells.kpi !== null
        ? row.cells.kpi === previous.cells.kpi
        : previous.cells.kpi === null && row.policy === previous.policy && row.kpi === previous.kpi);
    // JSON rows have no cells: a second 現状値 of the same name starts the next KPI.
    const again = row.cells.kpi === null && row.kind === 'baseline' && hasBaseline;
    if (current === null || !same || again) {
      groups.push((current = []));
      hasBaseline = false;
    }
    current.push(row);
    if (row.kind === 'baseline') hasBaseline = true;
    previous = row;
  }
  grouped.set(rows, groups);
  return groups;
}

/** A value as compared between listings: its number when it reads as one, else its normalized text. */
const comparable = (value: SheetKpiRow['value']): number | string => {
  if (typeof value === 'number') return value;
  const text = String(value ?? '');
  const n = textNumberOf(text);
  return n.kind === 'number' ? n.value : normalized(text);
};

interface Reference {
  kind: SheetKpiRow['kind'];
  period: string;
  value: number | string;
  row: SheetKpiRow;
}

// An original listed once is compared with each of its 再掲: read its rows once.
const references = new WeakMap<KpiGroup, Reference[]>();
function referenceOf(original: KpiGroup): Reference[] {
  let reference = references.get(original);
  if (!reference) {
    reference = original.rows.map((row) => ({
      kind: row.kind,
      period: normalized(row.period),
      value: comparable(row.value),
      row,
    }));
    references.set(original, reference);
  }
  return reference;
}

const unmarked = (listing: KpiGroup) => !restatedName(listing.name);

/** Compares a KPI with its earlier listing elsewhere in the workbook (再掲). */
function checkRestated(findings: Finding[], ctx: RuleContext, group: SheetKpiRow[], name: string): void {
  const firstRow = group[0]!;
  const listings = ctx.workbook.kpisByName.get(kpiIdentity(firstRow)) ?? [];
  // The first listing without a 再掲 mark is the reference (else the first); the others are compared with it.
  const original = listings.find(unmarked) ?? listings[0];
  if (!original || (original.sheet === ctx.sheetName && original.rows[0]?.row === firstRow.row)) return;
  const reference = referenceOf(original);
  for (const row of group) {
    const period = normalized(row.period);
    // The original's row of the same 区分 and period (the last one, should it list one twice).
    let ref: Reference | undefined;
    for (let i = reference.length - 1; i >= 0 && !ref; i--)
      if (reference[i]!.kind === row.kind && reference[i]!.period === period) ref = reference[i];
    if (!ref || ref.value === comparable(row.value)) continue;
    const other = ref.row;
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
}

/**
 * A KPI listed twice is the same KPI (a 再掲) when name (without its 再掲 mark) and department agree:
 * different items may measure different things under one name (`計画策定進捗率` of 都市計画課 and of 建築指導課).
 */
export function kpiIdentity(row: SheetKpiRow): string {
  // Asked for every KPI by the workbook facts and by checkRestated: kept per (name, department) as
  // written, so no key string is built and hashed per KPI.
  let byDepartment = identities.get(row.kpi);
  if (!byDepartment) {
    if (identities.size >= 20_000) identities.clear();
    byDepartment = new Map();
    identities.set(row.kpi, byDepartment);
  }
  let identity = byDepartment.get(row.department);
  if (identity === undefined)
    byDepartment.set(row.department, (identity = `${kpiKeyOf(row.kpi)}|${keyOf(row.department)}`));
  return identity;
}

const identities = new Map<string, Map<string, string>>();
