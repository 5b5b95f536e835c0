import { readErrorTexts } from '../messages';
import { cellAddress, parseRange, type RangeRef } from './address';
import { formatCode, isDateFormat, serialToIsoDate } from './number-formats';
import { checkCellLengths, checkNotEmpty, checkXlsxBytes, type ReadProblem } from './read-problem';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from './snapshot';
import {
  NotUtf8,
  plainDecimal,
  richText,
  unescapeOoxml,
  UnsafeXml,
  utf8,
  XmlScanner,
  END,
  MERGE,
  ROW,
  TAG,
  type CellAttributes,
} from './xml-scanner';
import { listZip, unpackEntry, type UnpackBudget, type ZipEntry } from './zip';

/** How much one workbook may cost. Every limit names a ReadProblem the user sees. */
export interface ReadLimits {
  /** Bytes actually unpacked from the zip, all parts together. */
  maxUnpackedBytes: number;
  maxSheets: number;
  /** `<c>` elements present, all sheets together. */
  maxCells: number;
  /** Cells of the snapshot's rectangles (rows × columns of each sheet's used range), all sheets. */
  maxArea: number;
  /** `<mergeCell>` elements, all sheets together. */
  maxMergedAreas: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxSheets: 2_000,
  maxCells: 5_000_000,
  maxArea: 10_000_000,
  maxMergedAreas: 500_000,
};

export interface ReadProgress {
  /** Sheets read so far, of `sheets`. */
  done: number;
  sheets: number;
  /** The sheet just read. */
  name: string;
}

export interface ReadOptions {
  /** The file's own size limit (the upload limit): larger files are refused before unpacking. */
  maxBytes?: number;
  limits?: Partial<ReadLimits>;
  /** Called after each sheet (a page shows it; the service ignores it). */
  onProgress?: (progress: ReadProgress) => void;
}

export type ReadResult = { ok: true; snapshot: WorkbookSnapshot } | { ok: false; problem: ReadProblem };

/**
 * A row of `width` empty cells. An array literal of the exact width, for the widths tables have: V8
 * allocates it packed and inline, where `new Array(width).fill(null)` makes a holey array through a
 * runtime call (at 100k rows the literal took a fifth off the reader's time, docs/PERFORMANCE.md).
 */
function nullRow(width: number): CellValue[] {
  switch (width) {
    case 1:
      return [null];
    case 2:
      return [null, null];
    case 3:
      return [null, null, null];
    case 4:
      return [null, null, null, null];
    case 5:
      return [null, null, null, null, null];
    case 6:
      return [null, null, null, null, null, null];
    case 7:
      return [null, null, null, null, null, null, null];
    case 8:
      return [null, null, null, null, null, null, null, null];
    case 9:
      return [null, null, null, null, null, null, null, null, null];
    case 10:
      return [null, null, null, null, null, null, null, null, null, null];
    case 11:
      return [null, null, null, null, null, null, null, null, null, null, null];
    case 12:
      return [null, null, null, null, null, null, null, null, null, null, null, null];
    case 13:
      return [null, null, null, null, null, null, null, null, null, null, null, null, null];
    case 14:
      return [null, null, null, null, null, null, null, null, null, null, null, null, null, null];
    case 15:
      return [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null];
    case 16:
      return [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null];
    default:
      return new Array<CellValue>(width).fill(null);
  }
}

// Bytes as characters one for one (WHATWG's latin1 is windows-1252: still one character a byte).
const LATIN1 = new TextDecoder('latin1');

/** Excel's grid: XFD1048576. */
const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
// Parts the reader does not parse are still refused when their prolog declares a DOCTYPE.
const PROLOG_BYTES = 4096;

/** A reason to stop reading, carried to readWorkbook's single exit. */
class Refusal extends Error {
  constructor(readonly problem: ReadProblem) {
    super(problem.code);
  }
}

const corrupt = () => new Refusal({ code: 'corrupt', message: readErrorTexts.corrupt });

/**
 * .xlsx bytes → snapshot in one pass over each part, in time linear in the cells present and
 * memory bounded by the limits: the zip is unpacked under a running budget of actual bytes, XML
 * with a DOCTYPE is refused, cells are kept only where they exist and merged areas are clipped
 * to them. Pure TypeScript (pako for inflating): the same reader runs in Node and the browser.
 */
export function readWorkbook(bytes: Uint8Array, options: ReadOptions = {}): ReadResult {
  const limits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const early = checkXlsxBytes(bytes, options.maxBytes ?? Infinity);
  if (early) return { ok: false, problem: early };
  try {
    const snapshot = new WorkbookReader(bytes, limits, options.onProgress).read();
    const problem = checkCellLengths(snapshot) ?? checkNotEmpty(snapshot);
    return problem ? { ok: false, problem } : { ok: true, snapshot };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, problem: error.problem };
    // Excel writes its parts in UTF-8; bytes that are not UTF-8 would become U+FFFD in a clerk's text.
    if (error instanceof NotUtf8) return { ok: false, problem: corrupt().problem };
    if (error instanceof UnsafeXml)
      return { ok: false, problem: { code: 'unsafe', message: readErrorTexts.unsafeXml } };
    throw error;
  }
}

interface Relationship {
  type: string;
  target: string;
}

interface SheetEntry {
  name: string;
  part: string;
}

/**
 * Cells of one sheet as they appear, built straight into the snapshot's rows (Excel writes cells in
 * order), with the place of each kept cell recorded for the formats and for the used range.
 */
class SheetCells {
  /** Row, column and style index of each kept cell, three per cell: a typed array boxes nothing per cell. */
  places = new Int32Array(3 * 1024);
  count = 0;
  /** Values by row (row r at r − 1), each as long as its last kept cell; rows with none are holes. */
  rows: CellValue[][] = [];
  /**
   * Values in the order of `places`, once the rows would have grown past the area this sheet may
   * fill (cells far apart): the snapshot is then built from places, as small as its values allow.
   */
  flat: CellValue[] | null = null;
  /** Cells the rows hold, null padding included. */
  private filled = 0;
  anyValue = false;
  /**
   * Merged areas as read, six numbers per area: top, left, bottom, right, and where the `ref` text
   * lies in the part when it can be kept as written (start, end; start −1 otherwise).
   */
  merges = new Int32Array(6 * 64);
  mergeCount = 0;
  /** The used range's far corner, counting the empty cells that are not kept. */
  lastRow = 0;
  lastColumn = 0;

  constructor(private readonly areaLeft: number) {}

  /** Room for one more merged area: its offset in `merges`. */
  nextMerge(): number {
    const at = this.mergeCount * 6;
    if (at + 6 > this.merges.length) {
      const grown = new Int32Array(this.merges.length * 2);
      grown.set(this.merges);
      this.merges = grown;
    }
    return at;
  }

  add(row: number, column: number, style: number, value: CellValue): void {
    const at = this.count * 3;
    if (at + 3 > this.places.length) {
      const grown = new Int32Array(this.places.length * 2);
      grown.set(this.places);
      this.places = grown;
    }
    this.places[at] = row;
    this.places[at + 1] = column;
    this.places[at + 2] = style;
    this.count++;
    if (value !== null) this.anyValue = true;
    if (this.flat) {
      this.flat.push(value);
      return;
    }
    let cells = this.rows[row - 1];
    if (cells === undefined) {
      // As wide as the sheet so far (most rows of a table are): no row grows while it is filled.
      const width = Math.max(column, this.lastColumn);
      this.filled += width;
      if (this.filled > this.areaLeft) {
        this.toFlat(this.count - 1).push(value);
        return;
      }
      this.rows[row - 1] = cells = nullRow(width);
    }
    if (column <= cells.length) {
      cells[column - 1] = value;
      return;
    }
    this.filled += column - cells.length;
    if (this.filled > this.areaLeft) {
      this.toFlat(this.count - 1).push(value);
      return;
    }
    while (cells.length < column - 1) cells.push(null);
    cells.push(value);
  }

  /**
   * Gives up the rows for values in the order of places (a later cell at the same place wins either
   * way), for the first `count` places: the rows hold their values.
   */
  toFlat(count = this.count): CellValue[] {
    if (this.flat) return this.flat;
    const flat: CellValue[] = [];
    for (let i = 0; i < count; i++) {
      const value = this.rows[this.places[3 * i]! - 1]?.[this.places[3 * i + 1]! - 1];
      flat.push(value ?? null);
    }
    this.rows = [];
    return (this.flat = flat);
  }
}

class WorkbookReader {
  private readonly entries: Map<string, ZipEntry>;
  private readonly budget: UnpackBudget;
  private readonly parsed = new Set<string>();
  private cells = 0;
  private mergedAreas = 0;
  private area = 0;
  private date1904 = false;
  private sharedStrings: string[] = [];
  private styleIsDate: boolean[] = [];
  /** Each style's number format as an index into `formats` (0: General): styles sharing a format share its id. */
  private styleFormatIds = new Int32Array(0);
  private formats = ['General'];

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ReadLimits,
    private readonly onProgress?: (progress: ReadProgress) => void,
  ) {
    const zip = listZip(bytes, limits.maxUnpackedBytes);
    if (!zip.ok)
      throw zip.reason === 'truncated'
        ? new Refusal({ code: 'corrupt', message: readErrorTexts.truncated })
        : zip.reason === 'encrypted'
          ? new Refusal({ code: 'encrypted', message: readErrorTexts.encrypted })
          : this.overBudget();
    this.entries = zip.entries;
    this.budget = { left: limits.maxUnpackedBytes };
  }

  private overBudget(): Refusal {
    return new Refusal({
      code: 'too-large',
      message: readErrorTexts.zipBomb(Math.round(this.limits.maxUnpackedBytes / 1024 / 1024)),
    });
  }

  private entry(name: string): ZipEntry | undefined {
    const exact = this.entries.get(name);
    if (exact) return exact;
    // Part names are case-insensitive in Open Packaging.
    const lower = name.toLowerCase();
    for (const [key, e] of this.entries) if (key.toLowerCase() === lower) return e;
    return undefined;
  }

  /** A part's bytes (UTF-8 XML, decoded piece by piece as read), or undefined when the zip has no such part. */
  private part(name: string): Uint8Array | undefined {
    const e = this.entry(name);
    if (!e) return undefined;
    this.parsed.add(e.name);
    const unpacked = unpackEntry(this.bytes, e, this.budget);
    if (!unpacked.ok) throw unpacked.reason === 'too-large' ? this.overBudget() : corrupt();
    return unpacked.data;
  }

  read(): WorkbookSnapshot {
    const root = this.relationships('_rels/.rels', '');
    const workbookPart =
      [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbookXml = this.part(workbookPart);
    if (workbookXml === undefined) throw corrupt();
    const dir = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
    const rels = this.relationships(`${dir}_rels/${workbookPart.slice(dir.length)}.rels`, dir);
    const sheets = this.workbook(workbookXml, rels);
    const byType = (suffix: string, fallback: string) =>
      [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? `${dir}${fallback}`;
    this.readSharedStrings(this.part(byType('/sharedStrings', 'sharedStrings.xml')));
    this.readStyles(this.part(byType('/styles', 'styles.xml')));
    const out: SheetSnapshot[] = [];
    for (const [i, sheet] of sheets.entries()) {
      const xml = this.part(sheet.part);
      if (xml !== undefined) out.push(this.snapshot(sheet.name, this.sheetCells(xml), xml));
      this.onProgress?.({ done: i + 1, sheets: sheets.length, name: sheet.name });
    }
    this.checkOtherPrologs();
    return { sheets: out };
  }

  /**
   * Parts this reader does not parse still may not declare a DOCTYPE (as Excel would refuse); the
   * parsed ones were scanned whole.
   */
  private checkOtherPrologs(): void {
    for (const e of this.entries.values()) {
      if (this.parsed.has(e.name) || !/\.(xml|rels|vml)$/i.test(e.name)) continue;
      const head = unpackEntry(this.bytes, e, this.budget, PROLOG_BYTES);
      if (!head.ok) throw head.reason === 'too-large' ? this.overBudget() : corrupt();
      const text = new TextDecoder().decode(head.data.subarray(0, PROLOG_BYTES));
      if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new UnsafeXml();
    }
  }

  private relationships(partName: string, baseDir: string): Map<string, Relationship> {
    const out = new Map<string, Relationship>();
    const xml = this.part(partName);
    if (xml === undefined) return out;
    const x = new XmlScanner(xml);
    while (x.next()) {
      if (x.closing || !x.is('Relationship') || x.attr('TargetMode') === 'External') continue;
      const id = x.attr('Id');
      const target = x.attr('Target');
      if (id && target) out.set(id, { type: x.attr('Type') ?? '', target: resolvePart(baseDir, target) });
    }
    return out;
  }

  private workbook(xml: Uint8Array, rels: Map<string, Relationship>): SheetEntry[] {
    const sheets: SheetEntry[] = [];
    let declared = 0;
    const x = new XmlScanner(xml);
    while (x.next()) {
      if (x.closing) continue;
      if (x.is('workbookPr')) {
        const v = x.attr('date1904');
        this.date1904 = v === '1' || v === 'true';
      } else if (x.is('sheet')) {
        if (++declared > this.limits.maxSheets) continue;
        const rel = rels.get(x.attr('id') ?? '');
        const name = x.attr('name');
        // Chart sheets and dialog sheets hold no cells: only worksheets become snapshots.
        if (!name || !rel || !rel.type.endsWith('/worksheet')) continue;
        sheets.push({ name, part: rel.target });
      }
    }
    if (declared > this.limits.maxSheets)
      throw new Refusal({
        code: 'too-large',
        message: readErrorTexts.tooManySheets(declared, this.limits.maxSheets),
      });
    return sheets;
  }

  private readSharedStrings(xml: Uint8Array | undefined): void {
    if (xml === undefined) return;
    const x = new XmlScanner(xml);
    const out = this.sharedStrings;
    while (x.next()) {
      if (x.closing || !x.is('si')) continue;
      out.push(x.selfClosing ? '' : richText(x, 'si'));
    }
  }

  private readStyles(xml: Uint8Array | undefined): void {
    if (xml === undefined) return;
    const custom = new Map<number, string>();
    const ids: number[] = [];
    const x = new XmlScanner(xml);
    let inCellXfs = false;
    while (x.next()) {
      if (x.is('cellXfs')) inCellXfs = !x.closing && !x.selfClosing;
      else if (x.closing) continue;
      else if (x.is('numFmt')) {
        const id = Number(x.attr('numFmtId'));
        const code = x.attr('formatCode');
        if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
      } else if (inCellXfs && x.is('xf')) ids.push(Number(x.attr('numFmtId') ?? 0) || 0);
    }
    const styleFormats = ids.map((id) => formatCode(id, custom));
    this.styleIsDate = styleFormats.map(isDateFormat);
    const known = new Map([['General', 0]]);
    this.styleFormatIds = Int32Array.from(styleFormats, (format) => {
      let id = known.get(format);
      if (id === undefined) known.set(format, (id = this.formats.push(format) - 1));
      return id;
    });
  }

  private sheetCells(xml: Uint8Array): SheetCells {
    const sheet = new SheetCells(this.limits.maxArea - this.area);
    const x = new XmlScanner(xml);
    const attrs: CellAttributes = { row: 0, column: 0, style: 0, type: undefined };
    let row = 0;
    let column = 0;
    // The workbook's cell count, kept in a local while this sheet is read (a check per cell).
    let cells = this.cells;
    const { maxCells } = this.limits;
    for (;;) {
      const tag = x.nextInSheet(attrs);
      if (tag === END) break;
      if (tag === ROW) {
        row = this.checkedRow(x.rowNumber);
        column = 0;
        continue;
      }
      if (tag === MERGE) {
        const at = sheet.nextMerge(); // (first: it may replace sheet.merges with a larger array)
        this.merge(sheet, x, x.rangeText(sheet.merges, at));
        continue;
      }
      if (tag === TAG) {
        // The general way: tags written otherwise (attributes in another order, a namespace prefix).
        if (x.closing) continue;
        if (x.is('row')) {
          const r = x.attr('r');
          row = this.checkedRow(r === undefined ? row + 1 : Number(r));
          column = 0;
          continue;
        }
        if (x.is('mergeCell')) {
          const at = sheet.nextMerge();
          this.merge(sheet, x, x.rangeAttr('ref', sheet.merges, at));
          continue;
        }
        if (!x.is('c')) continue;
        x.cellAttributes(attrs);
      }
      if (attrs.column === 0) column++;
      else {
        row = attrs.row;
        column = attrs.column;
      }
      if (row < 1 || row > MAX_ROW || column < 1 || column > MAX_COLUMN) throw corrupt();
      if (++cells > maxCells)
        throw new Refusal({ code: 'too-large', message: readErrorTexts.tooManyCells(maxCells) });
      const style = attrs.style;
      if (row > sheet.lastRow) sheet.lastRow = row;
      if (column > sheet.lastColumn) sheet.lastColumn = column;
      const value = x.selfClosing ? null : this.cellValue(x, attrs.type, style);
      // An empty cell in the General format is what the grid is filled with: only its place counts.
      if (value !== null || (this.styleFormatIds[style] ?? 0) !== 0) sheet.add(row, column, style, value);
    }
    this.cells = cells;
    return sheet;
  }

  /** A row number as read, or the sheet is damaged. */
  private checkedRow(r: number): number {
    if (!Number.isInteger(r)) throw corrupt();
    return r;
  }

  /** A `<mergeCell>` the scanner stands on, its reference read plainly into `sheet.merges` (`plain`) or not. */
  private merge(sheet: SheetCells, x: XmlScanner, plain: boolean): void {
    if (++this.mergedAreas > this.limits.maxMergedAreas)
      throw new Refusal({
        code: 'too-large',
        message: readErrorTexts.tooManyMerges(this.limits.maxMergedAreas),
      });
    if (plain) {
      sheet.mergeCount++;
      return;
    }
    const range = parseRange(x.attr('ref') ?? '');
    if (range === null) return;
    sheet.merges.set([range.top, range.left, range.bottom, range.right, -1, -1], sheet.mergeCount * 6);
    sheet.mergeCount++;
  }

  /** The value of a `<c>` element; the scanner stands on its opening tag and ends on `</c>`. */
  private cellValue(x: XmlScanner, type: string | undefined, style: number): CellValue {
    // Most cells are `<c …><v>123</v></c>`: read at once, without stepping tag by tag.
    if (type !== 'inlineStr' && x.simpleValue()) {
      const n = x.textInteger;
      if (n >= 0) {
        if (type === 's') return this.sharedStrings[n] ?? null;
        if (type === undefined || type === 'n') return this.numeric(n, style);
      }
      return this.valueOfBytes(x, type, style);
    }
    let raw: string | undefined;
    let inline: string | undefined;
    let plain = false;
    while (x.next()) {
      if (x.closing) {
        if (x.is('c')) break;
      } else if (x.is('v')) {
        if (x.selfClosing) continue;
        plain = x.plainText();
        raw = plain ? undefined : x.text();
      } else if (x.is('is')) {
        if (!x.selfClosing) inline = richText(x, 'is');
      }
    }
    if (type === 'inlineStr') return inline ?? null;
    return plain ? this.valueOfBytes(x, type, style) : this.valueOfText(raw, type, style);
  }

  /** A `<v>` marked by the scanner (`textStart`…`textEnd`): a plain number or index read from the bytes. */
  private valueOfBytes(x: XmlScanner, type: string | undefined, style: number): CellValue {
    const n = plainDecimal(x.bytes, x.textStart, x.textEnd);
    if (n !== undefined) {
      if (type === undefined || type === 'n') return this.numeric(n, style);
      if (type === 's' && Number.isInteger(n) && n >= 0) return this.sharedStrings[n] ?? null;
    }
    return this.valueOfText(utf8(x.bytes, x.textStart, x.textEnd), type, style);
  }

  private valueOfText(raw: string | undefined, type: string | undefined, style: number): CellValue {
    // A formula without a cached result (never calculated) has no value to check.
    if (raw === undefined || raw === '') return null;
    switch (type) {
      case 's':
        return this.sharedStrings[parseInt(raw, 10)] ?? null;
      case 'str':
        return unescapeOoxml(raw);
      case 'b':
        return parseInt(raw, 10) !== 0;
      case 'e':
        return raw;
      case 'd':
        // ISO 8601 date cells (strict Open XML): the snapshot keeps the date part.
        return /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : raw;
      default: {
        const n = parseFloat(raw);
        return Number.isNaN(n) ? raw : this.numeric(n, style);
      }
    }
  }

  /** A number cell: a serial date where its style formats it as a date. */
  private numeric(n: number, style: number): CellValue {
    return this.styleIsDate[style] ? (serialToIsoDate(n, this.date1904) ?? n) : n;
  }

  /**
   * The sheet's rectangle from A1 to its last cell (as Excel's used range counts), built in
   * time linear in its area, which the area limit bounds. A rectangle over the limit shrinks to
   * the cells holding values (stray formatting far away); merged areas are clipped to it.
   */
  private snapshot(name: string, sheet: SheetCells, xml: Uint8Array): SheetSnapshot {
    const { lastRow, lastColumn } = sheet;
    if (!sheet.anyValue)
      return { name, startRow: 1, startColumn: 1, values: [], numberFormats: [], merges: [] };
    const fits = this.area + lastRow * lastColumn <= this.limits.maxArea;
    const box = fits ? { top: 1, left: 1, bottom: lastRow, right: lastColumn } : this.valueBox(sheet);
    const height = box.bottom - box.top + 1;
    const width = box.right - box.left + 1;
    this.area += height * width;
    if (this.area > this.limits.maxArea)
      throw new Refusal({
        code: 'too-large',
        message: readErrorTexts.sheetTooWide(name, rangeAddress(box), this.limits.maxArea),
      });
    const grid = fits && !sheet.flat ? this.paddedRows(sheet, height, width) : this.placedRows(sheet, box);
    return {
      name,
      startRow: box.top,
      startColumn: box.left,
      values: grid,
      numberFormats: this.formatRows(sheet, box),
      merges: this.clipMerges(name, sheet, box, grid, xml),
    };
  }

  /** The smallest rectangle holding every value of the sheet. */
  private valueBox(sheet: SheetCells): RangeRef {
    const box = { top: MAX_ROW, left: MAX_COLUMN, bottom: 0, right: 0 };
    const { places } = sheet;
    const values = sheet.toFlat();
    for (let i = 0; i < sheet.count; i++) {
      if (values[i] === null) continue;
      box.top = Math.min(box.top, places[3 * i]!);
      box.bottom = Math.max(box.bottom, places[3 * i]!);
      box.left = Math.min(box.left, places[3 * i + 1]!);
      box.right = Math.max(box.right, places[3 * i + 1]!);
    }
    return box;
  }

  /** The rows built while scanning, each padded to the rectangle's width (rows without cells filled in). */
  private paddedRows(sheet: SheetCells, height: number, width: number): CellValue[][] {
    const grid = sheet.rows;
    for (let r = 0; r < height; r++) {
      const cells = grid[r];
      if (cells === undefined) grid[r] = nullRow(width);
      else while (cells.length < width) cells.push(null);
    }
    return grid;
  }

  /** The rectangle filled from the cells' places (a sheet whose rows were given up, see SheetCells). */
  private placedRows(sheet: SheetCells, box: RangeRef): CellValue[][] {
    const { places } = sheet;
    const values = sheet.toFlat();
    const width = box.right - box.left + 1;
    const grid = Array.from({ length: box.bottom - box.top + 1 }, () =>
      new Array<CellValue>(width).fill(null),
    );
    for (let i = 0; i < sheet.count; i++) {
      const r = places[3 * i]! - box.top;
      const c = places[3 * i + 1]! - box.left;
      if (r >= 0 && r < grid.length && c >= 0 && c < width) grid[r]![c] = values[i]!;
    }
    return grid;
  }

  /**
   * The number format of each cell of the rectangle. Rows of a table repeat a few layouts, so rows
   * whose cells have the same formats share one array (nobody writes into a snapshot's rows): at
   * 100k rows that is most of the snapshot's memory and of its building time.
   */
  private formatRows(sheet: SheetCells, box: RangeRef): string[][] {
    const { places } = sheet;
    const height = box.bottom - box.top + 1;
    const width = box.right - box.left + 1;
    const general = new Array<string>(width).fill('General');
    const rows = new Array<string[]>(height).fill(general);
    const shared = new Map<number, { layout: Int32Array; formats: string[] }[]>();
    // The current row's cells with a format other than General: column and format id, in pairs.
    let layout = new Int32Array(64);
    let pairs = 0;
    let row = -1;
    let ordered = true;
    const finish = () => {
      if (row < 0 || pairs === 0) return;
      let hash = pairs;
      for (let k = 0; k < pairs; k++) hash = (Math.imul(hash, 31) + layout[k]!) | 0;
      let candidates = shared.get(hash);
      for (const candidate of candidates ?? []) {
        if (candidate.layout.length !== pairs) continue;
        let same = true;
        for (let k = 0; same && k < pairs; k++) same = candidate.layout[k] === layout[k];
        if (same) {
          rows[row] = candidate.formats;
          return;
        }
      }
      const formats = general.slice();
      for (let k = 0; k < pairs; k += 2) formats[layout[k]!] = this.formats[layout[k + 1]!]!;
      if (!candidates) shared.set(hash, (candidates = []));
      candidates.push({ layout: layout.slice(0, pairs), formats });
      rows[row] = formats;
    };
    for (let i = 0; i < sheet.count; i++) {
      const r = places[3 * i]! - box.top;
      const c = places[3 * i + 1]! - box.left;
      if (r < 0 || r >= height || c < 0 || c >= width) continue;
      const id = this.styleFormatIds[places[3 * i + 2]!] ?? 0;
      if (r !== row) {
        // A row met twice (cells out of order): its shared array cannot be completed in place.
        if (r < row) ordered = false;
        finish();
        row = r;
        pairs = 0;
      }
      if (!ordered) break;
      if (id === 0 && pairs === 0) continue;
      if (pairs + 2 > layout.length) {
        const grown = new Int32Array(layout.length * 2);
        grown.set(layout);
        layout = grown;
      }
      layout[pairs++] = c;
      layout[pairs++] = id;
    }
    if (ordered) {
      finish();
      return rows;
    }
    // Cells out of order (no writer we know does this): every row gets its own array.
    const own = Array.from({ length: height }, () => general.slice());
    for (let i = 0; i < sheet.count; i++) {
      const r = places[3 * i]! - box.top;
      const c = places[3 * i + 1]! - box.left;
      if (r >= 0 && r < height && c >= 0 && c < width)
        own[r]![c] = this.formats[this.styleFormatIds[places[3 * i + 2]!] ?? 0]!;
    }
    return own;
  }

  /**
   * Merged areas clipped to the sheet's rectangle; each cell is visited once (a cell claimed twice
   * means overlapping areas, which Excel itself calls damage), so the cost is bounded by the area.
   */
  private clipMerges(
    name: string,
    sheet: SheetCells,
    box: RangeRef,
    grid: CellValue[][],
    xml: Uint8Array,
  ): string[] {
    const out: string[] = [];
    const { merges, mergeCount } = sheet;
    if (mergeCount === 0) return out;
    const width = box.right - box.left + 1;
    const claimed = new Uint8Array((box.bottom - box.top + 1) * width);
    // References written as the snapshot writes them are cut from one string of the part's bytes
    // around them (one byte one character: those references are ASCII), not made one by one.
    let first = xml.length;
    let last = 0;
    for (let m = 0; m < mergeCount * 6; m += 6)
      if (merges[m + 4]! >= 0) {
        first = Math.min(first, merges[m + 4]!);
        last = Math.max(last, merges[m + 5]!);
      }
    const written = first < last ? LATIN1.decode(xml.subarray(first, last)) : '';
    for (let m = 0; m < mergeCount * 6; m += 6) {
      const top = Math.max(merges[m]!, box.top);
      const bottom = Math.min(merges[m + 2]!, box.bottom);
      const left = Math.max(merges[m + 1]!, box.left);
      const right = Math.min(merges[m + 3]!, box.right);
      if (top > bottom || left > right || (top === bottom && left === right)) continue;
      for (let r = top; r <= bottom; r++) {
        const row = grid[r - box.top]!;
        for (let c = left; c <= right; c++) {
          const k = (r - box.top) * width + (c - box.left);
          if (claimed[k] === 1)
            throw new Refusal({
              code: 'corrupt',
              message: readErrorTexts.mergesOverlap(name, areaAddress(top, left, bottom, right)),
            });
          claimed[k] = 1;
          // The snapshot keeps a merged area's value in its top-left cell only.
          if (r !== top || c !== left) row[c - box.left] = null;
        }
      }
      const whole =
        top === merges[m] && left === merges[m + 1] && bottom === merges[m + 2] && right === merges[m + 3];
      out.push(
        whole && merges[m + 4]! >= 0
          ? written.slice(merges[m + 4]! - first, merges[m + 5]! - first)
          : areaAddress(top, left, bottom, right),
      );
    }
    return out;
  }
}

const areaAddress = (top: number, left: number, bottom: number, right: number) =>
  `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
const rangeAddress = (r: RangeRef) => areaAddress(r.top, r.left, r.bottom, r.right);

/** A relationship target → the zip entry name (targets are relative to the part's folder). */
function resolvePart(baseDir: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : baseDir + target;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}
