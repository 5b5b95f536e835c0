/** Thrown on `<!DOCTYPE` / `<!ENTITY`: no Office Open XML part has one; entity bombs start with one. */
export class UnsafeXml extends Error {}

/** Thrown when a text the reader keeps is not UTF-8 (it would become U+FFFD in a clerk's text). */
export class NotUtf8 extends Error {}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function fromCodePoint(n: number): string {
  return n >= 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\ufffd';
}

/** XML's five named entities and character references; nothing else expands. */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(
    ENTITY,
    (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) =>
      named ? NAMED[named]! : fromCodePoint(hex ? parseInt(hex, 16) : parseInt(dec!, 10)),
  );
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Character codes of a short ASCII run, one reused array per length (see utf8).
const CODES = Array.from({ length: 25 }, (_, n) => new Array<number>(n).fill(0));

/** Bytes → text. Short ASCII runs (numbers, references, type letters) skip the decoder's per-call cost. */
export function utf8(b: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length > 24) return decodeUtf8(b.subarray(start, end));
  const codes = CODES[length]!;
  for (let k = 0; k < length; k++) {
    const c = b[start + k]!;
    if (c >= 0x80) return decodeUtf8(b.subarray(start, end));
    codes[k] = c;
  }
  // One call makes one flat string; appending character by character would leave V8 a chain of
  // string pieces from 13 characters on, twice the memory for every merged area and reference kept.
  return String.fromCharCode.apply(null, codes);
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new NotUtf8();
  }
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const PI_END = ascii('?>');
const COMMENT = ascii('<!--');
const COMMENT_END = ascii('-->');
const CDATA = ascii('<![CDATA[');
const CDATA_END = ascii(']]>');
const ROW_R = ascii('<row r="');
const MERGE_REF = ascii('<mergeCell ref="');

function startsWith(b: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at + needle.length > b.length) return false;
  for (let i = 0; i < needle.length; i++) if (b[at + i] !== needle[i]) return false;
  return true;
}

/** startsWith written for V8 to inline (a loop it can unroll, no early call): the sheet's row and merge tags. */
function matchesAt(b: Uint8Array, needle: Uint8Array, at: number): boolean {
  let k = 0;
  while (k < needle.length && b[at + k] === needle[k]) k++;
  return k === needle.length;
}

/** Where a tag ends: the first `>` from `from` outside a quoted attribute value (or the part's end). */
function tagEnd(b: Uint8Array, from: number): number {
  let quote = 0;
  let i = from;
  for (; i < b.length; i++) {
    const ch = b[i]!;
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 62) break;
  }
  return i;
}

function indexOfBytes(b: Uint8Array, needle: Uint8Array, from: number): number {
  for (let at = b.indexOf(needle[0]!, from); at >= 0; at = b.indexOf(needle[0]!, at + 1))
    if (startsWith(b, needle, at)) return at;
  return -1;
}

/** A cell's `r`, `s` and `t`, read in one pass over its attributes. */
export interface CellAttributes {
  /** From `r`; 0 when the cell has no `r`, −1 when it cannot be read or lies outside Excel's grid. */
  row: number;
  column: number;
  /** From `s`; 0 when absent. */
  style: number;
  /** From `t`; undefined when absent (a number). */
  type: string | undefined;
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;

/** What {@link XmlScanner.nextInSheet} stopped on. */
export const END = 0;
export const CELL = 1;
export const TAG = 2;
export const ROW = 3;
export const MERGE = 4;
type SheetTag = typeof END | typeof CELL | typeof TAG | typeof ROW | typeof MERGE;
/** A cell's one-letter `t` by its character code (an array: a lookup per cell). */
const ONE_LETTER_TYPES: (string | undefined)[] = Array.from({ length: 128 }, (_, code) =>
  'sbedn'.includes(String.fromCharCode(code)) ? String.fromCharCode(code) : undefined,
);

/**
 * A forward-only scanner over one XML part held as UTF-8 bytes: it steps from tag to tag and
 * reads attributes and text only when asked, decoding just what it returns. Tags, names and
 * attribute delimiters are ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so
 * scanning the bytes finds them exactly. Namespace prefixes are ignored (`x:c` is `c`), as some
 * writers prefix SpreadsheetML. It allocates nothing per tag and never decodes a whole part, which
 * is what makes a sheet of a million cells cheap.
 */
export class XmlScanner {
  private pos = 0;
  private nameStart = 0;
  private nameEnd = 0;
  private attrStart = 0;
  private attrEnd = 0;
  closing = false;
  selfClosing = false;
  /** The plain text found by {@link plainText} or {@link simpleValue}. */
  textStart = 0;
  textEnd = 0;
  /** The text found by {@link simpleValue} as a whole number (at most 15 digits), or −1. */
  textInteger = -1;
  /** The `r` of the row {@link nextInSheet} stopped on. */
  rowNumber = 0;

  constructor(readonly bytes: Uint8Array) {}

  /** Moves to the next start or end tag; false at the end of the part. */
  next(): boolean {
    const b = this.bytes;
    const length = b.length;
    for (;;) {
      // A loop beats Uint8Array#indexOf here: its per-call cost outweighs the short runs between tags.
      let lt = this.pos;
      while (lt < length && b[lt] !== 60 /* < */) lt++;
      if (lt >= length) {
        this.pos = length;
        return false;
      }
      const c = b[lt + 1];
      if (c === 63 /* ? */) {
        this.pos = this.skipPast(PI_END, lt + 2);
        continue;
      }
      if (c === 33 /* ! */) {
        if (startsWith(b, COMMENT, lt)) this.pos = this.skipPast(COMMENT_END, lt + 4);
        else if (startsWith(b, CDATA, lt)) this.pos = this.skipPast(CDATA_END, lt + 9);
        else throw new UnsafeXml();
        continue;
      }
      let i = lt + 1;
      this.closing = c === 47; /* / */
      if (this.closing) i++;
      this.nameStart = i;
      for (; i < length; i++) {
        const ch = b[i]!;
        if (ch === 58 /* : */) this.nameStart = i + 1;
        else if (ch <= 32 || ch === 47 || ch === 62) break;
      }
      this.nameEnd = i;
      i = tagEnd(b, i);
      this.selfClosing = b[i - 1] === 47;
      this.attrStart = this.nameEnd;
      this.attrEnd = this.selfClosing ? i - 1 : i;
      this.pos = i + 1;
      return true;
    }
  }

  private skipPast(end: Uint8Array, from: number): number {
    const at = indexOfBytes(this.bytes, end, from);
    return at < 0 ? this.bytes.length : at + end.length;
  }

  /** True when the current tag's local name is `name` (ASCII). */
  is(name: string): boolean {
    if (this.nameEnd - this.nameStart !== name.length) return false;
    const b = this.bytes;
    for (let i = 0; i < name.length; i++) if (b[this.nameStart + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  /** An attribute of the current tag by its local name (entities decoded), or undefined. */
  attr(name: string): string | undefined {
    return this.findAttr(name) ? decodeEntities(utf8(this.bytes, this.textStart, this.textEnd)) : undefined;
  }

  /** Finds an attribute of the current tag by its local name: its raw value at textStart…textEnd. */
  private findAttr(name: string): boolean {
    const b = this.bytes;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      while (i < end && b[i]! <= 32) i++;
      let start = i;
      for (; i < end; i++) {
        const ch = b[i]!;
        if (ch === 58) start = i + 1;
        else if (ch === 61 /* = */ || ch <= 32) break;
      }
      let match = i - start === name.length;
      for (let k = 0; match && k < name.length; k++) match = b[start + k] === name.charCodeAt(k);
      while (i < end && b[i] !== 34 && b[i] !== 39) i++;
      if (i >= end) return false;
      const q = b[i];
      const valueStart = i + 1;
      i = valueStart;
      while (i < end && b[i] !== q) i++;
      if (match) {
        this.textStart = valueStart;
        this.textEnd = i;
        return true;
      }
      i++;
    }
    return false;
  }

  /**
   * A cell's `r`, `s` and `t` in one pass over its attributes, read from the bytes (their values
   * are references, numbers and type letters; an entity there makes the reference unreadable).
   */
  cellAttributes(out: CellAttributes): void {
    out.row = out.column = out.style = 0;
    out.type = undefined;
    const b = this.bytes;
    let i = this.attrStart;
    const end = this.attrEnd;
    while (i < end) {
      while (i < end && b[i]! <= 32) i++;
      const start = i;
      while (i < end && b[i] !== 61 && b[i]! > 32) i++;
      const one = i - start === 1 ? b[start] : 0;
      while (i < end && b[i] !== 34 && b[i] !== 39) i++;
      if (i >= end) return;
      const q = b[i];
      const valueStart = ++i;
      while (i < end && b[i] !== q) i++;
      if (one === 114 /* r */) this.cellReference(valueStart, i, out);
      else if (one === 115 /* s */) out.style = digits(b, valueStart, i);
      else if (one === 116 /* t */)
        out.type =
          i - valueStart === 1
            ? (ONE_LETTER_TYPES[b[valueStart]!] ?? utf8(b, valueStart, i))
            : utf8(b, valueStart, i);
      i++;
    }
  }

  /**
   * The sheet data's hot path: moves to the next tag as {@link next} does, but reads the tags a sheet
   * has thousands of in the same pass that finds their end, as written by Excel and every writer we
   * know (no namespace prefix, `r` first):
   * - {@link CELL}: a `<c …>` start tag, its `r`, `s` and `t` in `cell`;
   * - {@link ROW}: a `<row r="…">` start tag, its `r` in {@link rowNumber} (as `Number` reads it);
   * - {@link MERGE}: a `<mergeCell ref="…">`, the reference's text at {@link textStart}…{@link textEnd};
   * - {@link TAG}: any other tag, read by {@link next} (closing tags too, without their name's checks);
   * - {@link END} at the end of the part.
   */
  nextInSheet(cell: CellAttributes): SheetTag {
    const b = this.bytes;
    const length = b.length;
    let lt = this.pos;
    while (lt < length && b[lt] !== 60 /* < */) lt++;
    const c1 = b[lt + 1];
    if (c1 === 99 /* c */) {
      const after = b[lt + 2];
      if (after === 32 || after === 62 || after === 47) return this.cellTag(lt, cell);
    } else if (c1 === 47 /* / */) {
      // A closing tag has no attributes: its name, then `>`.
      let i = lt + 2;
      this.nameStart = i;
      for (; i < length; i++) {
        const ch = b[i]!;
        if (ch === 58 /* : */) this.nameStart = i + 1;
        else if (ch <= 32 || ch === 62) break;
      }
      this.nameEnd = i;
      while (i < length && b[i] !== 62) i++;
      this.closing = true;
      this.selfClosing = false;
      this.attrStart = this.attrEnd = this.nameEnd;
      this.pos = i + 1;
      return TAG;
    } else if (c1 === 114 /* r */ && matchesAt(b, ROW_R, lt)) {
      const valueStart = lt + ROW_R.length;
      let i = valueStart;
      let n = 0;
      let plain = b[i] !== 34;
      for (; i < length && b[i] !== 34; i++) {
        const ch = b[i]!;
        if (ch < 48 || ch > 57 || n > MAX_ROW) plain = false;
        else n = n * 10 + ch - 48;
      }
      this.rowNumber = plain ? n : Number(decodeEntities(utf8(b, valueStart, i)));
      this.finishTag(lt, 4, i + 1);
      return ROW;
    } else if (c1 === 109 /* m */ && matchesAt(b, MERGE_REF, lt)) {
      let i = lt + MERGE_REF.length;
      this.textStart = i;
      while (i < length && b[i] !== 34) i++;
      this.textEnd = i;
      this.finishTag(lt, 10, i + 1);
      return MERGE;
    }
    this.pos = lt;
    return this.next() ? TAG : END;
  }

  /** A start tag read up to `from`, its name `nameLength` long: finds its end as {@link next} would. */
  private finishTag(lt: number, nameLength: number, from: number): void {
    const b = this.bytes;
    const i = tagEnd(b, from);
    this.closing = false;
    this.selfClosing = b[i - 1] === 47;
    this.nameStart = lt + 1;
    this.nameEnd = lt + 1 + nameLength;
    this.attrStart = this.nameEnd;
    this.attrEnd = this.selfClosing ? i - 1 : i;
    this.pos = i + 1;
  }

  /** A cell's attribute named by one letter (`one`: its code, 0 for longer names), its value at start…end. */
  private cellAttribute(one: number | undefined, start: number, end: number, cell: CellAttributes): void {
    const b = this.bytes;
    if (one === 114 /* r */) this.cellReference(start, end, cell);
    else if (one === 115 /* s */) cell.style = digits(b, start, end);
    else if (one === 116 /* t */)
      cell.type =
        end - start === 1 ? (ONE_LETTER_TYPES[b[start]!] ?? utf8(b, start, end)) : utf8(b, start, end);
  }

  /** A `<c …>` start tag at `lt`: its attributes read while its end is found. */
  private cellTag(lt: number, cell: CellAttributes): typeof CELL {
    const b = this.bytes;
    const length = b.length;
    cell.row = cell.column = cell.style = 0;
    cell.type = undefined;
    let i = lt + 2;
    // As Excel writes them, ` r="…"`, ` s="…"`, ` t="…"`: read without looking for names and quotes.
    while (b[i] === 32 && b[i + 2] === 61 && b[i + 3] === 34) {
      const one = b[i + 1];
      const valueStart = i + 4;
      i = valueStart;
      while (i < length && b[i] !== 34) i++;
      this.cellAttribute(one, valueStart, i, cell);
      i++;
    }
    // Anything else (other attributes, other spacing or quotes) the general way from here.
    while (i < length) {
      let ch = b[i]!;
      if (ch === 62 /* > */) break;
      if (ch <= 32 || ch === 47 /* / */) {
        i++;
        continue;
      }
      const start = i;
      while (i < length && (ch = b[i]!) !== 61 /* = */ && ch > 32 && ch !== 62) i++;
      const one = i - start === 1 ? b[start] : 0;
      while (i < length && (ch = b[i]!) !== 34 && ch !== 39 && ch !== 62) i++;
      // An attribute without a quoted value: the tag ends here, as cellAttributes would stop.
      if (i >= length || ch === 62) break;
      const valueStart = ++i;
      while (i < length && b[i] !== ch) i++;
      this.cellAttribute(one, valueStart, i, cell);
      i++;
    }
    this.closing = false;
    this.selfClosing = b[i - 1] === 47;
    this.nameStart = lt + 1;
    this.nameEnd = lt + 2;
    this.attrStart = lt + 2;
    this.attrEnd = this.selfClosing ? i - 1 : i;
    this.pos = i + 1;
    return CELL;
  }

  /**
   * A range attribute written plainly (`A5:G7` or `A5`: capitals, digits) read as {@link rangeText}
   * does; false when absent or written otherwise (then {@link attr} and parseRange read it).
   */
  rangeAttr(name: string, out: Int32Array, at: number): boolean {
    return this.findAttr(name) && this.rangeText(out, at);
  }

  /**
   * The text at {@link textStart}…{@link textEnd} as a range written plainly, read into `out[at]`…
   * `out[at + 3]` as top, left, bottom, right; false for anything else. A KPI表 has a merged area
   * for every few cells.
   */
  rangeText(out: Int32Array, at: number): boolean {
    return plainRangeBytes(this.bytes, this.textStart, this.textEnd, out, at);
  }

  /** `B12` → row and column, byte by byte (a sheet has one per cell); −1 when unreadable. */
  private cellReference(start: number, end: number, out: CellAttributes): void {
    const b = this.bytes;
    let i = start;
    let column = 0;
    for (; i < end; i++) {
      const ch = b[i]!;
      if (ch >= 65 && ch <= 90) column = column * 26 + ch - 64;
      else if (ch >= 97 && ch <= 122) column = column * 26 + ch - 96;
      else break;
      if (column > MAX_COLUMN) break;
    }
    const letters = i - start;
    let row = 0;
    for (; i < end; i++) {
      const ch = b[i]!;
      if (ch < 48 || ch > 57 || row > MAX_ROW) break;
      row = row * 10 + ch - 48;
    }
    const ok =
      letters > 0 && i === end && i > start + letters && column <= MAX_COLUMN && row >= 1 && row <= MAX_ROW;
    out.row = ok ? row : -1;
    out.column = ok ? column : -1;
  }

  /**
   * When the text from here to the next tag is plain (no entity, comment or CDATA), marks it as
   * `textStart`..`textEnd`, moves past it and returns true; otherwise stays and returns false
   * (then {@link text} reads it). Lets the reader parse numbers from the bytes without a string.
   */
  plainText(): boolean {
    const b = this.bytes;
    const lt = b.indexOf(60, this.pos);
    if (lt < 0 || b[lt + 1] === 33) return false;
    for (let i = this.pos; i < lt; i++) if (b[i] === 38 /* & */) return false;
    this.textStart = this.pos;
    this.textEnd = lt;
    this.pos = lt;
    return true;
  }

  /**
   * The common cell body `<v>…</v></c>` with plain text (no entity, comment or CDATA) right after
   * the cell's opening tag: marks the text as `textStart`..`textEnd`, moves past `</c>` and returns
   * true. Anything else (a formula, a prefix, spaces) returns false and moves nothing.
   */
  simpleValue(): boolean {
    const b = this.bytes;
    const p = this.pos;
    if (b[p] !== 60 || b[p + 1] !== 118 /* v */ || b[p + 2] !== 62) return false;
    let i = p + 3;
    const length = b.length;
    // Most values are shared-string indices and whole numbers: read as the text is passed over.
    let n = 0;
    let digitsOnly = true;
    for (; i < length; i++) {
      const ch = b[i]!;
      if (ch === 60) break;
      if (ch === 38) return false;
      if (ch >= 48 && ch <= 57) n = n * 10 + ch - 48;
      else digitsOnly = false;
    }
    // `</v></c>`
    if (
      b[i + 1] !== 47 ||
      b[i + 2] !== 118 ||
      b[i + 3] !== 62 ||
      b[i + 4] !== 60 ||
      b[i + 5] !== 47 ||
      b[i + 6] !== 99 ||
      b[i + 7] !== 62
    )
      return false;
    this.textStart = p + 3;
    this.textEnd = i;
    this.textInteger = digitsOnly && i > p + 3 && i - p - 3 <= 15 ? n : -1;
    this.pos = i + 8;
    return true;
  }

  /**
   * The text from here to the next tag other than CDATA (entities decoded): the content of a leaf
   * element such as `<v>` or `<t>`. Comments inside it are dropped.
   */
  text(): string {
    const b = this.bytes;
    let out = '';
    for (;;) {
      const lt = b.indexOf(60, this.pos);
      // The common case: plain text up to the element's end tag.
      if (out === '' && lt >= 0 && b[lt + 1] !== 33) {
        const text = utf8(b, this.pos, lt);
        this.pos = lt;
        return decodeEntities(text);
      }
      const stop = lt < 0 ? b.length : lt;
      if (stop > this.pos) out += decodeEntities(utf8(b, this.pos, stop));
      this.pos = stop;
      if (lt < 0) return out;
      if (startsWith(b, CDATA, lt)) {
        const end = indexOfBytes(b, CDATA_END, lt + 9);
        const close = end < 0 ? b.length : end;
        out += utf8(b, lt + 9, close);
        this.pos = end < 0 ? b.length : end + 3;
      } else if (startsWith(b, COMMENT, lt)) this.pos = this.skipPast(COMMENT_END, lt + 4);
      else return out;
    }
  }
}

/** One cell reference (1–3 capitals, 1–7 digits) from `i`: its end, or −1; row and column at `cell[k]`. */
function plainCellBytes(b: Uint8Array, i: number, end: number, cell: Int32Array, k: number): number {
  const start = i;
  let column = 0;
  for (; i < end && b[i]! >= 65 && b[i]! <= 90; i++) column = column * 26 + b[i]! - 64;
  const letters = i - start;
  let row = 0;
  for (; i < end && b[i]! >= 48 && b[i]! <= 57; i++) row = row * 10 + b[i]! - 48;
  const digitCount = i - start - letters;
  if (letters === 0 || letters > 3 || digitCount === 0 || digitCount > 7) return -1;
  cell[k] = row;
  cell[k + 1] = column;
  return i;
}

const CELL_PAIR = new Int32Array(4);

/** `A5:G7` or `A5` → top, left, bottom, right at `out[at]`; false for anything else. */
function plainRangeBytes(b: Uint8Array, start: number, end: number, out: Int32Array, at: number): boolean {
  const p = CELL_PAIR;
  const i = plainCellBytes(b, start, end, p, 0);
  if (i < 0) return false;
  if (i === end) {
    p[2] = p[0]!;
    p[3] = p[1]!;
  } else if (b[i] !== 58 /* : */ || plainCellBytes(b, i + 1, end, p, 2) !== end) return false;
  out[at] = Math.min(p[0]!, p[2]!);
  out[at + 1] = Math.min(p[1]!, p[3]!);
  out[at + 2] = Math.max(p[0]!, p[2]!);
  out[at + 3] = Math.max(p[1]!, p[3]!);
  return true;
}

/** Unsigned decimal digits → number (NaN-free: anything else reads as 0, as `Number(x) || 0` did). */
function digits(b: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const ch = b[i]!;
    if (ch < 48 || ch > 57) return 0;
    n = n * 10 + ch - 48;
  }
  return n;
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal (`-12.5`, at most 15 digits, no exponent) read from bytes, or undefined for
 * anything else (the caller then parses the text as before). Exact: the digits form an integer
 * below 2^53 and 10^k is exact for k ≤ 22, so one IEEE division rounds as parseFloat does.
 */
export function plainDecimal(b: Uint8Array, start: number, end: number): number | undefined {
  let i = start;
  const negative = b[i] === 45; /* - */
  if (negative) i++;
  let mantissa = 0;
  let count = 0;
  let fraction = -1;
  for (; i < end; i++) {
    const ch = b[i]!;
    if (ch >= 48 && ch <= 57) {
      mantissa = mantissa * 10 + ch - 48;
      count++;
    } else if (ch === 46 /* . */ && fraction < 0) fraction = i;
    else return undefined;
  }
  if (count === 0 || count > 15 || fraction === end - 1 || fraction === start + (negative ? 1 : 0))
    return undefined;
  const value = fraction < 0 ? mantissa : mantissa / POWERS_OF_TEN[end - fraction - 1]!;
  return negative ? -value : value;
}

/** A `<t>` text with Excel's `_xHHHH_` escapes (control characters) restored. */
export function unescapeOoxml(text: string): string {
  return text.indexOf('_x') < 0
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The text of a string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic guides (`<rPh>`,
 * the furigana Japanese workbooks carry) left out. The scanner stands on the opening tag.
 */
export function richText(x: XmlScanner, element: string): string {
  let out = '';
  let phonetic = 0;
  while (x.next()) {
    if (x.closing) {
      if (x.is('rPh')) phonetic--;
      else if (x.is(element)) break;
    } else if (x.is('rPh')) {
      if (!x.selfClosing) phonetic++;
    } else if (phonetic === 0 && !x.selfClosing && x.is('t')) out += x.text();
  }
  return unescapeOoxml(out);
}
