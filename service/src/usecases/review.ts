import { countBySeverity, normalizeText, ownerDepartments, type CellValue, type Strategy } from '#shared';
import type { RowIdentity } from '../consolidate/conflicts';
import { keyOf, RowKeyer, valueKey } from '../consolidate/merge';
import { progressValueOf, projectFigureParts, projectValueOf } from '../consolidate/row-conflicts';
import type { DepartmentState, ProgressValue, ProjectFigures } from '#shared/api';
import type {
  Cycle,
  ProgressRowData,
  ProjectRowData,
  Return,
  StoredKpiRow,
  Store,
  Submission,
} from '../store/store';

/** Reading what was submitted: version diffs and the cycle's status per department. */

export interface RowChange {
  identity: RowIdentity;
  kpi: string;
  policy: string;
  /** Sheet rows on each side (null for JSON submissions or when absent on that side). */
  rowBefore: number | null;
  rowAfter: number | null;
  /** Fields whose value differs: 数値 (value), 単位 (unit). */
  fields: ('value' | 'unit')[];
  before: { value: CellValue; unit: string } | null;
  after: { value: CellValue; unit: string } | null;
}

/** A progress-report row on both sides: (item, 所管部署), with which texts changed. */
export interface ProgressChange {
  item: string;
  department: string;
  rowBefore: number | null;
  rowAfter: number | null;
  fields: ('results' | 'plan')[];
  before: ProgressValue | null;
  after: ProgressValue | null;
}

/** A project sheet on both sides: (事業名, 所管部署), with which figures changed. */
export interface ProjectChange {
  name: string;
  department: string;
  fields: ('years' | 'funds' | 'perCapita' | 'evaluations')[];
  before: ProjectFigures | null;
  after: ProjectFigures | null;
}

interface Changes<C> {
  changed: C[];
  added: C[];
  removed: C[];
  unchanged: number;
  /** Of the unchanged, those now on another sheet row (sorted, rows inserted above): moved, not changed. */
  moved: C[];
}

export interface SubmissionDiff extends Changes<RowChange> {
  submission: { id: number; version: number };
  against: { id: number; version: number };
  /** Progress cycles: the department rows of the progress report. */
  progress: Changes<ProgressChange>;
  /** Project cycles: the 主要施策成果シート. */
  projects: Changes<ProjectChange>;
}

/** Both sides' rows matched by key: what was added, removed, changed (by `change`), moved or left alone. */
function compare<R, C extends { fields: unknown[]; rowBefore?: number | null; rowAfter?: number | null }>(
  after: readonly R[],
  before: readonly R[],
  keyOf: (row: R) => string,
  change: (after: R | undefined, before: R | undefined) => C,
): Changes<C> {
  const a = new Map(after.map((r) => [keyOf(r), r] as const));
  const b = new Map(before.map((r) => [keyOf(r), r] as const));
  const changes: Changes<C> = { changed: [], added: [], removed: [], unchanged: 0, moved: [] };
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) changes.added.push(change(x, undefined));
    else {
      const c = change(x, y);
      if (c.fields.length > 0) changes.changed.push(c);
      else {
        changes.unchanged++;
        // Sheet rows of both sides (JSON rows and project sheets have none: never moved).
        if (c.rowBefore != null && c.rowAfter != null && c.rowBefore !== c.rowAfter) changes.moved.push(c);
      }
    }
  }
  for (const [key, y] of b) if (!a.has(key)) changes.removed.push(change(undefined, y));
  return changes;
}

function progressChange(x: ProgressRowData | undefined, y: ProgressRowData | undefined): ProgressChange {
  const any = (x ?? y)!;
  const fields: ProgressChange['fields'] = [];
  if (x && y) {
    // Texts compare as conflicts compare them (NFKC, spaces folded): a re-typed space is no change.
    if (normalizeText(x.results) !== normalizeText(y.results)) fields.push('results');
    if (normalizeText(x.plan) !== normalizeText(y.plan)) fields.push('plan');
  }
  return {
    item: any.item,
    department: any.department,
    rowBefore: y?.sheetRow ?? null,
    rowAfter: x?.sheetRow ?? null,
    fields,
    before: y ? progressValueOf(y) : null,
    after: x ? progressValueOf(x) : null,
  };
}

function projectChange(x: ProjectRowData | undefined, y: ProjectRowData | undefined): ProjectChange {
  const any = (x ?? y)!;
  const fields: ProjectChange['fields'] = [];
  if (x && y) {
    const [a, b] = [projectFigureParts(projectValueOf(x)), projectFigureParts(projectValueOf(y))];
    for (const field of ['years', 'funds', 'perCapita', 'evaluations'] as const)
      if (JSON.stringify(a[field]) !== JSON.stringify(b[field])) fields.push(field);
  }
  return {
    name: any.name,
    department: any.department,
    fields,
    before: y ? projectValueOf(y) : null,
    after: x ? projectValueOf(x) : null,
  };
}

type Side = {
  submission: Submission;
  rows: StoredKpiRow[];
  progress: ProgressRowData[];
  projects: ProjectRowData[];
};

/** Which cells changed between two versions: KPI rows, progress-report rows and project sheets. */
export function diffSubmissions(strategy: Strategy, after: Side, before: Side): SubmissionDiff {
  const keyer = RowKeyer.for(strategy);
  const kpiChange = (x: StoredKpiRow | undefined, y: StoredKpiRow | undefined): RowChange => {
    const any = (x ?? y)!;
    const fields: RowChange['fields'] = [];
    if (x && y && valueKey(x.value) !== valueKey(y.value)) fields.push('value');
    if (x && y && x.unit !== y.unit) fields.push('unit');
    return {
      identity: keyer.identity(any),
      kpi: any.kpi,
      policy: any.policy,
      rowBefore: y?.sheetRow ?? null,
      rowAfter: x?.sheetRow ?? null,
      fields,
      before: y ? { value: y.value, unit: y.unit } : null,
      after: x ? { value: x.value, unit: x.unit } : null,
    };
  };
  return {
    submission: { id: after.submission.id, version: after.submission.version },
    against: { id: before.submission.id, version: before.submission.version },
    // The key stored with the row (a generated workbook's rows were keyed by its template keys).
    ...compare(after.rows, before.rows, (r) => r.rowKey ?? keyOf(keyer.identity(r)), kpiChange),
    progress: compare(after.progress, before.progress, (r) => r.rowKey, progressChange),
    projects: compare(after.projects, before.projects, (r) => r.rowKey, projectChange),
  };
}

export interface DepartmentStatus {
  department: string;
  state: DepartmentState;
  expected: boolean;
  submitted: boolean;
  version: number | null;
  submissionId: number | null;
  submittedAt: string | null;
  errors: number;
  warnings: number;
  returned: Return | null;
  versions: { id: number; version: number; createdAt: string }[];
}

/** A cycle as the API shows it: with the departments it expects, the definition's owners by default. */
export type CycleView = Cycle & { expectedDepartments: string[] };

export function cycleView(cycle: Cycle, strategy: Strategy): CycleView {
  return { ...cycle, expectedDepartments: cycle.expectedDepartments ?? ownerDepartments(strategy) };
}

const JST_OFFSET_MS = 9 * 3_600_000;

/** Whether a deadline (`2026-03-31`: due through that day, Japan time) has passed at `now`. */
export function deadlinePassed(deadline: string | null, now: Date): boolean {
  if (deadline === null) return false;
  const [y, m, d] = deadline.split('-').map(Number) as [number, number, number];
  return now.getTime() >= Date.UTC(y, m - 1, d + 1) - JST_OFFSET_MS;
}

export interface CycleStatus {
  cycle: CycleView;
  submitted: number;
  total: number;
  openConflicts: number;
  states: Record<DepartmentState, number>;
  now: string;
  departments: DepartmentStatus[];
}

export async function cycleStatus(
  store: Store,
  strategy: Strategy,
  cycle: Cycle,
  onlyDepartment: string | null,
  now = new Date(),
): Promise<CycleStatus> {
  const view = cycleView(cycle, strategy);
  const all = await store.listSubmissions(cycle.id);
  const returns = await store.returnsOf(all.map((s) => s.id));
  const expected = new Set(view.expectedDepartments);
  const departments = [...new Set([...view.expectedDepartments, ...all.map((s) => s.department)])];
  const overdue = deadlinePassed(cycle.deadline, now);
  const rows = departments.map((department): DepartmentStatus => {
    const versions = all.filter((s) => s.department === department);
    const last = versions.at(-1);
    const counts = countBySeverity(last?.findings ?? []);
    const returnedIds = new Set(returns.map((r) => r.submissionId));
    // A returned latest version does not stand: the department owes a new one (差し戻し中).
    const state: DepartmentState = !last
      ? overdue
        ? 'overdue'
        : 'missing'
      : returnedIds.has(last.id)
        ? 'returned'
        : versions.some((v) => returnedIds.has(v.id))
          ? 'resubmitted'
          : 'submitted';
    return {
      department,
      state,
      expected: expected.has(department),
      submitted: last !== undefined,
      version: last?.version ?? null,
      submissionId: last?.id ?? null,
      submittedAt: last?.createdAt ?? null,
      errors: counts.error,
      warnings: counts.warning,
      returned: (last && returns.filter((r) => r.submissionId === last.id).at(-1)) ?? null,
      versions: versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt })),
    };
  });
  const conflicts = await store.listConflicts(cycle.id);
  const states: Record<DepartmentState, number> = {
    missing: 0,
    submitted: 0,
    returned: 0,
    resubmitted: 0,
    overdue: 0,
  };
  for (const r of rows) states[r.state]++;
  return {
    cycle: view,
    submitted: states.submitted + states.resubmitted,
    total: rows.length,
    openConflicts: conflicts.filter((c) => c.status === 'open').length,
    states,
    now: now.toISOString(),
    departments: onlyDepartment ? rows.filter((r) => r.department === onlyDepartment) : rows,
  };
}
