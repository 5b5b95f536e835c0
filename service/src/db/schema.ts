import type { Generated } from 'kysely';

/** Table types for Kysely. Timestamps are ISO-8601 text so both backends store them alike. */
export interface TokensTable {
  id: Generated<number>;
  hash: string;
  role: 'admin' | 'department';
  department: string | null;
  label: string | null;
  created_at: string;
}

export interface CyclesTable {
  id: string;
  kind: 'kpi' | 'progress' | 'project';
  fiscal_year: number;
  strategy_id: string;
  deadline: string | null;
  created_at: string;
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
}

export interface Database {
  tokens: TokensTable;
  cycles: CyclesTable;
  files: FilesTable;
  submissions: SubmissionsTable;
  kpi_rows: KpiRowsTable;
}
