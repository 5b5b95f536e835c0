// The reader benchmark's floor: fflate's unzipSync of every part, then one look at each byte of the sheet
// and shared-string XML, counting the tags any reader must see (`<c ` / `<c>`, `<mergeCell`, `<si>`).
// bench/reader.ts times `floorScan` in process and, as the floor of `sousei validate`, this file run as a
// process: start Node, load the unzipper, inflate, look. Plain JavaScript in one file, so that the
// process floor runs without a TypeScript loader or a second module, as the CLI bundle does.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';

/** @param {Uint8Array} bytes an .xlsx file @returns {number} the tags counted */
export function floorScan(bytes) {
  const parts = unzipSync(bytes);
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.stdout.write(`${floorScan(new Uint8Array(readFileSync(process.argv[2])))}\n`);
