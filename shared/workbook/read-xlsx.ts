import { readErrorTexts } from '../messages';
import { parseRange, rangeAddress, type RangeRef } from './address';
import { formatCode, isDateFormat, serialToIsoDate } from './number-formats';
import { checkCellLengths, checkNotEmpty, checkXlsxBytes, type ReadProblem } from './read-problem';
import {
  BOOLEAN_CELL,
  EMPTY_CELL,
  NUMBER_CELL,
  TEXT_CELL,
  type SheetSnapshot,
  type WorkbookSnapshot,
} from './snapshot';
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
 * Cells of one sheet as they appear: place, style and value of each kept cell in typed arrays,
 * scattered into the snapshot's rectangle once the sheet's extent is known. No object is made per
 * cell or per row, so reading a 100k-row sheet leaves the garbage collector almost nothing to do.
 */
class SheetCells {
  /** Row, column and style index of each kept cell, three per cell. */
  places = new Int32Array(3 * 1024);
  /** Each kept cell's kind and number, as SheetSnapshot keeps them, in the order of `places`. */
  kinds = new Uint8Array(1024);
  numbers = new Float64Array(1024);
  count = 0;
  anyValue = false;
  /** Merged areas as read, four numbers per area: top, left, bottom, right. */
  merges = new Int32Array(4 * 64);
  mergeCount = 0;
  /** The used range's far corner, counting the empty cells that are not kept. */
  lastRow = 0;
  lastColumn = 0;

  /** Room for one more merged area: its offset in `merges`. */
  nextMerge(): number {
    const at = this.mergeCount * 4;
    if (at + 4 > this.merges.length) this.merges = grown(this.merges);
    return at;
  }

  add(row: number, column: number, style: number, kind: number, number: number): void {
    const i = this.count++;
    if (i === this.kinds.length) {
      this.places = grown(this.places);
      this.kinds = grown(this.kinds);
      this.numbers = grown(this.numbers);
    }
    this.places[3 * i] = row;
    this.places[3 * i + 1] = column;
    this.places[3 * i + 2] = style;
    this.kinds[i] = kind;
    this.numbers[i] = number;
    if (kind !== EMPTY_CELL) this.anyValue = true;
  }
}

/** A typed array twice as long with the same start. */
function grown<T extends Int32Array | Uint8Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (length: number) => T)(a.length * 2);
  out.set(a);
  return out;
}

class WorkbookReader {
  private readonly entries: Map<string, ZipEntry>;
  private readonly budget: UnpackBudget;
  private readonly parsed = new Set<string>();
  private cells = 0;
  private mergedAreas = 0;
  private area = 0;
  private date1904 = false;
  /**
   * Texts the snapshot's cells refer to: the shared strings (a cell's `<v>` is its index here),
   * then every other text met in the cells.
   */
  private texts: string[] = [];
  private sharedCount = 0;
  /** Texts of dates already met (a serial's ISO date), by serial: a date column repeats its dates. */
  private dateTexts = new Map<number, number>();
  /** The number of the cell value just read (a text's index in `texts`), as SheetSnapshot keeps it. */
  private number = 0;
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
      if (xml !== undefined) out.push(this.snapshot(sheet.name, this.sheetCells(xml)));
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
    const out = this.texts;
    while (x.next()) {
      if (x.closing || !x.is('si')) continue;
      out.push(x.selfClosing ? '' : richText(x, 'si'));
    }
    this.sharedCount = out.length;
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
      // Ids are kept in 16 bits: Excel allows a few hundred formats, a file with more is not
      // Excel's, and a format past that many reads as General.
      if (id === undefined && this.formats.length > 0xffff) return 0;
      if (id === undefined) known.set(format, (id = this.formats.push(format) - 1));
      return id;
    });
  }

  private sheetCells(xml: Uint8Array): SheetCells {
    const sheet = new SheetCells();
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
      const kind = x.selfClosing ? EMPTY_CELL : this.cellValue(x, attrs.type, style);
      // An empty cell in the General format is what the grid is filled with: only its place counts.
      if (kind !== EMPTY_CELL || (this.styleFormatIds[style] ?? 0) !== 0)
        sheet.add(row, column, style, kind, this.number);
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
    sheet.merges.set([range.top, range.left, range.bottom, range.right], sheet.mergeCount * 4);
    sheet.mergeCount++;
  }

  /**
   * The value of a `<c>` element as its kind, its number left in {@link number}; the scanner stands
   * on its opening tag and ends on `</c>`.
   */
  private cellValue(x: XmlScanner, type: string | undefined, style: number): number {
    // Most cells are `<c …><v>123</v></c>`: read at once, without stepping tag by tag.
    if (type !== 'inlineStr' && x.simpleValue()) {
      const n = x.textInteger;
      if (n >= 0) {
        if (type === 's') return this.shared(n);
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
    if (type === 'inlineStr') return inline === undefined ? EMPTY_CELL : this.text(inline);
    return plain ? this.valueOfBytes(x, type, style) : this.valueOfText(raw, type, style);
  }

  /** A `<v>` marked by the scanner (`textStart`…`textEnd`): a plain number or index read from the bytes. */
  private valueOfBytes(x: XmlScanner, type: string | undefined, style: number): number {
    const n = plainDecimal(x.bytes, x.textStart, x.textEnd);
    if (n !== undefined) {
      if (type === undefined || type === 'n') return this.numeric(n, style);
      if (type === 's' && Number.isInteger(n)) return this.shared(n);
    }
    return this.valueOfText(utf8(x.bytes, x.textStart, x.textEnd), type, style);
  }

  private valueOfText(raw: string | undefined, type: string | undefined, style: number): number {
    // A formula without a cached result (never calculated) has no value to check.
    if (raw === undefined || raw === '') return EMPTY_CELL;
    switch (type) {
      case 's':
        return this.shared(parseInt(raw, 10));
      case 'str':
        return this.text(unescapeOoxml(raw));
      case 'b':
        this.number = parseInt(raw, 10) !== 0 ? 1 : 0;
        return BOOLEAN_CELL;
      case 'e':
        return this.text(raw);
      case 'd':
        // ISO 8601 date cells (strict Open XML): the snapshot keeps the date part.
        return this.text(/^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : raw);
      default: {
        const n = parseFloat(raw);
        return Number.isNaN(n) ? this.text(raw) : this.numeric(n, style);
      }
    }
  }

  /** A shared string by index; a cell pointing past the list is empty. */
  private shared(n: number): number {
    if (!Number.isInteger(n) || n < 0 || n >= this.sharedCount) return EMPTY_CELL;
    this.number = n;
    return TEXT_CELL;
  }

  private text(text: string): number {
    this.number = this.texts.push(text) - 1;
    return TEXT_CELL;
  }

  /** A number cell: a serial date where its style formats it as a date. */
  private numeric(n: number, style: number): number {
    if (this.styleIsDate[style]) {
      const known = this.dateTexts.get(n);
      if (known !== undefined) {
        this.number = known;
        return TEXT_CELL;
      }
      const iso = serialToIsoDate(n, this.date1904);
      if (iso !== null) {
        this.dateTexts.set(n, this.texts.length);
        return this.text(iso);
      }
    }
    this.number = n;
    return NUMBER_CELL;
  }

  /**
   * The sheet's rectangle from A1 to its last cell (as Excel's used range counts), built in
   * time linear in its area, which the area limit bounds. A rectangle over the limit shrinks to
   * the cells holding values (stray formatting far away); merged areas are clipped to it.
   */
  private snapshot(name: string, sheet: SheetCells): SheetSnapshot {
    const { lastRow, lastColumn } = sheet;
    const fits = this.area + lastRow * lastColumn <= this.limits.maxArea;
    const box = !sheet.anyValue
      ? { top: 1, left: 1, bottom: 0, right: 0 }
      : fits
        ? { top: 1, left: 1, bottom: lastRow, right: lastColumn }
        : this.valueBox(sheet);
    const rowCount = box.bottom - box.top + 1;
    const columnCount = box.right - box.left + 1;
    this.area += rowCount * columnCount;
    if (this.area > this.limits.maxArea)
      throw new Refusal({
        code: 'too-large',
        message: readErrorTexts.sheetTooWide(name, rangeAddress(box), this.limits.maxArea),
      });
    const kinds = new Uint8Array(rowCount * columnCount);
    const numbers = new Float64Array(rowCount * columnCount);
    const formatIds = new Uint16Array(rowCount * columnCount);
    const { places } = sheet;
    // In the order read: a cell written twice reads as its later writing, as in Excel.
    for (let i = 0; i < sheet.count; i++) {
      const r = places[3 * i]! - box.top;
      const c = places[3 * i + 1]! - box.left;
      if (r < 0 || r >= rowCount || c < 0 || c >= columnCount) continue;
      const k = r * columnCount + c;
      kinds[k] = sheet.kinds[i]!;
      numbers[k] = sheet.numbers[i]!;
      formatIds[k] = this.styleFormatIds[places[3 * i + 2]!] ?? 0;
    }
    return {
      name,
      startRow: box.top,
      startColumn: box.left,
      rowCount,
      columnCount,
      kinds,
      numbers,
      texts: this.texts,
      formatIds,
      formats: this.formats,
      merges: this.clipMerges(name, sheet, box, kinds, numbers),
    };
  }

  /** The smallest rectangle holding every value of the sheet. */
  private valueBox(sheet: SheetCells): RangeRef {
    const box = { top: MAX_ROW, left: MAX_COLUMN, bottom: 0, right: 0 };
    const { places, kinds } = sheet;
    for (let i = 0; i < sheet.count; i++) {
      if (kinds[i] === EMPTY_CELL) continue;
      box.top = Math.min(box.top, places[3 * i]!);
      box.bottom = Math.max(box.bottom, places[3 * i]!);
      box.left = Math.min(box.left, places[3 * i + 1]!);
      box.right = Math.max(box.right, places[3 * i + 1]!);
    }
    return box;
  }

  /**
   * Merged areas clipped to the sheet's rectangle, four numbers each; each cell is visited once (a
   * cell claimed twice means overlapping areas, which Excel itself calls damage), so the cost is
   * bounded by the area. Cells an area covers are emptied but for its top-left one.
   */
  private clipMerges(
    name: string,
    sheet: SheetCells,
    box: RangeRef,
    kinds: Uint8Array,
    numbers: Float64Array,
  ): Int32Array<ArrayBuffer> {
    const { merges, mergeCount } = sheet;
    const out = new Int32Array(mergeCount * 4);
    if (mergeCount === 0) return out;
    let kept = 0;
    const width = box.right - box.left + 1;
    const claimed = new Uint8Array(kinds.length);
    for (let m = 0; m < mergeCount * 4; m += 4) {
      const top = Math.max(merges[m]!, box.top);
      const bottom = Math.min(merges[m + 2]!, box.bottom);
      const left = Math.max(merges[m + 1]!, box.left);
      const right = Math.min(merges[m + 3]!, box.right);
      if (top > bottom || left > right || (top === bottom && left === right)) continue;
      for (let r = top; r <= bottom; r++) {
        for (let c = left; c <= right; c++) {
          const k = (r - box.top) * width + (c - box.left);
          if (claimed[k] === 1)
            throw new Refusal({
              code: 'corrupt',
              message: readErrorTexts.mergesOverlap(name, rangeAddress({ top, left, bottom, right })),
            });
          claimed[k] = 1;
          if (r !== top || c !== left) {
            kinds[k] = EMPTY_CELL;
            numbers[k] = 0;
          }
        }
      }
      out[kept++] = top;
      out[kept++] = left;
      out[kept++] = bottom;
      out[kept++] = right;
    }
    return kept === out.length ? out : out.slice(0, kept);
  }
}

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
