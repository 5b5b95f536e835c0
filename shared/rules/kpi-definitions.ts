import { kpiKeyOf, lookupItem, restatedName } from '../engine/memo';
import type { StrategyIndex } from '../strategy/lookup';
import { walkNodes, type KpiDefinition, type StrategyNode } from '../strategy/schema';
import type { SheetKpiRow } from '../templates/kpi';

/**
 * The strategy's KPI definitions looked up for a sheet's KPI rows (cached per strategy index): used by
 * the kpi-schema family and by the kpi-shape family, which stands below it.
 */

/** The KPI definitions an item carries: its own and 数値目標, plus those of the item it restates. */
export interface ItemDefinitions {
  node: StrategyNode;
  byKey: Map<string, KpiDefinition>;
  keys: string[];
}

interface SchemaFacts {
  /** Whether the definition has any KPI at all (else every KPI sheet gets one info). */
  any: boolean;
  byItem: Map<string, ItemDefinitions | null>;
}

const facts = new WeakMap<StrategyIndex, SchemaFacts>();

export function schemaFacts(index: StrategyIndex): SchemaFacts {
  let f = facts.get(index);
  if (!f) {
    let any = false;
    for (const { node } of walkNodes(index.strategy.nodes))
      if ((node.kpis?.length ?? 0) + (node.numericTargets?.length ?? 0) > 0) any = true;
    facts.set(index, (f = { any, byItem: new Map() }));
  }
  return f;
}

export const ownDefinitions = (node: StrategyNode): KpiDefinition[] => [
  ...(node.kpis ?? []),
  ...(node.numericTargets ?? []),
];

/** The KPI definitions of the item a 施策体系 cell names, or null when it names none (or an unknown item). */
export function itemDefinitions(index: StrategyIndex, policy: string): ItemDefinitions | null {
  const { byItem } = schemaFacts(index);
  const cached = byItem.get(policy);
  if (cached !== undefined) return cached;
  const node = lookupItem(index, policy).match?.node ?? null;
  let found: ItemDefinitions | null = null;
  if (node) {
    const defs = ownDefinitions(node);
    if (node.restatementOf) {
      const original = findNode(index, node.restatementOf);
      if (original) defs.push(...ownDefinitions(original));
    }
    if (defs.length > 0) {
      const byKey = new Map<string, KpiDefinition>();
      for (const d of defs) if (!byKey.has(kpiKeyOf(d.name))) byKey.set(kpiKeyOf(d.name), d);
      found = { node, byKey, keys: [...byKey.keys()] };
    }
  }
  if (byItem.size >= 20_000) byItem.clear();
  byItem.set(policy, found);
  return found;
}

const nodesByCode = new WeakMap<StrategyIndex, Map<string, StrategyNode>>();
function findNode(index: StrategyIndex, code: string): StrategyNode | null {
  let map = nodesByCode.get(index);
  if (!map) {
    map = new Map();
    for (const { node } of walkNodes(index.strategy.nodes)) map.set(node.code, node);
    nodesByCode.set(index, map);
  }
  return map.get(code) ?? null;
}

/**
 * The definition of a KPI as written (by its first row): by name among its item's definitions, or —
 * for a name marked 再掲 under an item that does not define it — wherever the strategy defines it.
 */
export function definitionOf(
  index: StrategyIndex,
  row: Pick<SheetKpiRow, 'policy' | 'kpi'>,
): Definition | null {
  // Several families ask for every KPI, and a table lists each (item, name) many times: looked up once.
  let cache = definitions.get(index);
  if (!cache) definitions.set(index, (cache = { size: 0, byItem: new Map() }));
  let byName = cache.byItem.get(row.policy);
  if (!byName) {
    byName = new Map();
    cache.byItem.set(row.policy, byName);
  }
  let found = byName.get(row.kpi);
  if (found === undefined) {
    found = lookUpDefinition(index, row);
    if (cache.size >= 20_000) {
      cache.byItem.clear();
      cache.byItem.set(row.policy, byName);
      byName.clear();
      cache.size = 0;
    }
    byName.set(row.kpi, found);
    cache.size++;
  }
  return found;
}

interface Definition {
  kpi: KpiDefinition;
  item: ItemDefinitions | null;
}

const definitions = new WeakMap<
  StrategyIndex,
  { size: number; byItem: Map<string, Map<string, Definition | null>> }
>();

function lookUpDefinition(index: StrategyIndex, row: Pick<SheetKpiRow, 'policy' | 'kpi'>): Definition | null {
  const item = itemDefinitions(index, row.policy);
  const own = item?.byKey.get(kpiKeyOf(row.kpi));
  if (own) return { kpi: own, item };
  if (restatedName(row.kpi)) {
    const elsewhere = index.findKpis(row.kpi)[0];
    if (elsewhere) return { kpi: elsewhere.kpi, item };
  }
  return null;
}
