import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '../strategy/bundled/index';
import { validateKpiRows } from '../engine/validate';
import type { KpiRow } from '../templates/kpi';

const strategy = bundledStrategies.get('kushiro-1')!;
const base: Omit<KpiRow, 'kind' | 'value'> = {
  policy: 'ア 持続的成長を目指した水産業の振興',
  kpi: '・釧路港年間水揚量',
  period: 'H27年',
  unit: 'トン',
  department: '水産課',
};

const valueFindings = (rows: KpiRow[]) =>
  validateKpiRows(rows, strategy).findings.filter((f) => f.rule === 'value.not-number');

describe('value.not-number', () => {
  it('accepts numbers written with 全角 digits and commas, and "-" for no value', () => {
    expect(
      valueFindings([
        { ...base, kind: 'baseline', value: '１１７，７７９' },
        { ...base, kind: 'actual', value: 114977 },
        { ...base, kind: 'baseline', value: '-' },
      ]),
    ).toEqual([]);
  });

  it('flags a text in a 実績値 cell, at its row, with a Japanese message', () => {
    const findings = valueFindings([
      { ...base, kind: 'baseline', value: '117,779' },
      { ...base, kind: 'actual', value: '12%縮小' },
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      row: 2,
      column: '数値',
      severity: 'error',
      rule: 'value.not-number',
    });
    expect(findings[0]!.message).toContain('実績値の数値「12%縮小」を数値として読めません');
  });

  it('suggests the digits when a unit was glued to the number', () => {
    const [f] = valueFindings([{ ...base, kind: 'actual', value: '114,977トン' }]);
    expect(f?.suggestion).toBe('114,977');
  });

  it('leaves 指標値 to the target-expression parser', () => {
    expect(valueFindings([{ ...base, kind: 'target', value: '25%増(対H25年比)' }])).toEqual([]);
  });
});

describe('value.not-number suggestions', () => {
  it('suggests nothing for a relative value, which has no digits-only fix', () => {
    const [f] = valueFindings([{ ...base, kind: 'actual', value: '12%縮小' }]);
    expect(f?.suggestion).toBeNull();
  });
});

describe('value.target-unparsed', () => {
  const targetFindings = (value: string) =>
    validateKpiRows(
      [
        { ...base, kind: 'baseline', value: '100' },
        { ...base, kind: 'actual', value: '110' },
        { ...base, kind: 'target', period: 'H31年', value },
      ],
      strategy,
    ).findings.filter((f) => f.rule === 'value.target-unparsed' || f.rule === 'kpi.target-invalid');

  it('warns on a target form it cannot read, naming why', () => {
    const findings = targetFindings('がんばる');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'value.target-unparsed', severity: 'warning', row: 3 });
    expect(findings[0]!.message).toContain('目標として読めません');
  });

  it('passes every form the target parser reads', () => {
    for (const value of ['120,000', '累計500件', '年間120件', '5年で40社', '800人減少を抑制し9,200人確保'])
      expect(targetFindings(value)).toEqual([]);
  });

  it('leaves an empty target to kpi.target-invalid', () => {
    expect(targetFindings('  ').map((f) => f.rule)).toEqual(['kpi.target-invalid']);
  });
});
