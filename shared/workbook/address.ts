/** A1-style addresses. Rows and columns are 1-based, as Excel shows them. */

export function columnLetter(column: number): string {
  let n = column;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row}`;
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

export function parseCell(address: string): CellRef | null {
  const m = CELL.exec(address.trim());
  if (!m) return null;
  return { column: columnNumber(m[1]!), row: Number(m[2]) };
}

/** Parses `A1:C3` (or a single cell). Sheet prefixes (`Sheet1!A1:B2`) are dropped. */
export function parseRange(address: string): RangeRef | null {
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
