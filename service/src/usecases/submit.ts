import { createHash } from 'node:crypto';
import {
  countBySeverity,
  toReport,
  validateKpiRows,
  validateWorkbook,
  type Finding,
  type KpiRow,
  type ReadProblem,
  type Strategy,
  type WorkbookReport,
} from '#shared';
import { detectConflicts, keyOf, RowKeyer } from '../consolidate/merge';
import type { Actor, Cycle, Return, StoredKpiRow, Store, Submission } from '../store/store';
import { readWorkbook } from '../xlsx/read';

export type SubmissionInput =
  { kind: 'xlsx'; bytes: Uint8Array; fileName: string | null } | { kind: 'json'; rows: KpiRow[] };

/** The latest 差し戻し of the department's latest version: shown with its next validation. */
export interface PendingReturn extends Return {
  version: number;
}

export type SubmitOutcome =
  | {
      status: 'accepted';
      submission: Submission;
      findings: Finding[];
      report: WorkbookReport | null;
      replayed: boolean;
      previousReturn: PendingReturn | null;
    }
  | {
      status: 'rejected';
      findings: Finding[];
      report: WorkbookReport | null;
      previousReturn: PendingReturn | null;
    }
  | { status: 'unreadable'; problem: ReadProblem }
  /** The Idempotency-Key was used before by this principal for a different request. */
  | { status: 'key-reused' };

export async function pendingReturn(
  store: Store,
  cycleId: string,
  department: string,
): Promise<PendingReturn | null> {
  const versions = await store.listSubmissions(cycleId, department);
  const last = versions.at(-1);
  if (!last) return null;
  const returns = await store.returnsOf([last.id]);
  const r = returns.at(-1);
  return r ? { ...r, version: last.version } : null;
}

/**
 * Re-validates a department's submission with the shared engine (the client's findings are never
 * trusted) and stores it as the department's next version when it has no errors. With an
 * Idempotency-Key, a retry by the same principal gets the original submission back, stored once.
 */
export async function submitKpi(
  store: Store,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  input: SubmissionInput,
  options: { maxBytes: number; idempotencyKey: string | null; reason: string | null; actor: Actor },
): Promise<SubmitOutcome> {
  const requestSha256 = createHash('sha256')
    .update(input.kind === 'xlsx' ? input.bytes : JSON.stringify(input.rows))
    .digest('hex');
  let rows: StoredKpiRow[];
  let findings: Finding[];
  let report: WorkbookReport | null = null;
  if (input.kind === 'xlsx') {
    const read = await readWorkbook(input.bytes, options.maxBytes);
    if (!read.ok) return { status: 'unreadable', problem: read.problem };
    const result = validateWorkbook(read.snapshot, strategy);
    report = toReport(result, input.fileName ?? undefined);
    findings = result.sheets.flatMap((s) => s.findings.map((f) => ({ ...f, sheet: s.sheet })));
    rows = result.sheets.flatMap((s) =>
      s.kpiRows.map(({ row, cells: _cells, ...r }) => ({ ...r, sheetRow: row })),
    );
  } else {
    const result = validateKpiRows(input.rows, strategy);
    findings = result.findings;
    rows = input.rows.map((r) => ({ ...r, sheetRow: null }));
  }
  const previousReturn = await pendingReturn(store, cycle.id, department);
  if (countBySeverity(findings).error > 0) return { status: 'rejected', findings, report, previousReturn };
  const file =
    input.kind === 'xlsx'
      ? {
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          bytes: input.bytes,
          name: input.fileName,
        }
      : null;
  const keyer = new RowKeyer(strategy);
  const keyed = rows.map((r) => ({ ...r, rowKey: keyOf(keyer.identity(r)) }));
  const stored = await store.addSubmission(
    {
      cycleId: cycle.id,
      department,
      source: input.kind,
      file,
      findings,
      report,
      rows: keyed,
      idempotencyKey: options.idempotencyKey,
      requestSha256,
      reason: options.reason,
    },
    options.actor,
    (latest) => detectConflicts(strategy, latest),
  );
  if (stored.status === 'replay') {
    if (!stored.sameRequest) return { status: 'key-reused' };
    return {
      status: 'accepted',
      submission: stored.submission,
      findings: stored.submission.findings,
      report: stored.report,
      replayed: true,
      previousReturn,
    };
  }
  return {
    status: 'accepted',
    submission: stored.submission,
    findings,
    report,
    replayed: false,
    previousReturn,
  };
}
