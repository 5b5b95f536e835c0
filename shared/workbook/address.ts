/** A1-style addresses. Rows and columns are 1-based, as Excel shows them. */

// Addresses are built for every cell a reader touches: the letters of the first columns are kept.
const LETTERS: string[] = [];

export function columnLetter(column: number): string {
  const known = LETTERS[column];
  if (known !== undefined) return known;
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  if (column > 0 && column <= 702) LETTERS[column] = out;
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellAddress(row: number, column: number): string {
  return columnLetter(column) + row;
}

export interface CellRef {
  row: number;
  column: number;
}

export interface RangeRef {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** `E12` as every reader writes it (1–3 capitals, 1–7 digits), read without a regular expression. */
function plainCell(s: string): CellRef | null {
  let i = 0;
  let column = 0;
  for (; i < s.length && s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90; i++)
    column = column * 26 + s.charCodeAt(i) - 64;
  const letters = i;
  let row = 0;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++)
    row = row * 10 + s.charCodeAt(i) - 48;
  if (letters === 0 || letters > 3 || i === letters || i - letters > 7 || i !== s.length) return null;
  return { row, column };
}

/**
 * The one A1 cell parser (with `$` and lower case, or as the readers write it). Every finding and
 * every cell a rule reads goes through it, so the plain form skips the regular expression.
 */
export function parseCell(address: string): CellRef | null {
  const plain = plainCell(address);
  if (plain) return plain;
  const m = CELL.exec(address.trim());
  if (!m) return null;
  return { column: columnNumber(m[1]!), row: Number(m[2]) };
}

/** The row of a cell address (null when it is none). */
export function rowOfCell(address: string): number | null {
  return parseCell(address)?.row ?? null;
}

/**
 * `A1:C3` as written by every reader (upper case, no `$`), read without regular expressions or
 * intermediate arrays: a KPI table has tens of thousands of merged areas.
 */
function plainRange(s: string): RangeRef | null {
  let i = 0;
  let c1 = 0;
  for (; i < s.length && s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90; i++)
    c1 = c1 * 26 + s.charCodeAt(i) - 64;
  const d1 = i;
  let r1 = 0;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++)
    r1 = r1 * 10 + s.charCodeAt(i) - 48;
  if (d1 === 0 || d1 > 3 || i === d1 || i - d1 > 7) return null;
  if (i === s.length) return { top: r1, left: c1, bottom: r1, right: c1 };
  if (s.charCodeAt(i) !== 58 /* : */) return null;
  const start = ++i;
  let c2 = 0;
  for (; i < s.length && s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90; i++)
    c2 = c2 * 26 + s.charCodeAt(i) - 64;
  const d2 = i;
  let r2 = 0;
  for (; i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57; i++)
    r2 = r2 * 10 + s.charCodeAt(i) - 48;
  if (d2 === start || d2 - start > 3 || i === d2 || i - d2 > 7 || i !== s.length) return null;
  return {
    top: Math.min(r1, r2),
    left: Math.min(c1, c2),
    bottom: Math.max(r1, r2),
    right: Math.max(c1, c2),
  };
}

/** `A1:C3` for a range (top-left first, as Excel writes a merged area). */
export function rangeAddress(range: RangeRef): string {
  return `${cellAddress(range.top, range.left)}:${cellAddress(range.bottom, range.right)}`;
}

/** Parses `A1:C3` (or a single cell). Sheet prefixes (`Sheet1!A1:B2`) are dropped. */
export function parseRange(address: string): RangeRef | null {
  const plain = plainRange(address);
  if (plain) return plain;
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const [a, b = a] = local.split(':');
  const start = parseCell(a ?? '');
  const end = parseCell(b ?? '');
  if (!start || !end) return null;
  return {
    top: Math.min(start.row, end.row),
    left: Math.min(start.column, end.column),
    bottom: Math.max(start.row, end.row),
    right: Math.max(start.column, end.column),
  };
}

/**
 * The rows an address covers (`B5`, `A3:G9`, `4:6`, `Sheet1!C2`, `A:C` = every row), as Excel names
 * a changed area.
 */
export function rowsOfAddress(address: string): { firstRow: number; lastRow: number } | null {
  const local = address.includes('!') ? address.slice(address.lastIndexOf('!') + 1) : address;
  const range = parseRange(local);
  if (range) return { firstRow: range.top, lastRow: range.bottom };
  const rows = /^\$?(\d+):\$?(\d+)$/.exec(local);
  if (rows) return { firstRow: Number(rows[1]), lastRow: Number(rows[2]) };
  if (/^\$?[A-Za-z]+:\$?[A-Za-z]+$/.test(local)) return { firstRow: 1, lastRow: Number.MAX_SAFE_INTEGER };
  return null;
}
