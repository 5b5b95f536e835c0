import { describe, expect, it } from 'vitest';
import { SheetGrid, type SheetSnapshot } from './snapshot';

const sheet = (over: Partial<SheetSnapshot>): SheetSnapshot => ({
  name: 'S',
  startRow: 1,
  startColumn: 1,
  values: [],
  merges: [],
  ...over,
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
