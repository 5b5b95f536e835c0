import { countBySeverity, type CellValue, type Strategy } from '#shared';
import { keyOf, RowKeyer, valueKey, type RowIdentity } from '../consolidate/merge';
import type { Cycle, Return, StoredKpiRow, Store, Submission } from '../store/store';

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

export interface SubmissionDiff {
  submission: { id: number; version: number };
  against: { id: number; version: number };
  changed: RowChange[];
  added: RowChange[];
  removed: RowChange[];
  unchanged: number;
}

export function diffRows(
  strategy: Strategy,
  after: { submission: Submission; rows: StoredKpiRow[] },
  before: { submission: Submission; rows: StoredKpiRow[] },
): SubmissionDiff {
  const keyer = RowKeyer.for(strategy);
  const index = (rows: StoredKpiRow[]) => new Map(rows.map((r) => [keyOf(keyer.identity(r)), r] as const));
  const a = index(after.rows);
  const b = index(before.rows);
  const change = (x: StoredKpiRow | undefined, y: StoredKpiRow | undefined): RowChange => {
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
  const diff: SubmissionDiff = {
    submission: { id: after.submission.id, version: after.submission.version },
    against: { id: before.submission.id, version: before.submission.version },
    changed: [],
    added: [],
    removed: [],
    unchanged: 0,
  };
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) diff.added.push(change(x, undefined));
    else {
      const c = change(x, y);
      if (c.fields.length > 0) diff.changed.push(c);
      else diff.unchanged++;
    }
  }
  for (const [key, y] of b) if (!a.has(key)) diff.removed.push(change(undefined, y));
  return diff;
}

export interface DepartmentStatus {
  department: string;
  submitted: boolean;
  version: number | null;
  submissionId: number | null;
  submittedAt: string | null;
  errors: number;
  warnings: number;
  returned: Return | null;
  versions: { id: number; version: number; createdAt: string }[];
}

export interface CycleStatus {
  cycle: Cycle;
  submitted: number;
  total: number;
  openConflicts: number;
  departments: DepartmentStatus[];
}

export async function cycleStatus(
  store: Store,
  strategy: Strategy,
  cycle: Cycle,
  onlyDepartment: string | null,
): Promise<CycleStatus> {
  const all = await store.listSubmissions(cycle.id);
  const returns = await store.returnsOf(all.map((s) => s.id));
  const departments = [...new Set([...strategy.departments, ...all.map((s) => s.department)])];
  const rows = departments.map((department): DepartmentStatus => {
    const versions = all.filter((s) => s.department === department);
    const last = versions.at(-1);
    const counts = countBySeverity(last?.findings ?? []);
    return {
      department,
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
  return {
    cycle,
    submitted: rows.filter((r) => r.submitted).length,
    total: rows.length,
    openConflicts: conflicts.filter((c) => c.status === 'open').length,
    departments: onlyDepartment ? rows.filter((r) => r.department === onlyDepartment) : rows,
  };
}
