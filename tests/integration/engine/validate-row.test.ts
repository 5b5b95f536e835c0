import { beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies, sheetFromRows, validate, validateRow, type WorkbookSnapshot } from '#shared';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { seedKpiTable } from '../../fixtures/kpi-seed';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressGoal1 } from '../../fixtures/progress-seed';
import { keys, snapshotOf, withCell } from '../../fixtures/snapshot';

const kushiro1 = bundledStrategies.get('kushiro-1')!;
const kushiro2 = bundledStrategies.get('kushiro-2')!;
let kpiBook: WorkbookSnapshot;

beforeAll(async () => {
  kpiBook = await snapshotOf(await buildKpiWorkbook(seedKpiTable, 'KPI', { numbers: true }));
});

describe('validateRow: live re-check of one edited row', () => {
  it('re-checks the KPI the row belongs to and reports its rows and findings only', () => {
    const rows = validate(kpiBook, kushiro1).sheets[0]!.kpiRows;
    const actual = rows.find((r) => r.kpi === '・生乳生産量' && r.kind === 'actual')!;
    const clean = validateRow(kpiBook.sheets[0]!, actual.row, kushiro1);
    expect(clean).toEqual({
      template: 'kpi',
      rows: { first: actual.row - 1, last: actual.row + 1 },
      findings: [],
    });

    const edited = withCell(kpiBook, 'KPI', actual.cells.value!, '70,213トン');
    const check = validateRow(edited.sheets[0]!, actual.row, kushiro1);
    expect(keys(check.findings)).toEqual([`value.not-number@${actual.cells.value}`]);
    // The same finding the whole-book validation gives for that row.
    const whole = validate(edited, kushiro1).sheets[0]!.findings.filter(
      (f) => f.row !== null && f.row >= check.rows!.first && f.row <= check.rows!.last,
    );
    expect(check.findings).toEqual(whole);
  });

  it('compares a restated KPI with its first listing in the sheet', () => {
    const rows = validate(kpiBook, kushiro1).sheets[0]!.kpiRows;
    const restated = rows.filter((r) => r.kpi === '・釧路空港乗降客数' && r.kind === 'actual')[1]!;
    const edited = withCell(kpiBook, 'KPI', restated.cells.value!, 70);
    expect(keys(validateRow(edited.sheets[0]!, restated.row, kushiro1).findings)).toEqual([
      `kpi.restatement-mismatch@${restated.cells.value}`,
    ]);
  });

  it('re-checks one department row of a progress report', async () => {
    const book = await snapshotOf(await buildProgressWorkbook([progressGoal1]));
    const rows = validate(book, kushiro2).sheets[0]!.progress!.rows;
    const row = rows.find((r) => r.department === '農林課')!;
    const check = validateRow(book.sheets[0]!, row.row, kushiro2);
    expect(check.rows).toEqual({ first: row.row, last: row.row });
    expect(keys(check.findings)).toEqual([`progress.plan-past-tense@${row.cells.plan}`]);
  });

  it('returns nothing for a row outside any unit (a title row) or an unrecognized sheet', () => {
    expect(validateRow(kpiBook.sheets[0]!, 1, kushiro1)).toEqual({
      template: 'kpi',
      rows: null,
      findings: [],
    });
    const notes = sheetFromRows({ name: 'メモ', values: [['打合せメモ']] });
    expect(validateRow(notes, 1, kushiro1)).toEqual({ template: 'unknown', rows: null, findings: [] });
  });
});
