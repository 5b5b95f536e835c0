import { readNumber } from '../normalize/number';
import { normalizeText } from '../normalize/text';
import type { CellValue, SheetGrid } from '../workbook/snapshot';
import { findLabel, findLabels, headerFiscalYear, labelKey, located, valueOf, type Located } from './labels';

/**
 * The project result sheet (主要施策成果シート): one form per project. Labels (事業名, 所管課・室,
 * 目的と概要…) are found by text wherever the form puts them; the 予算・決算 table is found by its
 * 事業費総額 row and the fiscal-year headers above it (`令和５年度` over `(決算額)`/`(予算額)`).
 */

export const projectLabels = {
  name: '事業名',
  department: '所管課・室',
  total: '事業費総額',
  funds: '財源',
  evaluation: '評価',
  population: '人口',
  perCapita: '市民一人あたりの費用',
  issues: '課題',
  direction: '方向性',
} as const;

const LABEL = {
  name: /^事業名$/,
  department: /^(所管課・室|所管課|所管部署|担当課)$/,
  basis: /^根拠となる計画$/,
  category: /^分類$/,
  purpose: /^目的と概要$/,
  initialPlan: /年度当初計画$/,
  results: /事業の実績と成果$/,
  total: /^事業費総額/,
  staffCost: /^職員人件費/,
  staffCount: /^職員数/,
  population: /人口$/,
  perCapita: /^市民一人(あたり|当たり)の費用/,
  evaluationYear: /実施事業評価結果$/,
  evaluation: /^評価$/,
  issues: /^課題$/,
  direction: /^(今後.*)?方向性$/,
};

/** Sources of funds (財源) as the form names them; 国道支出金 = 国・道支出金. */
export const FUND_LABELS: { key: string; pattern: RegExp }[] = [
  { key: '国道支出金', pattern: /^(国道支出金|国・道支出金|国庫支出金|国道支出|国・道支出)/ },
  { key: '地方債', pattern: /^地方債/ },
  { key: '使用料・手数料', pattern: /^使用料・手数料/ },
  { key: 'その他特定財源', pattern: /^その他特定財源/ },
  { key: '一般財源', pattern: /^一般財源/ },
];

const ANY_LABEL = [...Object.values(LABEL), ...FUND_LABELS.map((f) => f.pattern), /^財源$/, /千円|円|人$/];
const isLabel = (key: string) => ANY_LABEL.some((p) => p.test(key)) && !/^[\d,.△▲-]+$/.test(key);

export interface YearColumn {
  column: number;
  fiscalYear: number | null;
  header: string;
  /** 決算 (settled) or 予算 (budget), from the row under the year. */
  kind: 'settled' | 'budget' | null;
}

export interface AmountCell {
  value: CellValue;
  cell: string;
  row: number;
  column: number;
}

export interface AmountLine {
  label: Located;
  /** One cell per year column (same order as `years`). */
  amounts: AmountCell[];
}

export interface ProjectSheet {
  /** Fiscal year the sheet reports on (`令和６年度実施事業`), when the title says. */
  reportYear: number | null;
  name: { label: Located; value: Located | null } | null;
  department: { label: Located; value: Located | null } | null;
  years: YearColumn[];
  total: AmountLine | null;
  funds: (AmountLine & { key: string })[];
  staffCost: AmountLine | null;
  staffCount: AmountLine | null;
  population: { label: Located; value: AmountCell | null; date: string | null } | null;
  perCapita: { label: Located; value: AmountCell | null } | null;
  evaluations: { label: Located; fiscalYear: number | null; value: Located | null }[];
  texts: { field: 'issues' | 'direction'; label: Located; value: Located | null }[];
}

export type ProjectDetection = { ok: true; sheet: ProjectSheet } | { ok: false; missing: string[] };

/** Recognizes a 主要施策成果シート by its labels and reads the whole form (it is one project). */
export function detectProjectSheet(grid: SheetGrid): ProjectDetection {
  const name = findLabel(grid, LABEL.name);
  const totalLabel = findLabel(grid, LABEL.total);
  const evaluationLabels = findLabels(grid, LABEL.evaluationYear);
  const missing: string[] = [];
  if (!name) missing.push(projectLabels.name);
  if (!totalLabel) missing.push(projectLabels.total);
  if (evaluationLabels.length === 0) missing.push(projectLabels.evaluation);
  if (missing.length > 0 || !name || !totalLabel) return { ok: false, missing };

  const title = findLabel(grid, /実施事業.*成果シート|主要施策成果シート/);
  const years = yearColumns(grid, totalLabel.row);
  const line = (label: Located | null): AmountLine | null =>
    label ? { label, amounts: years.map((y) => amount(grid, label.row, y.column)) } : null;
  const funds = FUND_LABELS.flatMap(({ key, pattern }) => {
    const label = findLabel(grid, pattern);
    return label ? [{ key, ...line(label)! }] : [];
  });
  const staffCostLabel = findLabel(grid, LABEL.staffCost);
  const staffYears = staffCostLabel ? yearColumns(grid, staffCostLabel.row) : years;
  const staffLine = (label: Located | null): AmountLine | null =>
    label ? { label, amounts: staffYears.map((y) => amount(grid, label.row, y.column)) } : null;
  const populationLabel = findLabels(grid, LABEL.population).find(
    (l) => !LABEL.perCapita.test(labelKey(l.text)),
  );
  const perCapitaLabel = findLabel(grid, LABEL.perCapita);
  const department = findLabel(grid, LABEL.department);

  return {
    ok: true,
    sheet: {
      reportYear: title ? headerFiscalYear(title.text) : null,
      name: { label: name, value: valueOf(grid, name, isLabel) },
      department: department ? { label: department, value: valueOf(grid, department, isLabel) } : null,
      years,
      total: line(totalLabel),
      funds,
      staffCost: staffLine(staffCostLabel),
      staffCount: staffLine(findLabel(grid, LABEL.staffCount)),
      population: populationLabel ? readPopulation(grid, populationLabel) : null,
      perCapita: perCapitaLabel
        ? { label: perCapitaLabel, value: firstNumberRight(grid, perCapitaLabel) }
        : null,
      evaluations: evaluationLabels.map((label) => ({
        label,
        fiscalYear: headerFiscalYear(label.text),
        value: evaluationValue(grid, label),
      })),
      texts: [
        ...findLabels(grid, LABEL.issues).map((label) => ({
          field: 'issues' as const,
          label,
          value: valueOf(grid, label, isLabel),
        })),
        ...findLabels(grid, LABEL.direction).map((label) => ({
          field: 'direction' as const,
          label,
          value: valueOf(grid, label, isLabel),
        })),
      ],
    },
  };
}

/** Year columns of the table whose row is `row`: the nearest row above with two or more year headers. */
function yearColumns(grid: SheetGrid, row: number): YearColumn[] {
  for (let r = row - 1; r >= Math.max(grid.firstRow, row - 6); r--) {
    const years: YearColumn[] = [];
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      if (grid.isMergedContinuation(r, c)) continue;
      const header = grid.text(r, c);
      const fiscalYear = headerFiscalYear(header);
      if (fiscalYear === null) continue;
      const kindKey = labelKey(grid.text(r + 1, c));
      const kind = /決算/.test(kindKey) ? 'settled' : /予算/.test(kindKey) ? 'budget' : null;
      years.push({ column: c, fiscalYear, header, kind });
    }
    if (years.length >= 2) return years;
  }
  return [];
}

function amount(grid: SheetGrid, row: number, column: number): AmountCell {
  return { value: grid.value(row, column), cell: grid.address(row, column), row, column };
}

function firstNumberRight(grid: SheetGrid, label: Located): AmountCell | null {
  for (let c = label.column + 1; c <= grid.lastColumn; c++) {
    if (grid.isMergedContinuation(label.row, c)) continue;
    const v = grid.value(label.row, c);
    if (v === null || v === '') continue;
    if (readNumber(v).kind === 'number') return amount(grid, label.row, c);
    if (!isLabel(labelKey(String(v)))) return amount(grid, label.row, c);
  }
  return null;
}

const AS_OF = /[(（]([^()（）]*現在)[)）]/;

function readPopulation(
  grid: SheetGrid,
  label: Located,
): { label: Located; value: AmountCell | null; date: string | null } {
  let date: string | null = null;
  for (let c = label.column + 1; c <= grid.lastColumn; c++) {
    const m = AS_OF.exec(normalizeText(grid.text(label.row, c)));
    if (m) date = m[1]!;
  }
  return { label, value: firstNumberRight(grid, label), date };
}

/** `令和６年度実施事業評価結果 | 評価 | 継続維持`: the last filled cell of the row that is not a label. */
function evaluationValue(grid: SheetGrid, label: Located): Located | null {
  for (let c = grid.lastColumn; c > label.column; c--) {
    if (grid.isMergedContinuation(label.row, c)) continue;
    const text = grid.text(label.row, c).trim();
    if (text === '') continue;
    if (LABEL.evaluation.test(labelKey(text))) return null;
    return located(grid, label.row, c);
  }
  return null;
}
