// The floor of `sousei validate` as a process (bench/reader.ts times it): start Node, load an unzipper,
// inflate every part of the workbook and look at every byte of the sheet and shared-string XML once,
// counting the tags any reader must see. Plain JavaScript, as the CLI runs from a prebuilt bundle;
// fflate, as the reader uses.
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

const parts = unzipSync(new Uint8Array(readFileSync(process.argv[2])));
let tags = 0;
for (const [name, data] of Object.entries(parts)) {
  if (!name.startsWith('xl/worksheets/') && name !== 'xl/sharedStrings.xml') continue;
  for (let i = 0; i < data.length - 2; i++) {
    if (data[i] !== 0x3c) continue;
    const a = data[i + 1];
    // `<c ` / `<c>`, `<mergeCell`, `<si>`
    if (a === 0x63 && (data[i + 2] === 0x20 || data[i + 2] === 0x3e)) tags++;
    else if (a === 0x6d && data[i + 2] === 0x65) tags++;
    else if (a === 0x73 && data[i + 2] === 0x69) tags++;
  }
}
process.stdout.write(`${tags}\n`);
