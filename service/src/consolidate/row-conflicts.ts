import { createHash } from 'node:crypto';
import { z } from 'zod';
import { nameKey, normalizeText } from '#shared';
import {
  ProgressValueSchema,
  ProjectFiguresSchema,
  type ProgressValue,
  type ProjectFigures,
} from '#shared/api';
import type { ProgressRowData, ProjectRowData, Submission } from '../store/store';
import type { Candidate, DetectedConflict, ProgressIdentity, ProjectIdentity, Resolution } from './conflicts';
import { valueKey } from './merge';

/**
 * Conflicts of progress-report rows and project sheets: the same rule as for KPI rows (merge.ts) —
 * two submitting departments sending different texts or figures for the same identity record a
 * conflict for the admin; nothing is silently kept. Identities: progress (item node, 所管部署),
 * project (project name, 所管部署); both are the row keys computed at submission.
 */

export type LatestRows<R> = { submission: Pick<Submission, 'id' | 'department' | 'version'>; rows: R[] }[];

type Sent<R, V> = Candidate<V> & { row: R };

/** Rows sharing one identity across the departments' latest versions. */
interface RowGroup<R, V> {
  key: string;
  /** The row as written by its own 所管部署 when it sent one, else the first sender's. */
  shown: Sent<R, V>;
  candidates: Sent<R, V>[];
  /** Which departments said what, when they disagree (null when they agree). */
  fingerprint: string | null;
}

function groupRows<R extends { rowKey: string; department: string }, V>(
  latest: LatestRows<R>,
  valueOf: (row: R) => V,
  compareKey: (value: V) => string,
): RowGroup<R, V>[] {
  const byKey = new Map<string, RowGroup<R, V>>();
  for (const { submission, rows } of latest) {
    for (const row of rows) {
      const candidate: Sent<R, V> = {
        department: submission.department,
        submissionId: submission.id,
        version: submission.version,
        value: valueOf(row),
        row,
      };
      const existing = byKey.get(row.rowKey);
      if (!existing) {
        byKey.set(row.rowKey, {
          key: row.rowKey,
          shown: candidate,
          candidates: [candidate],
          fingerprint: null,
        });
        continue;
      }
      existing.candidates.push(candidate);
      if (submission.department === row.department) existing.shown = candidate;
    }
  }
  const groups = [...byKey.values()];
  for (const g of groups) {
    const said = g.candidates.map((c) => `${c.department}=${compareKey(c.value)}`);
    if (new Set(g.candidates.map((c) => compareKey(c.value))).size > 1)
      g.fingerprint = JSON.stringify(said.sort());
  }
  return groups;
}

export const progressValueOf = (r: ProgressRowData): ProgressValue => ({ results: r.results, plan: r.plan });
/** Texts compare after NFKC and whitespace folding: a re-typed space is not a disagreement. */
const progressCompareKey = (v: ProgressValue) =>
  JSON.stringify([normalizeText(v.results), normalizeText(v.plan)]);

export const projectValueOf = (r: ProjectRowData): ProjectFigures => ({
  years: r.years,
  funds: r.funds,
  perCapita: r.perCapita,
  evaluations: r.evaluations,
});
/**
 * Each part of a project's figures as compared: amounts as numbers (`5,154` = 5154), year columns by
 * fiscal year, names by their key.
 */
export const projectFigureParts = (v: ProjectFigures) => ({
  years: v.years.map((y) => [y.fiscalYear ?? nameKey(y.header), valueKey(y.total)]),
  funds: v.funds.map((f) => [nameKey(f.name), f.amounts.map(valueKey)]),
  perCapita: valueKey(v.perCapita),
  evaluations: v.evaluations.map((e) => [e.fiscalYear, nameKey(e.value ?? '')]),
});
// The shape stored in conflict fingerprints: keep it.
const projectCompareKey = (v: ProjectFigures) => {
  const p = projectFigureParts(v);
  return JSON.stringify([p.years, p.funds, p.perCapita, p.evaluations]);
};

/** The candidate a resolution chose, or the resolution's own value (progress texts the admin wrote). */
function resolvedValue<R, V>(
  group: RowGroup<R, V>,
  resolution: Resolution<unknown> | undefined,
  schema: z.ZodType<V>,
  compareKey: (value: V) => string,
): { value: V; shown: Sent<R, V> } | null {
  if (!resolution || resolution.fingerprint !== group.fingerprint) return null;
  const parsed = schema.safeParse(resolution.value);
  if (!parsed.success) return null;
  const chosen = group.candidates.find((c) => compareKey(c.value) === compareKey(parsed.data));
  return { value: parsed.data, shown: chosen ?? group.shown };
}

export interface MergedGroup<R, V> {
  key: string;
  /** The row to show: the owner's, or the resolution's sender's; and the submission it came from. */
  row: R;
  submissionId: number;
  value: V;
  /** Every sender's value while the departments disagree and the admin has not decided. */
  conflict: Candidate<V>[] | null;
  resolved: boolean;
}

function merge<R extends { rowKey: string; department: string }, V>(
  latest: LatestRows<R>,
  resolutions: ReadonlyMap<string, Resolution<unknown>>,
  valueOf: (row: R) => V,
  compareKey: (value: V) => string,
  schema: z.ZodType<V>,
): MergedGroup<R, V>[] {
  return groupRows(latest, valueOf, compareKey).map((g): MergedGroup<R, V> => {
    const shown = { key: g.key, row: g.shown.row, submissionId: g.shown.submissionId, value: g.shown.value };
    if (!g.fingerprint) return { ...shown, conflict: null, resolved: false };
    const resolved = resolvedValue(g, resolutions.get(g.key), schema, compareKey);
    if (resolved)
      return {
        ...shown,
        row: resolved.shown.row,
        submissionId: resolved.shown.submissionId,
        value: resolved.value,
        conflict: null,
        resolved: true,
      };
    return { ...shown, conflict: g.candidates.map(({ row: _row, ...c }) => c), resolved: false };
  });
}

function detect<R extends { rowKey: string; department: string }, V, I>(
  latest: LatestRows<R>,
  valueOf: (row: R) => V,
  compareKey: (value: V) => string,
  identityOf: (row: R) => I,
): DetectedConflict<I, V>[] {
  return groupRows(latest, valueOf, compareKey).flatMap((g) =>
    g.fingerprint
      ? [
          {
            key: g.key,
            identity: identityOf(g.shown.row),
            candidates: g.candidates.map(({ row: _row, ...c }) => c),
            fingerprint: g.fingerprint,
          },
        ]
      : [],
  );
}

export const detectProgressConflicts = (latest: LatestRows<ProgressRowData>) =>
  detect(latest, progressValueOf, progressCompareKey, (r): ProgressIdentity => ({
    node: r.nodeCode,
    item: r.item,
    department: r.department,
  }));

export const detectProjectConflicts = (latest: LatestRows<ProjectRowData>) =>
  detect(latest, projectValueOf, projectCompareKey, (r): ProjectIdentity => ({
    project: r.name,
    department: r.department,
  }));

export const mergeProgressRows = (
  latest: LatestRows<ProgressRowData>,
  resolutions: ReadonlyMap<string, Resolution<unknown>>,
) => merge(latest, resolutions, progressValueOf, progressCompareKey, ProgressValueSchema);

export const mergeProjectRows = (
  latest: LatestRows<ProjectRowData>,
  resolutions: ReadonlyMap<string, Resolution<unknown>>,
) => merge(latest, resolutions, projectValueOf, projectCompareKey, ProjectFiguresSchema);

/** The merge key of a progress row: (the item's first 具体的な施策 or its text, 所管部署). */
export const progressRowKey = (identity: string, department: string) =>
  createHash('sha256')
    .update(JSON.stringify([identity, department]))
    .digest('base64url')
    .slice(0, 22);

/** The merge key of a project sheet: (project name, 所管部署). */
export const projectRowKey = (name: string, department: string) =>
  createHash('sha256')
    .update(JSON.stringify([nameKey(name), department]))
    .digest('base64url')
    .slice(0, 22);
