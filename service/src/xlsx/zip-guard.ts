/**
 * Reads a zip's central directory (no inflating) to refuse zip bombs before exceljs expands the
 * parts into memory: too many entries, a total expanded size over the limit, or an absurd ratio.
 */

export interface ZipLimits {
  maxEntries: number;
  maxExpandedBytes: number;
  maxRatio: number;
}

export type ZipVerdict = 'ok' | 'unreadable' | 'bomb';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

export function inspectZip(bytes: Uint8Array, limits: ZipLimits): ZipVerdict {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return 'unreadable';
  const entries = view.getUint16(eocd + 10, true);
  const offset = view.getUint32(eocd + 16, true);
  // 0xFFFF / 0xFFFFFFFF mean Zip64: no workbook a clerk writes needs it.
  if (entries === 0xffff || offset === 0xffffffff) return 'bomb';
  if (entries > limits.maxEntries) return 'bomb';
  let p = offset;
  let expanded = 0;
  let compressed = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > bytes.byteLength || view.getUint32(p, true) !== CENTRAL) return 'unreadable';
    const packed = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    if (size === 0xffffffff || packed === 0xffffffff) return 'bomb';
    expanded += size;
    compressed += packed;
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  if (expanded > limits.maxExpandedBytes) return 'bomb';
  if (expanded > 10 * 1024 * 1024 && expanded > limits.maxRatio * Math.max(1, compressed)) return 'bomb';
  return 'ok';
}
