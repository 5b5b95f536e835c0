import { z } from 'zod';
import { columnLetter } from '../workbook/address';
import { CellValueSchema, type SheetGrid } from '../workbook/snapshot';
import { normalizeText } from '../normalize/text';
import { kpiKindLabels } from '../messages';
import { keyOf, memoize, normalized } from '../engine/memo';
import type { LevelNumbering } from '../strategy/numbering';
import { located, type Located } from './labels';
import { isPercentFormat } from '../normalize/number';
import { canonicalUnit } from '../normalize/units';

/**
 * The KPI table template (KPI表): 施策体系 | 重要業績評価指標(KPI) | 区分 | 年・年度 | 数値 | 単位 | 所管部署,
 * one KPI written as a 現状値 row, one or more 実績値 rows and a 指標値 row.
 */

export const KpiKindSchema = z.enum(['baseline', 'actual', 'target']);
export type KpiKind = z.infer<typeof KpiKindSchema>;

/** One KPI row as a clerk writes it; also the JSON row format of submissions. */
export const KpiRowSchema = z.object({
  /**
   * 施策体系: the item label as written, e.g. `ア 持続的成長を目指した水産業の振興` — the lowest level (具体的な
   * 施策); the JSON field keeps its public name. The section above it is `sections.measure`.
   */
  policy: z.string(),
  /** 重要業績評価指標(KPI). */
  kpi: z.string(),
  kind: KpiKindSchema,
  /** 年・年度 as written (`H27年度`, `H27-31年度累計`). */
  period: z.string(),
  /** 数値 as written: a number, a text (`1,234`, `25%増(対H25年比)`) or null. */
  value: CellValueSchema,
  unit: z.string(),
  department: z.string(),
});
export type KpiRow = z.infer<typeof KpiRowSchema>;

export type KpiField = keyof KpiRow;

/** A KPI row read from a sheet, with where each field came from. */
export interface SheetKpiRow extends KpiRow {
  row: number;
  /**
   * Cell address per field; null when the value was carried down from a row above. 区分, 年・年度,
   * 数値, 単位 and 所管部署 are always the row's own cells, in the template's columns.
   */
  cells: Record<KpiField, string | null>;
  /**
   * The section rows above, numbered as the definition's upper levels (`【基本目標1】…`, `1. …`,
   * `① …`), when the sheet has them: the top level's (`goal`, 基本目標) and the nearest deeper one's
   * (`measure`, 施策). Not `policy`: that is the 施策体系 column, the item (具体的な施策) of the row.
   */
  sections?: { goal: Located | null; measure: Located | null };
}

export const kpiColumnLabels: Record<KpiField, string> = {
  policy: '施策体系',
  kpi: '重要業績評価指標(KPI)',
  kind: '区分',
  period: '年・年度',
  value: '数値',
  unit: '単位',
  department: '所管部署',
};

type ColumnMap = Record<KpiField, number>;

const HEADER_PATTERNS: Record<Exclude<KpiField, 'kind'>, RegExp> = {
  policy: /施策体系|具体的な施策/,
  kpi: /重要業績評価指標|KPI/i,
  period: /年・?年度|^年度$|時点/,
  value: /^数値$|^値$/,
  unit: /^単位$/,
  department: /所管部署|所管課|担当課|担当部署/,
};
const REQUIRED: (keyof typeof HEADER_PATTERNS)[] = ['policy', 'kpi', 'value'];

const KIND_TOKEN = /^(現状値|実績値|指標値|目標値)\s*/;
const KIND_BY_LABEL: Record<string, KpiKind> = {
  現状値: 'baseline',
  実績値: 'actual',
  指標値: 'target',
  目標値: 'target',
};

/** A 区分 cell (`現状値`, or `現状値 H26年度` when 区分 and the year share a cell): its kind and the rest. */
const kindOf = memoize((cell: string): { kind: KpiKind; rest: string } | null => {
  const text = normalizeText(cell);
  const m = KIND_TOKEN.exec(text);
  return m ? { kind: KIND_BY_LABEL[m[1]!]!, rest: text.slice(m[0].length) } : null;
});

const HEADER_SCAN_ROWS = 30;

export type KpiDetection =
  | { ok: true; headerRow: number; columns: ColumnMap; kindInPeriod: boolean }
  | { ok: false; missing: string[] };

/** Finds the header by its texts (never by position): title rows, reordered and spacer columns allowed. */
export function detectKpiTable(grid: SheetGrid): KpiDetection {
  let bestMissing: string[] = REQUIRED.map((f) => kpiColumnLabels[f]);
  const lastScan = Math.min(grid.lastRow, grid.firstRow + HEADER_SCAN_ROWS - 1);
  for (let r = grid.firstRow; r <= lastScan; r++) {
    const found = headerColumns(grid, r);
    const missing = REQUIRED.filter((f) => found[f] === undefined).map((f) => kpiColumnLabels[f]);
    if (missing.length < bestMissing.length) bestMissing = missing;
    if (missing.length > 0) continue;
    const columns = resolveColumns(grid, r, found);
    if (columns) return { ok: true, headerRow: r, ...columns };
  }
  return { ok: false, missing: bestMissing };
}

function headerColumns(grid: SheetGrid, row: number): Partial<Record<KpiField, number>> {
  const found: Partial<Record<KpiField, number>> = {};
  for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
    if (grid.isMergedContinuation(row, c)) continue;
    const key = keyOf(grid.text(row, c));
    if (key === '') continue;
    if (key === '区分' && found.kind === undefined) found.kind = c;
    for (const [field, pattern] of Object.entries(HEADER_PATTERNS) as [
      keyof typeof HEADER_PATTERNS,
      RegExp,
    ][]) {
      if (found[field] === undefined && pattern.test(key)) found[field] = c;
    }
  }
  return found;
}

/**
 * The 区分 column has no header of its own when `年・年度` spans it and the year column;
 * it is then the data column holding 現状値/実績値/指標値. Both may also share one cell (`現状値 H26年度`).
 */
function resolveColumns(
  grid: SheetGrid,
  headerRow: number,
  found: Partial<Record<KpiField, number>>,
): { columns: ColumnMap; kindInPeriod: boolean } | null {
  const hits = new Map<number, number>();
  const lastSample = Math.min(grid.lastRow, headerRow + 60);
  for (let r = headerRow + 1; r <= lastSample; r++) {
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      if (KIND_TOKEN.test(normalized(grid.text(r, c)))) hits.set(c, (hits.get(c) ?? 0) + 1);
    }
  }
  let kindColumn = found.kind;
  if (kindColumn === undefined) {
    let best = 0;
    for (const [c, n] of hits) if (n > best) [kindColumn, best] = [c, n];
  }
  if (kindColumn === undefined) return null;
  let periodColumn = found.period;
  // `年・年度` spanning 区分 and the year: the header sits over the kind column.
  if (periodColumn === undefined || periodColumn === kindColumn) {
    const next = nextDataColumn(grid, headerRow, kindColumn, found.value ?? grid.lastColumn);
    periodColumn = next ?? kindColumn;
  }
  const kindInPeriod = periodColumn === kindColumn;
  return {
    kindInPeriod,
    columns: {
      policy: found.policy!,
      kpi: found.kpi!,
      kind: kindColumn,
      period: periodColumn,
      value: found.value!,
      unit: found.unit ?? -1,
      department: found.department ?? -1,
    },
  };
}

/** The first column right of `from` (and left of `limit`) that holds data below the header. */
function nextDataColumn(grid: SheetGrid, headerRow: number, from: number, limit: number): number | null {
  for (let c = from + 1; c < limit; c++) {
    for (let r = headerRow + 1; r <= Math.min(grid.lastRow, headerRow + 60); r++) {
      if (grid.text(r, c).trim() !== '') return c;
    }
  }
  return null;
}

export interface KpiSheet {
  headerRow: number;
  columns: ColumnMap;
  rows: SheetKpiRow[];
}

/**
 * Reads the KPI rows below the header. Cells a clerk writes once per item or per KPI (施策体系,
 * KPI, 単位, 所管部署) carry down, as their merged cells do in the real template. Section rows are
 * told by the definition's numbering, read in the 施策体系 column only (never in a value cell).
 */
export function readKpiSheet(
  grid: SheetGrid,
  detection: Extract<KpiDetection, { ok: true }>,
  numbering: LevelNumbering,
): KpiSheet {
  const { columns, headerRow, kindInPeriod } = detection;
  const rows: SheetKpiRow[] = [];
  let policy: { text: string; cell: string } | null = null;
  let kpi: { text: string; cell: string } | null = null;
  let unit = '';
  let department = '';
  let goal: Located | null = null;
  let section: Located | null = null;
  // Column numbers and letters once: this loop runs for every row of a 10,000-row table.
  const cPolicy = columns.policy;
  const cKpi = columns.kpi;
  const cKind = columns.kind;
  const cPeriod = columns.period;
  const cValue = columns.value;
  const cUnit = columns.unit;
  const cDepartment = columns.department;
  const letter = (c: number) => (c > 0 ? columnLetter(c) : null);
  const lPolicy = letter(cPolicy);
  const lKpi = letter(cKpi);
  const lKind = letter(cKind);
  const lPeriod = letter(cPeriod);
  const lValue = letter(cValue);
  const lUnit = letter(cUnit);
  const lDepartment = letter(cDepartment);
  const textAt = (c: number, r: number) => (c > 0 ? grid.text(r, c) : '');
  const at = (l: string | null, r: number) => (l === null ? null : l + r);
  // Section rows above the KPI rows, shared by every row under them (one object per section, not per row).
  let sections: NonNullable<SheetKpiRow['sections']> = { goal: null, measure: null };

  for (let r = headerRow + 1; r <= grid.lastRow; r++) {
    const kindMatch = kindOf(textAt(cKind, r));
    // Rows keep the text as written (trimmed); comparisons normalize later, so nothing is lost.
    const policyText = textAt(cPolicy, r).trim();
    if (!kindMatch) {
      // A section row (`【基本目標1】…`, `①…`) or a repeated page header: it closes the current item.
      if (policyText !== '' && !isHeaderRow(grid, r, columns)) {
        policy = null;
        kpi = null;
        const depth = numbering.sectionDepth(policyText);
        if (depth === 0) [goal, section] = [located(grid, r, cPolicy), null];
        else if (depth !== null) section = located(grid, r, cPolicy);
        sections = { goal, measure: section };
      }
      continue;
    }
    const kind = kindMatch.kind;
    if (policyText !== '' && !grid.isMergedContinuation(r, cPolicy)) {
      policy = { text: policyText, cell: at(lPolicy, r)! };
    }
    const kpiText = textAt(cKpi, r).trim();
    // A merged KPI cell repeats the same text on every row: compare normalized texts only when they differ.
    const newKpi =
      kpiText !== '' &&
      (kpi === null ||
        kind === 'baseline' ||
        (kpiText !== kpi.text && normalized(kpiText) !== normalized(kpi.text)));
    if (newKpi && !grid.isMergedContinuation(r, cKpi)) {
      kpi = { text: kpiText, cell: at(lKpi, r)! };
      unit = '';
      department = '';
    }
    const unitText = textAt(cUnit, r).trim();
    if (unitText !== '') unit = unitText;
    const departmentText = textAt(cDepartment, r).trim();
    if (departmentText !== '') department = departmentText;
    const period = kindInPeriod ? kindMatch.rest : textAt(cPeriod, r).trim();
    let value = grid.value(r, cValue);
    // A 0.253 cell formatted `0.0%` shows 25.3 %: a KPI in % (or with no unit) holds 25.3, read once here.
    if (typeof value === 'number' && percentFormat(grid.numberFormat(r, cValue)) && percentUnit(unit))
      value = Number((value * 100).toPrecision(12));
    const digits = String(r);
    rows.push({
      row: r,
      policy: policy?.text ?? '',
      kpi: kpi?.text ?? '',
      kind,
      period,
      value,
      unit,
      department,
      // A plain object (spread and JSON keep every field); 施策体系 and KPI may be carried down from above.
      cells: {
        policy: policy?.cell ?? null,
        kpi: kpi?.cell ?? null,
        kind: lKind === null ? null : lKind + digits,
        period: lPeriod === null ? null : lPeriod + digits,
        value: lValue === null ? null : lValue + digits,
        unit: lUnit === null ? null : lUnit + digits,
        department: lDepartment === null ? null : lDepartment + digits,
      },
      sections,
    });
  }
  return { headerRow, columns, rows };
}

function isHeaderRow(grid: SheetGrid, r: number, columns: ColumnMap): boolean {
  return (
    HEADER_PATTERNS.policy.test(keyOf(grid.text(r, columns.policy))) &&
    HEADER_PATTERNS.kpi.test(keyOf(grid.text(r, columns.kpi)))
  );
}

// A column of numbers shares a handful of formats: each is read once.
const percentFormat = memoize(isPercentFormat);

const percentUnit = memoize((unit: string) => {
  const canonical = canonicalUnit(unit);
  return canonical === null || canonical === '%';
});

export const kpiKindLabel = (kind: KpiKind): string => kpiKindLabels[kind];
