import {
  achievementOfKpi,
  DEFAULT_GRADE_SCALE,
  gradeOf,
  parseTarget,
  readQuantity,
  targetInPeriodOf,
  type Achievement,
  type Direction,
  type Grade,
  type TargetKind,
} from '#shared';
import type { MergedRow } from './merge';
import { consolidationTexts } from '../messages';

/**
 * 達成率, grade and basis of one KPI from its merged rows (現状値, 実績値…, 指標値), with the shared
 * domain functions: the 指標値 read with its period picks the formula (level, change, cumulative,
 * annual, bound, maintain; qualitative ones are left to the planning office). Unavailable — never a
 * guess — when a value is missing, textual or in conflict.
 */
export interface KpiAchievement {
  achievement: Achievement;
  grade: Grade;
  /** Which formula over which years, printed next to the rate. */
  basis: string;
  kind: TargetKind | null;
}

export interface KpiAchievementContext {
  /** The KPI's direction from the strategy definition, when it defines the KPI. */
  direction?: Direction | null;
  /** The strategy's plan period (fiscal years), for `計画期間中に…` and open cumulative spans. */
  planPeriod?: { from: number; to: number } | null;
}

export function kpiAchievement(rows: MergedRow[], context: KpiAchievementContext = {}): KpiAchievement {
  const conflicted = rows.some((r) => r.conflict);
  const targetRow = rows.find((r) => r.row.kind === 'target');
  if (conflicted || !targetRow) {
    const achievement: Achievement = { kind: 'unavailable', reason: conflicted ? 'not-finite' : 'no-target' };
    return {
      achievement,
      grade: gradeOf(achievement, DEFAULT_GRADE_SCALE),
      basis: conflicted ? consolidationTexts.conflictBasis : consolidationTexts.noTargetBasis,
      kind: null,
    };
  }
  const baselineRow = rows.find((r) => r.row.kind === 'baseline');
  const baselineReading = baselineRow ? readQuantity(baselineRow.row.value) : null;
  const result = achievementOfKpi({
    // Memoized: 40 departments' tables repeat the same targets (the expression is read-only).
    target:
      typeof targetRow.row.value === 'string'
        ? targetInPeriodOf(targetRow.row.value, targetRow.row.period)
        : parseTarget(targetRow.row.value, null, targetRow.row.period),
    unit: targetRow.row.unit || null,
    baseline: baselineReading?.kind === 'quantity' ? baselineReading.value : null,
    actuals: rows
      .filter((r) => r.row.kind === 'actual')
      .map((r) => ({ period: r.row.period, value: r.row.value })),
    direction: context.direction ?? null,
    planPeriod: context.planPeriod ?? null,
  });
  return {
    achievement: result.achievement,
    grade: gradeOf(result.achievement, DEFAULT_GRADE_SCALE),
    basis: result.basis,
    kind: result.kind,
  };
}
