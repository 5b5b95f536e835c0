import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressReport } from '../fixtures/progress-seed';
import { zipOf, type ZipEntryInput } from '../fixtures/zip';

/**
 * Hostile and odd inputs for the service and `sousei validate`, generated in code (no committed
 * binaries). Every case says what a correct service answers; tests/integration/hostile.test.ts runs
 * them against the real service and CLI, and docs/hostile-inputs.md lists them.
 *
 * The suite submits as 水産課 to a KPI cycle of `kushiro-1`; the legitimate cases carry that
 * department's KPI rows with one wrong value, so that once read they are refused by validation (422
 * with findings) and nothing is stored.
 */

/** What a correct service and CLI do with a file. */
export type FileOutcome =
  /** Not a workbook that can be read safely: HTTP 400/413/422 without findings; CLI exit 2. */
  | 'unreadable'
  /** A legitimate workbook, odd but valid: it must be read and validated (HTTP 422 with findings); CLI exit 1. */
  | 'read'
  /** A readable workbook with no sheet of the cycle's template: HTTP 422 naming it; CLI `--kind kpi` exit 1. */
  | 'wrong-kind'
  /** Read or refused by a limit, either is right: HTTP 400/413/422; CLI exit 0, 1 or 2; never a crash. */
  | 'bounded';

export interface HostileFile {
  name: string;
  /** One line for docs/hostile-inputs.md. */
  description: string;
  outcome: FileOutcome;
  /** Words the Japanese message must contain (HTTP body and CLI output). */
  words?: string[];
  make: () => Promise<Buffer> | Buffer;
}

export interface HostileJson {
  name: string;
  description: string;
  /** Acceptable HTTP statuses; every one is an error with a Japanese message and nothing stored. */
  statuses: number[];
  body: () => Buffer;
}

export interface HostileFileName {
  name: string;
  description: string;
  /** The raw X-File-Name header value (URI-encoded as the task pane sends it). */
  header: string;
}

export const DEPARTMENT = '水産課';
export const STRATEGY_ID = 'kushiro-1';

const MiB = 1024 * 1024;
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An inline-string cell (no sharedStrings part needed). */
const textCell = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/** A worksheet part around the given sheetData content. */
function sheetXml(rows: string, options: { dimension?: string; merges?: string[]; head?: string } = {}) {
  const dimension = options.dimension ? `<dimension ref="${options.dimension}"/>` : '';
  const merges = options.merges?.length
    ? `<mergeCells count="${options.merges.length}">${options.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`
    : '';
  return `${options.head ?? XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${dimension}<sheetData>${rows}</sheetData>${merges}</worksheet>`;
}

interface MinimalBook {
  sheets: { name: string; xml: string | Buffer }[];
  sharedStrings?: string;
  styles?: string;
  /** Target of sheet i in the workbook relationships (default `worksheets/sheet{i+1}.xml`). */
  sheetTarget?: (i: number) => string;
}

/**
 * The parts of the smallest workbook Excel opens, as zip entries a case can then corrupt:
 * content types, package and workbook relationships, workbook.xml and one part per sheet.
 */
function minimalBookEntries(book: MinimalBook): ZipEntryInput[] {
  const target = book.sheetTarget ?? ((i: number) => `worksheets/sheet${i + 1}.xml`);
  const overrides = [
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    ...book.sheets.map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    ),
    ...(book.sharedStrings
      ? [
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
        ]
      : []),
    ...(book.styles
      ? [
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
        ]
      : []),
  ];
  const contentTypes = `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`;
  const rootRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const sheetsXml = book.sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  const workbook = `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheetsXml}</sheets></workbook>`;
  const n = book.sheets.length;
  const rels = [
    ...book.sheets.map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="${escapeXml(target(i))}"/>`,
    ),
    ...(book.sharedStrings
      ? [`<Relationship Id="rId${n + 1}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`]
      : []),
    ...(book.styles ? [`<Relationship Id="rId${n + 2}" Type="${REL_NS}/styles" Target="styles.xml"/>`] : []),
  ];
  const workbookRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">${rels.join('')}</Relationships>`;
  const text = (s: string) => Buffer.from(s, 'utf8');
  return [
    { name: '[Content_Types].xml', data: text(contentTypes) },
    { name: '_rels/.rels', data: text(rootRels) },
    { name: 'xl/workbook.xml', data: text(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', data: text(workbookRels) },
    ...book.sheets.map((s, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: typeof s.xml === 'string' ? text(s.xml) : s.xml,
    })),
    ...(book.sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: text(book.sharedStrings) }] : []),
    ...(book.styles ? [{ name: 'xl/styles.xml', data: text(book.styles) }] : []),
  ];
}

/** A one-sheet workbook whose only cell is a note: readable, but no template of any kind. */
const noteSheet = (extraRows = '', options: Parameters<typeof sheetXml>[1] = {}) =>
  sheetXml(`<row r="1">${textCell('A1', 'メモ')}</row>${extraRows}`, options);

const minimalBook = (book: MinimalBook) => zipOf(minimalBookEntries(book));

/**
 * Deflate data for `head` + `repeat` × `chunk` + `tail` without ever holding the inflated bytes:
 * each piece is compressed on its own and ends with a full flush (byte-aligned, no back-references),
 * so the compressed chunk can be repeated. 1 GiB of spaces costs about 1 MiB.
 */
function repeatedDeflate(head: Buffer, chunk: Buffer, repeat: number, tail: Buffer) {
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 };
  const piece = zlib.deflateRawSync(chunk, flush);
  const compressed = Buffer.concat([
    zlib.deflateRawSync(head, flush),
    ...Array.from({ length: repeat }, () => piece),
    zlib.deflateRawSync(tail),
  ]);
  let crc = zlib.crc32(head);
  for (let i = 0; i < repeat; i++) crc = zlib.crc32(chunk, crc);
  crc = zlib.crc32(tail, crc);
  return { compressed, crc, size: head.length + chunk.length * repeat + tail.length };
}

const SPACES = Buffer.alloc(MiB, 0x20);

/**
 * 32 KiB of text that barely compresses (a fixed pseudo-random sequence): a bomb that starts with
 * it looks like an ordinary sheet to a check that inflates only the first few compressed bytes.
 */
function incompressibleText(): string {
  let x = 0x2545f491;
  let out = '';
  while (out.length < 32 * 1024) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += (x >>> 0).toString(36);
  }
  return out;
}

/** Ordinary-looking rows in front of a bomb's whitespace. */
const ordinaryRows = () =>
  `<row r="1">${textCell('A1', 'メモ')}</row><row r="2">${textCell('A2', incompressibleText())}</row>`;

/** A sheet part that inflates to `mib` MiB: a valid worksheet whose sheetData is mostly whitespace. */
function whitespaceSheet(mib: number, cells = ordinaryRows()) {
  const [head, tail] = sheetXml(`${cells}\u0000`).split('\u0000') as [string, string];
  return repeatedDeflate(Buffer.from(head), SPACES, mib, Buffer.from(tail));
}

/** A bomb entry: `mib` MiB of sheet XML (ordinary rows, then whitespace) declared as `declared` bytes. */
function bombEntry(name: string, mib: number, declared: number | null, cells?: string): ZipEntryInput {
  const sheet = whitespaceSheet(mib, cells);
  return {
    name,
    data: Buffer.alloc(0),
    compressed: sheet.compressed,
    crc: sheet.crc,
    declaredSize: declared ?? sheet.size,
  };
}

/** Replaces one entry of a minimal book (by name) with `entry`. */
/** The one-sheet book of a short note that most tampering cases start from. */
const noteBookEntries = () => minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }] });

/** That book with its sheet relationship pointing at `target` and no sheet part inside the zip. */
const noteBookPointingAt = (target: string) =>
  zipOf(
    minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }], sheetTarget: () => target }).filter(
      (e) => !e.name.startsWith('xl/worksheets/'),
    ),
  );

/** That book with every entry whose name starts with `prefix` changed by `tamper`. */
const tamperedNoteBook = (prefix: string, tamper: (e: ZipEntryInput) => ZipEntryInput) =>
  zipOf(noteBookEntries().map((e) => (e.name.startsWith(prefix) ? tamper(e) : e)));

function replaceEntry(entries: ZipEntryInput[], entry: ZipEntryInput): ZipEntryInput[] {
  return entries.map((e) => (e.name === entry.name ? entry : e));
}

/** 水産課's KPI rows with one wrong value (`114,977トン`): read, it is refused by validation. */
async function kpiBookWithError(): Promise<Buffer> {
  const goal = structuredClone(forDepartment(goal1, DEPARTMENT));
  goal.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '114,977トン';
  return buildKpiWorkbook([goal]);
}

/** 水産課's KPI rows as they should be: accepted (201). */
export function cleanKpiBook(): Promise<Buffer> {
  return buildKpiWorkbook([forDepartment(goal1, DEPARTMENT)]);
}

/** The KPI workbook with an error, changed with exceljs before it is written again. */
async function kpiBookWith(change: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await kpiBookWithError()) as unknown as ArrayBuffer);
  change(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The KPI workbook with an error, one of its parts rewritten as text. */
async function kpiBookPatched(part: string, patch: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await kpiBookWithError());
  const file = zip.file(part);
  if (!file) throw new Error(`no ${part} in the KPI fixture`);
  zip.file(part, patch(await file.async('string')));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const BILLION_LAUGHS_DTD = `<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">${Array.from(
  { length: 9 },
  (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
).join('')}]>`;

export const hostileFiles: HostileFile[] = [
  // --- not a workbook at all ---
  {
    name: 'empty-file',
    description: '0 バイトのファイル / a 0-byte file',
    outcome: 'unreadable',
    make: () => Buffer.alloc(0),
  },
  {
    name: 'pdf-renamed',
    description: '拡張子だけ .xlsx の PDF / a PDF renamed .xlsx',
    outcome: 'unreadable',
    make: () =>
      Buffer.from(
        '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      ),
  },
  {
    name: 'legacy-xls',
    description: '古い形式の .xls(OLE 複合ファイル) / a legacy .xls (OLE compound file)',
    outcome: 'unreadable',
    words: ['.xls'],
    make: () => {
      const ole = Buffer.alloc(4096);
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
      Buffer.from('Workbook', 'utf16le').copy(ole, 1024);
      return ole;
    },
  },
  {
    name: 'encrypted-ole',
    description:
      'パスワード付き .xlsx(EncryptedPackage を持つ OLE) / a password-protected .xlsx (OLE with EncryptedPackage)',
    outcome: 'unreadable',
    words: ['パスワード'],
    make: () => {
      const ole = Buffer.alloc(4096);
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole, 0);
      Buffer.from('EncryptedPackage', 'utf16le').copy(ole, 1024);
      Buffer.from('EncryptionInfo', 'utf16le').copy(ole, 1152);
      return ole;
    },
  },
  {
    name: 'csv-text',
    description: 'CSV のテキスト / CSV text',
    outcome: 'unreadable',
    make: () => Buffer.from('施策体系,重要業績評価指標(KPI),数値\nア 持続的成長,・釧路港年間水揚量,114977\n'),
  },
  // --- broken zips ---
  {
    name: 'truncated-zip',
    description: '途中で切れた zip(前半だけ) / a zip cut in half',
    outcome: 'unreadable',
    make: async () => {
      const book = await kpiBookWithError();
      return book.subarray(0, Math.floor(book.length / 2));
    },
  },
  {
    name: 'wrong-central-directory-offset',
    description: '中央ディレクトリの位置が嘘 / the end record points the central directory elsewhere',
    outcome: 'unreadable',
    make: () =>
      zipOf(minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }] }), {
        centralDirectoryOffset: 7,
      }),
  },
  {
    name: 'end-record-only',
    description: 'zip の終端レコードだけ / nothing but an end-of-central-directory record',
    outcome: 'unreadable',
    make: () => {
      const b = Buffer.alloc(26);
      b.writeUInt32LE(0x04034b50, 0);
      b.writeUInt32LE(0x06054b50, 4);
      b.writeUInt16LE(65535, 12);
      b.writeUInt16LE(65535, 14);
      return b;
    },
  },
  {
    name: 'zero-byte-entries',
    description: 'すべての部品が 0 バイト / every part is 0 bytes',
    outcome: 'unreadable',
    make: () =>
      zipOf(
        minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }] }).map((e) => ({
          name: e.name,
          data: Buffer.alloc(0),
        })),
      ),
  },
  {
    name: 'missing-workbook-xml',
    description: 'xl/workbook.xml がない / no xl/workbook.xml',
    outcome: 'unreadable',
    make: () =>
      zipOf(
        minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }] }).filter(
          (e) => e.name !== 'xl/workbook.xml',
        ),
      ),
  },
  {
    name: 'missing-sheet-part',
    description: 'workbook.xml が指すシートの部品がない / workbook.xml names a sheet whose part is missing',
    outcome: 'unreadable',
    make: () =>
      zipOf(
        minimalBookEntries({ sheets: [{ name: 'KPI', xml: noteSheet() }] }).filter(
          (e) => !e.name.startsWith('xl/worksheets/'),
        ),
      ),
  },
  {
    name: 'relationship-outside-zip',
    description:
      'シートの参照先が zip の外(../../etc/passwd) / the sheet relationship points outside the zip',
    outcome: 'unreadable',
    make: () => noteBookPointingAt('../../../../etc/passwd'),
  },
  {
    name: 'relationship-external-url',
    description: 'シートの参照先が file:// の外部 URL / the sheet relationship is an external file:// URL',
    outcome: 'unreadable',
    make: () => noteBookPointingAt('file:///etc/passwd'),
  },
  {
    name: 'wrong-crc',
    description: 'シートの CRC-32 が中身と合わない / the sheet entry’s CRC-32 does not match its data',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('xl/worksheets/', (e) => ({ ...e, crc: 0x12345678 }));
    },
  },
  {
    name: 'bad-deflate-data',
    description: 'シートの圧縮データが壊れている / the sheet’s deflate data is garbage',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('xl/worksheets/', (e) => ({ ...e, compressed: Buffer.alloc(200, 0xff) }));
    },
  },
  {
    name: 'unknown-compression-method',
    description: '未知の圧縮方式(99) / an unknown compression method (99)',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('xl/', (e) => ({ ...e, method: 99 }));
    },
  },
  {
    name: 'zip-encrypted-flag',
    description: 'zip の暗号化フラグ付きの部品 / parts flagged as zip-encrypted',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('', (e) => ({ ...e, flags: 1 }));
    },
  },
  {
    name: 'stored-size-lie',
    description:
      '無圧縮の部品が実際より大きいと申告 / a stored part declares more bytes than the archive holds',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('xl/worksheets/', (e) => ({
        ...e,
        deflate: false,
        declaredCompressedSize: 50 * MiB,
        declaredSize: 50 * MiB,
      }));
    },
  },
  {
    name: 'nested-zip-as-sheet',
    description: 'シートの部品の中身が zip 爆弾入りの zip / the sheet part is itself a zip holding a bomb',
    outcome: 'unreadable',
    make: () => {
      const inner = zipOf([bombEntry('sheet1.xml', 200, 4096)]);
      return zipOf(replaceEntry(noteBookEntries(), { name: 'xl/worksheets/sheet1.xml', data: inner }));
    },
  },
  {
    name: 'zip64-markers',
    description: 'ZIP64 の印(サイズ 0xFFFFFFFF、8 GiB と申告) / ZIP64 markers declaring an 8 GiB sheet',
    outcome: 'unreadable',
    make: () => {
      return tamperedNoteBook('xl/worksheets/', (e) => ({
        ...e,
        zip64: { size: 8n * 1024n * BigInt(MiB), compressedSize: 100n },
      }));
    },
  },
  // --- zip bombs ---
  {
    name: 'bomb-sheet-declared-small',
    description:
      '4 KiB と申告し 1.2 GB に展開されるシート(先頭 32 KiB は普通の内容、約 1.2 MB) / a sheet declared 4 KiB that inflates to 1.2 GB after 32 KiB of ordinary content',
    outcome: 'unreadable',
    make: () => {
      return zipOf(replaceEntry(noteBookEntries(), bombEntry('xl/worksheets/sheet1.xml', 1200, 4096)));
    },
  },
  {
    name: 'bomb-declared-zero',
    description:
      '0 バイトと申告し 1.2 GB に展開されるシート / a sheet declared 0 bytes that inflates to 1.2 GB',
    outcome: 'unreadable',
    make: () => {
      return zipOf(replaceEntry(noteBookEntries(), bombEntry('xl/worksheets/sheet1.xml', 1200, 0)));
    },
  },
  {
    name: 'bomb-whitespace-from-start',
    description:
      '最初のバイトから空白の 1.2 GB のシート(申告 4 KiB) / a sheet of 1.2 GB whitespace from its first bytes, declared 4 KiB',
    outcome: 'unreadable',
    make: () => {
      return zipOf(
        replaceEntry(
          noteBookEntries(),
          bombEntry('xl/worksheets/sheet1.xml', 1200, 4096, `<row r="1">${textCell('A1', 'メモ')}</row>`),
        ),
      );
    },
  },
  {
    name: 'bomb-shared-strings',
    description:
      '小さく申告し 1.2 GB の 1 文字列に展開される sharedStrings / sharedStrings declared small, one 1.2 GB string',
    outcome: 'unreadable',
    make: () => {
      const entries = minimalBookEntries({
        sheets: [{ name: 'KPI', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
        sharedStrings: 'placeholder',
      });
      const s = repeatedDeflate(
        Buffer.from(
          `${XML_DECL}<sst xmlns="${MAIN_NS}" count="2" uniqueCount="2"><si><t>${incompressibleText()}</t></si><si><t>`,
        ),
        Buffer.alloc(MiB, 0x61),
        1200,
        Buffer.from('</t></si></sst>'),
      );
      return zipOf(
        replaceEntry(entries, {
          name: 'xl/sharedStrings.xml',
          data: Buffer.alloc(0),
          compressed: s.compressed,
          crc: s.crc,
          declaredSize: 2048,
        }),
      );
    },
  },
  {
    name: 'bomb-five-sheets',
    description:
      '5 枚のシートがそれぞれ 300 MB に展開(申告は各 1 KiB) / five sheets of 300 MB each, declared 1 KiB each',
    outcome: 'unreadable',
    make: () => {
      const sheets = Array.from({ length: 5 }, (_, i) => ({ name: `S${i + 1}`, xml: noteSheet() }));
      let entries = minimalBookEntries({ sheets });
      for (let i = 1; i <= 5; i++)
        entries = replaceEntry(entries, bombEntry(`xl/worksheets/sheet${i}.xml`, 300, 1024));
      return zipOf(entries);
    },
  },
  {
    name: 'bomb-declared-honestly',
    description: '正直に 1.2 GB と申告する展開後 1.2 GB のシート / a sheet that honestly declares its 1.2 GB',
    outcome: 'unreadable',
    make: () => {
      return zipOf(replaceEntry(noteBookEntries(), bombEntry('xl/worksheets/sheet1.xml', 1200, null)));
    },
  },
  {
    name: 'overlapping-entries',
    description:
      '20 枚のシートが同じ 100 MB の圧縮データを共有(重なった部品、申告は各 4 KiB) / 20 sheets share one 100 MB deflate stream (overlapping entries)',
    outcome: 'unreadable',
    make: () => {
      const sheets = Array.from({ length: 20 }, (_, i) => ({ name: `S${i + 1}`, xml: noteSheet() }));
      const entries = minimalBookEntries({ sheets });
      const shared = bombEntry('xl/worksheets/sheet1.xml', 100, 4096);
      const first = entries.findIndex((e) => e.name === 'xl/worksheets/sheet1.xml');
      return zipOf(
        entries.map((e, i) => {
          if (i === first) return shared;
          if (!e.name.startsWith('xl/worksheets/')) return e;
          return { ...shared, name: e.name, sharedWith: first };
        }),
      );
    },
  },
  {
    name: 'duplicate-entry-names',
    description:
      '同じ名前のシート部品が 2 つ(2 つ目は 1.2 GB の爆弾) / two entries named sheet1.xml, the second a 1.2 GB bomb',
    outcome: 'unreadable',
    make: () => {
      const entries = noteBookEntries();
      return zipOf([...entries, bombEntry('xl/worksheets/sheet1.xml', 1200, 4096)]);
    },
  },
  // --- XML ---
  {
    name: 'entity-bomb',
    description: 'シートに billion laughs(DOCTYPE と ENTITY) / a billion-laughs DOCTYPE in the sheet',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [
          {
            name: 'KPI',
            xml: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row>', {
              head: `${XML_DECL}${BILLION_LAUGHS_DTD}`,
            }),
          },
        ],
      }),
  },
  {
    name: 'external-entity',
    description: 'sharedStrings に外部エンティティ(file:///etc/passwd) / an external entity in sharedStrings',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>') }],
        sharedStrings: `${XML_DECL}<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>`,
      }),
  },
  {
    name: 'doctype-after-comment',
    description:
      '8 KiB のコメントの後に DOCTYPE(先頭だけの確認をすり抜ける) / a DOCTYPE after an 8 KiB comment',
    outcome: 'unreadable',
    make: () => {
      const entries = noteBookEntries();
      return zipOf(
        entries.map((e) =>
          e.name === 'xl/worksheets/sheet1.xml'
            ? {
                ...e,
                data: Buffer.from(
                  noteSheet('', {
                    head: `${XML_DECL}<!--${'x'.repeat(8192)}-->${BILLION_LAUGHS_DTD}`,
                  }).replace('メモ', '&j;'),
                ),
              }
            : e,
        ),
      );
    },
  },
  {
    name: 'deeply-nested-xml',
    description:
      'シートに 50 万段の入れ子要素(無圧縮 7 MB) / 500,000 nested elements in the sheet (7 MB stored)',
    outcome: 'unreadable',
    make: () => {
      const depth = 500_000;
      const xml = sheetXml(`<row r="1"><c r="A1">${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}</c></row>`);
      const entries = minimalBookEntries({ sheets: [{ name: 'KPI', xml }] });
      return zipOf(entries.map((e) => (e.name.startsWith('xl/worksheets/') ? { ...e, deflate: false } : e)));
    },
  },
  {
    name: 'invalid-utf8-xml',
    description: 'シートの XML に不正な UTF-8 のバイト列 / invalid UTF-8 bytes in the sheet XML',
    outcome: 'unreadable',
    make: () => {
      const [before, after] = sheetXml(`<row r="1">${textCell('A1', '\u0000')}</row>`).split('\u0000') as [
        string,
        string,
      ];
      const xml = Buffer.concat([
        Buffer.from(before),
        Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]),
        Buffer.from(after),
      ]);
      return minimalBook({ sheets: [{ name: 'KPI', xml }] });
    },
  },
  {
    name: 'utf16-xml',
    description:
      'UTF-16 で書かれたシートの XML(Excel は書かないが正しい XML) / a sheet part in UTF-16 (valid XML Excel never writes)',
    outcome: 'bounded',
    make: () => {
      const xml = noteSheet('', { head: '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n' });
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
      return minimalBook({ sheets: [{ name: 'KPI', xml: bytes }] });
    },
  },
  {
    name: 'enormous-attribute',
    description: '50 MB の属性値 1 つを持つセル / one cell with a 50 MB attribute value',
    outcome: 'bounded',
    make: () => {
      const [head, tail] = sheetXml(
        `<row r="1"><c r="A1" t="inlineStr" x="\u0000"><is><t>メモ</t></is></c></row>`,
      ).split('\u0000') as [string, string];
      const s = repeatedDeflate(Buffer.from(head), Buffer.alloc(MiB, 0x41), 50, Buffer.from(tail));
      return zipOf(
        replaceEntry(noteBookEntries(), {
          name: 'xl/worksheets/sheet1.xml',
          data: Buffer.alloc(0),
          compressed: s.compressed,
          crc: s.crc,
          declaredSize: s.size,
        }),
      );
    },
  },
  {
    name: 'many-attributes',
    description: '100 万個の属性を持つセル(12 MB) / one cell with 1,000,000 attributes',
    outcome: 'bounded',
    make: () => {
      const attributes = Array.from({ length: 1_000_000 }, (_, i) => `a${i}=""`).join(' ');
      const xml = sheetXml(`<row r="1"><c r="A1" t="inlineStr" ${attributes}><is><t>メモ</t></is></c></row>`);
      return minimalBook({ sheets: [{ name: 'KPI', xml }] });
    },
  },
  {
    name: 'whitespace-100mb-sheet',
    description:
      '100 MB の空白を含む KPI表のシート(正直な申告) / a KPI sheet padded with 100 MB of whitespace, declared honestly',
    outcome: 'bounded',
    make: async () => {
      const zip = await JSZip.loadAsync(await kpiBookWithError());
      const name = Object.keys(zip.files).find((n) => n.startsWith('xl/worksheets/sheet'))!;
      const xml = await zip.file(name)!.async('string');
      const at = xml.indexOf('</sheetData>');
      const s = repeatedDeflate(Buffer.from(xml.slice(0, at)), SPACES, 100, Buffer.from(xml.slice(at)));
      const entries: ZipEntryInput[] = [];
      for (const [n, f] of Object.entries(zip.files)) {
        if (f.dir) continue;
        entries.push(
          n === name
            ? { name: n, data: Buffer.alloc(0), compressed: s.compressed, crc: s.crc, declaredSize: s.size }
            : { name: n, data: await f.async('nodebuffer') },
        );
      }
      return zipOf(entries);
    },
  },
  {
    name: 'whitespace-300mb-sheet',
    description:
      '300 MB の空白だけのシート(正直な申告、上限超え) / a sheet of 300 MB of whitespace, declared honestly',
    outcome: 'unreadable',
    make: () => {
      return zipOf(replaceEntry(noteBookEntries(), bombEntry('xl/worksheets/sheet1.xml', 300, null)));
    },
  },
  // --- cells, ranges, merged areas ---
  {
    name: 'a1-and-xfd1048576',
    description:
      'セルは A1 と XFD1048576 だけの 5 KiB のシート / a 5 KiB sheet whose only cells are A1 and XFD1048576',
    outcome: 'bounded',
    make: () =>
      minimalBook({
        sheets: [
          {
            name: 'KPI',
            xml: noteSheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', {
              dimension: 'A1:XFD1048576',
            }),
          },
        ],
      }),
  },
  {
    name: 'merged-whole-sheet',
    description: '結合セル A1:XFD1048576 が 1 つ / one merged area A1:XFD1048576',
    outcome: 'bounded',
    make: () => minimalBook({ sheets: [{ name: 'KPI', xml: noteSheet('', { merges: ['A1:XFD1048576'] }) }] }),
  },
  {
    name: 'merges-40000',
    description: '小さな結合セル 40,000 個(約 200 KiB) / 40,000 small merged areas (about 200 KiB)',
    outcome: 'bounded',
    make: () =>
      minimalBook({
        sheets: [
          {
            name: 'KPI',
            xml: noteSheet('', {
              merges: Array.from({ length: 40_000 }, (_, i) => `A${i + 2}:B${i + 2}`),
            }),
          },
        ],
      }),
  },
  {
    name: 'merges-overlapping-large',
    description:
      '全列にわたる結合セル 2,000 個が重なる / 2,000 overlapping merged areas spanning every column',
    outcome: 'bounded',
    make: () =>
      minimalBook({
        sheets: [
          {
            name: 'KPI',
            xml: noteSheet('', {
              merges: Array.from({ length: 2000 }, (_, i) => `A${i + 1}:XFD${i + 1000}`),
            }),
          },
        ],
      }),
  },
  {
    name: 'dimension-whole-sheet',
    description:
      'dimension が A1:XFD1048576 と言う数セルの KPI表(読めるべき) / a KPI sheet whose dimension claims A1:XFD1048576 (must be read)',
    outcome: 'read',
    make: () =>
      kpiBookPatched('xl/worksheets/sheet1.xml', (xml) =>
        xml.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>'),
      ),
  },
  {
    name: 'cell-beyond-xfd',
    description: '列 XFD を超えるセル参照(XFE1) だけのシート / a sheet whose only cell is XFE1',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml(`<row r="1">${textCell('XFE1', 'メモ')}</row>`) }],
      }),
  },
  {
    name: 'row-beyond-1048576',
    description: '1,048,576 行を超えるセル参照(A1048577) だけのシート / a sheet whose only cell is A1048577',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml(`<row r="1048577">${textCell('A1048577', 'メモ')}</row>`) }],
      }),
  },
  {
    name: 'garbage-cell-refs',
    description:
      '負数やでたらめなセル参照(-1、A0、1A、ZZZZ99999999999999999) だけのシート / only negative or garbage cell references',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [
          {
            name: 'KPI',
            xml: sheetXml(
              `<row r="-1">${textCell('-1', 'a')}${textCell('A0', 'b')}</row><row r="0">${textCell('1A', 'c')}${textCell('ZZZZ99999999999999999', 'd')}${textCell('A1:B2', 'e')}</row>`,
            ),
          },
        ],
      }),
  },
  {
    name: 'shared-string-index-out-of-range',
    description:
      '存在しない共有文字列(番号 999999)だけを指すセル / the only cell points at shared string 999999 of 1',
    outcome: 'unreadable',
    make: () =>
      minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml('<row r="1"><c r="A1" t="s"><v>999999</v></c></row>') }],
        sharedStrings: `${XML_DECL}<sst xmlns="${MAIN_NS}" count="1" uniqueCount="1"><si><t>x</t></si></sst>`,
      }),
  },
  {
    name: 'shared-strings-huge-count',
    description:
      'sharedStrings の count が 4,294,967,295 と言う KPI表(読めるべき) / sharedStrings claims 4,294,967,295 strings (must be read)',
    outcome: 'read',
    make: () =>
      kpiBookPatched('xl/sharedStrings.xml', (xml) =>
        xml.replace(
          /<sst([^>]*)>/,
          (_, attrs: string) =>
            `<sst${attrs.replace(/ (unique)?[cC]ount="\d+"/g, '')} count="4294967295" uniqueCount="4294967295">`,
        ),
      ),
  },
  {
    name: 'cell-over-32767-characters',
    description: '32,768 字のセル(Excel の上限超え) / a cell of 32,768 characters (over Excel’s limit)',
    outcome: 'unreadable',
    make: () =>
      kpiBookWith((wb) => {
        wb.addWorksheet('メモ').getCell('A1').value = 'あ'.repeat(32_768);
      }),
  },
  {
    name: 'cells-400-of-32767',
    description:
      '32,767 字のセル 400 個を持つ KPI表のブック(読めるべき) / 400 cells of 32,767 characters next to a KPI sheet (must be read)',
    outcome: 'read',
    make: () =>
      kpiBookWith((wb) => {
        const ws = wb.addWorksheet('メモ');
        for (let i = 0; i < 400; i++)
          ws.getCell(1 + (i % 100), 1 + Math.floor(i / 100)).value =
            String(i).padStart(3, '0') + 'あ'.repeat(32_764);
      }),
  },
  {
    name: 'sheets-520',
    description:
      '520 枚のシートを持つ KPI表のブック(読めるべき) / a KPI workbook with 520 sheets (must be read)',
    outcome: 'read',
    make: () =>
      kpiBookWith((wb) => {
        for (let i = 1; i <= 520; i++) wb.addWorksheet(`参考${i}`).getCell('A1').value = `参考資料 ${i}`;
      }),
  },
  {
    name: 'sheets-5000',
    description: '5,000 枚のシート / 5,000 sheets',
    outcome: 'bounded',
    make: () =>
      minimalBook({
        sheets: Array.from({ length: 5000 }, (_, i) => ({ name: `S${i + 1}`, xml: noteSheet() })),
      }),
  },
  {
    name: 'formula-only-cell',
    description:
      '計算結果のない数式だけのセルを持つ KPI表(読めるべき) / a KPI sheet with formula-only cells, no cached value (must be read)',
    outcome: 'read',
    make: () =>
      kpiBookWith((wb) => {
        const ws = wb.worksheets[0]!;
        ws.getCell('H5').value = { formula: 'SUM(E5:E7)' };
        ws.getCell('I5').value = { formula: 'INDIRECT("XFD1048576")' };
      }),
  },
  {
    name: 'styles-100k-number-formats',
    description: 'styles.xml に表示形式 100,000 個 / 100,000 number formats in styles.xml',
    outcome: 'bounded',
    make: () => {
      const numFmts = Array.from(
        { length: 100_000 },
        (_, i) => `<numFmt numFmtId="${164 + i}" formatCode="0.${'0'.repeat(i % 20)}&quot;x${i}&quot;"/>`,
      ).join('');
      const styles = `${XML_DECL}<styleSheet xmlns="${MAIN_NS}"><numFmts count="100000">${numFmts}</numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="100163" applyNumberFormat="1"/></cellXfs></styleSheet>`;
      return minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml('<row r="1"><c r="A1" s="1"><v>1.5</v></c></row>') }],
        styles,
      });
    },
  },
  {
    name: 'style-index-out-of-range',
    description: '存在しない書式番号(s="999999")のセル / a cell with style index 999999',
    outcome: 'bounded',
    make: () =>
      minimalBook({
        sheets: [{ name: 'KPI', xml: sheetXml('<row r="1"><c r="A1" s="999999"><v>1</v></c></row>') }],
      }),
  },
  {
    name: 'empty-rows-1m',
    description:
      '空の行要素 1,048,575 個(展開後 約 20 MB) / 1,048,575 empty row elements (about 20 MB unpacked)',
    outcome: 'bounded',
    make: () => {
      const rows = Array.from({ length: 1_048_575 }, (_, i) => `<row r="${i + 2}"/>`).join('');
      return minimalBook({ sheets: [{ name: 'KPI', xml: noteSheet(rows) }] });
    },
  },
  {
    name: 'empty-workbook',
    description: '空のシートだけのブック / a workbook of one empty sheet',
    outcome: 'unreadable',
    make: () => minimalBook({ sheets: [{ name: 'KPI', xml: sheetXml('') }] }),
  },
  // --- readable workbooks of the wrong kind or size ---
  {
    name: 'meeting-notes',
    description:
      '会議録のブック(正しい .xlsx、様式なし)を KPI の提出に / meeting notes (a valid workbook, no template) sent to a KPI cycle',
    outcome: 'wrong-kind',
    words: ['KPI表が見つかりません'],
    make: async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('議事録');
      ws.addRows([
        ['第3回 総合戦略推進会議 議事録'],
        ['日時', '令和6年11月12日 14:00〜15:30'],
        ['場所', '市役所 第2会議室'],
        ['出席者', '企画課長、水産課長、農林課長'],
        ['議題', 'KPI の進捗と次年度の取組について'],
        ['内容', '水揚量は前年並み。次回までに各課で実績値を確認する。'],
      ]);
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  },
  {
    name: 'progress-report-to-kpi',
    description: '進捗報告を KPI の提出に / a progress report sent to a KPI cycle',
    outcome: 'wrong-kind',
    words: ['KPI表が見つかりません', '進捗報告'],
    make: () => buildProgressWorkbook(progressReport),
  },
  {
    name: 'over-max-upload',
    description: 'MAX_UPLOAD_MB(20 MB)を超える 21 MB の .xlsx / a 21 MB .xlsx, over MAX_UPLOAD_MB (20)',
    outcome: 'unreadable',
    words: ['MB'],
    make: () => {
      const entries = noteBookEntries();
      return zipOf([
        ...entries,
        { name: 'xl/media/image1.bin', data: randomBytes(21 * MiB), deflate: false },
      ]);
    },
  },
];

/** A KPI row 水産課 may send: accepted on its own (201). */
const validRow = {
  policy: 'ア 持続的成長を目指した水産業の振興',
  kpi: '・釧路港年間水揚量',
  kind: 'actual',
  period: 'H27年',
  value: '114,977',
  unit: 'トン',
  department: DEPARTMENT,
};

export const hostileJsonBodies: HostileJson[] = [
  {
    name: 'json-invalid-utf8',
    description:
      '不正な UTF-8 を含む JSON(U+FFFD として保存してはならない) / JSON with invalid UTF-8 (must not be stored as U+FFFD)',
    statuses: [400],
    body: () =>
      Buffer.concat([
        Buffer.from(`{"rows":[${JSON.stringify(validRow)}],"reason":"理由`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
  },
  {
    name: 'json-10mb-rows',
    description: '10 MB・50,000 行の JSON / 10 MB of JSON rows (50,000)',
    statuses: [400, 413, 422],
    body: () =>
      Buffer.from(
        JSON.stringify({
          rows: Array.from({ length: 50_000 }, (_, i) => ({
            ...validRow,
            policy: `ア 存在しない施策 ${i} ${'x'.repeat(60)}`,
            kpi: `・存在しない指標 ${i}`,
          })),
        }),
      ),
  },
  {
    name: 'json-deep-nesting',
    description: '100 万段の入れ子配列 / arrays nested 1,000,000 deep',
    statuses: [400],
    body: () => Buffer.from(`{"rows":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`),
  },
  {
    name: 'json-1mb-strings',
    description: '1 MB の文字列を持つ行 4 つ / four rows with 1 MB strings',
    statuses: [400, 413, 422],
    body: () =>
      Buffer.from(
        JSON.stringify({
          rows: Array.from({ length: 4 }, () => ({ ...validRow, kpi: `・${'a'.repeat(MiB)}` })),
        }),
      ),
  },
  {
    name: 'json-prototype-keys',
    description:
      '__proto__・constructor.prototype を含む JSON / JSON with __proto__ and constructor.prototype keys',
    statuses: [400],
    body: () =>
      Buffer.from(
        '{"__proto__":{"role":"admin","department":"農林課"},"constructor":{"prototype":{"role":"admin"}},' +
          '"rows":[{"__proto__":{"department":"農林課","policy":"x"},"constructor":{"prototype":{"kind":"actual"}}}]}',
      ),
  },
  {
    name: 'json-top-level-array',
    description: '配列だけの JSON / a bare JSON array',
    statuses: [400],
    body: () => Buffer.from(JSON.stringify([validRow])),
  },
  {
    name: 'json-truncated',
    description: '途中で切れた JSON / truncated JSON',
    statuses: [400],
    body: () => Buffer.from(`{"rows":[${JSON.stringify(validRow).slice(0, 40)}`),
  },
];

export const hostileFileNames: HostileFileName[] = [
  {
    name: 'file-name-rtl-override',
    description:
      '右から左への上書き文字(U+202E)を含むファイル名 / a file name with a right-to-left override (U+202E)',
    header: encodeURIComponent('水産課KPI\u202Exslx.exe'),
  },
  {
    name: 'file-name-path-separators',
    description: 'パス区切りを含むファイル名(../ と ..\\) / a file name with ../ and ..\\ path parts',
    header: encodeURIComponent('..\\..\\Windows\\System32\\../../../etc/passwd'),
  },
  {
    name: 'file-name-10k-characters',
    description: '10,000 字のファイル名 / a 10,000-character file name',
    header: `${'a'.repeat(10_000)}.xlsx`,
  },
  {
    name: 'file-name-control-characters',
    description: '改行・NUL を含むファイル名 / a file name with CR, LF and NUL',
    header: encodeURIComponent('kpi\r\nX-Injected: 1\u0000.xlsx'),
  },
];

/** Characters a stored file name must not keep: bidi controls, control characters and path separators. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const UNSAFE_FILE_NAME = /[\u0000-\u001f\u007f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]/;
