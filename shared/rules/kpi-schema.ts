import { distance } from 'fastest-levenshtein';
import { periodEndYear, periodYears, type Period } from '../domain/periods';
import type { Finding } from '../engine/findings';
import {
  kpiKeyOf,
  keyOf,
  normalized,
  periodOf,
  targetOf,
  textQuantityOf,
  unitFactorOf,
  unitOf,
  unitReadingOf,
} from '../engine/memo';
import { readQuantity, type QuantityReading } from '../normalize/number';
import type { StrategyIndex } from '../strategy/lookup';
import { kpiOwnerNames } from '../strategy/owners';
import { walkNodes, type KpiDefinition } from '../strategy/schema';
import { kpiColumnLabels, kpiKindLabel, type KpiField, type SheetKpiRow } from '../templates/kpi';
import type { CellValue } from '../workbook/snapshot';
import type { RuleContext } from './context';
import { declareRules, findingOf, type Place } from './declare';
import {
  definitionOf,
  itemDefinitions,
  ownDefinitions,
  schemaFacts,
  type ItemDefinitions,
} from './kpi-definitions';
import { kpiGroups } from './kpi-shape';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const kpiSchemaRules = declareRules({
  'kpi-schema.unknown-name': {
    severity: 'error',
    catalog: {
      checks:
        "When the KPI's item (or the item it restates) has KPI definitions in the strategy, the KPI name is one of them (compared without bullets, spaces, brackets and 再掲 marks); a name marked 再掲 may also be a KPI defined at another item. Suggestion: the item's nearest defined name.",
      failing:
        '`・釧路港年間漁獲量` under `ア 持続的成長を目指した水産業の振興` → suggestion `釧路港年間水揚量`; `移住相談者数` under 架空町 `ア 新規就農の支援`',
      passing: '`・釧路港年間水揚量`, `釧路港年間水揚量（再掲）`',
    },
  },
  'kpi-schema.unit': {
    severity: 'error',
    catalog: {
      checks:
        'The unit is the defined one, compared as canonical units (`t` = `トン`, `か所` = `箇所`; `名` counts in `人`); a KPI defined without a unit (a rate such as 合計特殊出生率) is written with `-` or nothing. No unit at all is `kpi.unit-missing` (then with the defined unit as suggestion). Suggestion: the defined unit.',
      failing:
        "`kg` where the strategy says `トン`; `人` for a % KPI; `%` for 架空町's 合計特殊出生率 (defined unitless)",
      passing: '`トン`, `t`; `-` or an empty cell for 合計特殊出生率',
    },
  },
  'kpi-schema.target-changed': {
    severity: 'warning',
    catalog: {
      checks:
        "The 指標値 and its 年・年度 equal the definition's: numbers by value in the defined unit (`120,000` = `120000`; `12万人` = `12` in 万人), target expressions by meaning (kind, operator, amount, base year, horizon), periods by the years they name (`H31年度` = `R1年度`). A KPI table is no place to change the strategy. Suggestion: the defined value (or period).",
      failing: '`999,999` where the strategy says `120,000`; 指標値 period `R10年度` where it says `R11年度`',
      passing:
        '`120,000`, `120000`; `25%増(対H25年比)` for `25%増(対H25年比)`; `ゼロ名維持` for `ゼロ名維持`',
    },
  },
  'kpi-schema.baseline-changed': {
    severity: 'warning',
    catalog: {
      checks:
        "The 現状値 and its 年・年度 equal the definition's, compared as for the target. Suggestion: the defined value (or period).",
      failing: '現状値 `118,000` where the strategy says `117,779`',
      passing: '`117,779`; `-` for a KPI defined with `-`',
    },
  },
  'kpi-schema.period-outside-plan': {
    severity: 'error',
    catalog: {
      checks:
        "No 年・年度 of a defined KPI lies after the plan period (`period.to`, or the defined target's year when the strategy sets it later), and no 指標値 before it; a 現状値 and a 実績値 (statistics lag: the first report's latest figure) may precede it. The definition's own periods always pass.",
      failing: '指標値 `R15年度` in 架空町 (plan 2025–2029); 実績値 `R13年度`',
      passing: '指標値 `R11年度`; 実績値 `H26年` in the first Kushiro report (plan 2015–2019)',
    },
  },
  'kpi-schema.missing-kpi': {
    severity: 'warning',
    catalog: {
      checks:
        "Every KPI the definition assigns to the submitting department (`options.department`: the KPI's owners, or its item's departments when it names none) — or, with no department given, every KPI of the items the workbook lists — appears in the workbook (restated definitions are expected at their original). One finding per workbook, on its first KPI sheet, listing the missing names.",
      failing: "農政課's submission without `新規就農者数`",
      passing: 'every KPI of the department present',
    },
  },
  'kpi-schema.missing-actual': {
    severity: 'error',
    catalog: {
      checks:
        "When the cycle's fiscal year is known (`options.fiscalYear`: the service's cycle, `sousei validate --fiscal-year`, the task pane's chosen cycle), every KPI of a defined item has a 実績値 row of that year with a value; with no year known, no 実績値 row is left empty. At the KPI name when the row is missing, else at the empty 数値.",
      failing: 'a KPI of a 2025 cycle without a `R7年度` 実績値; an empty 実績値 cell',
      passing: '`R7年度` 実績値 `4`; `…` while the figure is being collected',
    },
  },
  'kpi-schema.not-checked': {
    severity: 'info',
    catalog: {
      checks:
        'A definition without any KPI (e.g. `kushiro-2`, whose strategy document lists only the hierarchy) checks no KPI name, unit or target: said once per KPI sheet, never silently.',
      failing: 'a KPI table checked against `kushiro-2`',
      passing: 'a KPI table checked against `kushiro-1`',
    },
  },
});

const finding = findingOf(kpiSchemaRules);

/**
 * kpi-schema.*: each KPI of a sheet against the strategy's KPI definitions of its item (or of the
 * item it restates): a defined name, the defined unit, the defined 指標値 / 現状値 and their periods,
 * periods inside the plan, every assigned KPI present and a 実績値 for the reported year. The
 * department column is judged by the ownership family with the KPI's owners (see kpiOwners).
 */

/** Owners of a KPI row for the ownership family: the definition's owners, or null to use the item's. */
export function kpiOwners(index: StrategyIndex, row: Pick<SheetKpiRow, 'policy' | 'kpi'>): string[] | null {
  const defined = definitionOf(index, row);
  if (!defined) return null;
  let names = ownerNames.get(defined.kpi);
  if (!names) ownerNames.set(defined.kpi, (names = kpiOwnerNames(defined.kpi)));
  return names.length > 0 ? names : null;
}

const ownerNames = new WeakMap<KpiDefinition, string[]>();

const at = (row: SheetKpiRow, field: KpiField): Place => ({
  cell: row.cells[field],
  row: row.row,
  column: kpiColumnLabels[field],
});

const printed = (value: CellValue | string | number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** A quantity in its base unit (`12` 万人 → 120000 人), the unit column applying to a bare number. */
function inBase(
  q: Extract<QuantityReading, { kind: 'quantity' }>,
  unitText: string,
): { value: number; unit: string | null } {
  if (q.unit !== null) return { value: q.baseValue, unit: q.baseUnit };
  const unit = unitReadingOf(unitText);
  if (unit.kind === 'unit') return { value: q.value * unit.unit.factor, unit: unit.unit.base };
  return { value: q.value, unit: unitOf(unitText) };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const quantityOf = (v: CellValue | string | number | null | undefined): QuantityReading =>
  typeof v === 'string' ? textQuantityOf(v) : readQuantity(v);

/** Two quantities are the same amount (units compared through their base: `12万人` = `120,000` 人). */
function sameQuantity(
  a: Extract<QuantityReading, { kind: 'quantity' }>,
  aUnit: string,
  b: Extract<QuantityReading, { kind: 'quantity' }>,
  bUnit: string,
): boolean {
  const x = inBase(a, aUnit);
  const y = inBase(b, bUnit);
  return close(x.value, y.value) && (x.unit === null || y.unit === null || x.unit === y.unit);
}

/** A written 現状値 / 指標値 equals the defined one (numbers by value, target expressions by meaning). */
export function sameValue(
  written: CellValue,
  writtenUnit: string,
  defined: string | number | null,
  definedUnit: string,
): boolean {
  if (defined === null) return true;
  const a = quantityOf(written);
  const b = quantityOf(defined);
  if (a.kind === 'quantity' && b.kind === 'quantity') return sameQuantity(a, writtenUnit, b, definedUnit);
  if (a.kind !== 'invalid' && a.kind !== 'quantity') return a.kind === b.kind;
  if (keyOf(printed(written)) === keyOf(printed(defined))) return true;
  // Target expressions: the same kind, operator, amount, base and horizon.
  const x = targetOf(printed(written));
  const y = targetOf(printed(defined));
  if (x.kind !== y.kind || x.operator !== y.operator || x.horizonYears !== y.horizonYears) return false;
  if ((x.quantity === null) !== (y.quantity === null)) return false;
  if (x.quantity && y.quantity) {
    const qa = { kind: 'quantity' as const, ...x.quantity };
    const qb = { kind: 'quantity' as const, ...y.quantity };
    if (!sameQuantity(qa, writtenUnit, qb, definedUnit)) return false;
  } else if (keyOf(x.subject ?? x.text) !== keyOf(y.subject ?? y.text)) return false;
  const baseYears = (t: typeof x) =>
    t.base?.kind === 'period' ? JSON.stringify(periodYears(t.base.period)) : (t.base?.kind ?? '');
  return baseYears(x) === baseYears(y);
}

/** Two periods name the same years (`H31年度` = `平成31年度` = `R1年度`; a point, range, total … alike). */
export function samePeriod(written: string, defined: string): boolean {
  if (normalized(written) === normalized(defined)) return true;
  const a = periodOf(written);
  const b = periodOf(defined);
  if (a.kind !== b.kind) return false;
  const ya = periodYears(a);
  const yb = periodYears(b);
  if (ya === null || yb === null) return keyOf(written) === keyOf(defined);
  return ya.from === yb.from && ya.to === yb.to;
}

const readable = (p: Period): boolean => p.kind !== 'invalid' && p.kind !== 'none' && p.kind !== 'empty';

/** No value written: an empty cell (a `-` is judged by kpi.dash-not-allowed). */
const blank = (v: CellValue) => v === null || (typeof v === 'string' && v.trim() === '');

export function checkKpiSchema(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const schema = schemaFacts(ctx.strategy);
  if (!schema.any) {
    // Never silent: a definition without KPIs checks no KPI name, unit or target.
    if (!ctx.partial && ctx.kpi.length > 0)
      findings.push({
        ...finding('kpi-schema.not-checked', {}, { cell: null, row: 0, column: '' }),
        row: null,
        column: null,
      });
    return findings;
  }
  const plan = ctx.strategy.strategy.period;
  const fiscalYear = ctx.options.fiscalYear;
  for (const group of kpiGroups(ctx.kpi)) {
    const first = group[0]!;
    const name = first.kpi.trim();
    const item = itemDefinitions(ctx.strategy, first.policy);
    const defined = definitionOf(ctx.strategy, first);
    if (!item && !defined) continue;
    if (!defined) {
      const suggestion = nearestName(item!, first.kpi);
      findings.push(
        finding(
          'kpi-schema.unknown-name',
          {
            kpi: name,
            item: first.policy.trim(),
            defined: definedNames(item!),
          },
          at(first, 'kpi'),
          suggestion,
        ),
      );
    } else checkAgainst(findings, group, name, defined.kpi, plan);
    checkActuals(findings, group, name, fiscalYear);
  }
  if (!ctx.partial && ctx.workbook.firstKpiSheet === ctx.sheetName) checkComplete(findings, ctx);
  return findings;
}

// A table of unknown names gets a suggestion and the list of defined names per KPI: both are kept
// per item (and written name), as the same table is checked again and again while it is edited.
const nearestNames = new WeakMap<ItemDefinitions, Map<string, string | null>>();
const namesOfItem = new WeakMap<ItemDefinitions, string>();

function nearestName(item: ItemDefinitions, written: string): string | null {
  if (item.keys.length === 0) return null;
  let byWritten = nearestNames.get(item);
  if (!byWritten) {
    byWritten = new Map();
    nearestNames.set(item, byWritten);
  }
  let name = byWritten.get(written);
  if (name === undefined) {
    name = item.byKey.get(nearestKey(kpiKeyOf(written), item.keys))?.name ?? null;
    if (byWritten.size >= 20_000) byWritten.clear();
    byWritten.set(written, name);
  }
  return name;
}

/**
 * The key nearest to a written one by edit distance, the first of equals (as fastest-levenshtein's
 * `closest`). Most items define one KPI, which is then the nearest; and the difference in length is a
 * lower bound of the distance, so a key that cannot come closer is not measured.
 */
function nearestKey(key: string, keys: readonly string[]): string {
  let best = keys[0]!;
  if (keys.length === 1) return best;
  let bestDistance = Infinity;
  for (const candidate of keys) {
    if (Math.abs(candidate.length - key.length) >= bestDistance) continue;
    const d = distance(key, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function definedNames(item: ItemDefinitions): string {
  let names = namesOfItem.get(item);
  if (names === undefined)
    namesOfItem.set(item, (names = [...item.byKey.values()].map((d) => d.name).join('、')));
  return names;
}

type Planned = NonNullable<KpiDefinition['target']>;

// A table repeats the same written values for the same KPI (and one KPI per department and item):
// each (planned value, written value and unit) pair is compared once. Nested maps, not a joined key:
// no string is built per row (a Map tells the number 1 from the text `1`, as the comparison does).
const valueVerdicts = new WeakMap<Planned, Map<string, Map<CellValue, Map<string, boolean>>>>();
const periodVerdicts = new WeakMap<Planned, Map<string, boolean>>();

function sameAsPlanned(planned: Planned, value: CellValue, unit: string, definedUnit: string): boolean {
  let byDefinedUnit = valueVerdicts.get(planned);
  if (!byDefinedUnit) {
    byDefinedUnit = new Map();
    valueVerdicts.set(planned, byDefinedUnit);
  }
  let byValue = byDefinedUnit.get(definedUnit);
  if (!byValue) {
    byValue = new Map();
    byDefinedUnit.set(definedUnit, byValue);
  }
  let byUnit = byValue.get(value);
  if (!byUnit) {
    if (byValue.size >= 1_000) byValue.clear();
    byUnit = new Map();
    byValue.set(value, byUnit);
  }
  let same = byUnit.get(unit);
  if (same === undefined) {
    same = sameValue(value, unit, planned.value, definedUnit);
    byUnit.set(unit, same);
  }
  return same;
}

function periodAsPlanned(planned: Planned, period: string): boolean {
  let verdicts = periodVerdicts.get(planned);
  if (!verdicts) {
    verdicts = new Map();
    periodVerdicts.set(planned, verdicts);
  }
  let same = verdicts.get(period);
  if (same === undefined) {
    same = samePeriod(period, planned.period);
    if (verdicts.size >= 1_000) verdicts.clear();
    verdicts.set(period, same);
  }
  return same;
}

/** The first row with a unit that reads as one (else the first row): the KPI's unit as written. */
function firstWithUnit(group: SheetKpiRow[]): SheetKpiRow {
  for (const row of group) if (unitOf(row.unit) !== null) return row;
  return group[0]!;
}

/** Unit, 指標値, 現状値 and periods of a defined KPI. */
function checkAgainst(
  findings: Finding[],
  group: SheetKpiRow[],
  name: string,
  def: KpiDefinition,
  plan: { from: number; to: number },
): void {
  const unitRow = firstWithUnit(group);
  const written = unitRow.unit;
  const writtenUnit = unitOf(written);
  const definedUnit = unitOf(def.unit);
  // No unit at all is kpi.unit-missing's (with the defined unit as its suggestion); 名 and 人 are one unit.
  const same =
    writtenUnit === definedUnit ||
    (writtenUnit !== null && definedUnit !== null && unitFactorOf(written, def.unit) === 1);
  const unitWrong = !same && (writtenUnit !== null || definedUnit === null);
  if (unitWrong)
    findings.push(
      finding(
        'kpi-schema.unit',
        { kpi: name, unit: written.trim() || '-', defined: def.unit.trim() || '-' },
        at(unitRow, 'unit'),
        def.unit.trim() || '-',
      ),
    );

  const targetEnd = def.target ? periodEndYear(periodOf(def.target.period)) : null;
  // Results may run to the defined target's year when the strategy sets it after the plan (H32年 of a plan to H31).
  const last = Math.max(plan.to, targetEnd ?? plan.to);
  for (const row of group) {
    const planned = row.kind === 'baseline' ? def.baseline : row.kind === 'target' ? def.target : undefined;
    if (planned) {
      const rule = row.kind === 'target' ? 'kpi-schema.target-changed' : 'kpi-schema.baseline-changed';
      // Under a wrong unit (reported above) the numbers are read in the defined one.
      if (!sameAsPlanned(planned, row.value, unitWrong ? def.unit : written, def.unit))
        findings.push(
          finding(
            rule,
            {
              kpi: name,
              what: kpiColumnLabels.value,
              value: printed(row.value),
              defined: printed(planned.value),
            },
            at(row, 'value'),
            printed(planned.value),
          ),
        );
      const samePlannedPeriod = periodAsPlanned(planned, row.period);
      if (planned.period.trim() !== '' && !samePlannedPeriod)
        findings.push(
          finding(
            rule,
            { kpi: name, what: kpiColumnLabels.period, value: row.period, defined: planned.period },
            at(row, 'period'),
            planned.period,
          ),
        );
      // The strategy's own period is never outside its plan (the definition is checked on its own).
      if (samePlannedPeriod) continue;
    }
    const period = periodOf(row.period);
    if (!readable(period)) continue;
    const years = periodYears(period);
    if (!years) continue;
    // A baseline lies before the plan by nature, and so may a 実績値 of the first reports (statistics
    // lag: the latest figure in FY2015 is often 2014's; kpi.period-order keeps it after the baseline).
    // Nothing lies after the plan, and no target before it.
    if (years.to > last || (row.kind === 'target' && years.from < plan.from))
      findings.push(
        finding(
          'kpi-schema.period-outside-plan',
          { kpi: name, kind: kpiKindLabel(row.kind), period: row.period, from: plan.from, to: last },
          at(row, 'period'),
        ),
      );
  }
}

/** A 実績値 for the reported year (when known), and no 実績値 row left empty. */
function checkActuals(
  findings: Finding[],
  group: SheetKpiRow[],
  name: string,
  fiscalYear: number | undefined,
) {
  if (fiscalYear === undefined) {
    for (const row of group)
      if (row.kind === 'actual' && blank(row.value))
        findings.push(
          finding('kpi-schema.missing-actual', { kpi: name, year: row.period }, at(row, 'value')),
        );
    return;
  }
  let row: SheetKpiRow | undefined;
  for (const r of group)
    if (r.kind === 'actual' && periodEndYear(periodOf(r.period)) === fiscalYear) {
      row = r;
      break;
    }
  const year = `${fiscalYear}年度`;
  if (!row) findings.push(finding('kpi-schema.missing-actual', { kpi: name, year }, at(group[0]!, 'kpi')));
  else if (blank(row.value))
    findings.push(
      finding('kpi-schema.missing-actual', { kpi: name, year: row.period || year }, at(row, 'value')),
    );
}

/**
 * Every KPI the definition assigns to the submitting department (or, with no department given, every
 * KPI of the items the workbook lists) appears in the workbook. Restated definitions are listed at
 * their original; one warning for the workbook, on its first KPI sheet.
 */
/** A KPI the definition expects in some KPI table: the departments that must report it, as name keys. */
interface ExpectedKpi {
  key: string;
  name: string;
  node: string;
  reporters: string[];
}

// Read off the definition once per index (the service keeps one per strategy version), not once per
// submission: a definition of 4,000 KPIs cost 0.4 ms a submission to walk again.
const expectedKpis = new WeakMap<StrategyIndex, ExpectedKpi[]>();

function expectedOf(index: StrategyIndex): ExpectedKpi[] {
  let list = expectedKpis.get(index);
  if (list) return list;
  list = [];
  for (const { node } of walkNodes(index.strategy.nodes)) {
    if (node.restatementOf) continue;
    for (const def of ownDefinitions(node)) {
      if (def.restated) continue;
      // A co-owned KPI is its first owner's to report; the co-owners may (the merge compares them).
      const owner = kpiOwnerNames(def)[0];
      const reporters = (owner ? [owner] : index.departmentsOf(node.code)).map((o) => keyOf(o));
      list.push({ key: kpiKeyOf(def.name), name: def.name, node: node.code, reporters });
    }
  }
  expectedKpis.set(index, list);
  return list;
}

function checkComplete(findings: Finding[], ctx: RuleContext): void {
  const present = new Set<string>();
  for (const key of ctx.workbook.kpisByName.keys()) present.add(key.slice(0, key.lastIndexOf('|')));
  const department = ctx.options.department ? keyOf(ctx.options.department) : null;
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const expected of expectedOf(ctx.strategy)) {
    if (present.has(expected.key) || seen.has(expected.key)) continue;
    const assigned =
      department === null
        ? ctx.workbook.kpiNamesByItem.has(expected.node)
        : expected.reporters.includes(department);
    if (!assigned) continue;
    seen.add(expected.key);
    missing.push(expected.name);
  }
  if (missing.length > 0) {
    const f = finding(
      'kpi-schema.missing-kpi',
      { kpis: missing.join('、'), count: missing.length },
      { cell: null, row: 0, column: '' },
    );
    findings.push({ ...f, row: null, column: null });
  }
}
