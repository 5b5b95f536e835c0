import { walkNodes, type KpiDefinition, type Strategy } from './schema';

// A KPI's 所管部署 may name co-owners after its owner: `企画課、観光交流課`.
const OWNER_SEPARATOR = /[、,，]/;

/** The departments a KPI definition names, owner first, then co-owners (empty when it names none). */
export function kpiOwnerNames(kpi: Pick<KpiDefinition, 'owner'>): string[] {
  return (kpi.owner ?? '')
    .split(OWNER_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The departments that own something in a definition (an item, a KPI, a project): who a cycle expects
 * a report from unless told otherwise. In the definition's order of departments, then any owner it does
 * not list; a definition that names no owner expects every department it lists.
 */
export function ownerDepartments(strategy: Strategy): string[] {
  const owners = new Set<string>();
  for (const { node } of walkNodes(strategy.nodes)) {
    for (const d of node.departments) owners.add(d);
    for (const k of [...(node.kpis ?? []), ...(node.numericTargets ?? [])])
      for (const o of kpiOwnerNames(k)) owners.add(o);
    for (const p of node.projects ?? []) for (const d of p.departments) owners.add(d);
  }
  if (owners.size === 0) return [...strategy.departments];
  return [
    ...strategy.departments.filter((d) => owners.has(d)),
    ...[...owners].filter((o) => !strategy.departments.includes(o)),
  ];
}
