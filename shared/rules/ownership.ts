import type { Finding } from '../engine/findings';
import { kpiColumnLabels } from '../templates/kpi';
import { progressColumnLabels } from '../templates/progress';
import { projectLabels } from '../templates/project';
import type { RuleContext } from './context';
import { keyOf, lookupItem } from '../engine/memo';
import { finding, type Place } from './finding';
import { knownDepartment, nearestDepartment, ownersOf } from './strategy-facts';

/**
 * ownership.*: 所管部署 is a department of the strategy, it owns the item its row is about, and a
 * department's submission only holds its own rows.
 */
export function checkOwnership(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const submitter = ctx.options.department ? knownDepartment(ctx.strategy, ctx.options.department) : null;
  const seen = new Set<string>();

  const check = (written: string, items: string[], place: Place) => {
    if (written.trim() === '') return;
    const department = knownDepartment(ctx.strategy, written);
    if (!department) {
      findings.push(
        finding(
          'ownership.unknown-department',
          { department: written.trim() },
          place,
          nearestDepartment(ctx.strategy, written),
        ),
      );
      return;
    }
    if (submitter && department !== submitter) {
      findings.push(finding('ownership.other-department', { department, submitter }, place));
      return;
    }
    // Owners are listed on the item, or on the nearest level above it (kushiro-2 lists them per 施策).
    const owned = items.flatMap((i) => {
      const m = lookupItem(ctx.strategy, i).match;
      return m ? [ownersOf(ctx.strategy, m.node.code)] : [];
    });
    if (owned.every((o) => o.names.length === 0)) return;
    const key = keyOf(department);
    if (owned.some((o) => o.keys.has(key))) return;
    const owners = [...new Set(owned.flatMap((o) => o.names))];
    findings.push(
      finding(
        'ownership.not-owner',
        { department, item: items.map((i) => i.trim()).join('、'), owners: owners.join('、') },
        place,
      ),
    );
  };

  let previous: (typeof ctx.kpi)[number] | null = null;
  for (const row of ctx.kpi) {
    // 所管部署 is written once per KPI (merged down): judge it once per KPI and item. The rows of
    // one KPI follow each other, so most repeats are the row just before.
    const repeat =
      previous !== null &&
      row.cells.kpi === previous.cells.kpi &&
      row.kpi === previous.kpi &&
      row.policy === previous.policy &&
      row.department === previous.department;
    previous = row;
    if (repeat) continue;
    const key = `${row.cells.kpi ?? row.kpi}|${row.policy}|${keyOf(row.department)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    check(row.department, row.policy === '' ? [] : [row.policy], {
      cell: row.cells.department,
      row: row.row,
      column: kpiColumnLabels.department,
    });
  }

  for (const row of ctx.progress?.rows ?? []) {
    check(
      row.department,
      (row.block?.items ?? []).map((i) => i.label),
      { cell: row.cells.department, row: row.row, column: progressColumnLabels.department },
    );
  }

  const written = ctx.project?.department?.value;
  if (written) {
    check(written.text, [], { cell: written.cell, row: written.row, column: projectLabels.department });
  }
  return findings;
}
