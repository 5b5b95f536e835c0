import ExcelJS from 'exceljs';
import {
  checkNotEmpty,
  checkXlsxBytes,
  readErrorTexts,
  snapshotFromExcelJs,
  type ReadProblem,
  type WorkbookSnapshot,
} from '#shared';

import { readProblems } from '../messages';
import { inspectZip } from './zip-guard';

export type ReadResult = { ok: true; snapshot: WorkbookSnapshot } | { ok: false; problem: ReadProblem };

/** Bytes → snapshot with exceljs' document reader (the streaming reader drops merged cells). */
export async function readWorkbook(bytes: Uint8Array, maxBytes: number): Promise<ReadResult> {
  const early = checkXlsxBytes(bytes, maxBytes);
  if (early) return { ok: false, problem: early };
  const verdict = inspectZip(bytes, {
    maxEntries: 10_000,
    maxExpandedBytes: Math.max(100 * 1024 * 1024, 10 * maxBytes),
    maxRatio: 200,
  });
  if (verdict === 'unreadable')
    return { ok: false, problem: { code: 'corrupt', message: readErrorTexts.corrupt } };
  if (verdict === 'bomb') return { ok: false, problem: { code: 'too-large', message: readProblems.zipBomb } };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: { code: 'corrupt', message: readErrorTexts.corrupt } };
  }
  const snapshot = snapshotFromExcelJs(workbook);
  const empty = checkNotEmpty(snapshot);
  return empty ? { ok: false, problem: empty } : { ok: true, snapshot };
}
