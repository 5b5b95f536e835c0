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

/** `A1:C3` as written by every reader (upper case, no `$`), read without regular expressions. */
function plainRange(s: string): RangeRef | null {
  const refs: number[] = [];
  let i = 0;
  for (let part = 0; part < 2 && i <= s.length; part++) {
    let column = 0;
    let row = 0;
    const start = i;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 65 || c > 90) break;
      column = column * 26 + (c - 64);
    }
    const digits = i;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      row = row * 10 + (c - 48);
    }
    if (i === digits || digits === start || digits - start > 3 || i - digits > 7) return null;
    refs.push(row, column);
    if (i === s.length) break;
    if (s.charCodeAt(i) !== 58 /* : */ || part === 1) return null;
    i++;
  }
  const [r1, c1, r2 = r1!, c2 = c1!] = refs as [number, number, number?, number?];
  return {
    top: Math.min(r1, r2),
    left: Math.min(c1, c2),
    bottom: Math.max(r1, r2),
    right: Math.max(c1, c2),
  };
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
