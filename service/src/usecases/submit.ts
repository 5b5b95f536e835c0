import { createHash } from 'node:crypto';
import {
  countBySeverity,
  nameKey,
  normalizeText,
  parseItemLabel,
  SheetGrid,
  StrategyIndex,
  type ValidatedSheet,
  type WorkbookSnapshot,
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
import { progressRowKey, projectRowKey } from '../consolidate/row-conflicts';
import type {
  Actor,
  Cycle,
  ProgressRowData,
  ProjectRowData,
  Return,
  StoredKpiRow,
  Store,
  Submission,
} from '../store/store';
import { readWorkbook } from '../xlsx/read';

export type SubmissionInput =
  { kind: 'xlsx'; bytes: Uint8Array; fileName: string | null } | { kind: 'json'; rows: KpiRow[] };

/**
 * Each department row of the progress-report sheets, with the text of the item cell it belongs to.
 * Its merge identity is (the item cell's first 具体的な施策, 所管部署): one row per department per item.
 */
function progressRowsOf(
  snapshot: WorkbookSnapshot,
  sheets: ValidatedSheet[],
  strategy: Strategy,
): ProgressRowData[] {
  const index = new StrategyIndex(strategy);
  return sheets.flatMap((sheet) => {
    const progress = sheet.progress;
    const snap = snapshot.sheets.find((s) => s.name === sheet.sheet);
    if (!progress || !snap) return [];
    const grid = new SheetGrid(snap);
    const { columns, resultsHeader, planHeader } = progress.detection;
    return progress.rows.map((r): ProgressRowData => {
      const block = r.block;
      const first = block?.items[0];
      const node = first ? index.resolve(parseItemLabel(first.label)) : null;
      const item = block ? grid.text(block.row, columns.item) : '';
      const department = index.department(r.department) ?? normalizeText(r.department);
      const identity = node?.node.code ?? nameKey(first?.label ?? item);
      return {
        sheetRow: r.row,
        goal: block?.goal?.text ?? null,
        policy: block?.policy?.text ?? null,
        item,
        nodeCode: node?.node.code ?? null,
        department,
        results: r.results,
        plan: r.plan,
        resultsHeader,
        planHeader,
        rowKey: progressRowKey(identity, department),
      };
    });
  });
}

/** The figures of each 主要施策成果シート; identified by (project name, 所管部署). */
function projectRowsOf(sheets: ValidatedSheet[], strategy: Strategy): ProjectRowData[] {
  const index = new StrategyIndex(strategy);
  return sheets.flatMap((sheet) => {
    const p = sheet.project;
    if (!p) return [];
    const name = p.name?.value?.text ?? sheet.sheet;
    const written = p.department?.value?.text ?? '';
    const department = index.department(written) ?? normalizeText(written);
    return [
      {
        sheet: sheet.sheet,
        name,
        department,
        years: p.years.map((y, i) => ({
          header: y.header,
          fiscalYear: y.fiscalYear,
          total: p.total?.amounts[i]?.value ?? null,
        })),
        funds: p.funds.map((f) => ({ name: f.label.text, amounts: f.amounts.map((a) => a.value) })),
        perCapita: p.perCapita?.value?.value ?? null,
        evaluations: p.evaluations.map((e) => ({ fiscalYear: e.fiscalYear, value: e.value?.text ?? null })),
        rowKey: projectRowKey(name, department),
      },
    ];
  });
}

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
  /** A progress cycle's workbook without a progress-report sheet. */
  | { status: 'no-progress-sheet' }
  /** A project cycle's workbook without a 主要施策成果シート. */
  | { status: 'no-project-sheet' }
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
  let progressRows: ProgressRowData[] = [];
  let projectRows: ProjectRowData[] = [];
  let findings: Finding[];
  let report: WorkbookReport | null = null;
  if (input.kind === 'xlsx') {
    const read = await readWorkbook(input.bytes, options.maxBytes);
    if (!read.ok) return { status: 'unreadable', problem: read.problem };
    const result = validateWorkbook(read.snapshot, strategy, { department });
    report = toReport(result, input.fileName ?? undefined);
    findings = result.sheets.flatMap((s) => s.findings.map((f) => ({ ...f, sheet: s.sheet })));
    rows = result.sheets.flatMap((s) =>
      s.kpiRows.map(({ row, cells: _cells, ...r }) => ({ ...r, sheetRow: row })),
    );
    progressRows = progressRowsOf(read.snapshot, result.sheets, strategy);
    projectRows = projectRowsOf(result.sheets, strategy);
  } else {
    const result = validateKpiRows(input.rows, strategy, { department });
    findings = result.findings;
    rows = input.rows.map((r) => ({ ...r, sheetRow: null }));
  }
  const previousReturn = await pendingReturn(store, cycle.id, department);
  if (countBySeverity(findings).error > 0) return { status: 'rejected', findings, report, previousReturn };
  if (cycle.kind === 'progress' && progressRows.length === 0) return { status: 'no-progress-sheet' };
  if (cycle.kind === 'project' && projectRows.length === 0) return { status: 'no-project-sheet' };
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
      progressRows,
      projectRows,
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
