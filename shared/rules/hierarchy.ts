import type { Finding } from '../engine/findings';
import { parseItemLabel } from '../strategy/lookup';
import { kpiColumnLabels } from '../templates/kpi';
import type { KpiRuleContext } from './context';
import { finding } from './finding';

/** hierarchy.*: every 施策体系 item written in the sheet exists in the strategy definition. */
export function checkHierarchy({ rows, strategy }: KpiRuleContext): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    // An item is written once and carried down over its KPI rows: report it once, where it is written.
    const key = row.cells.policy ?? `text:${row.policy}`;
    if (row.policy === '' || seen.has(key)) continue;
    seen.add(key);
    const label = parseItemLabel(row.policy);
    if (strategy.find(label).length > 0) continue;
    findings.push(
      finding(
        'hierarchy.unknown-item',
        { item: row.policy },
        { cell: row.cells.policy, row: row.row, column: kpiColumnLabels.policy },
        strategy.suggest(label),
      ),
    );
  }
  return findings;
}
