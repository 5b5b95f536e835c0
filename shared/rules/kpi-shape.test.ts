import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '../strategy/bundled/index';
import { validateKpiRows } from '../engine/validate';
import { periodProblemTexts } from '../domain/messages';
import type { KpiRow } from '../templates/kpi';

const strategy = bundledStrategies.get('kushiro-1')!;
const row = (kind: KpiRow['kind'], period: string): KpiRow => ({
  policy: 'ア 持続的成長を目指した水産業の振興',
  kpi: '・釧路港年間水揚量',
  kind,
  period,
  value: kind === 'target' ? '120,000' : 114977,
  unit: 'トン',
  department: '水産課',
});
const periodFindings = (actualPeriod: string) =>
  validateKpiRows(
    [row('baseline', 'H26年'), row('actual', actualPeriod), row('target', 'H31年')],
    strategy,
  ).findings.filter((f) => f.rule === 'kpi.period-invalid');

describe('kpi.period-invalid says why the period cannot be read', () => {
  it.each([
    ['R5年13月', 'bad-date'],
    ['31年度', 'era-missing'],
    ['H31-27年度', 'reversed-range'],
    ['そのうち', 'unrecognized'],
    ['-', 'missing'],
  ] as const)('実績値 %s → the reason %s', (period, reason) => {
    const [found, ...more] = periodFindings(period);
    expect(more).toEqual([]);
    expect(found?.message).toContain(periodProblemTexts[reason].ja);
    expect(found?.messageEn).toContain(periodProblemTexts[reason].en);
  });
});
