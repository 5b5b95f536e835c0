import { reportKindTexts, templateLabels, type Bilingual } from '../messages';
import type { SheetReport, TemplateKind } from './findings';

/** The templates a report can be: a cycle asks for one of them. */
export type ReportKind = Exclude<TemplateKind, 'unknown'>;

/** One template a workbook holds: its sheets and how many rows each has (a project sheet is one row). */
export interface ReportKindFound {
  kind: ReportKind;
  sheets: { sheet: string; rows: number }[];
  rows: number;
}

/**
 * Which templates a validated workbook holds, with their row counts, in the order their first sheet
 * appears. Takes the sheets of a validation result or of its public report (`toReport`).
 */
export function reportKinds(
  sheets: readonly Pick<SheetReport, 'sheet' | 'template' | 'rows'>[],
): ReportKindFound[] {
  const found = new Map<ReportKind, ReportKindFound>();
  for (const s of sheets) {
    if (s.template === 'unknown') continue;
    let kind = found.get(s.template);
    if (!kind) found.set(s.template, (kind = { kind: s.template, sheets: [], rows: 0 }));
    kind.sheets.push({ sheet: s.sheet, rows: s.rows });
    kind.rows += s.rows;
  }
  return [...found.values()];
}

export type ReportKindCheck =
  | { ok: true; rows: number; found: ReportKindFound[] }
  /** `missing`: no sheet of the kind; `empty`: its sheets have headers but no rows. */
  | { ok: false; problem: 'missing' | 'empty'; found: ReportKindFound[]; message: Bilingual };

/**
 * Whether a workbook is a report of the expected kind: at least one sheet of that template with at
 * least one row. Otherwise a message naming what was found (「KPI表が見つかりません(見つかった様式: 進捗報告)」).
 */
export function checkReportKind(
  sheets: readonly Pick<SheetReport, 'sheet' | 'template' | 'rows'>[],
  expected: ReportKind,
): ReportKindCheck {
  const found = reportKinds(sheets);
  const mine = found.find((k) => k.kind === expected);
  if (mine && mine.rows > 0) return { ok: true, rows: mine.rows, found };
  if (mine)
    return {
      ok: false,
      problem: 'empty',
      found,
      message: reportKindTexts.empty(
        templateLabels[expected],
        mine.sheets.map((s) => s.sheet),
      ),
    };
  return {
    ok: false,
    problem: 'missing',
    found,
    message: reportKindTexts.missing(
      templateLabels[expected],
      found.map((k) => templateLabels[k.kind]),
    ),
  };
}
