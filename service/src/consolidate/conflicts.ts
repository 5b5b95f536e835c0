import type { CellValue, KpiRow } from '#shared';

/**
 * What a conflict is made of — identities, the departments' candidate values, a resolution — for
 * KPI rows (merge.ts) and for progress rows and project sheets (row-conflicts.ts). Kept apart from the
 * merge so that the store, which persists conflicts, does not import the merge that reads the store.
 */

export type ConflictSubject = 'kpi' | 'progress' | 'project';

export interface RowIdentity {
  node: string;
  kpi: string;
  department: string;
  kind: KpiRow['kind'];
  period: string;
}

export interface Candidate<V = CellValue> {
  department: string;
  submissionId: number;
  version: number;
  value: V;
}

export interface Resolution<V = CellValue> {
  fingerprint: string;
  value: V;
}

/** Progress and project conflicts (row-conflicts.ts) carry their own identity and value types. */
export interface DetectedConflict<I = RowIdentity, V = CellValue> {
  key: string;
  identity: I;
  candidates: Candidate<V>[];
  fingerprint: string;
}

export interface ProgressIdentity {
  /** Strategy node of the item's first 具体的な施策 (null when the item is not in the strategy). */
  node: string | null;
  item: string;
  department: string;
}

export interface ProjectIdentity {
  project: string;
  department: string;
}
