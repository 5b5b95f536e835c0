import {
  kpiOwnerNames,
  nameKey,
  strategyIndexFor,
  walkNodes,
  type KpiDefinition,
  type Project,
  type Strategy,
  type StrategyNode,
} from '#shared';

/**
 * What of a strategy a department reports, read from the definition alone (any municipality's): its
 * KPIs, the item blocks of its progress rows and its projects, in the strategy's order.
 */

export interface DepartmentKpi {
  /** The item and its ancestors, top level first. */
  path: StrategyNode[];
  kpi: KpiDefinition;
  /** Stable within a definition version: the item's code and the KPI's place under it. */
  id: string;
}

export interface DepartmentBlock {
  /** The node whose items share one item cell (施策, 節 …) and its ancestors, top level first. */
  path: StrategyNode[];
  items: StrategyNode[];
  projects: string[];
}

export interface DepartmentProject {
  node: StrategyNode;
  project: Project;
}

const same = (a: string, b: string) => nameKey(a) === nameKey(b);

/**
 * The KPIs the definition gives the department to report: those it owns first (a co-owned KPI is its
 * first owner's, as the completeness check counts it), or with no owner named those of its items.
 * 再掲 items and KPIs are reported at their original.
 */
export function departmentKpis(strategy: Strategy, department: string): DepartmentKpi[] {
  const index = strategyIndexFor(strategy);
  const out: DepartmentKpi[] = [];
  for (const { node, ancestors } of walkNodes(strategy.nodes)) {
    if (node.restatementOf) continue;
    (node.kpis ?? []).forEach((kpi, i) => {
      if (kpi.restated) return;
      const owner = kpiOwnerNames(kpi)[0];
      const owners = owner ? [owner] : index.departmentsOf(node.code);
      if (owners.some((o) => same(o, department)))
        out.push({ path: [...ancestors, node], kpi, id: `${node.code}#${i + 1}` });
    });
  }
  return out;
}

/**
 * The item blocks of the progress report where the department writes a row: one per node of the level
 * above the items (its items in one cell, as the report prints them), when it or one of its items
 * names the department.
 */
export function departmentBlocks(strategy: Strategy, department: string): DepartmentBlock[] {
  const index = strategyIndexFor(strategy);
  const blockDepth = strategy.levels.length - 2;
  const out: DepartmentBlock[] = [];
  for (const { node, ancestors, depth } of walkNodes(strategy.nodes)) {
    if (depth !== blockDepth || node.restatementOf) continue;
    const items = node.children.filter((c) => !c.restatementOf);
    const named = [node, ...items].some((n) => index.departmentsOf(n.code).some((d) => same(d, department)));
    if (!named || items.length === 0) continue;
    const projects = [node, ...items].flatMap((n) => (n.projects ?? []).map((p) => p.name));
    out.push({ path: [...ancestors, node], items, projects: [...new Set(projects)] });
  }
  return out;
}

/** The department's projects (主な事業 it is named for), each once, in the strategy's order. */
export function departmentProjects(strategy: Strategy, department: string): DepartmentProject[] {
  const seen = new Set<string>();
  const out: DepartmentProject[] = [];
  for (const { node } of walkNodes(strategy.nodes)) {
    for (const project of node.projects ?? []) {
      if (project.restated || !project.departments.some((d) => same(d, department))) continue;
      const key = nameKey(project.name);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ node, project });
    }
  }
  return out;
}
