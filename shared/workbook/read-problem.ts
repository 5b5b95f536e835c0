import { readErrorTexts, type Bilingual } from '../messages';
import { cellAddress } from './address';
import type { WorkbookSnapshot } from './snapshot';

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

/** One file inside the zip, from its central directory (sizes as the archive declares them). */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the compressed data. */
  dataOffset: number;
}

export interface ZipLimits {
  /** Total declared uncompressed size. */
  maxUncompressedBytes: number;
  /** Largest compression ratio for an entry over 1 MB unpacked (sheet XML compresses 10–100×; bombs ~1000×). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 200 * 1024 * 1024, maxRatio: 500 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/**
 * Reads the zip's central directory (no decompression) and rejects truncated archives and zip
 * bombs by their declared sizes and ratios, before a zip library unpacks anything.
 */
export function inspectZip(
  bytes: Uint8Array,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): { ok: true; entries: ZipEntry[] } | { ok: false; problem: ReadProblem } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const truncated = {
    ok: false as const,
    problem: { code: 'corrupt' as const, message: readErrorTexts.truncated },
  };
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return truncated;
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  const bomb = {
    ok: false as const,
    problem: {
      code: 'too-large' as const,
      message: readErrorTexts.zipBomb(Math.round(limits.maxUncompressedBytes / 1024 / 1024)),
    },
  };
  let total = 0;
  let p = cdOffset;
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) return truncated;
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const uncompressedSize = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const localOffset = view.getUint32(p + 42, true);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    p += 46 + nameLength + extraLength + commentLength;
    // ZIP64 sizes (0xFFFFFFFF) mean an entry over 4 GB: no workbook a clerk edits is that large.
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) return bomb;
    total += uncompressedSize;
    if (total > limits.maxUncompressedBytes) return bomb;
    if (uncompressedSize > 1024 * 1024 && uncompressedSize / Math.max(1, compressedSize) > limits.maxRatio)
      return bomb;
    if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL) return truncated;
    const dataOffset =
      localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    if (dataOffset + compressedSize > bytes.length) return truncated;
    entries.push({ name, method, compressedSize, uncompressedSize, dataOffset });
  }
  return { ok: true, entries };
}

/**
 * The start of an XML part (its prolog): a DOCTYPE or ENTITY declaration has no place in an
 * Office Open XML file and is how entity-expansion bombs begin.
 */
export function checkXmlProlog(text: string): ReadProblem | null {
  return /<!DOCTYPE|<!ENTITY/i.test(text) ? { code: 'unsafe', message: readErrorTexts.unsafeXml } : null;
}

/** Excel's own limit for one cell. */
export const MAX_CELL_CHARACTERS = 32_767;

/** A cell longer than Excel allows was not written by Excel: refuse the file rather than guess. */
export function checkCellLengths(snapshot: WorkbookSnapshot): ReadProblem | null {
  for (const sheet of snapshot.sheets) {
    for (let r = 0; r < sheet.values.length; r++) {
      const row = sheet.values[r]!;
      for (let c = 0; c < row.length; c++) {
        const v = row[c];
        if (typeof v === 'string' && v.length > MAX_CELL_CHARACTERS) {
          const where = `${sheet.name}!${cellAddress(sheet.startRow + r, sheet.startColumn + c)}`;
          return { code: 'cell-too-long', message: readErrorTexts.cellTooLong(where, v.length) };
        }
      }
    }
  }
  return null;
}

/** A workbook whose every sheet is blank cannot be validated. */
export function checkNotEmpty(snapshot: WorkbookSnapshot): ReadProblem | null {
  const hasData = snapshot.sheets.some((s) =>
    s.values.some((row) => row.some((v) => v !== null && v !== '')),
  );
  return hasData ? null : { code: 'empty', message: readErrorTexts.empty };
}
