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
import type { Cycle, StoredKpiRow, Store, Submission } from '../store/store';
import { readWorkbook } from '../xlsx/read';

export type SubmissionInput =
  { kind: 'xlsx'; bytes: Uint8Array; fileName: string | null } | { kind: 'json'; rows: KpiRow[] };

export type SubmitOutcome =
  | { status: 'accepted'; submission: Submission; findings: Finding[]; report: WorkbookReport | null }
  | { status: 'rejected'; findings: Finding[]; report: WorkbookReport | null }
  | { status: 'unreadable'; problem: ReadProblem };

/**
 * Re-validates a department's submission with the shared engine (the client's findings are never
 * trusted) and stores it as the department's next version when it has no errors.
 */
export async function submitKpi(
  store: Store,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  input: SubmissionInput,
  maxBytes: number,
): Promise<SubmitOutcome> {
  let rows: StoredKpiRow[];
  let findings: Finding[];
  let report: WorkbookReport | null = null;
  if (input.kind === 'xlsx') {
    const read = await readWorkbook(input.bytes, maxBytes);
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
  if (countBySeverity(findings).error > 0) return { status: 'rejected', findings, report };
  const file =
    input.kind === 'xlsx'
      ? {
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          bytes: input.bytes,
          name: input.fileName,
        }
      : null;
  const submission = await store.addSubmission({
    cycleId: cycle.id,
    department,
    source: input.kind,
    file,
    findings,
    rows,
  });
  return { status: 'accepted', submission, findings, report };
}
