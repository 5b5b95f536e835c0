import type { CellValue, Finding, KpiRow, Strategy, WorkbookReport } from '#shared';
import type {
  Candidate,
  ConflictSubject,
  DetectedConflict,
  ProgressIdentity,
  ProjectIdentity,
  Resolution,
  RowIdentity,
} from '../consolidate/conflicts';
import type { ProgressValue, ProjectFigures } from '#shared/api';

/** What the use-cases need from storage. SQL lives only in the adapter behind this interface. */

export type Role = 'admin' | 'department';

export interface Principal {
  tokenId: number;
  role: Role;
  department: string | null;
  /** The strategy (municipality) a department token belongs to; null for admin tokens (every strategy). */
  strategyId: string | null;
}

/** A token as listed to admins: never its secret nor its hash. */
export interface TokenInfo {
  id: number;
  role: Role;
  department: string | null;
  strategyId: string | null;
  label: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface NewToken {
  hash: string;
  role: Role;
  department: string | null;
  strategyId: string | null;
  label: string | null;
  expiresAt: string | null;
}

/** Who wrote, recorded with every write in the same transaction. */
export interface Actor {
  principal: Principal | null;
  /** Where the request came from: `ip user-agent`, or `cli`. */
  client: string | null;
}

export interface Cycle {
  id: string;
  kind: 'kpi' | 'progress' | 'project';
  fiscalYear: number;
  strategyId: string;
  strategyVersion: number;
  deadline: string | null;
  closedAt: string | null;
  /** Departments a report is expected from; null: the definition's owners (see ownerDepartments). */
  expectedDepartments: string[] | null;
  createdAt: string;
}

/** What PATCH, close and reopen change in a cycle. */
export interface CycleChange {
  deadline?: string | null;
  expectedDepartments?: string[];
  closedAt?: string | null;
}

/** Filters of the audit log (all optional, combined). */
export interface AuditFilter {
  limit: number;
  before?: number | undefined;
  /** An action, or its family before the dot (`submission`). */
  action?: string | undefined;
  /** A department, or `admin` for admin tokens. */
  who?: string | undefined;
  cycle?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
}

export interface StoredStrategy {
  id: string;
  version: number;
  definition: Strategy;
  createdAt: string;
}

/** A department's latest version in a cycle with its KPI rows: what the merge reads. */
export interface LatestSubmission {
  submission: Pick<Submission, 'id' | 'department' | 'version'>;
  rows: StoredKpiRow[];
}

export interface StoredKpiRow extends KpiRow {
  sheetRow: number | null;
  /** Merge identity as stored with the row (see consolidate/merge.ts keyOf). */
  rowKey?: string | undefined;
}

/** One department's row of a progress report (進捗報告), with the item cell and sections above it. */
export interface ProgressRowData {
  sheetRow: number | null;
  goal: string | null;
  /** The 施策 section above the item (stored as `policy` before issue 13; read either way). */
  measure: string | null;
  /** The item cell's text as written (具体的な施策 with descriptions and 【主な事業】). */
  item: string;
  /** Strategy node of the item's first 具体的な施策, for ordering (null when not in the strategy). */
  nodeCode: string | null;
  department: string;
  results: string;
  plan: string;
  resultsHeader: string;
  planHeader: string;
  rowKey: string;
}

/** The figures of one 主要施策成果シート, for the summary row of the consolidated project workbook. */
export interface ProjectRowData {
  /** The sheet it was read from (copied into the consolidated workbook). */
  sheet: string;
  name: string;
  department: string;
  /** Year columns as headed (`令和６年度(決算額)`), with the total cost (千円) of each. */
  years: { header: string; fiscalYear: number | null; total: CellValue }[];
  /** 財源 lines: name and amount per year column. */
  funds: { name: string; amounts: CellValue[] }[];
  perCapita: CellValue;
  /** 評価 per fiscal year, as written. */
  evaluations: { fiscalYear: number | null; value: string | null }[];
  rowKey: string;
}

export interface NewSubmission {
  cycleId: string;
  department: string;
  source: 'xlsx' | 'json';
  file: { sha256: string; bytes: Uint8Array; name: string | null } | null;
  findings: Finding[];
  report: WorkbookReport | null;
  /** The rows with their merge identity (see consolidate/merge.ts keyOf). */
  rows: (StoredKpiRow & { rowKey: string })[];
  /** Progress-report rows (progress cycles). */
  progressRows: ProgressRowData[];
  /** Project result sheets (project cycles). */
  projectRows: ProjectRowData[];
  idempotencyKey: string | null;
  /** Digest of the request, to tell a retry from another request under the same key (with a key only). */
  requestSha256: string | null;
  /** The clerk's reason for submitting with warnings. */
  reason: string | null;
}

export interface Submission {
  id: number;
  cycleId: string;
  department: string;
  version: number;
  source: 'xlsx' | 'json';
  fileSha256: string | null;
  fileName: string | null;
  findings: Finding[];
  reason: string | null;
  createdAt: string;
}

export interface CellNote {
  cell: string;
  sheet?: string | undefined;
  message: string;
}

export interface Return {
  id: number;
  submissionId: number;
  comment: string;
  notes: CellNote[];
  createdAt: string;
}

/** A disagreement between departments: on a KPI row, a progress-report row or a project sheet. */
export type Conflict = {
  id: number;
  cycleId: string;
  status: 'open' | 'resolved' | 'superseded';
  note: string | null;
  resolvedAt: string | null;
  /** The token that decided (admin). */
  resolvedBy: number | null;
  createdAt: string;
} & (
  | { subject: 'kpi'; identity: RowIdentity; candidates: Candidate[]; resolution: CellValue | null }
  | {
      subject: 'progress';
      identity: ProgressIdentity;
      candidates: Candidate<ProgressValue>[];
      resolution: ProgressValue | null;
    }
  | {
      subject: 'project';
      identity: ProjectIdentity;
      candidates: Candidate<ProjectFigures>[];
      resolution: ProjectFigures | null;
    }
);

export interface AuditEntry {
  id: number;
  at: string;
  tokenId: number | null;
  role: string | null;
  department: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  client: string | null;
  cycleId: string | null;
}

/** A stored submission with what a retry under its Idempotency-Key is compared with. */
export interface KeyedSubmission {
  submission: Submission;
  report: WorkbookReport | null;
  requestSha256: string | null;
}

/** A department's last version in a cycle, with that version's latest 差し戻し. */
export interface LastVersion {
  id: number;
  version: number;
  latestReturn: Return | null;
}

/** A stored open or resolved conflict, as the sync with the merge compares it. */
export interface ConflictState {
  id: number;
  subject: ConflictSubject;
  rowKey: string;
  fingerprint: string;
}

export type Locked<T> = { status: 'done'; value: T } | { status: 'unique-violation'; error: unknown };

/**
 * The reads and writes of storing one submission, inside the transaction holding the cycle's lock
 * (Store.withCycleLock). What to store and which conflicts to open is decided by the caller
 * (usecases/store-submission.ts with consolidate/); these only persist and read.
 */
export interface SubmissionSteps {
  /** The cycle's revision, counted up by taking the lock. */
  readonly revision: number;
  findByIdempotencyKey(tokenId: number, key: string): Promise<KeyedSubmission | null>;
  /** Stores the raw file, content-addressed: once however often it is sent. */
  saveFile(file: NonNullable<NewSubmission['file']>, at: string): Promise<void>;
  lastVersion(cycleId: string, department: string): Promise<LastVersion | null>;
  /** Every department's latest version with its KPI rows, by department (before this submission's). */
  latestKpiRows(cycleId: string): Promise<ReadonlyMap<string, LatestSubmission>>;
  latestProgress(cycleId: string): Promise<{ submission: Submission; rows: ProgressRowData[] }[]>;
  latestProjects(cycleId: string): Promise<{ submission: Submission; rows: ProjectRowData[] }[]>;
  insertSubmission(
    input: NewSubmission,
    version: number,
    tokenId: number | null,
    client: string | null,
    at: string,
  ): Promise<Submission>;
  /** The submission's KPI, progress-report and project rows. */
  insertRows(
    submission: Submission,
    rows: Pick<NewSubmission, 'rows' | 'progressRows' | 'projectRows'>,
  ): Promise<void>;
  /**
   * The cycle's open and resolved conflicts a submission may change: KPI conflicts on the row keys
   * of the given submissions, and every progress and project conflict.
   */
  conflictsToSync(cycleId: string, submissionIds: number[]): Promise<ConflictState[]>;
  supersedeConflicts(ids: number[]): Promise<void>;
  openConflicts(
    cycleId: string,
    subject: ConflictSubject,
    detected: readonly DetectedConflict<unknown, unknown>[],
    at: string,
  ): Promise<void>;
  /** An audit entry, filed under the cycle it concerns (the audit log's cycle filter). */
  audit(actor: Actor, action: string, target: string | null, detail: unknown, cycleId: string): Promise<void>;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  countTokens(role: Role): Promise<number>;
  createToken(token: NewToken, actor: Actor): Promise<TokenInfo>;
  findToken(hash: string): Promise<TokenInfo | null>;
  listTokens(): Promise<TokenInfo[]>;
  /** Marks a token revoked; null when there is no such token, `already` when it was revoked before. */
  revokeToken(id: number, actor: Actor): Promise<{ token: TokenInfo; already: boolean } | null>;
  /** Records a use of the token unless one was recorded after `unlessAfter` (cheap: no write most times). */
  touchToken(id: number, at: string, unlessAfter: string): Promise<void>;
  /**
   * Department tokens from before tokens named a strategy get one: the only stored strategy whose
   * departments include theirs, else `defaultStrategyId`. Returns how many were updated.
   */
  scopeLegacyTokens(defaultStrategyId: string): Promise<number>;

  /** Stores the bundled definitions as version 1 of their id when the id is not stored yet. */
  seedStrategies(): Promise<void>;
  getStrategy(id: string, version?: number): Promise<StoredStrategy | null>;
  listStrategyVersions(id: string): Promise<Omit<StoredStrategy, 'definition'>[]>;
  /** Every stored version of every definition (bundled and PUT), by id and version. */
  listStrategies(): Promise<StoredStrategy[]>;
  putStrategy(definition: Strategy, actor: Actor): Promise<StoredStrategy>;

  createCycle(cycle: Omit<Cycle, 'createdAt' | 'closedAt'>, actor: Actor): Promise<Cycle | null>;
  /** Changes a cycle and audits it as `action` (cycle.update, cycle.close, cycle.reopen); null if none. */
  updateCycle(id: string, change: CycleChange, action: string, actor: Actor): Promise<Cycle | null>;
  getCycle(id: string): Promise<Cycle | null>;
  listCycles(): Promise<Cycle[]>;

  /**
   * Runs the steps of storing one submission in one transaction that first takes the cycle's lock,
   * so concurrent instances number versions and record conflicts one writer at a time. A unique-index
   * violation (the same Idempotency-Key sent concurrently to another cycle) comes back as a value.
   */
  withCycleLock<T>(cycleId: string, steps: (tx: SubmissionSteps) => Promise<T>): Promise<Locked<T>>;
  /** What this principal stored under this Idempotency-Key, if anything. */
  findByIdempotencyKey(tokenId: number, key: string): Promise<KeyedSubmission | null>;
  getSubmission(
    id: number,
  ): Promise<{ submission: Submission; report: WorkbookReport | null; rows: StoredKpiRow[] } | null>;
  /** A submission's progress-report rows and project sheets (progress and project cycles). */
  dataRowsOf(submissionId: number): Promise<{ progress: ProgressRowData[]; projects: ProjectRowData[] }>;
  getFile(sha256: string): Promise<Uint8Array | null>;
  listSubmissions(cycleId: string, department?: string): Promise<Submission[]>;
  /** How many rows of a kind (KPI rows, progress-report rows, project sheets) a submission stored. */
  rowCountOf(submissionId: number, kind: Cycle['kind']): Promise<number>;
  /** Each department's latest version in a project cycle, with its project sheets' figures. */
  latestProjects(cycleId: string): Promise<{ submission: Submission; rows: ProjectRowData[] }[]>;
  /** Each department's latest version in a progress cycle, with its progress-report rows. */
  latestProgress(cycleId: string): Promise<{ submission: Submission; rows: ProgressRowData[] }[]>;
  /** Each department's latest version in the cycle, with its rows. */
  latestSubmissions(cycleId: string): Promise<{ submission: Submission; rows: StoredKpiRow[] }[]>;

  addReturn(submissionId: number, comment: string, notes: CellNote[], actor: Actor): Promise<Return>;
  returnsOf(submissionIds: number[]): Promise<Return[]>;
  /** The latest 差し戻し of a department's latest version in a cycle, with that version's number. */
  latestReturn(cycleId: string, department: string): Promise<(Return & { version: number }) | null>;

  listConflicts(cycleId: string): Promise<Conflict[]>;
  /** Resolves an open conflict; null when it is not open (resolved already or superseded). */
  resolveConflict(
    cycleId: string,
    id: number,
    value: CellValue | ProgressValue | ProjectFigures,
    note: string | null,
    actor: Actor,
  ): Promise<Conflict | null>;
  /** Resolutions of the cycle's resolved KPI conflicts by row key. */
  resolutions(cycleId: string): Promise<Map<string, Resolution>>;
  /** Resolutions of the cycle's resolved progress or project conflicts by row key (values as stored). */
  dataResolutions(
    cycleId: string,
    subject: Exclude<ConflictSubject, 'kpi'>,
  ): Promise<Map<string, Resolution<unknown>>>;

  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
