import { describe, expect, it } from 'vitest';
import { cellAddress, columnLetter, parseCell, parseRange, rowOfCell, rowsOfAddress } from './address';

describe('A1 addresses', () => {
  it('reads plain ranges and single cells, in either corner order', () => {
    expect(parseRange('A5:G5')).toEqual({ top: 5, left: 1, bottom: 5, right: 7 });
    expect(parseRange('C3')).toEqual({ top: 3, left: 3, bottom: 3, right: 3 });
    expect(parseRange('B7:A2')).toEqual({ top: 2, left: 1, bottom: 7, right: 2 });
    expect(parseRange('XFD1048576')).toEqual({ top: 1048576, left: 16384, bottom: 1048576, right: 16384 });
  });

  it('reads what other writers produce: $ anchors, sheet prefixes, lower case, spaces', () => {
    expect(parseRange('$A$1:$B$2')).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(parseRange('KPI表!A1:B2')).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(parseRange('a1:b2')).toEqual({ top: 1, left: 1, bottom: 2, right: 2 });
    expect(parseCell(' D4 ')).toEqual({ row: 4, column: 4 });
  });

  it('refuses what is not an address', () => {
    for (const bad of ['', 'A', '12', 'A1:', ':B2', 'AAAA1', 'A12345678', 'A:B', '1:2', 'A1-B2'])
      expect(parseRange(bad), bad).toBeNull();
  });

  it('writes the letters of any column', () => {
    expect([1, 26, 27, 52, 702, 703, 16384].map(columnLetter)).toEqual([
      'A',
      'Z',
      'AA',
      'AZ',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    expect(cellAddress(12, 5)).toBe('E12');
    expect(columnLetter(703)).toBe('AAA');
  });

  it('reads plain cells and every other form alike', () => {
    expect(parseCell('E12')).toEqual({ row: 12, column: 5 });
    expect(parseCell('XFD1048576')).toEqual({ row: 1048576, column: 16384 });
    for (const bad of ['', 'A', '12', 'AAAA1', 'A12345678', 'A1B', 'E12:F13', 'Ａ1'])
      expect(parseCell(bad), bad).toBeNull();
  });

  it('tells the rows of an area Excel reports as changed, whole rows and columns included', () => {
    expect(rowsOfAddress('B5')).toEqual({ firstRow: 5, lastRow: 5 });
    expect(rowsOfAddress('KPI表!A3:G9')).toEqual({ firstRow: 3, lastRow: 9 });
    expect(rowsOfAddress('$4:$6')).toEqual({ firstRow: 4, lastRow: 6 });
    expect(rowsOfAddress('A:C')).toEqual({ firstRow: 1, lastRow: Number.MAX_SAFE_INTEGER });
    expect(rowsOfAddress('名前')).toBeNull();
  });

  it('reads the row of a cell as parseCell does', () => {
    expect(rowOfCell('B12')).toBe(12);
    expect(rowOfCell('XFD1048576')).toBe(1048576);
    for (const address of ['$A$1', ' C7 ', 'a3', 'AAAA1', 'A12345678', 'A1B', 'A', '12', '', 'Ａ1'])
      expect(rowOfCell(address)).toBe(parseCell(address)?.row ?? null);
  });
});
