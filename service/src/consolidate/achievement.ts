import {
  computeAchievement,
  DEFAULT_GRADE_SCALE,
  gradeOf,
  parseTarget,
  readNumber,
  resolveTarget,
  type Achievement,
  type Grade,
} from '#shared';
import type { MergedRow } from './merge';

/**
 * 達成率 and grade of one KPI from its merged rows (現状値, 実績値…, 指標値), with the shared domain
 * functions: the latest numeric 実績値 against the 指標値 made numeric (`25%増(対H25年比)` against
 * the 現状値). Unavailable — never a guess — when a value is missing, textual or in conflict.
 */
export interface KpiAchievement {
  achievement: Achievement;
  grade: Grade;
}

export function kpiAchievement(rows: MergedRow[]): KpiAchievement {
  const unavailable = (reason: 'no-baseline' | 'not-started' | 'not-finite'): KpiAchievement => {
    const achievement: Achievement = { kind: 'unavailable', reason };
    return { achievement, grade: gradeOf(achievement, DEFAULT_GRADE_SCALE) };
  };
  if (rows.some((r) => r.conflict)) return unavailable('not-finite');
  const baselineRow = rows.find((r) => r.row.kind === 'baseline');
  const targetRow = rows.find((r) => r.row.kind === 'target');
  const baselineReading = baselineRow ? readNumber(baselineRow.row.value) : null;
  const baseline = baselineReading?.kind === 'number' ? baselineReading.value : null;
  const actuals = rows
    .filter((r) => r.row.kind === 'actual')
    .map((r) => readNumber(r.row.value))
    .filter((n) => n.kind === 'number');
  const actual = actuals.at(-1);
  if (!targetRow || !actual) return unavailable('not-started');
  const expression = parseTarget(targetRow.row.value);
  const resolved = resolveTarget(expression, { unit: targetRow.row.unit || null, baseline });
  if (resolved.kind !== 'numeric')
    return unavailable(resolved.reason === 'no-baseline' ? 'no-baseline' : 'not-finite');
  const direction =
    expression.direction === 'maintain'
      ? 'maintain'
      : resolved.comparison === 'lte' || resolved.comparison === 'lt'
        ? 'down'
        : 'up';
  const achievement = computeAchievement({
    actual: actual.value,
    target: resolved.value,
    baseline,
    direction,
  });
  return { achievement, grade: gradeOf(achievement, DEFAULT_GRADE_SCALE) };
}
