import type ExcelJS from 'exceljs';
import {
  eraOf,
  evaluationWords,
  projectCategoryWords,
  TEMPLATE_KEY_COLUMNS,
  TEMPLATE_KEY_SHEET,
  TEMPLATE_LIST_SHEET,
  type Strategy,
  type TemplateKey,
} from '#shared';
import { templateTexts } from '../messages';
import { addPrintSheet } from '../consolidate/print-sheet';

/**
 * What the three generated templates share: cell styles (structure locked, input unlocked and
 * shaded, last cycle's text greyed), the dropdown lists and the row keys in very hidden sheets, and
 * sheets set up for printing and protected without a password.
 */

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TOP = { vertical: 'top', wrapText: true } as const;
const INPUT_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF8DC' } } as const;

/** Shared, never mutated style objects: exceljs writes a style it has seen once (see kpi-workbook.ts). */
export const TEMPLATE_STYLES = {
  title: { font: { bold: true, size: 14 } },
  header: {
    border: BORDER,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  },
  section: { border: BORDER, alignment: TOP, font: { bold: true } },
  structure: { border: BORDER, alignment: TOP },
  label: { border: BORDER, alignment: TOP, font: { bold: true } },
  input: { border: BORDER, alignment: TOP, fill: INPUT_FILL, protection: { locked: false } },
  inputNumber: {
    border: BORDER,
    alignment: { ...TOP, horizontal: 'right' },
    fill: INPUT_FILL,
    protection: { locked: false },
  },
  inputAmount: {
    border: BORDER,
    alignment: { vertical: 'top', horizontal: 'right' },
    fill: INPUT_FILL,
    numFmt: '#,##0;"△ "#,##0',
    protection: { locked: false },
  },
  reference: {
    border: BORDER,
    alignment: TOP,
    font: { color: { argb: 'FF7F7F7F' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } },
  },
} satisfies Record<string, Partial<ExcelJS.Style>>;

const withFormats = new WeakMap<Partial<ExcelJS.Style>, Map<string, Partial<ExcelJS.Style>>>();

/**
 * A shared style with another number format, made once per (style, format). Never set `cell.numFmt` on
 * a cell with a shared style: exceljs writes it into the style object, changing every cell that shares it.
 */
export function withNumFmt(style: Partial<ExcelJS.Style>, numFmt: string): Partial<ExcelJS.Style> {
  let byFormat = withFormats.get(style);
  if (!byFormat) withFormats.set(style, (byFormat = new Map<string, Partial<ExcelJS.Style>>()));
  let styled = byFormat.get(numFmt);
  if (!styled) byFormat.set(numFmt, (styled = { ...style, numFmt }));
  return styled;
}

/** `令和6年度(2024年度)`: the title names the year both ways, as councils print it. */
export function yearTitle(fiscalYear: number): string {
  return `${eraOf(fiscalYear).label}年度(${fiscalYear}年度)`;
}

/** `R6年度`: the header and period form of a fiscal year. */
export function shortYear(fiscalYear: number): string {
  return `${eraOf(fiscalYear).short}年度`;
}

/** `令和6年度` (`令和元年度`): the form the 主要施策成果シート prints. */
export function longYear(fiscalYear: number): string {
  return `${eraOf(fiscalYear).label}年度`;
}

/** A report sheet: A4 landscape fit to width, header rows repeated, page numbers in the footer. */
export function addTemplateSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headerRows?: { first: number; last: number },
): ExcelJS.Worksheet {
  const ws = addPrintSheet(wb, name, headerRows);
  ws.headerFooter = { oddFooter: templateTexts.pageFooter };
  return ws;
}

/**
 * Locks the structure cells (every cell not styled as input) without a password: the layout cannot be
 * broken by accident, and 校閲 › シート保護の解除 unlocks it deliberately. Columns and rows may still be
 * resized.
 */
export async function protectSheet(ws: ExcelJS.Worksheet): Promise<void> {
  await ws.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
  });
}

/** The lists the dropdowns read, each in its own column of the very hidden list sheet. */
export interface TemplateLists {
  departments: string;
  evaluations: string;
  categories: string;
}

const LIST_COLUMNS: [keyof TemplateLists, string, (s: Strategy) => readonly string[]][] = [
  ['departments', '所管部署', (s) => s.departments],
  ['evaluations', '評価', evaluationWords],
  ['categories', '区分', projectCategoryWords],
];

/** The range formula of each list (the list sheet is written after the report sheets). */
export function listRanges(strategy: Strategy): TemplateLists {
  const lists = {} as TemplateLists;
  LIST_COLUMNS.forEach(([key, , words], i) => {
    const letter = String.fromCharCode(65 + i);
    // An empty list (a definition naming no departments) still gives a valid one-cell range.
    lists[key] = `${TEMPLATE_LIST_SHEET}!$${letter}$2:$${letter}$${Math.max(2, words(strategy).length + 1)}`;
  });
  return lists;
}

/** Writes the list sheet (very hidden): one column per list, its name in row 1. */
export function addListSheet(wb: ExcelJS.Workbook, strategy: Strategy): void {
  const ws = wb.addWorksheet(TEMPLATE_LIST_SHEET, { state: 'veryHidden' });
  LIST_COLUMNS.forEach(([, header, words], i) => {
    ws.getCell(1, i + 1).value = header;
    words(strategy).forEach((w, r) => (ws.getCell(r + 2, i + 1).value = w));
  });
}

/** Writes the row keys into the very hidden key sheet. */
export function addKeySheet(wb: ExcelJS.Workbook, keys: TemplateKey[]): void {
  const ws = wb.addWorksheet(TEMPLATE_KEY_SHEET, { state: 'veryHidden' });
  ws.getRow(1).values = [...TEMPLATE_KEY_COLUMNS];
  keys.forEach((k, i) => (ws.getRow(i + 2).values = TEMPLATE_KEY_COLUMNS.map((c) => k[c])));
}

/** A dropdown of fixed words (a formula list: `"現状値,実績値,指標値"`). */
export function inlineList(words: readonly string[]): ExcelJS.DataValidation {
  return listOf(`"${words.map((w) => w.replace(/"/g, '""')).join(',')}"`);
}

export function listOf(formula: string): ExcelJS.DataValidation {
  return {
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: templateTexts.listErrorTitle,
    error: templateTexts.listError,
  };
}

/** A number cell: decimal (KPI values, 職員数) or whole (千円 amounts, population). */
export function numberValidation(type: 'decimal' | 'whole'): ExcelJS.DataValidation {
  return {
    type,
    operator: 'between',
    allowBlank: true,
    formulae: [-1e12, 1e12],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: templateTexts.numberErrorTitle,
    error: type === 'whole' ? templateTexts.wholeError : templateTexts.decimalError,
  };
}
