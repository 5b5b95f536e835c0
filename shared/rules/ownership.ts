import type { Finding } from '../engine/findings';
import { kpiColumnLabels } from '../templates/kpi';
import { progressColumnLabels } from '../templates/progress';
import { projectLabels } from '../templates/project';
import type { RuleContext } from './context';
import { keyOf, lookupItem } from '../engine/memo';
import { finding, type Place } from './finding';
import { knownDepartment, nearestDepartment, projectKey, strategyFacts } from './strategy-facts';

/**
 * ownership.*: 所管部署 is a department of the strategy, it owns the item its row is about, and a
 * department's submission only holds its own rows — or rows of an item it co-owns, which the merge
 * compares with the other owner's (a conflict when they differ).
 */
export function checkOwnership(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const submitter = ctx.options.department ? knownDepartment(ctx.strategy, ctx.options.department) : null;
  const seen = new Set<string>();
  const { projects } = strategyFacts(ctx.strategy);

  /** Owners are listed on the item, or on the nearest level above it (kushiro-2 lists them per 施策). */
  const ownersOf = (codes: string[]) => [...new Set(codes.flatMap((c) => ctx.strategy.departmentsOf(c)))];
  const codesOf = (items: string[]) =>
    items.flatMap((i) => {
      const m = lookupItem(ctx.strategy, i).match;
      return m ? [m.node.code] : [];
    });
  const owns = (owners: string[], department: string) => owners.some((o) => keyOf(o) === keyOf(department));

  /**
   * `owners`: the item's owners; `judgeOwner`: whether 所管部署 itself must be one of them (project
   * forms name no item, so only the submitter is compared with the owners of the project's item).
   */
  const check = (written: string, item: string, owners: string[], judgeOwner: boolean, place: Place) => {
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
      if (!owns(owners, submitter)) {
        findings.push(finding('ownership.other-department', { department, submitter, item }, place));
        return;
      }
      findings.push(finding('ownership.co-owner-row', { department, submitter, item }, place));
    }
    if (!judgeOwner || owners.length === 0 || owns(owners, department)) return;
    findings.push(finding('ownership.not-owner', { department, item, owners: owners.join('、') }, place));
  };

  for (const row of ctx.kpi) {
    // 所管部署 is written once per KPI (merged down): judge it once per KPI and item.
    const key = `${row.cells.kpi ?? row.kpi}|${row.policy}|${keyOf(row.department)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const items = row.policy === '' ? [] : [row.policy];
    check(row.department, row.policy.trim(), ownersOf(codesOf(items)), true, {
      cell: row.cells.department,
      row: row.row,
      column: kpiColumnLabels.department,
    });
  }

  for (const row of ctx.progress?.rows ?? []) {
    const items = (row.block?.items ?? []).map((i) => i.label);
    check(row.department, items.map((i) => i.trim()).join('、'), ownersOf(codesOf(items)), true, {
      cell: row.cells.department,
      row: row.row,
      column: progressColumnLabels.department,
    });
  }

  const written = ctx.project?.department?.value;
  if (written) {
    const name = ctx.project?.name?.value?.text.trim() ?? '';
    const code = projects.get(projectKey(name))?.code;
    check(written.text, name, code ? ownersOf([code]) : [], false, {
      cell: written.cell,
      row: written.row,
      column: projectLabels.department,
    });
  }
  return findings;
}
