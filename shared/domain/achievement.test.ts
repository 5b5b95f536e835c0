import { describe, expect, it } from 'vitest';
import {
  boundAchievement,
  changeAchievement,
  computeAchievement,
  cumulativeAchievement,
  levelAchievement,
  maintainAchievement,
  qualitativeAchievement,
} from './achievement';
import { DEFAULT_GRADE_SCALE, GRADE_SCALES, GradeScaleSchema, gradeOf } from './grades';

describe('computeAchievement', () => {
  it('gives both formulas with the arithmetic written out (base 100, target 110, actual 105)', () => {
    const base = { actual: 105, target: 110, baseline: 100, direction: 'up' as const };
    expect(computeAchievement({ ...base, formula: 'ratio' })).toMatchObject({
      kind: 'rate',
      formula: 'ratio',
      rate: expect.closeTo(105 / 110, 10),
      met: false,
      expression: '105 ÷ 110 = 95.5%',
    });
    expect(computeAchievement({ ...base, formula: 'progress' })).toMatchObject({
      kind: 'rate',
      formula: 'progress',
      rate: 0.5,
      expression: '(105 − 100) ÷ (110 − 100) = 50.0%',
    });
  });

  it('uses progress when a baseline is known and ratio otherwise', () => {
    expect(computeAchievement({ actual: 105, target: 110, baseline: 100, direction: 'up' })).toMatchObject({
      formula: 'progress',
    });
    expect(computeAchievement({ actual: 105, target: 110, direction: 'up' })).toMatchObject({
      formula: 'ratio',
    });
  });

  it('handles down-is-good KPIs (待機児童数 55 → 28, target 10)', () => {
    expect(computeAchievement({ actual: 28, target: 10, baseline: 55, direction: 'down' })).toMatchObject({
      rate: 0.6,
      met: false,
      expression: '(28 − 55) ÷ (10 − 55) = 60.0%',
    });
    expect(computeAchievement({ actual: 20, target: 10, direction: 'down' })).toMatchObject({
      formula: 'ratio',
      rate: 0.5,
      expression: '10 ÷ 20 = 50.0%',
    });
  });

  it('never divides by zero: a target of 0, a target equal to the base, an actual of 0', () => {
    expect(computeAchievement({ actual: 0, target: 0, direction: 'down', formula: 'ratio' })).toMatchObject({
      kind: 'binary',
      reason: 'zero-target',
      met: true,
      expression: '目標 0: 0 ≤ 0',
    });
    expect(computeAchievement({ actual: 3, target: 0, direction: 'down', formula: 'ratio' })).toMatchObject({
      kind: 'binary',
      met: false,
      expression: '目標 0: 3 > 0',
    });
    expect(
      computeAchievement({ actual: 540, target: 554, baseline: 554, direction: 'maintain' }),
    ).toMatchObject({
      kind: 'binary',
      reason: 'target-equals-baseline',
      met: false,
    });
    expect(computeAchievement({ actual: 0, target: 5, direction: 'down', formula: 'ratio' })).toMatchObject({
      kind: 'binary',
      reason: 'zero-actual',
      met: true,
    });
  });

  it('keeps a maintained level within the tolerance (±3 %)', () => {
    const r = computeAchievement({
      actual: 540,
      target: 554,
      baseline: 554,
      direction: 'maintain',
      tolerance: 0.03,
    });
    expect(r).toMatchObject({ kind: 'binary', met: true });
  });

  it('pro-rates a cumulative target by elapsed years (year 2 of 5 → 2/5 of 2,000)', () => {
    expect(
      computeAchievement({
        actual: 746,
        target: 2000,
        baseline: 381,
        direction: 'up',
        cumulative: { fromYear: 2015, toYear: 2019, asOfYear: 2016 },
      }),
    ).toMatchObject({
      kind: 'rate',
      formula: 'ratio',
      target: 800,
      rate: 746 / 800,
      proRated: { elapsedYears: 2, totalYears: 5 },
      expression: '746 ÷ 800 = 93.3%',
    });
    expect(
      computeAchievement({
        actual: 1,
        target: 10,
        direction: 'up',
        cumulative: { fromYear: 2015, toYear: 2019, asOfYear: 2014 },
      }),
    ).toEqual({ kind: 'unavailable', reason: 'not-started' });
  });

  it('reports missing inputs as values', () => {
    expect(computeAchievement({ actual: 1, target: 2, direction: 'up', formula: 'progress' })).toEqual({
      kind: 'unavailable',
      reason: 'no-baseline',
    });
    expect(computeAchievement({ actual: Number.NaN, target: 2, direction: 'up' })).toEqual({
      kind: 'unavailable',
      reason: 'not-finite',
    });
  });
});

describe('grades', () => {
  const at = (percent: number) =>
    computeAchievement({ actual: percent, target: 100, direction: 'up', formula: 'ratio' });

  it.each([
    [120, '◎'],
    [100, '◎'],
    [99.9, '○'],
    [79.96, '○'],
    [50, '△'],
    [12, '×'],
  ])('grades %s percent as %s on the default scale', (percent, label) => {
    expect(gradeOf(at(percent)).label).toBe(label);
  });

  it('grades met / not met without a rate as 100 % / the lowest grade', () => {
    const met = computeAchievement({ actual: 0, target: 0, direction: 'down', formula: 'ratio' });
    const missed = computeAchievement({ actual: 2, target: 0, direction: 'down', formula: 'ratio' });
    expect(gradeOf(met).label).toBe('◎');
    expect(gradeOf(missed).label).toBe('×');
    expect(gradeOf({ kind: 'unavailable', reason: 'no-baseline' })).toEqual({ label: '−', meaning: null });
  });

  it('applies other scales as data', () => {
    const ad = GRADE_SCALES.find((s) => s.id === 'a-d')!;
    expect([115, 105, 60, 10].map((p) => gradeOf(at(p), ad).label)).toEqual(['A', 'B', 'C', 'D']);
    const sabc = GRADE_SCALES.find((s) => s.id === 'sabc')!;
    expect([100, 85, 55, 5].map((p) => gradeOf(at(p), sabc).label)).toEqual(['S', 'A', 'B', 'C']);
    for (const s of GRADE_SCALES) expect(GradeScaleSchema.parse(s)).toEqual(s);
    expect(DEFAULT_GRADE_SCALE.id).toBe('marks');
  });
});

describe('achievement by target kind', () => {
  it('pro-rates a cumulative target by elapsed years and keeps the plain progress', () => {
    // Year 2 of 4: 150 ÷ (600 × 2/4 = 300) = 50 %; plain 150 ÷ 600 = 25 %.
    expect(cumulativeAchievement({ total: 150, target: 600, elapsedYears: 2, totalYears: 4 })).toMatchObject({
      kind: 'rate',
      rate: 0.5,
      plainProgress: 0.25,
      target: 300,
      proRated: { elapsedYears: 2, totalYears: 4 },
      expression: '150 ÷ (600 × 2/4年) = 50.0%',
    });
    expect(cumulativeAchievement({ total: 10, target: 600, elapsedYears: 0, totalYears: 4 })).toEqual({
      kind: 'unavailable',
      reason: 'not-started',
    });
  });

  it('judges a missed floor as not met, never as a ratio above 100 %', () => {
    const missed = boundAchievement(7_700, 7_800, 'gte');
    expect(missed).toMatchObject({ kind: 'binary', reason: 'bound', met: false });
    expect(gradeOf(missed).label).toBe('×');
    expect(maintainAchievement(0, 0, 'lte')).toMatchObject({ kind: 'binary', reason: 'maintain', met: true });
  });

  it('uses the ratio for levels and the progress for changes', () => {
    expect(levelAchievement(45, 60, 'up')).toMatchObject({ rate: 0.75 }); // 45 ÷ 60
    expect(levelAchievement(12, 9, 'down')).toMatchObject({ rate: 0.75 }); // 9 ÷ 12
    expect(changeAchievement(46, 40, 60, 'up')).toMatchObject({ rate: 0.3 }); // 6 ÷ 20
  });

  it('leaves a qualitative KPI to the planning office: no rate, an empty grade that says why', () => {
    expect(gradeOf(qualitativeAchievement())).toEqual({
      label: '',
      meaning: { ja: '企画課が評価', en: 'graded by the planning office' },
    });
  });
});
