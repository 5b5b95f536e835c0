import { readErrorTexts, type Bilingual } from '../messages';
import type { WorkbookSnapshot } from './snapshot';

/** Why bytes could not become a workbook snapshot: a value, shown to the user as is. */
export interface ReadProblem {
  code: 'not-found' | 'not-xlsx' | 'corrupt' | 'empty' | 'too-large';
  message: Bilingual;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Password-protected workbooks are OLE compound files, not zips.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);

/** Cheap checks before handing bytes to a zip/XML reader. */
export function checkXlsxBytes(bytes: Uint8Array, maxBytes: number): ReadProblem | null {
  if (bytes.byteLength > maxBytes)
    return { code: 'too-large', message: readErrorTexts.tooLarge(Math.round(maxBytes / 1024 / 1024)) };
  if (startsWith(bytes, OLE_MAGIC)) return { code: 'corrupt', message: readErrorTexts.corrupt };
  if (bytes.byteLength < 22 || !startsWith(bytes, ZIP_MAGIC))
    return { code: 'not-xlsx', message: readErrorTexts.notXlsx };
  return null;
}

/** A workbook whose every sheet is blank cannot be validated. */
export function checkNotEmpty(snapshot: WorkbookSnapshot): ReadProblem | null {
  const hasData = snapshot.sheets.some((s) =>
    s.values.some((row) => row.some((v) => v !== null && v !== '')),
  );
  return hasData ? null : { code: 'empty', message: readErrorTexts.empty };
}
