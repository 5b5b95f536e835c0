import { readErrorTexts, type Bilingual } from '../messages';
import { cellAddress } from './address';
import { cellValueAt, type WorkbookSnapshot } from './snapshot';

/** Why bytes could not become a workbook snapshot: a value, shown to the user as is. */
export interface ReadProblem {
  code:
    'not-found' | 'not-xlsx' | 'corrupt' | 'empty' | 'too-large' | 'encrypted' | 'unsafe' | 'cell-too-long';
  message: Bilingual;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
// Password-protected .xlsx and old .xls files are OLE compound files, not zips.
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
// An encrypted .xlsx keeps its content in an OLE stream named EncryptedPackage (UTF-16LE).
const ENCRYPTED_PACKAGE = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

function contains(bytes: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Cheap checks before handing bytes to a zip/XML reader. */
export function checkXlsxBytes(bytes: Uint8Array, maxBytes: number): ReadProblem | null {
  if (bytes.byteLength > maxBytes)
    return { code: 'too-large', message: readErrorTexts.tooLarge(Math.round(maxBytes / 1024 / 1024)) };
  if (startsWith(bytes, OLE_MAGIC))
    return contains(bytes, ENCRYPTED_PACKAGE)
      ? { code: 'encrypted', message: readErrorTexts.encrypted }
      : { code: 'not-xlsx', message: readErrorTexts.oldFormat };
  if (bytes.byteLength < 22 || !startsWith(bytes, ZIP_MAGIC))
    return { code: 'not-xlsx', message: readErrorTexts.notXlsx };
  return null;
}

/** Excel's own limit for one cell. */
export const MAX_CELL_CHARACTERS = 32_767;

/** A cell longer than Excel allows was not written by Excel: refuse the file rather than guess. */
export function checkCellLengths(snapshot: WorkbookSnapshot): ReadProblem | null {
  // Sheets of a workbook share one list of texts: each list is looked at once, and a sheet's cells
  // only when some text of its list is too long.
  const tooLong = new Map<string[], boolean>();
  for (const sheet of snapshot.sheets) {
    let any = tooLong.get(sheet.texts);
    if (any === undefined)
      tooLong.set(sheet.texts, (any = sheet.texts.some((t) => t.length > MAX_CELL_CHARACTERS)));
    if (!any) continue;
    for (let i = 0; i < sheet.kinds.length; i++) {
      const v = cellValueAt(sheet, i);
      if (typeof v === 'string' && v.length > MAX_CELL_CHARACTERS) {
        const r = Math.floor(i / sheet.columnCount);
        const where = `${sheet.name}!${cellAddress(sheet.startRow + r, sheet.startColumn + (i % sheet.columnCount))}`;
        return { code: 'cell-too-long', message: readErrorTexts.cellTooLong(where, v.length) };
      }
    }
  }
  return null;
}

/** A workbook whose every sheet is blank cannot be validated. */
export function checkNotEmpty(snapshot: WorkbookSnapshot): ReadProblem | null {
  const hasData = snapshot.sheets.some((s) => {
    for (let i = 0; i < s.kinds.length; i++) {
      const v = cellValueAt(s, i);
      if (v !== null && v !== '') return true;
    }
    return false;
  });
  return hasData ? null : { code: 'empty', message: readErrorTexts.empty };
}
