import type { ConflictState, LatestSubmission } from '../store/store';
import type { DetectedConflict } from './conflicts';

/**
 * How a submission changes the cycle's conflicts: decided here, stored by the store
 * (usecases/store-submission.ts runs both in the cycle's lock).
 */

/**
 * What to change so the stored conflicts match what the merge detects now: a new disagreement opens a
 * conflict; one no longer detected is superseded; a stored one (open or resolved) stays while its
 * candidates are unchanged, and is superseded by a new open one when they changed.
 */
export function conflictChanges<D extends DetectedConflict<unknown, unknown>>(
  current: readonly ConflictState[],
  detected: readonly D[],
): { open: D[]; supersede: number[] } {
  const byKey = new Map(current.map((c) => [c.rowKey, c]));
  const seen = new Set<string>();
  const open: D[] = [];
  const supersede: number[] = [];
  for (const d of detected) {
    seen.add(d.key);
    const existing = byKey.get(d.key);
    if (existing && existing.fingerprint === d.fingerprint) continue;
    if (existing) supersede.push(existing.id);
    open.push(d);
  }
  for (const c of current) if (!seen.has(c.rowKey)) supersede.push(c.id);
  return { open, supersede };
}

/**
 * The KPI rows a new version is compared on: its own rows, and the other departments' latest rows
 * that share a key with them or with the version it replaces (a conflict may end with that version).
 */
export function kpiRowsToCompare(
  before: ReadonlyMap<string, LatestSubmission>,
  latest: LatestSubmission,
): LatestSubmission[] {
  const department = latest.submission.department;
  const keys = new Set<string>();
  for (const r of [...latest.rows, ...(before.get(department)?.rows ?? [])]) if (r.rowKey) keys.add(r.rowKey);
  const others = [...before.values()].flatMap((l) => {
    if (l.submission.department === department) return [];
    const rows = l.rows.filter((r) => r.rowKey !== undefined && keys.has(r.rowKey));
    return rows.length > 0 ? [{ submission: l.submission, rows }] : [];
  });
  return [latest, ...others];
}
