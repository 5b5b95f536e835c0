import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, EXIT } from '../../../service/src/cli/main';
import { readWorkbook } from '#shared';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { goal1 } from '../../fixtures/kpi-seed';
import { zipOf } from '../../fixtures/zip';

let dir: string;
const MAX = 20 * 1024 * 1024;

async function workbookWith(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('KPI'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol3;" sheetId="1"/></sheets></workbook>`;

// An encrypted .xlsx is an OLE compound file whose directory names the EncryptedPackage stream.
function encryptedWorkbook(): Buffer {
  const ole = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
  Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024);
  Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1152);
  return ole;
}

const cases: [name: string, file: string, make: () => Promise<Buffer> | Buffer, message: string][] = [
  ['not a zip', 'notes.xlsx', () => Buffer.from('施策体系,KPI\n'), 'Excel ブック (.xlsx) ではありません'],
  [
    'a truncated zip',
    'cut.xlsx',
    async () => (await buildKpiWorkbook([goal1])).subarray(0, 3000),
    'ファイルが途中で切れています',
  ],
  [
    'a zip bomb (200 MB of one letter in 200 KB)',
    'bomb.xlsx',
    () =>
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(210 * 1024 * 1024, 'a') },
      ]),
    '展開すると大きすぎます',
  ],
  [
    'an XML entity bomb',
    'laughs.xlsx',
    () =>
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/workbook.xml', data: Buffer.from(BILLION_LAUGHS) },
      ]),
    '安全でない XML 定義',
  ],
  [
    'a 1,000,000-character cell',
    'long.xlsx',
    // Varied kanji, so the part compresses like real text and not like a bomb.
    () =>
      workbookWith(
        (ws) =>
          (ws.getCell('B3').value = Array.from({ length: 1_000_000 }, (_, i) =>
            String.fromCharCode(0x4e00 + ((i * 7919) % 20000)),
          ).join('')),
      ),
    'Excel の上限(32,767 字)を超えています',
  ],
  ['a password-protected workbook', 'locked.xlsx', encryptedWorkbook, 'パスワードで保護されたブック'],
  ['an empty workbook', 'empty.xlsx', () => workbookWith(() => {}), 'データのあるシートがありません'],
];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-malformed-'));
  for (const [, file, make] of cases) fs.writeFileSync(path.join(dir, file), await make());
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('malformed workbooks: a clear Japanese error, exit code 2, nothing crashes', () => {
  it.each(cases)('%s', async (_name, file, _make, message) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['validate', path.join(dir, file)], {
      out: (s) => out.push(s),
      err: (s) => err.push(s),
    });
    expect(code).toBe(EXIT.unusable);
    expect(out.join('')).toBe('');
    expect(err.join('')).toContain(message);
    expect(err.join('')).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('rejects the zip bomb from its directory, before anything is unpacked', async () => {
    const result = readWorkbook(fs.readFileSync(path.join(dir, 'bomb.xlsx')), { maxBytes: MAX });
    expect(result).toMatchObject({ ok: false, problem: { code: 'too-large' } });
  });

  it('the cell-too-long error names the cell', async () => {
    const result = readWorkbook(fs.readFileSync(path.join(dir, 'long.xlsx')), { maxBytes: MAX });
    expect(result).toMatchObject({ ok: false, problem: { code: 'cell-too-long' } });
    expect(!result.ok && result.problem.message.ja).toContain('KPI!B3');
  });
});
