import { closest, distance } from 'fastest-levenshtein';
import { keyOf } from '../engine/memo';
import { nameKey, normalizeText } from '../normalize/text';
import type { StrategyIndex } from '../strategy/lookup';
import { walkNodes, type StrategyNode } from '../strategy/schema';

/** Lookups over a strategy that rules need and StrategyIndex does not keep; built once per index. */
export interface StrategyFacts {
  byCode: Map<string, StrategyNode>;
  departmentKeys: string[];
  departmentByKey: Map<string, string>;
  /** 主な事業 of every node, by name key. */
  projects: Map<string, { name: string; code: string }>;
  /** Owners of each node (its own or its nearest listing ancestor's), filled on first use. */
  owners: Map<string, Owners>;
}

export interface Owners {
  names: string[];
  keys: Set<string>;
}

const cache = new WeakMap<StrategyIndex, StrategyFacts>();

export function strategyFacts(index: StrategyIndex): StrategyFacts {
  let facts = cache.get(index);
  if (facts) return facts;
  const byCode = new Map<string, StrategyNode>();
  const projects = new Map<string, { name: string; code: string }>();
  for (const { node } of walkNodes(index.strategy.nodes)) {
    byCode.set(node.code, node);
    for (const p of node.projects ?? []) {
      const key = projectKey(p.name);
      if (!projects.has(key)) projects.set(key, { name: p.name, code: node.code });
    }
  }
  const departmentByKey = new Map(index.strategy.departments.map((d) => [nameKey(d), d]));
  facts = {
    byCode,
    departmentKeys: [...departmentByKey.keys()],
    departmentByKey,
    projects,
    owners: new Map(),
  };
  cache.set(index, facts);
  return facts;
}

/** The departments owning a node, with their name keys: asked once per KPI row, so kept per node. */
export function ownersOf(index: StrategyIndex, code: string): Owners {
  const { owners } = strategyFacts(index);
  let found = owners.get(code);
  if (!found) {
    const names = index.departmentsOf(code);
    owners.set(code, (found = { names, keys: new Set(names.map((n) => keyOf(n))) }));
  }
  return found;
}

// Project forms print the bureau before the department (`総合政策部企画課`); the strategy lists `企画課`.
const BUREAU = /^.+?部(?=.+(課|室|所|館|センター)$)/;

/** The strategy's name for a written department (bureau prefix and spacing ignored), or null. */
export function knownDepartment(index: StrategyIndex, written: string): string | null {
  const { departmentByKey } = strategyFacts(index);
  const key = keyOf(written);
  return departmentByKey.get(key) ?? departmentByKey.get(key.replace(BUREAU, '')) ?? null;
}

/** The nearest department name for a near miss (`商業労政` → `商業労政課`), or null. */
export function nearestDepartment(index: StrategyIndex, written: string): string | null {
  const { departmentKeys, departmentByKey } = strategyFacts(index);
  const key = nameKey(written);
  // Also try without a bureau prefix (`財政部市有財産対策` → `市有財産対策`).
  const tries = [...new Set([key, key.replace(/^.+?部(?=.)/, '')])].filter((k) => k !== '');
  if (tries.length === 0 || departmentKeys.length === 0) return null;
  return nearestWord(tries, departmentKeys, departmentByKey);
}

/**
 * The listed word a written one most likely means: the one it starts (or is started by), else the
 * closest by edit distance when the distance is small for the word's length.
 */
export function nearestWord(
  tries: readonly string[],
  keys: readonly string[],
  byKey: ReadonlyMap<string, string>,
): string | null {
  for (const t of tries) {
    const prefixed = keys.filter((k) => k.startsWith(t) || t.startsWith(k));
    if (prefixed.length === 1) return byKey.get(prefixed[0]!)!;
  }
  let best: { key: string; d: number } | null = null;
  for (const t of tries) {
    const k = closest(t, keys);
    const d = distance(t, k);
    if (!best || d < best.d) best = { key: k, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.key.length / 3)) ? byKey.get(best.key)! : null;
}

/** A project name without the budget markers result sheets append (`＜当初＞＜12月補正＞`) or 【再掲】. */
export function projectKey(name: string): string {
  return nameKey(normalizeText(name).replace(/<[^<>]*>|【[^【】]*】/g, ''));
}
