import { japaneseNumber, readQuantity } from '../normalize/number';
import { achievementBasisTexts } from './messages';
import { eraOf, parsePeriod, periodEndYear, type Period } from './periods';
import {
  resolveSpan,
  resolveTarget,
  type Direction,
  type TargetExpression,
  type TargetKind,
} from './targets';

/**
 * 達成率 (achievement) of a KPI. There is no national formula; two are common and give very different
 * numbers (base 100, target 110, actual 105: ratio 95.5 %, progress 50 %), so the formula used is
 * always returned with the result, written out.
 *
 * - ratio    = 実績 ÷ 目標 (for down-is-good KPIs: 目標 ÷ 実績)
 * - progress = (実績 − 基準) ÷ (目標 − 基準), which works for both directions
 *
 * When a rate cannot be computed without dividing by zero (目標 0 for 待機児童数, 目標 = 基準 for a
 * maintenance target), the result is a plain met / not met, never Infinity or NaN.
 */

export type AchievementFormula = 'ratio' | 'progress';

/** Why no 達成率 is given. `qualitative`: the planning office (企画課) grades the KPI itself. */
export type UnavailableReason =
  | 'no-baseline'
  | 'not-started'
  | 'not-finite'
  | 'qualitative'
  | 'no-target'
  | 'unparsed'
  | 'unit-mismatch'
  | 'no-span';

export interface AchievementInput {
  actual: number;
  target: number;
  /** 基準値 (現状値); required by the progress formula. */
  baseline?: number | null;
  direction: Direction;
  /** Default: progress when a baseline is known, ratio otherwise. */
  formula?: AchievementFormula;
  /**
   * A cumulative target (`H27-31年度累計`) judged part-way: the target is pro-rated by elapsed years
   * (year k of n → k/n of the total), and the actual is the running total.
   */
  cumulative?: { fromYear: number; toYear: number; asOfYear: number };
  /** For maintain KPIs: a shortfall within this share of the target still counts as kept (0.03 = ±3 %). */
  tolerance?: number;
}

export type Achievement =
  | {
      kind: 'rate';
      formula: AchievementFormula;
      /** 1 = 100 %. */
      rate: number;
      met: boolean;
      /** The arithmetic as written in a report: `105 ÷ 110 = 95.5%`. */
      expression: string;
      /** The target actually compared against (pro-rated for a cumulative target). */
      target: number;
      proRated: { elapsedYears: number; totalYears: number } | null;
      /** A cumulative target: the running total against the whole target, shown next to the pro-rated rate. */
      plainProgress?: number;
    }
  | {
      kind: 'binary';
      /**
       * What was asked for, and why no rate: `zero-target`, `target-equals-baseline`, `zero-actual`, or
       * `bound` / `maintain`: a bound or a level to keep is met or not, never a ratio (a missed floor
       * would read above 100 %).
       */
      formula: AchievementFormula;
      reason: 'zero-target' | 'target-equals-baseline' | 'zero-actual' | 'bound' | 'maintain';
      met: boolean;
      expression: string;
      target: number;
      proRated: { elapsedYears: number; totalYears: number } | null;
    }
  | { kind: 'unavailable'; reason: UnavailableReason };

const fmt = japaneseNumber(4);
const pct = (r: number) => `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
const tidy = (n: number) => Number(n.toPrecision(12));

/** Whether the actual value is on the good side of the target. */
function meets(actual: number, target: number, direction: Direction, tolerance: number): boolean {
  if (direction === 'down') return actual <= target;
  if (direction === 'maintain') return actual >= target * (1 - tolerance);
  return actual >= target;
}

export function computeAchievement(input: AchievementInput): Achievement {
  const { actual, direction } = input;
  const baseline = input.baseline ?? null;
  if (![actual, input.target, baseline ?? 0].every(Number.isFinite))
    return { kind: 'unavailable', reason: 'not-finite' };
  let target = input.target;
  let proRated: { elapsedYears: number; totalYears: number } | null = null;
  if (input.cumulative) {
    const { fromYear, toYear, asOfYear } = input.cumulative;
    const totalYears = toYear - fromYear + 1;
    const elapsedYears = Math.min(totalYears, asOfYear - fromYear + 1);
    if (elapsedYears < 1 || totalYears < 1) return { kind: 'unavailable', reason: 'not-started' };
    target = tidy((input.target * elapsedYears) / totalYears);
    proRated = { elapsedYears, totalYears };
  }
  // A running total starts from nothing: progress from a yearly baseline would mix two measures.
  const formula: AchievementFormula =
    input.formula ?? (baseline !== null && !proRated ? 'progress' : 'ratio');
  const tolerance = input.tolerance ?? 0;
  const met = meets(actual, target, direction, tolerance);
  const binary = (
    reason: 'zero-target' | 'target-equals-baseline' | 'zero-actual',
    expression: string,
  ): Achievement => ({
    kind: 'binary',
    formula,
    reason,
    met,
    expression,
    target,
    proRated,
  });
  const rate = (r: number, expression: string): Achievement => ({
    kind: 'rate',
    formula,
    rate: tidy(r),
    met,
    expression: `${expression} = ${pct(r)}`,
    target,
    proRated,
  });
  const side = direction === 'down' ? '≤' : '≥';
  const verdict = `${fmt(actual)} ${met ? side : side === '≤' ? '>' : '<'} ${fmt(target)}`;

  if (formula === 'progress') {
    if (baseline === null) return { kind: 'unavailable', reason: 'no-baseline' };
    if (target === baseline)
      return binary('target-equals-baseline', `目標 = 基準 ${fmt(target)}: ${verdict}`);
    return rate(
      (actual - baseline) / (target - baseline),
      `(${fmt(actual)} − ${fmt(baseline)}) ÷ (${fmt(target)} − ${fmt(baseline)})`,
    );
  }
  if (direction === 'down') {
    if (target === 0) return binary('zero-target', `目標 0: ${verdict}`);
    if (actual === 0) return binary('zero-actual', `実績 0: ${verdict}`);
    return rate(target / actual, `${fmt(target)} ÷ ${fmt(actual)}`);
  }
  if (target === 0) return binary('zero-target', `目標 0: ${verdict}`);
  return rate(actual / target, `${fmt(actual)} ÷ ${fmt(target)}`);
}

/*
 * 達成率 by target kind: one function per kind, each documented with its formula. `achievementOfKpi`
 * picks the one for a KPI's target and writes the basis (which formula, which years) for the table.
 */

/** Level (`120,000`): 実績 ÷ 目標, or 目標 ÷ 実績 for a down-is-good KPI. */
export function levelAchievement(actual: number, target: number, direction: Direction): Achievement {
  return computeAchievement({ actual, target, direction, formula: 'ratio' });
}

/** Change (`25%増`, `50人増加`, `0.3ポイント低下`): (実績 − 基準) ÷ (目標 − 基準), either direction. */
export function changeAchievement(
  actual: number,
  baseline: number,
  target: number,
  direction: Direction,
): Achievement {
  return computeAchievement({ actual, target, baseline, direction, formula: 'progress' });
}

/**
 * Cumulative (`H27-31年度累計 2,000`, `累計500件`): the running total to date against the target
 * pro-rated by elapsed years of the span (year k of n → k/n of it), so a first year is not judged
 * against the five-year total; the plain progress (total ÷ whole target) is kept next to it.
 */
export function cumulativeAchievement(input: {
  total: number;
  target: number;
  elapsedYears: number;
  totalYears: number;
  direction?: Direction;
}): Achievement {
  const { total, target, totalYears } = input;
  const elapsedYears = Math.min(input.elapsedYears, totalYears);
  if (elapsedYears < 1 || totalYears < 1) return { kind: 'unavailable', reason: 'not-started' };
  const expected = tidy((target * elapsedYears) / totalYears);
  const direction = input.direction === 'down' ? 'down' : 'up';
  const result = computeAchievement({ actual: total, target: expected, direction, formula: 'ratio' });
  const proRated = { elapsedYears, totalYears };
  const share = `(${fmt(target)} × ${elapsedYears}/${totalYears}年)`;
  if (result.kind === 'rate') {
    const r = direction === 'down' ? expected / total : total / expected;
    return {
      ...result,
      proRated,
      expression:
        direction === 'down'
          ? `${share} ÷ ${fmt(total)} = ${pct(r)}`
          : `${fmt(total)} ÷ ${share} = ${pct(r)}`,
      plainProgress: target === 0 ? undefined : tidy(total / target),
    };
  }
  return result.kind === 'binary' ? { ...result, proRated } : result;
}

/** Annual (`年間120件`, `H27-31の各年 50`): the latest year's 実績 against the yearly target, as a level. */
export function annualAchievement(latest: number, target: number, direction: Direction): Achievement {
  return levelAchievement(latest, target, direction);
}

type Comparison = 'gte' | 'gt' | 'lte' | 'lt';
const SYMBOL: Record<Comparison, string> = { gte: '≥', gt: '>', lte: '≤', lt: '<' };
const holds = (actual: number, c: Comparison, target: number) =>
  c === 'gte'
    ? actual >= target
    : c === 'gt'
      ? actual > target
      : c === 'lte'
        ? actual <= target
        : actual < target;

function metOrNot(reason: 'bound' | 'maintain', actual: number, target: number, c: Comparison): Achievement {
  const met = holds(actual, c, target);
  return {
    kind: 'binary',
    formula: 'ratio',
    reason,
    met,
    expression: `${fmt(actual)}(目標 ${SYMBOL[c]} ${fmt(target)}): ${met ? '達成' : '未達成'}`,
    target,
    proRated: null,
  };
}

/** Bound (`0.2%未満`, `70%以上`, a floor `…人確保`): met or not met; never a ratio. */
export function boundAchievement(actual: number, target: number, comparison: Comparison): Achievement {
  return metOrNot('bound', actual, target, comparison);
}

/** Maintain (`4万人以上の維持`, `現状輸送規模を維持`, `ゼロ名維持`): met or not met; never a ratio. */
export function maintainAchievement(actual: number, target: number, comparison: Comparison): Achievement {
  return metOrNot('maintain', actual, target, comparison);
}

/** Qualitative (`患者満足度を高める`): no rate; the planning office (企画課) grades it. */
export function qualitativeAchievement(): Achievement {
  return { kind: 'unavailable', reason: 'qualitative' };
}

export interface KpiAchievementInput {
  /** The 指標値 parsed with its period (`parseTarget(value, format, period)`). */
  target: TargetExpression;
  /** The KPI's unit (単位). */
  unit: string | null;
  /** 現状値 as a number, or null when none (`-`, `基準年`). */
  baseline: number | null;
  /** 実績値 rows in table order: period as written, value (numbers, or texts like `25.3%`). */
  actuals: { period: string; value: string | number | boolean | null }[];
  /** The KPI's direction from the definition; otherwise the wording's, else inferred from the numbers. */
  direction?: Direction | null;
  /** The strategy's plan period, for `計画期間中に…` and for spans that give only their last year. */
  planPeriod?: { from: number; to: number } | null;
}

export interface KpiAchievementResult {
  kind: TargetKind;
  achievement: Achievement;
  /** Which formula over which years, as printed next to the rate: `累計(H27): 365 ÷ (2,000 × 1/5年) = 91.3%`. */
  basis: string;
}

interface ReadActual {
  value: number;
  period: Period;
  end: number | null;
  /** `H27年度までの累計`: the value is already a running total. */
  running: boolean;
  order: number;
}

const yearLabel = (y: number) => eraOf(y).short;
const yearsLabel = (from: number, to: number) =>
  from === to ? yearLabel(from) : `${yearLabel(from)}–${yearLabel(to)}`;

function readActuals(actuals: KpiAchievementInput['actuals']): ReadActual[] {
  const out: ReadActual[] = [];
  actuals.forEach((a, order) => {
    const q = readQuantity(a.value);
    if (q.kind !== 'quantity') return;
    const period = parsePeriod(a.period);
    out.push({
      value: q.value,
      period,
      end: periodEndYear(period),
      running: period.kind === 'cumulative',
      order,
    });
  });
  return out;
}

/** The latest 実績: by the year its period ends, the later row when tied or unknown. */
function latestOf(actuals: ReadActual[]): ReadActual {
  return actuals.reduce((a, b) => ((b.end ?? -Infinity) >= (a.end ?? -Infinity) ? b : a));
}

const whenOf = (a: ReadActual) => (a.end !== null ? yearLabel(a.end) : a.period.text);

/**
 * 達成率 of one KPI by its target's kind, with the basis written out. Unavailable — never a guess —
 * when the target is missing, unread or qualitative, or no 実績 is a number.
 */
export function achievementOfKpi(input: KpiAchievementInput): KpiAchievementResult {
  const { target } = input;
  const texts = achievementBasisTexts;
  const kind = target.kind;
  const unavailable = (reason: UnavailableReason): KpiAchievementResult => ({
    kind,
    achievement: { kind: 'unavailable', reason },
    basis: texts.unavailable[reason],
  });
  const actuals = readActuals(input.actuals);
  let baseline = input.baseline;
  switch (kind) {
    case 'qualitative':
      return unavailable('qualitative');
    case 'unparsed':
      return unavailable('unparsed');
    case 'reference':
    case 'none':
    case 'unknown':
    case 'empty':
      return unavailable('no-target');
    case 'maintain':
      // `現行体制を維持` with no number anywhere: a state the planning office judges.
      if (!target.quantity && baseline === null && actuals.length === 0) return unavailable('qualitative');
      break;
    default:
      break;
  }
  if (actuals.length === 0) return unavailable('not-started');
  // `20%増(H27年度対比)` with no 現状値: the 実績 of the named year is the base.
  if (baseline === null && target.base?.kind === 'period') {
    const baseYear = periodEndYear(target.base.period);
    baseline = actuals.find((a) => a.end !== null && a.end === baseYear)?.value ?? null;
  }
  const wording = target.direction === 'up' || target.direction === 'down' ? target.direction : null;
  const resolved = resolveTarget(target, {
    unit: input.unit,
    baseline,
    direction: input.direction ?? wording ?? undefined,
  });
  if (resolved.kind !== 'numeric')
    return unavailable(
      resolved.reason === 'no-baseline'
        ? 'no-baseline'
        : resolved.reason === 'unit-mismatch'
          ? 'unit-mismatch'
          : 'no-target',
    );
  const goal = resolved.value;
  // Direction: the definition's, else the wording's, else a target below the base (or zero) is down-is-good.
  const direction: Direction =
    input.direction ??
    wording ??
    ((baseline !== null && goal < baseline) || (goal === 0 && kind === 'level') ? 'down' : 'up');
  const latest = latestOf(actuals);
  const label = texts.kind[kind];
  const result = (achievement: Achievement, when: string, extra = ''): KpiAchievementResult => ({
    kind,
    achievement,
    basis: `${label}(${when}): ${achievement.kind === 'unavailable' ? texts.unavailable[achievement.reason] : achievement.expression}${extra}`,
  });
  const targetNote = resolved.formula.includes('=') ? ` / ${texts.targetFormula} ${resolved.formula}` : '';

  switch (kind) {
    case 'level':
      return result(levelAchievement(latest.value, goal, direction), whenOf(latest));
    case 'change':
      if (baseline === null) return unavailable('no-baseline');
      return result(changeAchievement(latest.value, baseline, goal, direction), whenOf(latest), targetNote);
    case 'annual': {
      const inSpan = actuals.filter((a) => !a.running);
      const years = inSpan.length > 0 ? inSpan : [latest];
      const met = years.filter((a) => (direction === 'down' ? a.value <= goal : a.value >= goal)).length;
      return result(
        annualAchievement(latest.value, goal, direction),
        whenOf(latest),
        ` / ${texts.yearsMet(met, years.length)}`,
      );
    }
    case 'bound':
      return result(boundAchievement(latest.value, goal, resolved.comparison), whenOf(latest));
    case 'maintain':
      return result(maintainAchievement(latest.value, goal, resolved.comparison), whenOf(latest));
    case 'cumulative':
      return cumulativeOf(input, kind, actuals, goal, direction);
    default:
      return unavailable('no-target');
  }
}

function cumulativeOf(
  input: KpiAchievementInput,
  kind: TargetKind,
  actuals: ReadActual[],
  goal: number,
  direction: Direction,
): KpiAchievementResult {
  const texts = achievementBasisTexts;
  const span = resolveSpan(input.target.span, input.planPeriod);
  const length = span?.years ?? (input.target.span?.kind === 'years' ? input.target.span.years : null);
  if (length === null)
    return {
      kind,
      achievement: { kind: 'unavailable', reason: 'no-span' },
      basis: texts.unavailable['no-span'],
    };
  // Results before the span (the base year's) do not count towards it.
  const counted = actuals.filter(
    (a) => span === null || a.end === null || (a.end >= span.from && a.end <= span.to),
  );
  const runs = counted.filter((a) => a.running);
  const running = runs[runs.length - 1];
  const yearly = counted.filter(
    (a) => !a.running && (running === undefined || (a.end ?? 0) > (running.end ?? 0)),
  );
  const parts = running ? [running, ...yearly] : yearly;
  if (parts.length === 0)
    return {
      kind,
      achievement: { kind: 'unavailable', reason: 'not-started' },
      basis: texts.unavailable['not-started'],
    };
  const total = tidy(parts.reduce((n, a) => n + a.value, 0));
  const asOf = parts.reduce<number | null>(
    (y, a) => (a.end !== null && (y === null || a.end > y) ? a.end : y),
    null,
  );
  // With the span's first year known, elapsed = years from it to the latest 実績; otherwise one year per 実績.
  const elapsedYears =
    span !== null && asOf !== null ? asOf - span.from + 1 : yearly.length + (running ? 1 : 0);
  const achievement = cumulativeAchievement({
    total,
    target: goal,
    elapsedYears,
    totalYears: length,
    direction,
  });
  const when =
    span !== null && asOf !== null ? yearsLabel(span.from, asOf) : parts.map((a) => a.period.text).join('・');
  const plain =
    achievement.kind === 'rate' && achievement.plainProgress !== undefined
      ? ` / ${texts.plainProgress} ${fmt(total)} ÷ ${fmt(goal)} = ${pct(achievement.plainProgress)}`
      : '';
  const expression =
    achievement.kind === 'unavailable' ? texts.unavailable[achievement.reason] : achievement.expression;
  return {
    kind,
    achievement,
    basis: `${texts.kind.cumulative}(${when}): ${texts.actualSum} ${expression}${plain}`,
  };
}
