import { createHash } from 'node:crypto';
import {
  checkReportKind,
  countBySeverity,
  knownDepartment,
  nameKey,
  normalizeText,
  readTemplateKeys,
  SheetGrid,
  templateContentKey,
  type TemplateKeys,
  strategyIndexFor,
  type StrategyIndex,
  type ValidatedSheet,
  type WorkbookSnapshot,
  toReport,
  validateProgressRows,
  validateProjects,
  type Finding,
  type KpiRow,
  type ProgressJsonRow,
  type ProgressRow,
  type ProgressSheet,
  type ProjectJson,
  type ProjectSheet,
  type ReportKindFound,
  type Bilingual,
  type Strategy,
  type WorkbookReport,
} from '#shared';
import { keyOf, RowKeyer } from '../consolidate/merge';
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
import {
  analyzeWorkbook,
  validateRows,
  type RowsValidator,
  type WorkbookAnalyzer,
  type WorkbookProblem,
} from '../xlsx/analyze';
import { storeSubmission } from './store-submission';

export type SubmissionInput =
  | { kind: 'xlsx'; bytes: Uint8Array; fileName: string | null }
  | { kind: 'json'; rows: KpiRow[] }
  | { kind: 'progress-json'; rows: ProgressJsonRow[] }
  | { kind: 'project-json'; projects: ProjectJson[] };

/**
 * Each department row of a progress report, with the text of the item cell it belongs to. Its merge
 * identity is (the item cell's first 具体的な施策, 所管部署): one row per department per item.
 * `cell` gives the item cell's text and the sections above it (the sheet's, or the strategy's for JSON).
 */
function progressRowsOf(
  index: StrategyIndex,
  sheet: ProgressSheet,
  cell: (row: ProgressRow) => {
    item: string;
    goal: string | null;
    measure: string | null;
    sheetRow: number | null;
  },
  keys: TemplateKeys | null = null,
): ProgressRowData[] {
  const { resultsHeader, planHeader } = sheet.detection;
  return sheet.rows.map((r): ProgressRowData => {
    const first = r.block?.items[0];
    const department = knownDepartment(index, r.department) ?? normalizeText(r.department);
    // A generated workbook's row is the item its key names, however the cell reads after editing.
    const key = first
      ? keys?.byContent.get(
          templateContentKey({
            template: 'progress',
            itemLabel: first.label,
            name: department,
            kind: '',
            period: resultsHeader,
          }),
        )
      : undefined;
    const code = key && first ? keyedNode(index, key.item, first.label) : null;
    const keyed = code ? index.nodeByCode(code) : null;
    const node = keyed ?? (first ? index.resolve(index.label(first.label)) : null);
    const { item, goal, measure, sheetRow } = cell(r);
    return {
      sheetRow,
      goal,
      measure,
      item,
      nodeCode: node?.node.code ?? null,
      department,
      results: r.results,
      plan: r.plan,
      resultsHeader,
      planHeader,
      rowKey: progressRowKey(node?.node.code ?? nameKey(first?.label ?? item), department),
    };
  });
}

/** The progress-report rows of a workbook's progress sheets. */
function progressRowsOfBook(
  snapshot: WorkbookSnapshot,
  sheets: ValidatedSheet[],
  index: StrategyIndex,
  keys: TemplateKeys | null,
): ProgressRowData[] {
  return sheets.flatMap((sheet) => {
    const progress = sheet.progress;
    const snap = snapshot.sheets.find((s) => s.name === sheet.sheet);
    if (!progress || !snap) return [];
    const grid = new SheetGrid(snap);
    return progressRowsOf(
      index,
      progress,
      (r) => ({
        item: r.block ? grid.text(r.block.row, progress.detection.columns.item) : '',
        goal: r.block?.goal?.text ?? null,
        measure: r.block?.measure?.text ?? null,
        sheetRow: r.row,
      }),
      keys,
    );
  });
}

/** JSON rows name no sections: the consolidated report takes them from the strategy (`【基本目標1】…`, `①…`). */
function strategySections(
  index: StrategyIndex,
  row: ProgressRow,
): { goal: string | null; measure: string | null } {
  const first = row.block?.items[0];
  const match = first ? index.resolve(index.label(first.label)) : null;
  const [goal, measure] = match?.ancestors ?? [];
  return {
    goal: goal ? `【基本目標${goal.number}】${goal.title}` : null,
    measure: measure ? `${measure.number}${measure.title}` : null,
  };
}

/** The figures of a 主要施策成果シート (or of a JSON project); identified by (project name, 所管部署). */
function projectRowOf(index: StrategyIndex, sheetName: string, p: ProjectSheet): ProjectRowData {
  const name = p.name?.value?.text ?? sheetName;
  const written = p.department?.value?.text ?? '';
  // The strategy's name: `総合政策部企画課` on a form is 企画課, so two senders' copies share one identity.
  const department = knownDepartment(index, written) ?? normalizeText(written);
  return {
    sheet: sheetName,
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
  };
}

/**
 * The item a key names, when it is one the row's item text can mean (an item and its 再掲 share a
 * title: the key tells them apart). A key naming any other item — a key sheet edited or forged — is
 * ignored, so a row is never merged under an item its text does not name.
 */
function keyedNode(index: StrategyIndex, code: string, written: string): string | null {
  const node = index.nodeByCode(code)?.node;
  if (!node) return null;
  const title = (text: string) => nameKey(index.label(text).title);
  return title(node.title) === title(written) ? node.code : null;
}

/**
 * A KPI row's merge identity: a generated workbook's row is the item its key names (found by what the
 * row says, wherever it now is); any other row is resolved from its texts, as always.
 */
function kpiIdentity(index: StrategyIndex, keyer: RowKeyer, keys: TemplateKeys | null, row: StoredKpiRow) {
  const identity = keyer.identity(row);
  const key = keys?.byContent.get(
    templateContentKey({
      template: 'kpi',
      itemLabel: row.policy,
      name: row.kpi,
      kind: row.kind,
      period: row.period,
    }),
  );
  const node = key ? keyedNode(index, key.item, row.policy) : null;
  return node ? { ...identity, node } : identity;
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
  | { status: 'unreadable'; problem: WorkbookProblem }
  /** The workbook holds no sheet of the cycle's template, or no rows of it: nothing stored. */
  | { status: 'wrong-kind'; message: Bilingual; found: ReportKindFound[] }
  /**
   * Fewer than half the rows of the department's previous version in the cycle, sent without a
   * reason: a wrong or emptied workbook must not silently replace a department's data.
   */
  | { status: 'rows-dropped'; previous: { version: number; rows: number }; rows: number }
  /** The Idempotency-Key was used before by this principal for a different request. */
  | { status: 'key-reused' }
  /** Warnings were found and no reason given: the planning office reads why a clerk submits despite them. */
  | { status: 'reason-required'; findings: Finding[]; report: WorkbookReport | null };

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
  options: {
    maxBytes: number;
    idempotencyKey: string | null;
    reason: string | null;
    actor: Actor;
    analyze?: WorkbookAnalyzer;
    validateRows?: RowsValidator;
  },
): Promise<SubmitOutcome> {
  const fileSha256 = input.kind === 'xlsx' ? createHash('sha256').update(input.bytes).digest('hex') : null;
  // Only a request with an Idempotency-Key is ever compared with another one.
  const requestSha256 = options.idempotencyKey
    ? (fileSha256 ?? createHash('sha256').update(JSON.stringify(input)).digest('hex'))
    : null;
  const index = strategyIndexFor(strategy);
  const engine = { department, fiscalYear: cycle.fiscalYear };
  let rows: StoredKpiRow[] = [];
  let progressRows: ProgressRowData[] = [];
  let projectRows: ProjectRowData[] = [];
  let findings: Finding[];
  let report: WorkbookReport | null = null;
  let keys: TemplateKeys | null = null;
  if (input.kind === 'xlsx') {
    // Read and validated in the worker pool when the service gives one (memory and time limits).
    const analyze = options.analyze ?? analyzeWorkbook;
    const read = await analyze({
      bytes: input.bytes,
      maxBytes: options.maxBytes,
      strategy,
      options: engine,
    });
    if (!read.ok) return { status: 'unreadable', problem: read.problem };
    const result = { sheets: read.sheets };
    // Before its findings: a progress report sent to a KPI cycle is the wrong file, not one to fix.
    const kind = checkReportKind(result.sheets, cycle.kind);
    if (!kind.ok) return { status: 'wrong-kind', message: kind.message, found: kind.found };
    report = toReport(result, input.fileName ?? undefined);
    findings = result.sheets.flatMap((s) => s.findings.map((f) => ({ ...f, sheet: s.sheet })));
    rows = result.sheets.flatMap((s) =>
      s.kpiRows.map(({ row, cells: _cells, ...r }) => ({ ...r, sheetRow: row })),
    );
    // Keys of a workbook this service generated for this cycle; any other workbook is merged by its texts.
    const found = readTemplateKeys(read.snapshot);
    keys = found?.cycle === cycle.id ? found : null;
    progressRows = progressRowsOfBook(read.snapshot, result.sheets, index, keys);
    projectRows = result.sheets.flatMap((s) => (s.project ? [projectRowOf(index, s.sheet, s.project)] : []));
  } else if (input.kind === 'json') {
    // Off the event loop too when the service gives a worker pool.
    const result = await (options.validateRows ?? validateRows)({
      rows: input.rows,
      strategy,
      options: engine,
    });
    if (!result.ok) return { status: 'unreadable', problem: result.problem };
    findings = result.findings;
    rows = input.rows.map((r) => ({
      policy: r.policy,
      kpi: r.kpi,
      kind: r.kind,
      period: r.period,
      value: r.value,
      unit: r.unit,
      department: r.department,
      sheetRow: null,
    }));
  } else if (input.kind === 'progress-json') {
    const result = validateProgressRows(input.rows, strategy, engine);
    findings = result.findings;
    progressRows = progressRowsOf(index, result.sheet, (r) => ({
      item: input.rows[r.row - 1]!.item,
      ...strategySections(index, r),
      sheetRow: null,
    }));
  } else {
    const result = validateProjects(input.projects, strategy, engine);
    findings = result.findings;
    projectRows = result.sheets.map((p, i) => projectRowOf(index, input.projects[i]!.name, p));
  }
  if (countBySeverity(findings).error > 0)
    return {
      status: 'rejected',
      findings,
      report,
      previousReturn: await store.latestReturn(cycle.id, department),
    };
  const count = { kpi: rows.length, progress: progressRows.length, project: projectRows.length }[cycle.kind];
  if (!options.reason) {
    const previous = (await store.listSubmissions(cycle.id, department)).at(-1);
    const previousRows = previous ? await store.rowCountOf(previous.id, cycle.kind) : 0;
    if (previous && count * 2 < previousRows)
      return {
        status: 'rows-dropped',
        previous: { version: previous.version, rows: previousRows },
        rows: count,
      };
  }
  // The pane and the browser page ask for it; a script or an older client must give it too.
  if (!options.reason && countBySeverity(findings).warning > 0)
    return { status: 'reason-required', findings, report };
  const file =
    input.kind === 'xlsx' ? { sha256: fileSha256!, bytes: input.bytes, name: input.fileName } : null;
  const keyer = RowKeyer.for(strategy);
  const keyed = rows.map((r) => Object.assign(r, { rowKey: keyOf(kpiIdentity(index, keyer, keys, r)) }));
  const stored = await storeSubmission(
    store,
    strategy,
    {
      cycleId: cycle.id,
      department,
      source: input.kind === 'xlsx' ? 'xlsx' : 'json',
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
  );
  if (stored.status === 'replay') {
    if (!stored.sameRequest) return { status: 'key-reused' };
    return {
      status: 'accepted',
      submission: stored.submission,
      findings: stored.submission.findings,
      report: stored.report,
      replayed: true,
      previousReturn: await store.latestReturn(cycle.id, department),
    };
  }
  return {
    status: 'accepted',
    submission: stored.submission,
    findings,
    report,
    replayed: false,
    previousReturn: stored.previousReturn,
  };
}
