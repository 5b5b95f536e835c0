import { nameKey, normalizeText } from '../normalize/text';
import type { SheetGrid } from '../workbook/snapshot';

/**
 * Helpers shared by the template readers: header and label texts are compared by key (NFKC, spaces,
 * line breaks and bracket variants removed), so `R5年度(実績)`, `Ｒ５年度（実績）` and `R5年度
 * 実績` read the same. Templates are found by these texts, never by fixed positions.
 */
export const labelKey = nameKey;

/** A text written in a sheet, with where it is. */
export interface Located {
  text: string;
  cell: string;
  row: number;
  column: number;
}

const ERA_BASE: Record<string, number> = { R: 2018, 令和: 2018, H: 1988, 平成: 1988, S: 1925, 昭和: 1925 };
const ERA_YEAR = /(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)\s*年度/;
const WESTERN_YEAR = /((?:19|20)\d{2})\s*年度/;

/**
 * Fiscal year (西暦) named by a template header or title (`R5年度(実績)`, `令和６年度実施事業`,
 * `2024年度`). Headers only: period cells of a KPI are read by the domain period parser.
 */
export function headerFiscalYear(text: string): number | null {
  const t = normalizeText(text);
  const era = ERA_YEAR.exec(t);
  if (era) return ERA_BASE[era[1]!]! + (era[2] === '元' ? 1 : Number(era[2]));
  const western = WESTERN_YEAR.exec(t);
  return western ? Number(western[1]) : null;
}

/** The first cell of the sheet (top to bottom, left to right) whose key matches. */
export function findLabel(
  grid: SheetGrid,
  pattern: RegExp,
  from = grid.firstRow,
  to = grid.lastRow,
): Located | null {
  for (let r = from; r <= to; r++) {
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      if (grid.isMergedContinuation(r, c)) continue;
      const text = grid.text(r, c);
      if (text !== '' && pattern.test(labelKey(text))) return located(grid, r, c);
    }
  }
  return null;
}

/** Every cell whose key matches, in reading order. */
export function findLabels(grid: SheetGrid, pattern: RegExp): Located[] {
  const out: Located[] = [];
  for (let r = grid.firstRow; r <= grid.lastRow; r++) {
    for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
      if (grid.isMergedContinuation(r, c)) continue;
      const text = grid.text(r, c);
      if (text !== '' && pattern.test(labelKey(text))) out.push(located(grid, r, c));
    }
  }
  return out;
}

export function located(grid: SheetGrid, row: number, column: number): Located {
  return { text: grid.text(row, column), cell: grid.address(row, column), row, column };
}

/**
 * The value cell that belongs to a form label: the first non-empty cell to its right that is not
 * itself a label, else the first non-empty cell below it (labels printed above their text box).
 */
export function valueOf(grid: SheetGrid, label: Located, isLabel: (key: string) => boolean): Located | null {
  for (let c = label.column + 1; c <= grid.lastColumn; c++) {
    if (grid.isMergedContinuation(label.row, c)) continue;
    const text = grid.text(label.row, c);
    if (text.trim() === '') continue;
    if (isLabel(labelKey(text))) break;
    return located(grid, label.row, c);
  }
  for (let r = label.row + 1; r <= Math.min(grid.lastRow, label.row + 3); r++) {
    if (grid.isMergedContinuation(r, label.column)) continue;
    const text = grid.text(r, label.column);
    if (text.trim() === '') continue;
    return isLabel(labelKey(text)) ? null : located(grid, r, label.column);
  }
  return null;
}
