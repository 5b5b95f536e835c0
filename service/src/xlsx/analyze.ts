import {
  validateWorkbook,
  type EngineOptions,
  type ReadProblem,
  type Strategy,
  type ValidatedSheet,
  type WorkbookSnapshot,
} from '#shared';
import { readWorkbook } from './read';

/** Why reading failed: what the reader says, or the worker pool's memory or time limit. */
export type WorkbookProblem =
  ReadProblem | { code: 'out-of-memory' | 'timeout'; message: { ja: string; en: string } };

export type Analysis =
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

/** The analysis on the calling thread (the worker pool runs this same function in its workers). */
export const analyzeWorkbook: WorkbookAnalyzer = async ({ bytes, maxBytes, strategy, options }) => {
  const read = await readWorkbook(bytes, maxBytes);
  if (!read.ok) return read;
  return {
    ok: true,
    snapshot: read.snapshot,
    sheets: validateWorkbook(read.snapshot, strategy, options).sheets,
  };
};
