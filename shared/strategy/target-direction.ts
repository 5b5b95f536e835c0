import type { Direction, TargetExpression } from '../domain/targets';

/**
 * Whether a target's wording points the other way than its KPI's good direction: a `down` KPI (待機児童数)
 * whose target says `…ポイント向上` / `増加`, or an `up` KPI whose target says `減少` / `低下`. A minimal
 * check kept in one function so that a fuller one in shared/domain/targets.ts can replace it.
 */
export function targetDirectionConflict(target: TargetExpression, direction: Direction): boolean {
  const worded = target.direction;
  return (worded === 'up' && direction === 'down') || (worded === 'down' && direction === 'up');
}
