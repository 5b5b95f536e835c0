import { hash } from 'node:crypto';
import {
  knownDepartment,
  nameKey,
  normalizeNumeric,
  readNumber,
  strategyIndexFor,
  type StrategyIndex,
  type Strategy,
} from '#shared';
import type { CellValue } from '#shared';
import type { LatestSubmission, StoredKpiRow } from '../store/store';
import type { Candidate, DetectedConflict, Resolution, RowIdentity } from './conflicts';

/**
 * The merge of every department's latest KPI rows. A row is identified by what it means —
 * (strategy node, KPI, 所管部署, 区分, 年・年度) — never by its position in a file. Two departments
 * sending the same row with the same value give one row; with different values the row becomes a
 * conflict for the admin (never one silently kept). A 再掲 item takes its values from the original
 * and is not counted again.
 */

export interface MergedRow {
  key: string;
  identity: RowIdentity;
  row: StoredKpiRow;
  /** Node code of the strategy item (null when the item is not in the strategy). */
  nodeCode: string | null;
  /** Code of the original item when this row is a 再掲: shown, not counted. */
  restatementOf: string | null;
  /** Submitting departments that sent this row. */
  sources: string[];
  /** Differing values, when departments disagree and the admin has not resolved it. */
  conflict: Candidate[] | null;
  resolved: boolean;
}

export interface MergeResult {
  rows: MergedRow[];
  conflicts: DetectedConflict[];
}

/** Values compare as numbers when both read as numbers (`1,234` = 1234), else as normalized text. */
export function valueKey(value: CellValue): string {
  const n = readNumber(value);
  if (n.kind === 'number') return `n:${n.value}`;
  if (n.kind === 'empty') return 'empty';
  return `t:${normalizeNumeric(String(value))}`;
}

/** Cached texts per keyer; cleared past this size so a long-running service stays bounded. */
const KEYER_CACHE_LIMIT = 50_000;
const keyers = new WeakMap<Strategy, RowKeyer>();

export class RowKeyer {
  private readonly index: StrategyIndex;
  private readonly nodes = new Map<string, { code: string; restatementOf: string | null }>();
  constructor(strategy: Strategy) {
    this.index = strategyIndexFor(strategy);
  }

  /**
   * One keyer per strategy definition: its caches are pure functions of the definition, so every
   * submission on a strategy reuses the items, periods and departments resolved before.
   */
  static for(strategy: Strategy): RowKeyer {
    let keyer = keyers.get(strategy);
    if (!keyer) keyers.set(strategy, (keyer = new RowKeyer(strategy)));
    return keyer;
  }

  node(policy: string): { code: string; restatementOf: string | null } | null {
    const cached = this.nodes.get(policy);
    if (cached) return cached;
    const match = this.index.resolve(this.index.label(policy));
    if (!match) return null;
    const found = { code: match.node.code, restatementOf: match.node.restatementOf ?? null };
    if (this.nodes.size >= KEYER_CACHE_LIMIT) this.nodes.clear();
    this.nodes.set(policy, found);
    return found;
  }

  // Texts repeat (a KPI's three rows, the same periods and departments): normalize each once.
  private readonly texts = {
    kpi: new Map<string, string>(),
    period: new Map<string, string>(),
    department: new Map<string, string>(),
  };
  private text(kind: 'kpi' | 'period' | 'department', raw: string): string {
    const cache = this.texts[kind];
    let key = cache.get(raw);
    if (key === undefined) {
      key =
        kind === 'kpi'
          ? nameKey(raw).replace(/^[・･]/, '')
          : kind === 'period'
            ? nameKey(normalizeNumeric(raw))
            : // As the strategy names it: `総合政策部都市経営課` is 都市経営課's row too.
              (knownDepartment(this.index, raw) ?? nameKey(raw));
      if (cache.size >= KEYER_CACHE_LIMIT) cache.clear();
      cache.set(raw, key);
    }
    return key;
  }

  identity(row: StoredKpiRow): RowIdentity {
    const node = this.node(row.policy);
    return {
      node: node?.code ?? `?${nameKey(row.policy)}`,
      kpi: this.text('kpi', row.kpi),
      department: this.text('department', row.department),
      kind: row.kind,
      period: this.text('period', row.period),
    };
  }
}

/** A row's merge key: a short digest of its identity, indexed in the store (the identity itself is kept with conflicts). */
export const keyOf = (id: RowIdentity): string =>
  hash('sha256', JSON.stringify([id.node, id.kpi, id.department, id.kind, id.period]), 'base64url').slice(
    0,
    22,
  );

/** Which departments said what: a resubmission with the same values keeps the conflict (and its resolution). */
export function fingerprintOf(candidates: Candidate[]): string {
  return JSON.stringify(candidates.map((c) => `${c.department}=${valueKey(c.value)}`).sort());
}

/**
 * Only the conflicts among the given rows (what a new submission must record), using the keys stored
 * with the rows; identities are resolved only for the conflicting ones.
 */
export function detectConflicts(strategy: Strategy, latest: LatestSubmission[]): DetectedConflict[] {
  const keyer = RowKeyer.for(strategy);
  type Sent = { submission: LatestSubmission['submission']; row: StoredKpiRow };
  // Almost every key is sent once: only keys sent again are compared.
  const first = new Map<string, Sent>();
  const repeated = new Map<string, Sent[]>();
  for (const { submission, rows } of latest) {
    for (const row of rows) {
      const key = row.rowKey ?? keyOf(keyer.identity(row));
      const earlier = first.get(key);
      if (!earlier) first.set(key, { submission, row });
      else {
        const sent = repeated.get(key);
        if (sent) sent.push({ submission, row });
        else repeated.set(key, [earlier, { submission, row }]);
      }
    }
  }
  const conflicts: DetectedConflict[] = [];
  for (const [key, sent] of repeated) {
    if (new Set(sent.map(({ row }) => valueKey(row.value))).size <= 1) continue;
    const candidates = sent.map(({ submission, row }): Candidate => ({
      department: submission.department,
      submissionId: submission.id,
      version: submission.version,
      value: row.value,
    }));
    conflicts.push({
      key,
      identity: keyer.identity(sent[0]!.row),
      candidates,
      fingerprint: fingerprintOf(candidates),
    });
  }
  return conflicts;
}

export function mergeKpi(
  strategy: Strategy,
  latest: LatestSubmission[],
  resolutions: ReadonlyMap<string, Resolution> = new Map(),
): MergeResult {
  const keyer = RowKeyer.for(strategy);
  const byKey = new Map<string, MergedRow & { candidates: Candidate[] }>();
  for (const { submission, rows } of latest) {
    for (const row of rows) {
      const identity = keyer.identity(row);
      // The key stored with the row: a generated workbook's rows were keyed by the template's keys.
      const key = row.rowKey ?? keyOf(identity);
      const node = keyer.node(row.policy);
      const candidate: Candidate = {
        department: submission.department,
        submissionId: submission.id,
        version: submission.version,
        value: row.value,
      };
      const existing = byKey.get(key);
      if (existing) {
        if (!existing.sources.includes(submission.department)) existing.sources.push(submission.department);
        existing.candidates.push(candidate);
        // The row as written by its own 所管部署 is the one shown when the values agree.
        if (submission.department === identity.department) existing.row = row;
        continue;
      }
      byKey.set(key, {
        key,
        identity,
        row,
        nodeCode: node?.code ?? null,
        restatementOf: node?.restatementOf ?? null,
        sources: [submission.department],
        conflict: null,
        resolved: false,
        candidates: [candidate],
      });
    }
  }

  const conflicts: DetectedConflict[] = [];
  for (const merged of byKey.values()) {
    const distinct = new Set(merged.candidates.map((c) => valueKey(c.value)));
    if (distinct.size <= 1) continue;
    const fingerprint = fingerprintOf(merged.candidates);
    conflicts.push({
      key: merged.key,
      identity: merged.identity,
      candidates: merged.candidates,
      fingerprint,
    });
    const resolution = resolutions.get(merged.key);
    if (resolution && resolution.fingerprint === fingerprint) {
      merged.row = { ...merged.row, value: resolution.value };
      merged.resolved = true;
    } else {
      merged.conflict = merged.candidates;
    }
  }

  // 再掲: the original item's value for the same KPI row wins; the restated row is display only.
  for (const merged of byKey.values()) {
    if (!merged.restatementOf) continue;
    const original = byKey.get(keyOf({ ...merged.identity, node: merged.restatementOf }));
    if (original) {
      merged.row = { ...merged.row, value: original.row.value };
      merged.conflict = original.conflict;
    }
  }

  const rows = [...byKey.values()].map(({ candidates: _c, ...rest }) => rest);
  return { rows, conflicts };
}
