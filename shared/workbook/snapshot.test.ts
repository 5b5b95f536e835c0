import { describe, expect, it } from 'vitest';
import {
  BOOLEAN_CELL,
  EMPTY_CELL,
  NUMBER_CELL,
  rowsOfSheet,
  SheetGrid,
  sheetFromRows,
  TEXT_CELL,
  withRows,
  type SheetRows,
  type SheetSnapshot,
} from './snapshot';

const sheet = (over: Partial<SheetRows>): SheetSnapshot => sheetFromRows({ name: 'S', values: [], ...over });

describe('sheetFromRows and rowsOfSheet', () => {
  it('round-trip numbers, texts (empty and repeated), booleans, empty cells, formats and merges', () => {
    const rows: Required<SheetRows> = {
      name: 'KPI',
      startRow: 3,
      startColumn: 1,
      values: [
        [114977, '', 'トン', true],
        ['トン', null, false, -0.25],
        [null, '', 0, 'トン'],
      ],
      numberFormats: [
        ['#,##0', 'General', '@', 'General'],
        ['@', 'General', 'General', '0.0%'],
        ['General', 'General', '#,##0', '@'],
      ],
      merges: ['A3:A4', 'B5:D5'],
    };
    const snapshot = sheetFromRows(rows);
    expect([snapshot.rowCount, snapshot.columnCount]).toEqual([3, 4]);
    expect(snapshot.texts).toEqual(['', 'トン']);
    expect(Array.from(snapshot.kinds.subarray(0, 8))).toEqual([
      NUMBER_CELL,
      TEXT_CELL,
      TEXT_CELL,
      BOOLEAN_CELL,
      TEXT_CELL,
      EMPTY_CELL,
      BOOLEAN_CELL,
      NUMBER_CELL,
    ]);
    expect(rowsOfSheet(snapshot)).toEqual(rows);
  });

  it('pads short rows to the widest, General where no format is known, and orders a reversed merge', () => {
    const snapshot = sheetFromRows({ name: 'S', values: [[1], ['a', 'b', null]], merges: ['B3:A4', 'bad'] });
    expect(snapshot.formatIds).toBeNull();
    expect(rowsOfSheet(snapshot)).toEqual({
      name: 'S',
      startRow: 1,
      startColumn: 1,
      values: [
        [1, null, null],
        ['a', 'b', null],
      ],
      numberFormats: [
        ['General', 'General', 'General'],
        ['General', 'General', 'General'],
      ],
      merges: ['A3:B4'],
    });
  });

  it('an empty sheet stays empty', () => {
    const snapshot = sheetFromRows({ name: 'S', startRow: 2, startColumn: 5, values: [] });
    expect([snapshot.rowCount, snapshot.columnCount, snapshot.merges.length]).toEqual([0, 0, 0]);
    expect(rowsOfSheet(snapshot)).toEqual({
      name: 'S',
      startRow: 2,
      startColumn: 5,
      values: [],
      numberFormats: [],
      merges: [],
    });
  });
});

describe('withRows', () => {
  const base = () =>
    sheetFromRows({
      name: 'S',
      startRow: 2,
      values: [
        ['a', 1],
        ['b', 2],
      ],
      numberFormats: [
        ['General', '0%'],
        ['General', '0%'],
      ],
      merges: ['A2:A3'],
    });

  it('replaces a row inside the rectangle and leaves the given snapshot as it was', () => {
    const before = base();
    const after = withRows(before, 3, [['B', 20]], [['@', '#,##0']]);
    expect(rowsOfSheet(after)).toMatchObject({
      startRow: 2,
      values: [
        ['a', 1],
        ['B', 20],
      ],
      numberFormats: [
        ['General', '0%'],
        ['@', '#,##0'],
      ],
      merges: ['A2:A3'],
    });
    expect(rowsOfSheet(before).values).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('rows past the rectangle extend it (empty rows in between), a wider row widens it', () => {
    const after = withRows(base(), 5, [['d', 4, 'wide']], [['General', 'General', '@']]);
    expect([after.rowCount, after.columnCount]).toEqual([4, 3]);
    expect(rowsOfSheet(after)).toMatchObject({
      values: [
        ['a', 1, null],
        ['b', 2, null],
        [null, null, null],
        ['d', 4, 'wide'],
      ],
      numberFormats: [
        ['General', '0%', 'General'],
        ['General', '0%', 'General'],
        ['General', 'General', 'General'],
        ['General', 'General', '@'],
      ],
    });
  });
});

describe('SheetGrid', () => {
  it('reads every cell of a merged area as its top-left value', () => {
    const grid = new SheetGrid(
      sheet({
        values: [
          ['item', 'kpi', null],
          [null, null, 3],
          [null, 'x', 4],
        ],
        merges: ['A1:A3', 'B1:B2'],
      }),
    );
    expect([1, 2, 3].map((r) => grid.value(r, 1))).toEqual(['item', 'item', 'item']);
    expect([grid.value(2, 2), grid.value(3, 2)]).toEqual(['kpi', 'x']);
    expect([grid.raw(2, 1), grid.text(3, 1), grid.text(1, 3)]).toEqual([null, 'item', '']);
    expect([grid.isMergedContinuation(1, 1), grid.isMergedContinuation(3, 1)]).toEqual([false, true]);
    expect(grid.isMergedAcross(3, 1)).toBe(false);
  });

  it('tells a section row merged across from a cell merged down', () => {
    const grid = new SheetGrid(sheet({ values: [['【基本目標1】', null, null]], merges: ['A1:C1'] }));
    expect([grid.isMergedAcross(1, 2), grid.isMergedAcross(1, 3), grid.value(1, 3)]).toEqual([
      true,
      true,
      '【基本目標1】',
    ]);
  });

  it('works in Excel coordinates when the used range does not start at A1', () => {
    const grid = new SheetGrid(
      sheet({
        startRow: 5,
        startColumn: 3,
        values: [
          ['a', 'b'],
          [null, null],
        ],
        merges: ['C5:C6', 'D5:D6'],
      }),
    );
    expect([grid.value(6, 3), grid.value(6, 4), grid.value(5, 2), grid.value(7, 3)]).toEqual([
      'a',
      'b',
      null,
      null,
    ]);
    expect(grid.numberFormat(6, 3)).toBe('General');
  });

  it('keeps the number format of the merged area and of plain cells', () => {
    const grid = new SheetGrid(
      sheet({
        values: [[0.5], [null]],
        numberFormats: [['0.0%'], ['General']],
        merges: ['A1:A2'],
      }),
    );
    expect([grid.numberFormat(1, 1), grid.numberFormat(2, 1)]).toEqual(['0.0%', '0.0%']);
  });

  it('resolves a number format through a merged area away from A1, General outside the rectangle', () => {
    const grid = new SheetGrid(
      sheet({
        startRow: 4,
        startColumn: 2,
        values: [
          [0.25, null, 7],
          [null, null, null],
        ],
        numberFormats: [
          ['0.0%', '@', '#,##0'],
          ['General', 'yyyy/mm/dd', '@'],
        ],
        merges: ['B4:C5', 'D3:D5'],
      }),
    );
    expect([2, 3].flatMap((c) => [4, 5].map((r) => grid.numberFormat(r, c)))).toEqual([
      '0.0%',
      '0.0%',
      '0.0%',
      '0.0%',
    ]);
    // D3's format is not in the rectangle: the cells it covers read as General, D4 included.
    expect([grid.numberFormat(4, 4), grid.numberFormat(5, 4), grid.numberFormat(6, 2)]).toEqual([
      'General',
      'General',
      'General',
    ]);
    expect(new SheetGrid(sheet({ values: [[1]], merges: ['A1:B1'] })).numberFormat(1, 2)).toBe('General');
  });

  it('marks cells of an area whose top-left lies above the used range as merged, with no value', () => {
    const grid = new SheetGrid(sheet({ startRow: 3, values: [['x'], [null]], merges: ['A1:A4'] }));
    expect([grid.isMergedContinuation(3, 1), grid.value(3, 1), grid.value(4, 1)]).toEqual([true, null, null]);
  });

  it('reads a merged area reaching far beyond the used range without walking it (a hostile A1:XFD1048576)', () => {
    const grid = new SheetGrid(
      sheet({
        values: [
          ['big', null],
          [null, null],
        ],
        merges: ['A1:XFD1048576'],
      }),
    );
    expect([grid.value(2, 2), grid.isMergedContinuation(2, 1)]).toEqual(['big', true]);
  });
});
