import { loadStrategy, walkNodes, type Bilingual, type StrategyLoad } from '#shared';
import type { z } from 'zod';
import type { CycleInputSchema } from '#shared/api';
import { apiErrors } from '../messages';
import type { Actor, Cycle, Store, StoredStrategy } from '../store/store';

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
  /** `warnings`: a KPI cycle on a definition without KPIs, whose rows then meet no KPI schema. */
  | { status: 'created'; cycle: Cycle; warnings: Bilingual[] };

/** A reporting cycle, pinned to a stored version of its strategy (the latest unless one is named). */
export async function createCycle(
  store: Store,
  input: z.output<typeof CycleInputSchema>,
  defaultStrategyId: string,
  actor: Actor,
): Promise<CreateCycleOutcome> {
  const { strategyVersion, strategyId = defaultStrategyId, ...rest } = input;
  const strategy = await store.getStrategy(strategyId, strategyVersion);
  if (!strategy) return { status: 'unknown-strategy' };
  const cycle = await store.createCycle({ ...rest, strategyId, strategyVersion: strategy.version }, actor);
  if (!cycle) return { status: 'exists' };
  const hasKpis = [...walkNodes(strategy.definition.nodes)].some(
    ({ node }) => (node.kpis?.length ?? 0) + (node.numericTargets?.length ?? 0) > 0,
  );
  const warnings =
    cycle.kind === 'kpi' && !hasKpis ? [apiErrors.kpiCycleWithoutKpis(strategy.id, strategy.version)] : [];
  return { status: 'created', cycle, warnings };
}
