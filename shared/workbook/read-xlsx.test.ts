import { describe, expect, it } from 'vitest';
import { escapeXml, worksheetXml, xlsxOf } from '../../tests/fixtures/xlsx-parts';
import { zipOf } from '../../tests/fixtures/zip';
import { readErrorTexts } from '../messages';
import { readWorkbook, type ReadResult } from './read-xlsx';
import { rowsOfSheet, TEXT_CELL, type SheetRows, type WorkbookSnapshot } from './snapshot';

const read = (result: ReadResult): WorkbookSnapshot => {
  if (!result.ok) throw new Error(result.problem.message.en);
  return result.snapshot;
};
/** The sheets read, as rows: what the assertions compare. */
const ok = (result: ReadResult): { sheets: Required<SheetRows>[] } => ({
  sheets: read(result).sheets.map(rowsOfSheet),
});
const problem = (result: ReadResult) => {
  if (result.ok) throw new Error('read although it should be refused');
  return result.problem;
};
const oneSheet = (sheetData: string, after = '', more: Omit<Parameters<typeof xlsxOf>[0], 'sheets'> = {}) =>
  xlsxOf({ sheets: [{ name: 'S', xml: worksheetXml(sheetData, after) }], ...more });

const STYLES = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0&quot;件&quot;"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>
</styleSheet>`;

describe('readWorkbook: values', () => {
  it('reads shared strings (rich text joined, furigana left out), inline strings and escapes', () => {
    const book = oneSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><r><t>実</t></r><r><t xml:space="preserve">績 </t></r></is></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="str"><f>A1</f><v>式&amp;値</v></c><c r="C2" t="s"><v>9</v></c></row>',
      '',
      {
        sharedStrings: [
          '水産課',
          '<r><t>釧路</t></r><r><rPr><b/></rPr><t>港</t></r><rPh sb="0" eb="2"><t>クシロ</t></rPh>',
          '<t>一行目_x000D_二行目</t>',
        ],
      },
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet.values).toEqual([
      ['水産課', '釧路港', '実績 '],
      ['一行目\r二行目', '式&値', null],
    ]);
  });

  it('reads numbers by their number format: percents stay numbers, dates become YYYY-MM-DD', () => {
    const book = oneSheet(
      '<row r="1"><c r="A1" s="1"><v>0.253</v></c><c r="B1" s="2"><v>45382</v></c><c r="C1" s="3"><v>45383</v></c>' +
        '<c r="D1" s="4"><v>12</v></c><c r="E1" s="5"><v>0.5</v></c><c r="F1" t="b"><v>1</v></c><c r="G1" t="e"><v>#N/A</v></c></row>',
      '',
      { styles: STYLES },
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet.values[0]).toEqual([0.253, '2024-03-31', '2024-04-01', 12, 0.5, true, '#N/A']);
    expect(sheet.numberFormats[0]).toEqual([
      '0%',
      'mm-dd-yy',
      'yyyy"年"m"月"d"日"',
      '#,##0"件"',
      '0.00%',
      'General',
      'General',
    ]);
  });

  it('reads number texts as parseFloat does, whether read from the bytes or as text', () => {
    const texts = [
      '-12.5',
      '0.1',
      '007',
      '1e3',
      '1.5E-2',
      '12345678901234567890',
      '.5',
      '12.',
      ' 42',
      '-0',
      '3,5',
      'abc',
    ];
    const cells = texts.map((t, i) => `<c r="${String.fromCharCode(65 + i)}1"><v>${t}</v></c>`).join('');
    const sheet = ok(readWorkbook(oneSheet(`<row r="1">${cells}</row>`))).sheets[0]!;
    expect(sheet.values[0]).toEqual(texts.map((t) => (Number.isNaN(parseFloat(t)) ? t : parseFloat(t))));
    const odd = oneSheet(
      '<row r="1"><c r="A1"><v>1&#48;</v></c><c r="B1"><v><![CDATA[2.5]]></v></c><c r="C1" t="s"><v>1</v></c>' +
        '<c r="D1" t="s"><v>1.5</v></c><c r="E1" t="b"><v>0</v></c><c r="F1" t="str"><v>-3</v></c></row>',
      '',
      { sharedStrings: ['<t>零</t>', '<t>一</t>'] },
    );
    expect(ok(readWorkbook(odd)).sheets[0]!.values[0]).toEqual([10, 2.5, '一', '一', false, '-3']);
  });

  it('reads SpreadsheetML written with a namespace prefix (x:c), as some generators write it', () => {
    const xml = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="B1"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    expect(ok(readWorkbook(xlsxOf({ sheets: [{ name: 'S', xml }] }))).sheets[0]!.values).toEqual([[null, 7]]);
  });

  it('keeps sheet order and reports progress after each sheet', () => {
    const sheets = ['表紙', 'KPI', '進捗'].map((name, i) => ({
      name,
      xml: worksheetXml(`<row r="1"><c r="A1"><v>${i}</v></c></row>`),
    }));
    const seen: string[] = [];
    const read = ok(
      readWorkbook(xlsxOf({ sheets }), { onProgress: (p) => seen.push(`${p.done}/${p.sheets} ${p.name}`) }),
    );
    expect(read.sheets.map((s) => s.name)).toEqual(['表紙', 'KPI', '進捗']);
    expect(seen).toEqual(['1/3 表紙', '2/3 KPI', '3/3 進捗']);
  });
});

describe('readWorkbook: how the snapshot is built', () => {
  it('places cells written out of order (rows and columns) where Excel shows them; a cell written twice keeps its last value', () => {
    const book = oneSheet(
      '<row r="3"><c r="C3" s="1"><v>0.5</v></c><c r="A3"><v>31</v></c></row>' +
        '<row r="1"><c r="B1" s="4"><v>12</v></c><c r="A1"><v>11</v></c></row>' +
        '<row r="3"><c r="B3"><v>32</v></c><c r="A3"><v>33</v></c></row>',
      '',
      { styles: STYLES },
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet.values).toEqual([
      [11, 12, null],
      [null, null, null],
      [33, 32, 0.5],
    ]);
    expect(sheet.numberFormats).toEqual([
      ['General', '#,##0"件"', 'General'],
      ['General', 'General', 'General'],
      ['General', 'General', '0%'],
    ]);
  });

  it('keeps each cell in typed arrays: one text list and one format list for the workbook, a repeated date one text', () => {
    const rows = Array.from(
      { length: 4 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" s="2"><v>45382</v></c><c r="B${i + 1}" s="1"><v>0.${i + 1}</v></c><c r="C${i + 1}" t="s"><v>0</v></c></row>`,
    ).join('');
    const sheets = [
      { name: 'A', xml: worksheetXml(rows) },
      { name: 'B', xml: worksheetXml(rows) },
    ];
    const book = read(readWorkbook(xlsxOf({ sheets, styles: STYLES, sharedStrings: ['水産課'] })));
    const [a, b] = book.sheets;
    expect(a!.texts).toBe(b!.texts);
    expect(a!.formats).toBe(b!.formats);
    expect(a!.texts).toEqual(['水産課', '2024-03-31']);
    expect(a!.formats).toEqual(['General', '0%', 'mm-dd-yy', 'yyyy"年"m"月"d"日"', '#,##0"件"', '0.00%']);
    expect([a!.kinds[0], a!.numbers[0], a!.kinds[3], a!.numbers[3]]).toEqual([TEXT_CELL, 1, TEXT_CELL, 1]);
    expect(Array.from(a!.formatIds!.subarray(0, 3))).toEqual([2, 1, 0]);
    expect(rowsOfSheet(b!).values.map((r) => r[1])).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('reads a format past the 65,535th distinct one as General (ids are 16 bits; Excel allows a few hundred)', () => {
    const count = 65_537;
    const numFmts = Array.from(
      { length: count },
      (_, i) => `<numFmt numFmtId="${164 + i}" formatCode="0.${'0'.repeat(i % 30)}&quot;${i}&quot;"/>`,
    ).join('');
    const xfs = Array.from({ length: count }, (_, i) => `<xf numFmtId="${164 + i}"/>`).join('');
    const styles = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="${count}">${numFmts}</numFmts><cellXfs count="${count}">${xfs}</cellXfs></styleSheet>`;
    const sheet = ok(
      readWorkbook(
        oneSheet(
          `<row r="1"><c r="A1" s="0"><v>1</v></c><c r="B1" s="65534"><v>2</v></c><c r="C1" s="65535"><v>3</v></c></row>`,
          '',
          { styles },
        ),
      ),
    ).sheets[0]!;
    expect(sheet.numberFormats[0]).toEqual(['0."0"', '0.' + '0'.repeat(65_534 % 30) + '"65534"', 'General']);
  });

  it('builds from the cells holding values when formatted empty cells far apart would fill more than the area limit', () => {
    // Five rows each with a value in A and a formatted, empty cell in Z: 5 × 26 cells > the limit of 100.
    const rows = Array.from(
      { length: 5 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c><c r="Z${i + 1}" s="1"/></row>`,
    ).join('');
    // The limit of 20 is passed by the first row alone, that of 100 only by the whole sheet.
    for (const maxArea of [100, 20]) {
      const sheet = ok(readWorkbook(oneSheet(rows, '', { styles: STYLES }), { limits: { maxArea } }))
        .sheets[0]!;
      expect(sheet).toMatchObject({ startRow: 1, startColumn: 1, values: [[1], [2], [3], [4], [5]] });
      expect(sheet.numberFormats).toEqual([['General'], ['General'], ['General'], ['General'], ['General']]);
    }
  });

  it('keeps merged-area references written plainly as they are, and writes any other spelling as A1:B2', () => {
    const rows = Array.from(
      { length: 8 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}"/><c r="C${i + 1}"/></row>`,
    ).join('');
    const merges = ['A1:B1', 'C1:C2', 'B3:A4', 'a5:b5', '$A$6:$B$6', 'A07:B07', 'C3:C3'];
    const book = oneSheet(
      rows,
      `<mergeCells>${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`,
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet.merges).toEqual(['A1:B1', 'C1:C2', 'A3:B4', 'A5:B5', 'A6:B6', 'A7:B7']);
    expect(sheet.values.map((r) => r[0])).toEqual([0, 1, 2, null, 4, 5, 6, 7]);
  });

  it('reads texts of every length up to the decoder threshold and beyond, ASCII and not, unchanged', () => {
    const texts = Array.from({ length: 30 }, (_, n) =>
      n % 2 ? 'x'.repeat(n) : 'Aa1-'.repeat(8).slice(0, n) + '釧路',
    );
    const rows = texts
      .map((t, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${t}</t></is></c></row>`)
      .join('');
    const sheet = ok(readWorkbook(oneSheet(rows))).sheets[0]!;
    expect(sheet.values.map((r) => r[0])).toEqual(texts.map((t) => (t === '' ? null : t)));
  });
});

describe('readWorkbook: damaged sheet XML', () => {
  it('answers every one of 2,000 byte-level damages to a sheet with a snapshot or a problem, never an exception', () => {
    // The sheet's tags as Excel writes them (the fast paths) and written otherwise (the general way).
    const xml = Buffer.from(
      worksheetXml(
        '<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="str"><f>A1</f><v>x&amp;y</v></c><c r="C1"/></row>' +
          '<row r=\'2\'><c r=\'A2\' t=\'n\'><v>-1.5</v></c><c s="4" r="B2"><v>12</v></c><x:c r="C2" t="inlineStr"><is><t>港</t></is></x:c></row>' +
          '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c><c r="C3" t="d"><v>2025-04-01T00:00:00</v></c></row>',
        '<mergeCells count="3"><mergeCell ref="A1:B1"/><mergeCell ref=\'C2:C3\'/><mergeCell ref="b3:a3"/></mergeCells>',
      ),
    );
    const book = (sheet: Buffer) =>
      xlsxOf({ sheets: [{ name: 'S', xml: sheet }], sharedStrings: ['水産課'], styles: STYLES });
    expect(ok(readWorkbook(book(xml))).sheets[0]!.values).toEqual([
      ['水産課', null, null],
      [-1.5, 12, '港'],
      [true, null, null],
    ]);
    // A fixed sequence (a linear congruential generator), so that a failure can be replayed.
    let seed = 20261130;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const bytesOfXml = [...'<>/="\' :0123456789ABCZrcstv'].map((c) => c.charCodeAt(0));
    const answers = { read: 0, refused: 0 };
    for (let round = 0; round < 2_000; round++) {
      const damaged = Buffer.from(xml);
      for (let k = 1 + next(4); k > 0; k--) {
        const at = next(damaged.length);
        const kind = next(3);
        if (kind === 0) damaged[at] = bytesOfXml[next(bytesOfXml.length)]!;
        else if (kind === 1) damaged[at] = next(256);
        else damaged.copyWithin(at, at + 1 + next(8));
      }
      const cut = next(5) === 0 ? damaged.subarray(0, next(damaged.length)) : damaged;
      const result = readWorkbook(book(Buffer.from(cut)));
      answers[result.ok ? 'read' : 'refused']++;
    }
    // Both answers occur: the damages reach the reader's paths, not only its first refusal.
    expect(answers.read).toBeGreaterThan(200);
    expect(answers.refused).toBeGreaterThan(200);
  }, 60_000);
});

describe('readWorkbook: bounds', () => {
  it('clips merged areas to the cells that exist and keeps the value in the top-left cell only', () => {
    const book = oneSheet(
      '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="2"><c r="A2"/><c r="B2"><v>3</v></c></row>',
      '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet.merges).toEqual(['A1:B2']);
    expect(sheet.values).toEqual([
      [1, null],
      [null, null],
    ]);
  });

  it('reads a sheet whose cells are A1 and a formatted, empty XFD1048576 as the one cell A1', () => {
    const book = oneSheet(
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="0"/></row>',
    );
    const sheet = ok(readWorkbook(book)).sheets[0]!;
    expect(sheet).toMatchObject({ startRow: 1, startColumn: 1, values: [[1]] });
  });

  it('refuses values at A1 and XFD1048576 with the range named, without building the range', () => {
    const book = oneSheet(
      '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
    );
    const p = problem(readWorkbook(book));
    expect(p.code).toBe('too-large');
    expect(p.message.ja).toContain('A1:XFD1048576');
  });

  it('reads 40,000 small merged areas', () => {
    const rows: string[] = [];
    const merges: string[] = [];
    for (let r = 1; r <= 40_000; r++) {
      rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"/></row>`);
      merges.push(`<mergeCell ref="A${r}:B${r}"/>`);
    }
    const sheet = ok(readWorkbook(oneSheet(rows.join(''), `<mergeCells>${merges.join('')}</mergeCells>`)))
      .sheets[0]!;
    expect(sheet.merges).toHaveLength(40_000);
    expect(sheet.values[39_999]).toEqual([40_000, null]);
  }, 180_000);

  it('refuses overlapping merged areas (Excel calls them damage) and more merged areas than the limit', () => {
    const cells = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"/><c r="C1"/></row>';
    const overlap = oneSheet(
      cells,
      '<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="B1:C1"/></mergeCells>',
    );
    expect(problem(readWorkbook(overlap))).toEqual({
      code: 'corrupt',
      message: readErrorTexts.mergesOverlap('S', 'B1:C1'),
    });
    const many = oneSheet(cells, '<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="C1:C2"/></mergeCells>');
    expect(problem(readWorkbook(many, { limits: { maxMergedAreas: 1 } }))).toEqual({
      code: 'too-large',
      message: readErrorTexts.tooManyMerges(1),
    });
  });

  it('refuses more cells than the limit and cell references beyond XFD1048576', () => {
    const cells = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>';
    expect(problem(readWorkbook(oneSheet(cells), { limits: { maxCells: 1 } }))).toEqual({
      code: 'too-large',
      message: readErrorTexts.tooManyCells(1),
    });
    expect(problem(readWorkbook(oneSheet('<row r="1"><c r="XFE1"><v>1</v></c></row>'))).code).toBe('corrupt');
    expect(problem(readWorkbook(oneSheet('<row r="1048577"><c r="A1048577"><v>1</v></c></row>'))).code).toBe(
      'corrupt',
    );
  });

  it('reads a workbook of 600 sheets, and refuses more sheets than the limit', () => {
    const sheets = Array.from({ length: 600 }, (_, i) => ({
      name: `シート${i + 1}`,
      xml: worksheetXml(`<row r="1"><c r="A1"><v>${i}</v></c></row>`),
    }));
    expect(ok(readWorkbook(xlsxOf({ sheets }))).sheets).toHaveLength(600);
    expect(problem(readWorkbook(xlsxOf({ sheets }), { limits: { maxSheets: 500 } }))).toEqual({
      code: 'too-large',
      message: readErrorTexts.tooManySheets(600, 500),
    });
  }, 180_000);

  it('reads 400 cells of 32,767 identical characters (compresses like a bomb, but is not one)', () => {
    const text = 'あ'.repeat(32_767);
    const rows = Array.from(
      { length: 400 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${text}</t></is></c></row>`,
    );
    const sheet = ok(readWorkbook(oneSheet(rows.join('')))).sheets[0]!;
    expect(sheet.values).toHaveLength(400);
    expect(sheet.values[399]![0]).toBe(text);
  }, 180_000);
});

describe('readWorkbook: hostile packages', () => {
  it('refuses a zip whose entry unpacks larger than it declares, while unpacking', () => {
    const honest = xlsxOf({
      sheets: [
        {
          name: 'S',
          xml: worksheetXml(
            `<row r="1"><c r="A1" t="inlineStr"><is><t>${'a'.repeat(50 * 1024 * 1024)}</t></is></c></row>`,
          ),
        },
      ],
    });
    // Rewrite the sheet's declared size in the central directory (offset 24 of its record) to 1 KB.
    const lying = Buffer.from(honest);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    for (
      let at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = lying.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    ) {
      if (lying.subarray(at + 46, at + 46 + name.length).equals(name)) lying.writeUInt32LE(1024, at + 24);
    }
    expect(problem(readWorkbook(lying))).toEqual({ code: 'too-large', message: readErrorTexts.zipBomb(200) });
    // The same entry, honest, is refused by the running budget on actual bytes.
    expect(problem(readWorkbook(honest, { limits: { maxUnpackedBytes: 10 * 1024 * 1024 } })).code).toBe(
      'too-large',
    );
  }, 180_000);

  it('refuses DOCTYPE and ENTITY declarations in parsed parts and in parts it does not parse', () => {
    const doctype = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>';
    const inSheet = xlsxOf({ sheets: [{ name: 'S', xml: `${doctype}${worksheetXml('')}` }] });
    expect(problem(readWorkbook(inSheet)).code).toBe('unsafe');
    const inDocProps = oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>', '', {
      extra: [{ name: 'docProps/core.xml', data: Buffer.from(`${doctype}<coreProperties/>`) }],
    });
    expect(problem(readWorkbook(inDocProps))).toEqual({ code: 'unsafe', message: readErrorTexts.unsafeXml });
  });

  it('refuses a package without a workbook part and a deflate stream that is garbage', () => {
    const noWorkbook = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(worksheetXml('')) }]);
    expect(problem(readWorkbook(noWorkbook)).code).toBe('corrupt');
    const garbage = Buffer.from(oneSheet('<row r="1"><c r="A1"><v>1</v></c></row>'));
    const at = garbage.indexOf(Buffer.from('xl/worksheets/sheet1.xml')) + 'xl/worksheets/sheet1.xml'.length;
    garbage.fill(0xff, at, at + 20);
    expect(problem(readWorkbook(garbage)).code).toBe('corrupt');
  });

  it('refuses parts flagged as zip-encrypted and sheet XML that is not UTF-8', () => {
    const encrypted = zipOf([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>'), flags: 1 }]);
    expect(problem(readWorkbook(encrypted))).toEqual({
      code: 'encrypted',
      message: readErrorTexts.encrypted,
    });
    const [before, after] = worksheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>\u0000</t></is></c></row>',
    ).split('\u0000') as [string, string];
    const notUtf8 = xlsxOf({
      sheets: [
        {
          name: 'S',
          xml: Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]),
        },
      ],
    });
    expect(problem(readWorkbook(notUtf8)).code).toBe('corrupt');
  });

  it('escapes sheet names it reads back', () => {
    const name = 'A&B <注>';
    const book = xlsxOf({ sheets: [{ name, xml: worksheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }] });
    expect(escapeXml(name)).not.toBe(name);
    expect(ok(readWorkbook(book)).sheets[0]!.name).toBe(name);
  });
});
