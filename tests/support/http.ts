import ExcelJS from 'exceljs';
import type { Test } from 'supertest';

/** A binary response body (a workbook, a stored file), read whole as a Buffer. */
export function binary(req: Test): Test {
  return req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}

/** A workbook downloaded (200 expected) and opened with exceljs, as the council's reader would. */
export async function workbookOf(req: Test): Promise<ExcelJS.Workbook> {
  const res = await binary(req).expect(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body as ArrayBuffer);
  return wb;
}

/**
 * A reason for submitting despite warnings (URI-encoded, as clients send it): the service requires one
 * whenever the re-validation finds warnings, which most partial test books have.
 */
export const WARNING_REASON = { 'X-Warning-Reason': encodeURIComponent('試験の提出') };
