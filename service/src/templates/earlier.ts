import { kpiNameKey, nameKey, type CellValue } from '#shared';
import type { Cycle, ProjectRowData, Store } from '../store/store';
import { RowKeyer } from '../consolidate/merge';

/**
 * What a department's earlier cycles of the same strategy and kind accepted, for its new template:
 * KPI 実績値 of earlier years, last cycle's 取組予定, last year's project figures.
 */
export interface EarlierValues {
  /** By `node code|KPI name key`: the 実績値 rows accepted in earlier cycles, oldest first. */
  actuals: Map<string, { period: string; value: CellValue; cycle: string }[]>;
  /** By item node code: last cycle's 取組予定 and the header it was written under. */
  plans: Map<string, { plan: string; header: string }>;
  /** By project name key: last cycle's figures. */
  projects: Map<string, ProjectRowData>;
}

export const kpiKey = (nodeCode: string, kpiName: string) => `${nodeCode}|${kpiNameKey(kpiName)}`;

export const NO_EARLIER: EarlierValues = { actuals: new Map(), plans: new Map(), projects: new Map() };

/** Earlier cycles of the same strategy and kind, oldest first. */
async function earlierCycles(store: Store, cycle: Cycle): Promise<Cycle[]> {
  return (await store.listCycles())
    .filter(
      (c) => c.kind === cycle.kind && c.strategyId === cycle.strategyId && c.fiscalYear < cycle.fiscalYear,
    )
    .sort((a, b) => a.fiscalYear - b.fiscalYear);
}

export async function earlierValues(store: Store, cycle: Cycle, department: string): Promise<EarlierValues> {
  const cycles = await earlierCycles(store, cycle);
  if (cycles.length === 0) return NO_EARLIER;
  const own = <T extends { submission: { department: string } }>(list: T[]) =>
    list.filter((s) => nameKey(s.submission.department) === nameKey(department));
  const values: EarlierValues = { actuals: new Map(), plans: new Map(), projects: new Map() };
  if (cycle.kind === 'kpi') {
    for (const c of cycles) {
      const stored = await store.getStrategy(c.strategyId, c.strategyVersion);
      if (!stored) continue;
      const keyer = RowKeyer.for(stored.definition);
      for (const { rows } of own(await store.latestSubmissions(c.id))) {
        for (const row of rows) {
          const node = row.kind === 'actual' ? keyer.node(row.policy) : null;
          if (!node) continue;
          const key = kpiKey(node.code, row.kpi);
          const list = (values.actuals.get(key) ?? []).filter(
            (a) => nameKey(a.period) !== nameKey(row.period),
          );
          list.push({ period: row.period, value: row.value, cycle: c.id });
          values.actuals.set(key, list);
        }
      }
    }
  }
  const last = cycles.at(-1)!;
  if (cycle.kind === 'progress') {
    for (const { rows } of own(await store.latestProgress(last.id)))
      for (const row of rows)
        if (row.nodeCode && row.plan.trim() !== '')
          values.plans.set(row.nodeCode, { plan: row.plan, header: row.planHeader });
  }
  if (cycle.kind === 'project') {
    for (const { rows } of own(await store.latestProjects(last.id)))
      for (const row of rows) values.projects.set(nameKey(row.name), row);
  }
  return values;
}
