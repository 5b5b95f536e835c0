import { describe, expect, it } from 'vitest';
import { parseTarget, resolveSpan, resolveTarget, targetDirectionConflict } from './targets';

describe('parseTarget', () => {
  it.each([
    ['120,000', { kind: 'level', operator: 'eq', value: 120000, unit: null }],
    ['25%増(対H25年比)', { kind: 'change', operator: 'increase', value: 25, unit: '%', direction: 'up' }],
    ['5%縮小(対H26年比)', { kind: 'change', operator: 'decrease', value: 5, unit: '%', direction: 'down' }],
    ['0.2%未満', { kind: 'bound', operator: 'lt', value: 0.2, unit: '%' }],
    ['18.0%以下', { kind: 'bound', operator: 'lte', value: 18, unit: '%' }],
    ['70%以上', { kind: 'bound', operator: 'gte', value: 70, unit: '%' }],
    ['4万人以上の維持', { kind: 'maintain', operator: 'gte', value: 4, unit: '万人' }],
    ['ゼロ名維持', { kind: 'maintain', operator: 'lte', value: 0, unit: '人' }],
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
    ['5年で50人増加', { kind: 'change', operator: 'increase', value: 50, unit: '人', horizonYears: 5 }],
    [
      '5年で1.49とし0.12ポイント向上',
      {
        kind: 'change',
        value: 0.12,
        unit: 'ポイント',
        level: { value: 1.49 },
        horizonYears: 5,
        span: { kind: 'years', years: 5, from: null, to: null },
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
    expect(parseTarget(0.7, '0%')).toMatchObject({ kind: 'level', value: 70, unit: '%' });
  });

  // Invented phrasing (no real town's numbers): every form the issue lists, with kind, value, unit, span.
  it.each([
    ['5年で40社', { kind: 'cumulative', value: 40, unit: '社', span: { kind: 'years', years: 5 } }],
    [
      '計画期間中に12事業者',
      { kind: 'cumulative', value: 12, unit: '事業者', span: { kind: 'plan-period' } },
    ],
    [
      '計画期間中に30人増加',
      { kind: 'change', operator: 'increase', value: 30, span: { kind: 'plan-period' } },
    ],
    ['年間120件', { kind: 'annual', value: 120, unit: '件', qualifiers: ['年間'] }],
    ['毎年度8回', { kind: 'annual', value: 8, unit: '回', qualifiers: ['毎年度'] }],
    ['30件/年', { kind: 'annual', value: 30, unit: '件' }],
    ['累計500件', { kind: 'cumulative', value: 500, unit: '件', qualifiers: ['累計'] }],
    ['総額3億円', { kind: 'cumulative', value: 3, unit: '億円', qualifiers: ['総額'] }],
    ['5年で延べ2,400人', { kind: 'cumulative', value: 2400, unit: '人', qualifiers: ['延べ'] }],
    // 延べ alone counts repeat visits within one year: a level, unless its period is a range.
    ['延べ1,200人', { kind: 'level', value: 1200, unit: '人', qualifiers: ['延べ'] }],
    ['5年で80%', { kind: 'level', value: 80, unit: '%', span: { kind: 'years', years: 5 } }],
    [
      '2.1とし0.3ポイント低下',
      { kind: 'change', operator: 'decrease', value: 0.3, unit: 'ポイント', level: { value: 2.1 } },
    ],
    [
      '800人減少を抑制し9,200人確保',
      {
        kind: 'bound',
        operator: 'gte',
        value: 9200,
        unit: '人',
        change: { operator: 'decrease', value: 800 },
      },
    ],
    ['9,200人確保', { kind: 'bound', operator: 'gte', value: 9200, unit: '人' }],
    ['ゼロ', { kind: 'level', value: 0, unit: null }],
    ['ゼロ達成', { kind: 'level', value: 0 }],
    ['0件', { kind: 'level', value: 0, unit: '件' }],
    ['90%を維持', { kind: 'maintain', operator: 'gte', value: 90, unit: '%' }],
    ['5カ所', { kind: 'level', value: 5, unit: '箇所' }],
    ['7箇所', { kind: 'level', value: 7, unit: '箇所' }],
    ['12事業者', { kind: 'level', value: 12, unit: '事業者' }],
    ['3団体', { kind: 'level', value: 3, unit: '団体' }],
    ['4地区', { kind: 'level', value: 4, unit: '地区' }],
    ['30日間', { kind: 'level', value: 30, unit: '日' }],
    ['100世帯', { kind: 'level', value: 100, unit: '世帯' }],
    ['6回', { kind: 'level', value: 6, unit: '回' }],
    ['10社', { kind: 'level', value: 10, unit: '社' }],
    ['3校', { kind: 'level', value: 3, unit: '校' }],
    ['男女50人', { kind: 'level', value: 50, unit: '人', qualifiers: ['男女'] }],
    ['各3回', { kind: 'level', value: 3, unit: '回', qualifiers: ['各'] }],
    ['100%を目指す', { kind: 'level', value: 100, unit: '%' }],
  ])('reads the form %s', (text, expected) => {
    expect(parseTarget(text)).toMatchObject({ text, ...expected });
  });

  it('takes the kind and span a target period implies', () => {
    expect(parseTarget('2,000', null, 'H27-31年度累計')).toMatchObject({
      kind: 'cumulative',
      span: { kind: 'years', years: 5, from: 2015, to: 2019 },
    });
    expect(parseTarget('196', null, '2年間累計')).toMatchObject({
      kind: 'cumulative',
      span: { kind: 'years', years: 2, from: null, to: null },
    });
    expect(parseTarget('50', null, 'H27-31の各年')).toMatchObject({
      kind: 'annual',
      span: { kind: 'years', from: 2015, to: 2019 },
    });
    expect(parseTarget('5年で50人増加', null, 'R11年度')).toMatchObject({
      kind: 'change',
      span: { kind: 'years', years: 5, from: 2025, to: 2029 },
    });
    expect(parseTarget('延べ1,200人', null, 'R7-R11年度')).toMatchObject({
      kind: 'cumulative',
      span: { from: 2025, to: 2029 },
    });
    // A level of one year stays a level.
    expect(parseTarget('120,000', null, 'H31年')).toMatchObject({ kind: 'level', span: null });
  });

  it('resolves a span against the plan period', () => {
    const plan = { from: 2025, to: 2029 };
    expect(resolveSpan(parseTarget('計画期間中に12事業者').span, plan)).toEqual({ ...plan, years: 5 });
    expect(resolveSpan(parseTarget('累計500件', null, 'R10年度').span, plan)).toEqual({
      from: 2025,
      to: 2028,
      years: 4,
    });
    expect(resolveSpan(parseTarget('計画期間中に12事業者').span, null)).toBeNull();
  });

  it.each([
    ['がんばる', 'unrecognized'],
    ['5年でがんばる', 'unrecognized'],
    ['1.49とし大きく向上', 'unrecognized'],
    ['年間たくさん', 'unrecognized'],
    ['25%増(対来年比)', 'bad-base-period'],
    ['12ダース', 'unknown-unit'],
  ])('returns %s as unparsed (%s)', (text, reason) => {
    expect(parseTarget(text)).toMatchObject({ kind: 'unparsed', reason });
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
  ] as const)('%s with the direction %s → %j', (text, direction, expected) => {
    expect(targetDirectionConflict(text, direction)).toEqual(expected);
  });
});
