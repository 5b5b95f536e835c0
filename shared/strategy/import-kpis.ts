import { levelNumbering } from './numbering';
import { lookupItem } from '../engine/memo';
import { parsePeriod } from '../domain/periods';
import { parseTarget, type Direction } from '../domain/targets';
import { readQuantity } from '../normalize/number';
import { kpiNameKey, normalizeText } from '../normalize/text';
import { parseUnit, unitFactor } from '../normalize/units';
import { kpiGroups } from '../rules/kpi-shape';
import { detectKpiTable, readKpiSheet, type SheetKpiRow } from '../templates/kpi';
import { SheetGrid, type CellValue, type WorkbookSnapshot } from '../workbook/snapshot';
import { loadStrategy, type StrategyLoad } from './load';
import { strategyTexts } from './messages';
import { StrategyIndex } from './lookup';
import type { KpiDefinition, Strategy, StrategyNode } from './schema';

/**
 * A council-approved KPI table (KPI表, the seed-003 layout) read as the strategy's KPI schema: each KPI
 * with its item, name, unit, owner, 現状値 and 指標値 becomes a KPI definition of the item its
 * 施策体系 cell names. The table is read by the KPI template reader, items are found with the strategy
 * lookup; nothing here knows a municipality.
 */

/** How a KPI's good direction was decided. */
export type DirectionBasis =
  /** The target says so: `増加`, `向上`, `減少`, `抑制`, `維持`, `以上`, `以下`, `ゼロ`. */
  | 'wording'
  /** A plain level above the 現状値 (a level below it may be a reduction or a floor: not decided). */
  | 'baseline'
  /** A total over years (`累計`), which only grows. */
  | 'cumulative'
  /** Given by the caller (`--direction NAME=up`). */
  | 'given'
  /** The definition already had this KPI with a direction. */
  | 'kept';

export interface ImportedKpi {
  sheet: string;
  /** Row of the KPI's first row in the sheet. */
  row: number;
  /** 施策体系 as written. */
  item: string;
  /** Code of the item it was added to. */
  code: string;
  /** The definition to add; direction null when neither the table nor the caller decides it. */
  kpi: Omit<KpiDefinition, 'direction'> & { direction: Direction | null };
  directionBasis: DirectionBasis | null;
  /** `replaced`: the item had a KPI of this name, now taken from the table. */
  action: 'added' | 'replaced';
  /** Added to a 基本目標's numeric targets (数値目標) rather than to its KPIs. */
  numericTarget: boolean;
}

/** A KPI of the table whose 施策体系 names no item of the definition. */
export interface UnmatchedKpi {
  sheet: string;
  row: number;
  item: string;
  name: string;
}

export interface KpiImport {
  /** Sheets read as KPI tables. */
  sheets: string[];
  kpis: ImportedKpi[];
  unmatched: UnmatchedKpi[];
  /** KPIs whose direction is not decided; while any remain there is no definition (`load` null). */
  undecided: ImportedKpi[];
  /** The definition with the table's KPIs, loaded again (its errors and warnings), when complete. */
  load: StrategyLoad | null;
}

const LEADING_BULLETS = /^[・･•●○◯◆◇■□\-*]+/;
const RESTATED_MARK = /[(（【]\s*再掲\s*[)）】]/g;

/** The KPI's name as the definition keeps it: the table's text without its bullet and 再掲 mark. */
function definitionName(written: string): { name: string; restated: boolean } {
  const text = normalizeText(written).replace(LEADING_BULLETS, '').trim();
  const restated = RESTATED_MARK.test(text);
  RESTATED_MARK.lastIndex = 0;
  return { name: text.replace(RESTATED_MARK, '').trim(), restated };
}

/**
 * A value cell as the definition keeps it: a number shown as a percentage keeps the percentage, a
 * TRUE/FALSE cell (no plan value) its text.
 */
function plannedValue(grid: SheetGrid, row: number, column: number): string | number | null {
  const value = grid.value(row, column);
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'number' || !grid.numberFormat(row, column).includes('%')) return value;
  const q = readQuantity(value, grid.numberFormat(row, column));
  return q.kind === 'quantity' ? `${q.value}%` : value;
}

/** A quantity in the KPI's unit, or null when it cannot be converted. */
function inUnit(value: CellValue, unit: string): number | null {
  const q = readQuantity(value);
  if (q.kind !== 'quantity') return null;
  if (q.unit === null || unit === '') return q.value;
  const f = unitFactor(q.unit, unit);
  return f === null ? null : q.value * f;
}

/**
 * The good direction a target implies: its wording (`…増加`, `…以下`, `…を維持`), zero (待機児童ゼロ), a
 * cumulative period, or a plain level above the baseline. A level below the baseline may mean less is better or a floor the
 * KPI may fall to (`人口 16万人`): undecided (null).
 */
export function inferKpiDirection(
  target: { period: string; value: CellValue } | undefined,
  baseline: CellValue | undefined,
  unit: string,
): { direction: Direction; basis: 'wording' | 'baseline' | 'cumulative' } | null {
  if (!target || target.value === null || typeof target.value === 'boolean') return null;
  const expr = parseTarget(target.value);
  if (expr.direction) return { direction: expr.direction, basis: 'wording' };
  if (expr.kind === 'bound')
    return { direction: expr.operator === 'gte' || expr.operator === 'gt' ? 'up' : 'down', basis: 'wording' };
  if (expr.kind === 'cumulative') return { direction: 'up', basis: 'cumulative' };
  if (expr.kind !== 'level' || expr.value === null) return null;
  if (expr.value === 0) return { direction: 'down', basis: 'wording' };
  // A total over years (`H27-31年度累計`) only grows: its target is reached from below.
  if (parsePeriod(target.period).kind === 'cumulative') return { direction: 'up', basis: 'cumulative' };
  const goal = inUnit(target.value, unit);
  const base = baseline === undefined ? null : inUnit(baseline, unit);
  if (goal === null || base === null || goal < base) return null;
  return { direction: goal > base ? 'up' : 'maintain', basis: 'baseline' };
}

/** Reads every KPI table of a workbook into a copy of the definition. `directions` by KPI name. */
export function importKpis(
  strategy: Strategy,
  workbook: WorkbookSnapshot,
  directions: ReadonlyMap<string, Direction> = new Map(),
): KpiImport {
  const definition = structuredClone(strategy);
  const index = new StrategyIndex(definition);
  const given = new Map([...directions].map(([name, d]) => [kpiNameKey(name), d]));
  const out: KpiImport = { sheets: [], kpis: [], unmatched: [], undecided: [], load: null };
  const seen = new Set<string>();

  for (const sheet of workbook.sheets) {
    const grid = new SheetGrid(sheet);
    const detection = detectKpiTable(grid);
    if (!detection.ok) continue;
    out.sheets.push(sheet.name);
    const valueColumn = detection.columns.value;
    for (const rows of kpiGroups(readKpiSheet(grid, detection, levelNumbering(definition.levels)).rows)) {
      const first = rows[0]!;
      const match = first.policy === '' ? null : lookupItem(index, first.policy).match;
      if (!match) {
        out.unmatched.push({ sheet: sheet.name, row: first.row, item: first.policy, name: first.kpi });
        continue;
      }
      const imported = toDefinition(grid, valueColumn, rows, match.node, index, given, seen);
      const numericTarget = match.depth === 0;
      const list = numericTarget ? (match.node.numericTargets ??= []) : (match.node.kpis ??= []);
      const at = list.findIndex((k) => kpiNameKey(k.name) === kpiNameKey(imported.kpi.name));
      const entry: ImportedKpi = {
        sheet: sheet.name,
        row: first.row,
        item: first.policy,
        code: match.node.code,
        ...imported,
        action: at >= 0 ? 'replaced' : 'added',
        numericTarget,
      };
      out.kpis.push(entry);
      if (entry.kpi.direction === null) {
        out.undecided.push(entry);
        continue;
      }
      const kpi: KpiDefinition = { ...entry.kpi, direction: entry.kpi.direction };
      if (at >= 0) list[at] = kpi;
      else list.push(kpi);
    }
  }
  if (out.sheets.length > 0 && out.undecided.length === 0) out.load = loadStrategy(definition);
  return out;
}

function toDefinition(
  grid: SheetGrid,
  valueColumn: number,
  rows: SheetKpiRow[],
  node: StrategyNode,
  index: StrategyIndex,
  given: ReadonlyMap<string, Direction>,
  seen: Set<string>,
): Pick<ImportedKpi, 'kpi' | 'directionBasis'> {
  const first = rows[0]!;
  const { name, restated } = definitionName(first.kpi);
  const key = kpiNameKey(name);
  const baselineRow = rows.find((r) => r.kind === 'baseline');
  const targetRow = rows.find((r) => r.kind === 'target');
  const planned = (r: SheetKpiRow | undefined) =>
    r ? { period: r.period, value: plannedValue(grid, r.row, valueColumn) } : undefined;
  const baseline = planned(baselineRow);
  const target = planned(targetRow);
  const written = rows.find((r) => r.unit !== '')?.unit ?? '';
  // Known units in their one spelling (`m ³`, `ヵ所` → `m³`, `箇所`; `-` → none), others as written.
  const reading = parseUnit(written);
  const unit = reading.kind === 'unit' ? reading.unit.canonical : reading.kind === 'none' ? '' : written;
  const department = rows.find((r) => r.department !== '')?.department ?? '';
  // The same KPI (name, owner, target) under a second item is the table's 再掲; the first is the original.
  const identity = JSON.stringify([key, department, target?.period, target?.value]);
  const again = seen.has(identity);
  seen.add(identity);

  const existing = [...(node.kpis ?? []), ...(node.numericTargets ?? [])].find(
    (k) => kpiNameKey(k.name) === key,
  );
  const inferred = inferKpiDirection(target, baseline?.value, unit);
  const [direction, directionBasis]: [Direction | null, DirectionBasis | null] = given.has(key)
    ? [given.get(key)!, 'given']
    : inferred
      ? [inferred.direction, inferred.basis]
      : existing
        ? [existing.direction, 'kept']
        : [null, null];
  return {
    directionBasis,
    kpi: {
      name,
      unit,
      direction,
      ...(department !== '' ? { owner: index.department(department) ?? department } : {}),
      ...(baseline && (baseline.period !== '' || baseline.value !== null) ? { baseline } : {}),
      ...(target && (target.period !== '' || target.value !== null) ? { target } : {}),
      ...(restated || again ? { restated: true } : {}),
    },
  };
}

/** A KPI import as plain data for the CLI's JSON output and the API, with its problems as texts. */
export function kpiImportSummary(result: KpiImport) {
  const line = (k: ImportedKpi) => ({
    sheet: k.sheet,
    row: k.row,
    item: k.item,
    code: k.code,
    name: k.kpi.name,
    direction: k.kpi.direction,
    directionBasis: k.directionBasis,
    action: k.action,
  });
  return {
    sheets: result.sheets,
    added: result.kpis.filter((k) => k.action === 'added' && k.kpi.direction !== null).length,
    replaced: result.kpis.filter((k) => k.action === 'replaced' && k.kpi.direction !== null).length,
    kpis: result.kpis.map(line),
    unmatched: result.unmatched.map((u) => ({
      ...u,
      message: strategyTexts.kpiItemNotFound(u.item, u.name),
    })),
    undecided: result.undecided.map((k) => ({
      ...line(k),
      target: k.kpi.target?.value ?? null,
      message: strategyTexts.kpiDirectionUndecided(k.kpi.name, String(k.kpi.target?.value ?? '')),
    })),
  };
}

/** Parses `NAME=up|down|maintain` (the CLI's `--direction`, the API's `direction` parameter). */
export function parseDirectionOption(text: string): { name: string; direction: Direction } | null {
  const m = /^(.+)=(up|down|maintain)$/.exec(text.trim());
  return m ? { name: m[1]!.trim(), direction: m[2] as Direction } : null;
}
