import { describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  rowsOfSheet,
  sheetFromRows,
  validateWorkbook,
  type WorkbookSnapshot,
} from '#shared';
import { buildKpiWorkbook } from '../../../tests/fixtures/kpi-book';
import { goal1 } from '../../../tests/fixtures/kpi-seed';
import { snapshotOf } from '../../../tests/fixtures/snapshot';
import { recheck } from './recheck';

const strategy = bundledStrategies.get('kushiro-1')!;

async function snapshot(): Promise<WorkbookSnapshot> {
  return snapshotOf(await buildKpiWorkbook([goal1]));
}

function edit(book: WorkbookSnapshot, row: number, column: number, value: string): WorkbookSnapshot {
  const [first, ...rest] = book.sheets;
  const rows = rowsOfSheet(first!);
  rows.values[row - 1]![column - 1] = value;
  return { sheets: [sheetFromRows(rows), ...rest] };
}

describe('recheck (live re-check of edited rows only)', () => {
  it('gives the same findings as validating the whole book, after breaking and after fixing a cell', async () => {
    const clean = await snapshot();
    const before = validateWorkbook(clean, strategy).sheets;
    expect(before[0]!.findings.filter((f) => f.severity === 'error')).toEqual([]);

    const broken = edit(clean, 7, 5, '114,977トン');
    const change = [{ sheet: 'KPI', firstRow: 7, lastRow: 7 }];
    const afterBreak = recheck(broken, strategy, change, before);
    expect(afterBreak[0]!.findings).toEqual(validateWorkbook(broken, strategy).sheets[0]!.findings);
    expect(afterBreak[0]!.findings.some((f) => f.cell === 'E7' && f.rule === 'value.not-number')).toBe(true);

    const fixed = edit(broken, 7, 5, '114,977');
    const afterFix = recheck(fixed, strategy, change, afterBreak);
    expect(afterFix[0]!.findings).toEqual(validateWorkbook(fixed, strategy).sheets[0]!.findings);
  });

  it('falls back to the whole sheet when an edit changes which template the sheet is', async () => {
    const clean = await snapshot();
    const before = validateWorkbook(clean, strategy).sheets;
    const noHeader = edit(clean, 3, 1, 'メモ');
    const after = recheck(noHeader, strategy, [{ sheet: 'KPI', firstRow: 3, lastRow: 3 }], before);
    expect(after[0]!.template).toBe(validateWorkbook(noHeader, strategy).sheets[0]!.template);
  });
});
