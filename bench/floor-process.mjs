// The reader benchmark's floor: the fastest bare unzip of every part (fflate's unzipSync, or pako's raw
// inflate into one buffer of each part's declared size — the reader's inflater, with none of its checks),
// then one look at each byte of the sheet and shared-string XML, counting the tags any reader must see
// (`<c ` / `<c>`, `<mergeCell`, `<si>`). bench/reader.ts times both in process and takes the faster; as
// the floor of `sousei validate`, this file runs as a process (`node bench/floor-process.mjs FILE
// [fflate|pako]`): start Node, load the unzipper, inflate, look. Plain JavaScript in one file, so that
// the process floor runs without a TypeScript loader or a second module, as the CLI bundle does.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** @param {Record<string, Uint8Array>} parts @returns {number} the tags counted */
function countTags(parts) {
  let tags = 0;
  for (const [name, data] of Object.entries(parts)) {
    if (!name.startsWith('xl/worksheets/') && name !== 'xl/sharedStrings.xml') continue;
    for (let i = 0; i < data.length - 2; i++) {
      if (data[i] !== 0x3c) continue;
      const a = data[i + 1];
      if (a === 0x63 && (data[i + 2] === 0x20 || data[i + 2] === 0x3e)) tags++;
      else if (a === 0x6d && data[i + 2] === 0x65) tags++;
      else if (a === 0x73 && data[i + 2] === 0x69) tags++;
    }
  }
  return tags;
}

/** @param {typeof import('fflate')} fflate @param {Uint8Array} bytes */
export const fflateFloor = (fflate, bytes) => countTags(fflate.unzipSync(bytes));

/**
 * Every entry of the central directory inflated by pako straight into a buffer of its declared size.
 * @param {typeof import('pako')} pako @param {Uint8Array} bytes
 */
export function pakoFloor(pako, bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = bytes.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  const parts = {};
  const names = new TextDecoder();
  let p = view.getUint32(eocd + 16, true);
  for (let n = view.getUint16(eocd + 10, true); n > 0; n--) {
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const local = view.getUint32(p + 42, true);
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(start, start + view.getUint32(p + 20, true));
    if (view.getUint16(p + 10, true) === 0) parts[name] = raw;
    else {
      const inflater = new pako.Inflate({ raw: true, chunkSize: size + 1 });
      inflater.onData = (chunk) => (parts[name] = chunk);
      inflater.onEnd = () => {};
      inflater.push(raw, true);
    }
    p += 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return countTags(parts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bytes = new Uint8Array(readFileSync(process.argv[2]));
  const tags =
    process.argv[3] === 'pako'
      ? pakoFloor(await import('pako'), bytes)
      : fflateFloor(await import('fflate'), bytes);
  process.stdout.write(`${tags}\n`);
}
