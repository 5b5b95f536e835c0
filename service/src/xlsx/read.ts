import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import {
  checkCellLengths,
  checkNotEmpty,
  checkXlsxBytes,
  checkXmlProlog,
  inspectZip,
  readErrorTexts,
  snapshotFromExcelJs,
  type ReadProblem,
  type WorkbookSnapshot,
  type ZipEntry,
} from '#shared';

export type ReadResult = { ok: true; snapshot: WorkbookSnapshot } | { ok: false; problem: ReadProblem };

// Enough compressed bytes to see an XML part's prolog, where DOCTYPE/ENTITY declarations must stand.
const PROLOG_BYTES = 4096;

/** The first bytes of every XML part, unpacked without unpacking the rest. */
function xmlPrologProblem(bytes: Uint8Array, entries: ZipEntry[]): ReadProblem | null {
  for (const e of entries) {
    if (!/\.(xml|rels|vml)$/i.test(e.name)) continue;
    const data = bytes.subarray(e.dataOffset, e.dataOffset + Math.min(e.compressedSize, PROLOG_BYTES));
    let head: Buffer;
    try {
      head =
        e.method === 0
          ? Buffer.from(data)
          : zlib.inflateRawSync(data, {
              finishFlush: zlib.constants.Z_SYNC_FLUSH,
              maxOutputLength: 64 * 1024,
            });
    } catch {
      return { code: 'corrupt', message: readErrorTexts.corrupt };
    }
    const problem = checkXmlProlog(head.toString('utf8'));
    if (problem) return problem;
  }
  return null;
}

/**
 * Bytes → snapshot with exceljs' document reader (the streaming reader drops merged cells). Every
 * check that can be made on the zip itself (truncation, zip bombs, DOCTYPE/ENTITY) runs before
 * exceljs unpacks anything.
 */
export async function readWorkbook(bytes: Uint8Array, maxBytes: number): Promise<ReadResult> {
  const early = checkXlsxBytes(bytes, maxBytes);
  if (early) return { ok: false, problem: early };
  const zip = inspectZip(bytes);
  if (!zip.ok) return zip;
  const unsafe = xmlPrologProblem(bytes, zip.entries);
  if (unsafe) return { ok: false, problem: unsafe };
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return { ok: false, problem: { code: 'corrupt', message: readErrorTexts.corrupt } };
  }
  const snapshot = snapshotFromExcelJs(workbook);
  const problem = checkCellLengths(snapshot) ?? checkNotEmpty(snapshot);
  return problem ? { ok: false, problem } : { ok: true, snapshot };
}
