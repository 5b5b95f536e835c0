import type { Finding, KpiRow } from '#shared';

/** What the use-cases need from storage. SQL lives only in the adapter behind this interface. */

export type Role = 'admin' | 'department';

export interface Principal {
  tokenId: number;
  role: Role;
  department: string | null;
}

export interface Cycle {
  id: string;
  kind: 'kpi' | 'progress' | 'project';
  fiscalYear: number;
  strategyId: string;
  deadline: string | null;
  createdAt: string;
}

export interface StoredKpiRow extends KpiRow {
  sheetRow: number | null;
}

export interface NewSubmission {
  cycleId: string;
  department: string;
  source: 'xlsx' | 'json';
  file: { sha256: string; bytes: Uint8Array; name: string | null } | null;
  findings: Finding[];
  rows: StoredKpiRow[];
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
  createdAt: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  countTokens(role: Role): Promise<number>;
  createToken(hash: string, role: Role, department: string | null, label: string | null): Promise<number>;
  findToken(hash: string): Promise<Principal | null>;

  createCycle(cycle: Omit<Cycle, 'createdAt'>): Promise<Cycle | null>;
  getCycle(id: string): Promise<Cycle | null>;
  listCycles(): Promise<Cycle[]>;

  /** Stores the raw file (content-addressed, once) and the rows as the department's next version, atomically. */
  addSubmission(input: NewSubmission): Promise<Submission>;
  /** Each department's latest version in the cycle, with its rows. */
  latestSubmissions(cycleId: string): Promise<{ submission: Submission; rows: StoredKpiRow[] }[]>;
  close(): Promise<void>;
}
