import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '#shared';
import { buildKpiWorkbook } from '../../../tests/fixtures/kpi-book';
import { seedKpiTable } from '../../../tests/fixtures/kpi-seed';
import { buildProgressWorkbook } from '../../../tests/fixtures/progress-book';
import { progressReport } from '../../../tests/fixtures/progress-seed';
import { analyzeWorkbook } from './analyze';

const task = (bytes: Buffer, strategy: string) => ({
  bytes: new Uint8Array(bytes),
  maxBytes: 20 * 1024 * 1024,
  strategy: bundledStrategies.get(strategy)!,
  options: {},
});

describe('analyzeWorkbook', () => {
  it('returns the cells of progress sheets only: a KPI表 is not copied back from the worker', async () => {
    const kpi = await analyzeWorkbook(task(await buildKpiWorkbook(seedKpiTable), 'kushiro-1'));
    if (!kpi.ok) throw new Error(kpi.problem.message.en);
    expect(kpi.sheets.map((s) => Boolean(s.kpiRows.length))).toEqual([true]);
    expect(kpi.snapshot.sheets).toEqual([]);
    const progress = await analyzeWorkbook(task(await buildProgressWorkbook(progressReport), 'kushiro-2'));
    if (!progress.ok) throw new Error(progress.problem.message.en);
    expect(progress.snapshot.sheets.map((s) => s.name)).toEqual(['進捗報告']);
  });
});
