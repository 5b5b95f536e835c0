import type { Generated } from 'kysely';

/** Table types for Kysely. Timestamps are ISO-8601 text so both backends store them alike. */
export interface TokensTable {
  id: Generated<number>;
  hash: string;
  role: 'admin' | 'department';
  department: string | null;
  label: string | null;
  created_at: string;
  /** The strategy (municipality) a department token was issued for; null for admin tokens. */
  strategy_id: string | null;
  /** ISO-8601; null = never expires. */
  expires_at: string | null;
  revoked_at: string | null;
  /** Updated at most once a minute per token (see usecases/tokens.ts). */
  last_used_at: string | null;
}

export interface CyclesTable {
  id: string;
  kind: 'kpi' | 'progress' | 'project';
  fiscal_year: number;
  strategy_id: string;
  /** Version of the strategy definition the cycle was created with (null: created before versioning, = 1). */
  strategy_version: number | null;
  deadline: string | null;
  /** When the planning office closed the cycle (null: open). */
  closed_at: string | null;
  /** JSON array of department names; null: the definition's owners. */
  expected_departments: string | null;
  created_at: string;
  /** Counts the submissions stored in the cycle: tells a service instance whether what it keeps is current. */
  revision: Generated<number>;
}

export interface FilesTable {
  sha256: string;
  bytes: Uint8Array;
  size: number;
  created_at: string;
}

export interface SubmissionsTable {
  id: Generated<number>;
  cycle_id: string;
  department: string;
  version: number;
  source: 'xlsx' | 'json';
  file_sha256: string | null;
  file_name: string | null;
  /** JSON array of findings as validated by the server. */
  findings: string;
  created_at: string;
  token_id: number | null;
  idempotency_key: string | null;
  /** SHA-256 of the request body, to tell a retry from a different request reusing a key. */
  request_sha256: string | null;
  /** JSON of the server's WorkbookReport (xlsx submissions). */
  report: string | null;
  client: string | null;
  /** The clerk's reason for submitting with warnings. */
  reason: string | null;
}

export interface StrategiesTable {
  id: string;
  version: number;
  /** JSON of the strategy definition. */
  definition: string;
  token_id: number | null;
  created_at: string;
}

export interface ReturnsTable {
  id: Generated<number>;
  submission_id: number;
  comment: string;
  /** JSON array of cell notes. */
  notes: string;
  token_id: number;
  created_at: string;
}

export interface ConflictsTable {
  id: Generated<number>;
  cycle_id: string;
  /** What disagrees: a KPI row, a progress-report row or a project sheet (default 'kpi'). */
  subject: Generated<'kpi' | 'progress' | 'project'>;
  row_key: string;
  /** JSON of the row's identifying fields. */
  label: string;
  /** JSON array of the departments' differing values. */
  candidates: string;
  fingerprint: string;
  status: 'open' | 'resolved' | 'superseded';
  /** JSON of the value the admin chose. */
  resolution: string | null;
  note: string | null;
  resolved_by: number | null;
  resolved_at: string | null;
  created_at: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  token_id: number | null;
  role: string | null;
  department: string | null;
  action: string;
  target: string | null;
  /** JSON. */
  detail: string;
  client: string | null;
  /** The cycle the write concerned, when it concerned one. */
  cycle_id: string | null;
}

export interface KpiRowsTable {
  submission_id: number;
  position: number;
  sheet_row: number | null;
  policy: string;
  kpi: string;
  kind: string;
  period: string;
  /** JSON of the cell value (number, text or null). */
  value: string;
  unit: string;
  department: string;
  /** Merge identity (strategy node, KPI, 所管部署, 区分, 年・年度) as computed at submission. */
  row_key: string | null;
}

export interface ProgressRowsTable {
  submission_id: number;
  position: number;
  sheet_row: number | null;
  /** Merge identity: the 具体的な施策 of the item cell and the 所管部署. */
  row_key: string;
  /** JSON of the row (see store.ts ProgressRowData). */
  data: string;
}

export interface ProjectRowsTable {
  submission_id: number;
  position: number;
  /** Merge identity: the project name and its department. */
  row_key: string;
  /** JSON of the project's figures (see store.ts ProjectRowData). */
  data: string;
}

export interface Database {
  tokens: TokensTable;
  cycles: CyclesTable;
  files: FilesTable;
  submissions: SubmissionsTable;
  kpi_rows: KpiRowsTable;
  strategies: StrategiesTable;
  returns: ReturnsTable;
  conflicts: ConflictsTable;
  audit: AuditTable;
  progress_rows: ProgressRowsTable;
  project_rows: ProjectRowsTable;
}
