import type { Direction } from './targets';

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
    }
  | {
      kind: 'binary';
      /** What was asked for, and why no rate: `zero-target`, `target-equals-baseline`, `zero-actual`. */
      formula: AchievementFormula;
      reason: 'zero-target' | 'target-equals-baseline' | 'zero-actual';
      met: boolean;
      expression: string;
      target: number;
      proRated: { elapsedYears: number; totalYears: number } | null;
    }
  | { kind: 'unavailable'; reason: 'no-baseline' | 'not-started' | 'not-finite' };

// One formatter: toLocaleString with options builds a new Intl.NumberFormat on every call.
const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 4 });
const fmt = (n: number) => numberFormat.format(n);
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
