import { describe, expect, it } from 'vitest';
import { eraOf, fiscalYearOf, parsePeriod, periodYears, type Period } from './periods';

const point = (p: Period) => {
  if (p.kind !== 'point') throw new Error(`expected a point, got ${p.kind}`);
  return p.point;
};

describe('parsePeriod', () => {
  it('reads H31年度, R1年度, 令和元年度 and 2019年度 as the same fiscal year', () => {
    for (const text of ['H31年度', 'R1年度', '令和元年度', '平成31年度', '2019年度', 'Ｈ３１年度']) {
      const p = point(parsePeriod(text));
      expect(p).toMatchObject({
        basis: 'fiscal',
        year: 2019,
        fiscalYear: 2019,
        start: '2019-04-01',
        until: '2020-03-31',
      });
    }
  });

  it('accepts 平成32年度 as FY2020 with an obsolete-era warning', () => {
    const p = parsePeriod('平成32年度');
    expect(point(p).fiscalYear).toBe(2020);
    expect(p.warnings).toEqual([{ code: 'obsolete-era', written: '平成32', year: 2020, current: '令和2' }]);
    expect(parsePeriod('H31年度').warnings).toEqual([]);
  });

  it('tells 年 (calendar) from 年度 (fiscal)', () => {
    expect(point(parsePeriod('H27年'))).toMatchObject({
      basis: 'calendar',
      start: '2015-01-01',
      until: '2015-12-31',
    });
    expect(point(parsePeriod('H27年度'))).toMatchObject({
      basis: 'fiscal',
      start: '2015-04-01',
      until: '2016-03-31',
    });
  });

  it.each([
    ['H27年度末', '2016-03-31', 2015],
    ['H24年末', '2012-12-31', 2012],
    ['H27年9月末', '2015-09-30', 2015],
    ['H28.2月末', '2016-02-29', 2015],
    ['H27.2月末', '2015-02-28', 2014],
  ])('reads the end form %s as the day %s (fiscal year %i)', (text, day, fy) => {
    expect(point(parsePeriod(text))).toMatchObject({ end: true, start: day, until: day, fiscalYear: fy });
  });

  it.each([
    ['H26.6月', '2014-06-01', '2014-06-30', 2014],
    ['H28.3', '2016-03-01', '2016-03-31', 2015],
  ])('reads the month form %s', (text, start, until, fy) => {
    expect(point(parsePeriod(text))).toMatchObject({ start, until, fiscalYear: fy });
  });

  it('reads cumulative ranges with the basis written once', () => {
    const p = parsePeriod('H27-31年度累計');
    expect(p).toMatchObject({ kind: 'cumulative', years: 5 });
    expect(periodYears(p)).toEqual({ from: 2015, to: 2019 });
    if (p.kind !== 'cumulative') return;
    expect(p.from?.basis).toBe('fiscal');
  });

  it('reads open and length-only cumulative periods', () => {
    expect(parsePeriod('R2からの累計')).toMatchObject({ kind: 'cumulative', from: { year: 2020 }, to: null });
    expect(parsePeriod('H27年度までの累計')).toMatchObject({
      kind: 'cumulative',
      from: null,
      to: { year: 2015 },
    });
    expect(parsePeriod('2年間累計')).toMatchObject({ kind: 'cumulative', from: null, to: null, years: 2 });
  });

  it('reads averages, spans across eras, dates and each-year ranges', () => {
    expect(parsePeriod('H23-26年平均')).toMatchObject({
      kind: 'range',
      aggregate: 'average',
      from: { year: 2011 },
      to: { year: 2014 },
    });
    expect(parsePeriod('H27〜R1')).toMatchObject({
      kind: 'range',
      aggregate: 'span',
      from: { year: 2015 },
      to: { year: 2019 },
    });
    expect(parsePeriod('H27.7.1~H28.6.30')).toMatchObject({
      kind: 'range',
      from: { start: '2015-07-01' },
      to: { until: '2016-06-30' },
    });
    expect(parsePeriod('H27-31の各年')).toMatchObject({
      kind: 'each-year',
      from: { year: 2015 },
      to: { year: 2019 },
    });
  });

  it('keeps a vague decade vague, with the years it may mean', () => {
    expect(parsePeriod('H30年代後半')).toEqual({
      kind: 'vague',
      text: 'H30年代後半',
      basis: 'unspecified',
      approx: { from: 2023, to: 2027 },
      warnings: [],
    });
    expect(periodYears(parsePeriod('H30年代後半'))).toBeNull();
  });

  it('keeps the original text', () => {
    expect(parsePeriod(' Ｈ２７年度 ').text).toBe(' Ｈ２７年度 ');
  });

  it.each([
    ['-', 'none'],
    ['', 'empty'],
    [null, 'empty'],
  ])('reads %j as %s', (text, kind) => {
    expect(parsePeriod(text).kind).toBe(kind);
  });

  it.each([
    ['31年度', 'era-missing'],
    ['H27.13月', 'bad-date'],
    ['H27.2.30', 'bad-date'],
    ['H31-27年度', 'reversed-range'],
    ['来年度', 'unrecognized'],
    ['H27年度ごろまで', 'unrecognized'],
  ])('returns %s as invalid (%s) instead of throwing', (text, reason) => {
    expect(parsePeriod(text)).toMatchObject({ kind: 'invalid', reason, text });
  });
});

describe('eras and fiscal years', () => {
  it('labels FY2019 as 令和元 and FY2018 as 平成30', () => {
    expect(eraOf(2019)).toMatchObject({ label: '令和元', short: 'R1' });
    expect(eraOf(2018)).toMatchObject({ label: '平成30', short: 'H30' });
  });
  it('puts January–March in the previous fiscal year', () => {
    expect(fiscalYearOf(2020, 3)).toBe(2019);
    expect(fiscalYearOf(2020, 4)).toBe(2020);
  });
});
