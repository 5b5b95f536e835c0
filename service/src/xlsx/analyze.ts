import {
  readWorkbook,
  validateKpiRows,
  validateWorkbook,
  type EngineOptions,
  type Finding,
  type KpiRow,
  type ReadProblem,
  type Strategy,
  TEMPLATE_KEY_SHEET,
  type ValidatedSheet,
  type WorkbookSnapshot,
} from '#shared';

/** Why reading failed: what the reader says, or the worker pool's memory or time limit. */
export type WorkbookProblem =
  ReadProblem | { code: 'out-of-memory' | 'timeout'; message: { ja: string; en: string } };

export type Analysis =
  /** `snapshot` holds the progress sheets and a generated workbook's key sheet only (what the submission reads again). */
  | { ok: true; snapshot: WorkbookSnapshot; sheets: ValidatedSheet[] }
  | { ok: false; problem: WorkbookProblem };

export interface AnalysisTask {
  bytes: Uint8Array;
  maxBytes: number;
  strategy: Strategy;
  options: EngineOptions;
}

/** Reads an uploaded workbook and validates it: the CPU-heavy part of a submission. */
export type WorkbookAnalyzer = (task: AnalysisTask) => Promise<Analysis>;

export interface RowsTask {
  rows: KpiRow[];
  strategy: Strategy;
  options: EngineOptions;
}

export type RowsValidation = { ok: true; findings: Finding[] } | { ok: false; problem: WorkbookProblem };

/** Validates KPI rows sent as JSON: as CPU-heavy as a workbook's (10,000 rows take a second or more). */
export type RowsValidator = (task: RowsTask) => Promise<RowsValidation>;

/** JSON rows validated on the calling thread (the worker pool runs this same function). */
export const validateRows: RowsValidator = ({ rows, strategy, options }) =>
  Promise.resolve({ ok: true, findings: validateKpiRows(rows, strategy, options).findings });

/** The analysis on the calling thread (the worker pool runs this same function in its workers). */
export const analyzeWorkbook: WorkbookAnalyzer = ({ bytes, maxBytes, strategy, options }) =>
  Promise.resolve(analyzeHere({ bytes, maxBytes, strategy, options }));

function analyzeHere({ bytes, maxBytes, strategy, options }: AnalysisTask): Analysis {
  const read = readWorkbook(bytes, { maxBytes });
  if (!read.ok) return read;
  const sheets = validateWorkbook(read.snapshot, strategy, options).sheets;
  // Only progress sheets (their item texts) and a template's key sheet are read again: the others' cells need not be copied
  // back from the worker, which for a 100,000-row KPI表 is tens of megabytes.
  const kept = new Set([TEMPLATE_KEY_SHEET, ...sheets.filter((s) => s.progress).map((s) => s.sheet)]);
  return { ok: true, snapshot: { sheets: read.snapshot.sheets.filter((s) => kept.has(s.name)) }, sheets };
}
