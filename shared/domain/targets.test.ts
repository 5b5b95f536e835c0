import { describe, expect, it } from 'vitest';
import { parseTarget, resolveTarget, targetDirectionConflict } from './targets';

describe('parseTarget', () => {
  it.each([
    ['120,000', { kind: 'absolute', operator: 'eq', value: 120000, unit: null }],
    ['25%増(対H25年比)', { kind: 'relative', operator: 'increase', value: 25, unit: '%', direction: 'up' }],
    ['5%縮小(対H26年比)', { kind: 'relative', operator: 'decrease', value: 5, unit: '%', direction: 'down' }],
    ['0.2%未満', { kind: 'bound', operator: 'lt', value: 0.2, unit: '%' }],
    ['18.0%以下', { kind: 'bound', operator: 'lte', value: 18, unit: '%' }],
    ['70%以上', { kind: 'bound', operator: 'gte', value: 70, unit: '%' }],
    ['4万人以上の維持', { kind: 'maintain', operator: 'gte', value: 4, unit: '万人' }],
    ['ゼロ名維持', { kind: 'maintain', operator: 'lte', value: 0, unit: '名' }],
    [
      '現状輸送規模を維持',
      {
        kind: 'maintain',
        operator: 'maintain',
        subject: '輸送規模',
        base: { kind: 'current', text: '現状' },
      },
    ],
    ['現行体制を維持', { kind: 'maintain', subject: '体制', base: { kind: 'current', text: '現行' } }],
    ['患者満足度を高める', { kind: 'qualitative', direction: 'up', subject: '患者満足度' }],
    ['看護師の維持又は増加', { kind: 'qualitative', direction: 'up', subject: '看護師' }],
    ['5年で50人増加', { kind: 'relative', operator: 'increase', value: 50, unit: '人', horizonYears: 5 }],
    [
      '5年で1.49とし0.12ポイント向上',
      {
        kind: 'absolute',
        value: 1.49,
        horizonYears: 5,
        change: { operator: 'increase', value: 0.12, unit: 'ポイント' },
      },
    ],
    ['基準年', { kind: 'reference' }],
    ['-', { kind: 'none' }],
    ['…', { kind: 'unknown' }],
  ])('reads %s', (text, expected) => {
    expect(parseTarget(text)).toMatchObject({ text, ...expected });
  });

  it('keeps the base reference with its period', () => {
    const t = parseTarget('10%増(H26年度末対比)');
    expect(t.base).toMatchObject({
      kind: 'period',
      period: { kind: 'point', point: { fiscalYear: 2014, end: true } },
    });
  });

  it('reads a 0.7 cell formatted as a percentage as 70 %', () => {
    expect(parseTarget(0.7, '0%')).toMatchObject({ kind: 'absolute', value: 70, unit: '%' });
  });

  it.each([
    ['がんばる', 'unrecognized'],
    ['25%増(対来年比)', 'bad-base-period'],
    ['12ダース', 'unknown-unit'],
  ])('returns %s as invalid (%s)', (text, reason) => {
    expect(parseTarget(text)).toMatchObject({ kind: 'invalid', reason });
  });
});

describe('resolveTarget', () => {
  it('computes a % increase on the baseline and writes the formula', () => {
    expect(resolveTarget(parseTarget('25%増(対H25年比)'), { unit: '万円', baseline: 972848 })).toEqual({
      kind: 'numeric',
      comparison: 'gte',
      value: 1216060,
      unit: '万円',
      formula: '972,848 × (1 + 25%) = 1,216,060',
    });
  });

  it('computes a % decrease as an upper bound', () => {
    expect(resolveTarget(parseTarget('5%縮小(対H26年比)'), { unit: '人', baseline: 1000 })).toMatchObject({
      comparison: 'lte',
      value: 950,
    });
  });

  it('converts 4万人 into the KPI unit 人', () => {
    expect(resolveTarget(parseTarget('4万人以上の維持'), { unit: '人', baseline: 41481 })).toMatchObject({
      comparison: 'gte',
      value: 40000,
    });
  });

  it('adds amounts and points to the baseline', () => {
    expect(resolveTarget(parseTarget('5年で50人増加'), { unit: '人', baseline: 120 })).toMatchObject({
      value: 170,
    });
    expect(resolveTarget(parseTarget('0.12ポイント向上'), { unit: '%', baseline: 1.37 })).toMatchObject({
      value: 1.49,
    });
  });

  it('keeps the current level for 現状維持 and needs a baseline for it', () => {
    expect(resolveTarget(parseTarget('現状輸送規模を維持'), { unit: '万人', baseline: 554 })).toMatchObject({
      comparison: 'gte',
      value: 554,
    });
    expect(resolveTarget(parseTarget('現状輸送規模を維持'), { unit: '万人', baseline: null })).toEqual({
      kind: 'unresolved',
      reason: 'no-baseline',
    });
  });

  it('reads an absolute target of a down-is-good KPI as an upper bound', () => {
    expect(resolveTarget(parseTarget('0'), { unit: '人', baseline: 55, direction: 'down' })).toMatchObject({
      comparison: 'lte',
      value: 0,
    });
  });

  it('refuses units that do not convert, and qualitative targets', () => {
    expect(resolveTarget(parseTarget('4万人以上の維持'), { unit: '件', baseline: 1 })).toEqual({
      kind: 'unresolved',
      reason: 'unit-mismatch',
    });
    expect(resolveTarget(parseTarget('患者満足度を高める'), { unit: '%', baseline: 91.8 }).kind).toBe(
      'unresolved',
    );
  });
});

describe('targetDirectionConflict', () => {
  it.each([
    ['0.3ポイント向上', 'down', { phrase: 'up', kpi: 'down' }],
    ['2.5とし0.3ポイント低下', 'up', { phrase: 'down', kpi: 'up' }],
    ['0.5%未満', 'up', { phrase: 'down', kpi: 'up' }],
    ['60%以上', 'down', { phrase: 'up', kpi: 'down' }],
    ['0.3ポイント向上', 'up', null],
    ['0.5%未満', 'down', null],
    ['7,500', 'down', null],
    ['0.3ポイント向上', 'maintain', null],
    ['0.3ポイント向上', undefined, null],
  ] as const)('%s on a %s KPI → %j', (text, direction, expected) => {
    expect(targetDirectionConflict(text, direction)).toEqual(expected);
  });
});
