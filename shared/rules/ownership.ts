import type { Finding } from '../engine/findings';
import { kpiColumnLabels } from '../templates/kpi';
import { progressColumnLabels } from '../templates/progress';
import { projectLabels } from '../templates/project';
import type { RuleContext } from './context';
import { keyOf, kpiKeyOf, lookupItem } from '../engine/memo';
import { declareRules, findingOf, type Place } from './declare';
import { kpiOwners } from './kpi-schema';
import {
  knownDepartment,
  nearestDepartment,
  ownersOf,
  projectKey,
  strategyFacts,
  type Owners,
} from './strategy-facts';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const ownershipRules = declareRules({
  'ownership.unknown-department': {
    severity: 'error',
    catalog: {
      checks:
        '所管部署 (and 所管課・室 of a project sheet, bureau prefix `総合政策部` ignored) is a department of the strategy; the nearest one is suggested.',
      failing:
        '`商業労政` → suggestion `商業労政課`; `財政部市有財産対策` → `市有財産対策室`; `阿寒観光振` → `阿寒観光振興課` (progress report, seed)',
      passing: '`商業労政課`, `財政部市有財産対策室`, `商業 労政課`',
    },
  },
  'ownership.not-owner': {
    severity: 'warning',
    catalog: {
      checks:
        'The department owns the item of its row (the owners listed on the item, or on the nearest level above it); for a KPI the strategy defines with an `owner` (several co-owners separated by `、`), the department is that owner or a co-owner, whoever else owns the item.',
      failing: '`教育支援課` for a KPI under `ウ 防疫、健康危機管理体制の整備` (owned by 健康推進課; seed)',
      passing: '`健康推進課` there',
    },
  },
  'ownership.other-department': {
    severity: 'error',
    catalog: {
      checks:
        'When the engine is told the submitting department (`validate(…, { department })`; the service always tells it), a row whose 所管部署 is another department may only be sent by a co-owner of its item (owners listed on the item or the nearest level above it; for a project sheet, the owners of the item listing the project among its 主な事業).',
      failing:
        "a 水産課 row under `ア 持続的成長を目指した水産業の振興` (owned by 水産課 only) in 農林課's submission; a project sheet of 市有財産対策室 sent by 水産課",
      passing: "水産課 rows in 水産課's submission",
    },
  },
  'ownership.co-owner-row': {
    severity: 'warning',
    catalog: {
      checks:
        "A row of another department, sent by a co-owner of its item: submitted with a reason; the service compares it with the other department's row and records a conflict for the planning office when the values differ.",
      failing:
        "a 都市経営課 row under `イ 創業・第二創業の支援` (owned by 商業労政課 and 都市経営課) in 商業労政課's submission",
      passing: "the same row in 都市経営課's submission",
    },
  },
});

const finding = findingOf(ownershipRules);

/** The findings a written 所管部署 gets, wherever it is written. */
type Verdict = ((place: Place) => Finding)[];

const NO_OWNERS: Owners = { names: [], keys: new Set() };

/**
 * ownership.*: 所管部署 is a department of the strategy, it owns the item its row is about, and a
 * department's submission only holds its own rows — or rows of an item it co-owns, which the merge
 * compares with the other owner's (a conflict when they differ).
 */
export function checkOwnership(ctx: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const submitter = ctx.options.department ? knownDepartment(ctx.strategy, ctx.options.department) : null;
  const { projects } = strategyFacts(ctx.strategy);

  /** Owners are listed on the item, or on the nearest level above it (kushiro-2 lists them per 施策). */
  const ownersOfItems = (items: string[]): Owners => {
    const codes = items.flatMap((i) => {
      const m = lookupItem(ctx.strategy, i).match;
      return m ? [m.node.code] : [];
    });
    if (codes.length === 0) return NO_OWNERS;
    if (codes.length === 1) return ownersOf(ctx.strategy, codes[0]!);
    const names = [...new Set(codes.flatMap((c) => ownersOf(ctx.strategy, c).names))];
    return { names, keys: new Set(names.map((n) => keyOf(n))) };
  };

  /**
   * `owners`: the item's owners; `judgeOwner`: whether 所管部署 itself must be one of them (project
   * forms name no item, so only the submitter is compared with the owners of the project's item).
   */
  const verdictOf = (
    written: string,
    item: string,
    owners: Owners,
    judgeOwner: boolean,
    senders: Owners = owners,
  ): Verdict => {
    if (written.trim() === '') return [];
    const department = knownDepartment(ctx.strategy, written);
    if (!department) {
      const nearest = nearestDepartment(ctx.strategy, written);
      return [
        (place) => finding('ownership.unknown-department', { department: written.trim() }, place, nearest),
      ];
    }
    const verdict: Verdict = [];
    if (submitter && department !== submitter) {
      if (!senders.keys.has(keyOf(submitter)))
        return [(place) => finding('ownership.other-department', { department, submitter, item }, place)];
      verdict.push((place) => finding('ownership.co-owner-row', { department, submitter, item }, place));
    }
    if (judgeOwner && owners.names.length > 0 && !owners.keys.has(keyOf(department))) {
      const listed = owners.names.join('、');
      verdict.push((place) => finding('ownership.not-owner', { department, item, owners: listed }, place));
    }
    return verdict;
  };

  // A table repeats each (item, 所管部署) pair over many KPIs: judged once per pair.
  const kpiVerdicts = new Map<string, Map<string, Verdict>>();
  const seen = new Set<string>();
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
    // A KPI the strategy defines with an owner (and co-owners) is theirs: 所管部署 must name one of them.
    const defined = row.policy === '' ? null : kpiOwners(ctx.strategy, row);
    const scope = defined ? `${row.policy}|${kpiKeyOf(row.kpi)}` : row.policy;
    let byDepartment = kpiVerdicts.get(scope);
    if (!byDepartment) {
      byDepartment = new Map();
      kpiVerdicts.set(scope, byDepartment);
    }
    let verdict = byDepartment.get(row.department);
    if (!verdict) {
      const itemOwners = row.policy === '' ? NO_OWNERS : ownersOfItems([row.policy]);
      const owners = defined ? { names: defined, keys: new Set(defined.map((n) => keyOf(n))) } : itemOwners;
      // The item's co-owners may still send the row (a warning; the merge compares it with the owner's).
      const senders = defined
        ? { names: [...itemOwners.names, ...defined], keys: new Set([...itemOwners.keys, ...owners.keys]) }
        : itemOwners;
      verdict = verdictOf(row.department, row.policy.trim(), owners, true, senders);
      byDepartment.set(row.department, verdict);
    }
    if (verdict.length === 0) continue;
    const place = { cell: row.cells.department, row: row.row, column: kpiColumnLabels.department };
    for (const make of verdict) findings.push(make(place));
  }

  for (const row of ctx.progress?.rows ?? []) {
    const items = (row.block?.items ?? []).map((i) => i.label);
    const verdict = verdictOf(
      row.department,
      items.map((i) => i.trim()).join('、'),
      ownersOfItems(items),
      true,
    );
    const place = { cell: row.cells.department, row: row.row, column: progressColumnLabels.department };
    for (const make of verdict) findings.push(make(place));
  }

  const written = ctx.project?.department?.value;
  if (written) {
    const name = ctx.project?.name?.value?.text.trim() ?? '';
    const code = projects.get(projectKey(name))?.code;
    const verdict = verdictOf(written.text, name, code ? ownersOf(ctx.strategy, code) : NO_OWNERS, false);
    const place = { cell: written.cell, row: written.row, column: projectLabels.department };
    for (const make of verdict) findings.push(make(place));
  }
  return findings;
}
