import { loadStrategy, StrategyIndex, walkNodes, type Bilingual, type StrategyLoad } from '#shared';
import type { z } from 'zod';
import type { CycleInputSchema } from '#shared/api';
import { apiErrors } from '../messages';
import type { Actor, Store, StoredStrategy } from '../store/store';
import { cycleView, type CycleView } from './review';

/** The planning office setting the service up: strategy definitions and reporting cycles. */

export type SaveStrategyOutcome =
  | { status: 'invalid'; load: Extract<StrategyLoad, { ok: false }> }
  | { status: 'stored'; stored: StoredStrategy; load: Extract<StrategyLoad, { ok: true }> };

/**
 * A definition as the next version of its id, when the shared loader accepts it (the schema, then
 * what it cannot express: unique codes, 再掲 targets, KPIs).
 */
export async function saveStrategy(store: Store, body: unknown, actor: Actor): Promise<SaveStrategyOutcome> {
  const load = loadStrategy(body);
  if (!load.ok) return { status: 'invalid', load };
  return { status: 'stored', stored: await store.putStrategy(load.strategy, actor), load };
}

export type CreateCycleOutcome =
  | { status: 'unknown-strategy' }
  | { status: 'exists' }
  /** Expected departments the definition does not know. */
  | { status: 'unknown-departments'; unknown: string[] }
  /** `warnings`: a KPI cycle on a definition without KPIs, whose rows then meet no KPI schema. */
  | { status: 'created'; cycle: CycleView; warnings: Bilingual[] };

/**
 * A reporting cycle, pinned to a stored version of its strategy (the latest unless one is named),
 * expecting the departments named (as the definition spells them) or, by default, its owners.
 */
export async function createCycle(
  store: Store,
  input: z.output<typeof CycleInputSchema>,
  defaultStrategyId: string,
  actor: Actor,
): Promise<CreateCycleOutcome> {
  const { strategyVersion, strategyId = defaultStrategyId, expectedDepartments: named, ...rest } = input;
  const strategy = await store.getStrategy(strategyId, strategyVersion);
  if (!strategy) return { status: 'unknown-strategy' };
  let expectedDepartments: string[] | null = null;
  if (named) {
    const spelled = spelledDepartments(new StrategyIndex(strategy.definition), named);
    if (!spelled.ok) return { status: 'unknown-departments', unknown: spelled.unknown };
    expectedDepartments = spelled.departments;
  }
  const created = await store.createCycle(
    { ...rest, strategyId, strategyVersion: strategy.version, expectedDepartments },
    actor,
  );
  if (!created) return { status: 'exists' };
  const cycle = cycleView(created, strategy.definition);
  const hasKpis = [...walkNodes(strategy.definition.nodes)].some(
    ({ node }) => (node.kpis?.length ?? 0) + (node.numericTargets?.length ?? 0) > 0,
  );
  const warnings =
    cycle.kind === 'kpi' && !hasKpis ? [apiErrors.kpiCycleWithoutKpis(strategy.id, strategy.version)] : [];
  return { status: 'created', cycle, warnings };
}

/** Departments as the definition spells them (a near-miss spelling is the department named), or the unknown ones. */
export function spelledDepartments(
  index: StrategyIndex,
  names: string[],
): { ok: true; departments: string[] } | { ok: false; unknown: string[] } {
  const unknown = names.filter((n) => index.department(n) === null);
  if (unknown.length > 0) return { ok: false, unknown };
  return { ok: true, departments: [...new Set(names.map((n) => index.department(n)!))] };
}
