import { normalizeNumeric } from '../normalize/text';

/**
 * Periods as KPI tables write them (年・年度 column): era or Western years, 年 (calendar year) or
 * 年度 (fiscal year, 1 April – 31 March, 地方自治法 §208), month forms, year ends, ranges, averages,
 * cumulative totals, each-year targets and vague decades. Every string parses to a value that keeps
 * the original text; nothing throws.
 */

export type Era = 'S' | 'H' | 'R';

/** 年度 = fiscal year, 年 = calendar year; a bare `H27` (as in `H27-31`) takes the basis of its partner. */
export type PeriodBasis = 'fiscal' | 'calendar' | 'unspecified';

export interface PeriodPoint {
  basis: PeriodBasis;
  /** Western year as written: the fiscal year for 年度, the calendar year otherwise. */
  year: number;
  month: number | null;
  day: number | null;
  /** 末: the end of the year, fiscal year or month (`H27年度末` = 2016-03-31). */
  end: boolean;
  /** Fiscal year the point falls in (a calendar year or an unspecified year counts as the same-numbered one). */
  fiscalYear: number;
  /** First and last day the point covers, ISO `YYYY-MM-DD` (the same day for 末 and for dates). */
  start: string;
  until: string;
}

export type PeriodWarning =
  /** 平成32年度: plans written before 2019 count on in the old era. Accepted as FY2020. */
  | { code: 'obsolete-era'; written: string; year: number; current: string }
  /** `H27-31` written without 年/年度: read as years, basis unknown. */
  | { code: 'basis-unspecified' };

export type PeriodProblem =
  | 'era-missing' // `31年度` with no era and nothing to inherit it from
  | 'bad-date' // month 13, day 31 of a 30-day month
  | 'reversed-range' // H31-27
  | 'unrecognized';

interface Common {
  /** The text as written. */
  text: string;
  warnings: PeriodWarning[];
}

export type Period =
  | (Common & { kind: 'point'; point: PeriodPoint })
  /** `H27-31年度`, `H27.7.1~H28.6.30` (span); `H23-26年平均` (the average over the range). */
  | (Common & { kind: 'range'; from: PeriodPoint; to: PeriodPoint; aggregate: 'span' | 'average' })
  /**
   * `H27-31年度累計`: a total over the years. `from`/`to` null when open (`R2からの累計`, `H27年度までの累計`);
   * `years` set when only a length is written (`2年間累計`).
   */
  | (Common & {
      kind: 'cumulative';
      from: PeriodPoint | null;
      to: PeriodPoint | null;
      years: number | null;
    })
  /** `H27-31の各年`: the value holds in every year of the range. */
  | (Common & { kind: 'each-year'; from: PeriodPoint; to: PeriodPoint })
  /** `H30年代後半`: no single year. `approx` is the span of years it may mean, when one can be given. */
  | (Common & { kind: 'vague'; basis: PeriodBasis; approx: { from: number; to: number } | null })
  /** `-` alone: no period (a KPI without a 現状値). */
  | { kind: 'none'; text: string; warnings: [] }
  | { kind: 'empty'; text: string; warnings: [] }
  | { kind: 'invalid'; text: string; reason: PeriodProblem; warnings: [] };

const ERA_START: Record<Era, number> = { S: 1925, H: 1988, R: 2018 };
// Last year of each era; later years are still written in old plans (平成32年度).
const ERA_LAST: Partial<Record<Era, number>> = { S: 64, H: 31 };
const ERA_KANJI: Record<Era, string> = { S: '昭和', H: '平成', R: '令和' };
const ERA_BY_NAME: Record<string, Era> = { 昭和: 'S', 平成: 'H', 令和: 'R', S: 'S', H: 'H', R: 'R' };

/** The era and era year a Western (fiscal) year is written with: 2019 → 令和元 (令和元年度 = FY2019). */
export function eraOf(year: number): { era: Era; eraYear: number; label: string; short: string } {
  const era: Era = year >= 2019 ? 'R' : year >= 1989 ? 'H' : 'S';
  const eraYear = year - ERA_START[era];
  return {
    era,
    eraYear,
    label: `${ERA_KANJI[era]}${eraYear === 1 ? '元' : eraYear}`,
    short: `${era}${eraYear}`,
  };
}

/** Western year of an era year: H31 = R1 = 2019. */
export function westernYear(era: Era, eraYear: number): number {
  return ERA_START[era] + eraYear;
}

/** Fiscal year (年度) of a calendar date: April–December belong to the same year, January–March to the previous. */
export function fiscalYearOf(year: number, month: number): number {
  return month >= 4 ? year : year - 1;
}

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

interface RawPoint {
  era: Era | null;
  yearText: string;
  month: number | null;
  day: number | null;
  basis: PeriodBasis;
  end: boolean;
  length: number;
}

const POINT =
  /^(?:(平成|令和|昭和|[HRS]))?(元|\d{1,4})(?:\.(\d{1,2})(?:\.(\d{1,2}))?(月)?(末)?|(年度)(末)?|(年)(?!度|代|間)(?:(\d{1,2})月(?:(\d{1,2})日)?)?(末)?|(月)(末)?)?/;

function readRawPoint(s: string): RawPoint | null {
  const m = POINT.exec(s);
  if (!m) return null;
  const [, eraName, yearText, dotMonth, dotDay, , dotEnd, fy, fyEnd, cy, cyMonth, cyDay, cyEnd] = m;
  // `H27年6月` style with 年 omitted before 月 is not a form clerks use; a bare `6月` is not a year.
  if (m[13]) return null;
  const basis: PeriodBasis = fy ? 'fiscal' : cy || dotMonth ? 'calendar' : 'unspecified';
  const month = dotMonth ?? cyMonth;
  const day = dotDay ?? cyDay;
  return {
    era: eraName ? ERA_BY_NAME[eraName]! : null,
    yearText: yearText!,
    month: month ? Number(month) : null,
    day: day ? Number(day) : null,
    basis,
    end: Boolean(dotEnd ?? fyEnd ?? cyEnd),
    length: m[0].length,
  };
}

type Resolved = { ok: true; point: PeriodPoint; era: Era | null } | { ok: false; reason: PeriodProblem };

function resolvePoint(
  raw: RawPoint,
  inheritedEra: Era | null,
  basis: PeriodBasis,
  warnings: PeriodWarning[],
): Resolved {
  const era = raw.era ?? inheritedEra;
  const n = raw.yearText === '元' ? 1 : Number(raw.yearText);
  let year: number;
  if (raw.era === null && raw.yearText.length === 4) year = n;
  else if (era === null) return { ok: false, reason: 'era-missing' };
  else {
    if (n < 1) return { ok: false, reason: 'bad-date' };
    year = westernYear(era, n);
    const last = ERA_LAST[era];
    if (last !== undefined && n > last)
      warnings.push({
        code: 'obsolete-era',
        written: `${ERA_KANJI[era]}${n}`,
        year,
        current: eraOf(year).label,
      });
  }
  if (year < 1900 || year > 2200) return { ok: false, reason: 'bad-date' };
  const { month, day, end } = raw;
  if (month !== null && (month < 1 || month > 12)) return { ok: false, reason: 'bad-date' };
  if (month !== null && day !== null && (day < 1 || day > daysIn(year, month)))
    return { ok: false, reason: 'bad-date' };
  let start: string;
  let until: string;
  if (month !== null && day !== null) start = until = iso(year, month, day);
  else if (month !== null) {
    until = iso(year, month, daysIn(year, month));
    start = end ? until : iso(year, month, 1);
  } else if (basis === 'fiscal') {
    until = iso(year + 1, 3, 31);
    start = end ? until : iso(year, 4, 1);
  } else {
    until = iso(year, 12, 31);
    start = end ? until : iso(year, 1, 1);
  }
  return {
    ok: true,
    era,
    point: {
      basis,
      year,
      month,
      day,
      end,
      fiscalYear: month !== null ? fiscalYearOf(year, month) : year,
      start,
      until,
    },
  };
}

const invalid = (text: string, reason: PeriodProblem): Period => ({
  kind: 'invalid',
  text,
  reason,
  warnings: [],
});

// What may follow a range `A-B`: nothing (span), 累計, 平均, 各年(度).
const RANGE_TAIL: [RegExp, 'span' | 'cumulative' | 'average' | 'each-year', PeriodBasis | null][] = [
  [/^(?:まで)?$/, 'span', null],
  [/^(?:まで)?の?累計$/, 'cumulative', null],
  [/^の?平均$/, 'average', null],
  [/^の?各年度$/, 'each-year', 'fiscal'],
  [/^の?各年$/, 'each-year', 'calendar'],
];

const DECADE_PART: Record<string, [number, number]> = {
  '': [0, 9],
  前半: [0, 4],
  初頭: [0, 2],
  中頃: [3, 6],
  半ば: [3, 6],
  中盤: [3, 6],
  後半: [5, 9],
  終盤: [7, 9],
};

/** Parses a 年・年度 cell. Never throws: unreadable text is `{ kind: 'invalid', reason }`. */
export function parsePeriod(input: string | number | boolean | null | undefined): Period {
  const text = input === null || input === undefined ? '' : String(input);
  const s = normalizeNumeric(text).replace(/\s+/g, '').toUpperCase();
  if (s === '') return { kind: 'empty', text, warnings: [] };
  if (s === '-') return { kind: 'none', text, warnings: [] };
  const warnings: PeriodWarning[] = [];

  const lengthOnly = /^(\d{1,2})(?:年間|カ年|か年|ヵ年|ケ年)の?累計$/.exec(s);
  if (lengthOnly)
    return { kind: 'cumulative', text, from: null, to: null, years: Number(lengthOnly[1]), warnings };

  const a = readRawPoint(s);
  if (!a) return invalid(text, 'unrecognized');
  let rest = s.slice(a.length);

  // Decades: `H30年代後半`, `2020年代`.
  const decade = /^年代(前半|初頭|中頃|半ば|中盤|後半|終盤)?$/.exec(rest);
  if (decade && a.basis === 'unspecified' && a.month === null) {
    const r = resolvePoint(a, null, 'unspecified', warnings);
    if (!r.ok) return invalid(text, r.reason);
    // An era decade counts from the era year's ten (H30 → H30–H39); a Western one from the year (2020–2029).
    const [lo, hi] = DECADE_PART[decade[1] ?? '']!;
    const first = r.point.year - (a.yearText.length === 4 ? r.point.year % 10 : 0);
    return {
      kind: 'vague',
      text,
      basis: 'unspecified',
      approx: { from: first + lo, to: first + hi },
      warnings,
    };
  }
  if (/^(頃|ごろ|程度|前後)$/.test(rest)) {
    const r = resolvePoint(a, null, a.basis, warnings);
    if (!r.ok) return invalid(text, r.reason);
    return {
      kind: 'vague',
      text,
      basis: a.basis,
      approx: { from: r.point.year, to: r.point.year },
      warnings,
    };
  }

  const single = /^(まで|までの?累計|からの?累計)?$/.exec(rest);
  if (single) {
    const r = resolvePoint(a, null, a.basis, warnings);
    if (!r.ok) return invalid(text, r.reason);
    if (a.basis === 'unspecified' && !single[1]) warnings.push({ code: 'basis-unspecified' });
    const tail = single[1] ?? '';
    if (tail.includes('累計'))
      return tail.startsWith('まで')
        ? { kind: 'cumulative', text, from: null, to: r.point, years: null, warnings }
        : { kind: 'cumulative', text, from: r.point, to: null, years: null, warnings };
    return { kind: 'point', text, point: r.point, warnings };
  }

  const sep = /^(-|~|から)/.exec(rest);
  if (!sep) return invalid(text, 'unrecognized');
  rest = rest.slice(sep[0].length);
  const b = readRawPoint(rest);
  if (!b) return invalid(text, 'unrecognized');
  rest = rest.slice(b.length);
  const tail = RANGE_TAIL.find(([re]) => re.test(rest));
  if (!tail) return invalid(text, 'unrecognized');
  const [, shape, tailBasis] = tail;
  // `H27-31年度`: the basis written once at the end applies to both ends.
  const basisA =
    a.basis !== 'unspecified' ? a.basis : b.basis !== 'unspecified' ? b.basis : (tailBasis ?? 'unspecified');
  const basisB = b.basis !== 'unspecified' ? b.basis : basisA;
  if (basisA === 'unspecified' && basisB === 'unspecified') warnings.push({ code: 'basis-unspecified' });
  const ra = resolvePoint(a, null, basisA, warnings);
  if (!ra.ok) return invalid(text, ra.reason);
  const rb = resolvePoint(b, ra.era, basisB, warnings);
  if (!rb.ok) return invalid(text, rb.reason);
  if (rb.point.until < ra.point.start) return invalid(text, 'reversed-range');
  const from = ra.point;
  const to = rb.point;
  switch (shape) {
    case 'span':
      return { kind: 'range', text, from, to, aggregate: 'span', warnings };
    case 'average':
      return { kind: 'range', text, from, to, aggregate: 'average', warnings };
    case 'cumulative':
      return { kind: 'cumulative', text, from, to, years: to.fiscalYear - from.fiscalYear + 1, warnings };
    case 'each-year':
      return { kind: 'each-year', text, from, to, warnings };
  }
}

/** Fiscal years a period covers, when it names them (`H27-31年度累計` → 2015–2019); null for open or vague ones. */
export function periodYears(period: Period): { from: number; to: number } | null {
  switch (period.kind) {
    case 'point':
      return { from: period.point.fiscalYear, to: period.point.fiscalYear };
    case 'range':
    case 'each-year':
      return { from: period.from.fiscalYear, to: period.to.fiscalYear };
    case 'cumulative':
      return period.from && period.to ? { from: period.from.fiscalYear, to: period.to.fiscalYear } : null;
    default:
      return null;
  }
}

/** The year a period is "as of" for comparisons: a point's year, a range's last year; null when none. */
export function periodEndYear(period: Period): number | null {
  switch (period.kind) {
    case 'point':
      return period.point.fiscalYear;
    case 'range':
    case 'each-year':
      return period.to.fiscalYear;
    case 'cumulative':
      return period.to?.fiscalYear ?? null;
    default:
      return null;
  }
}
