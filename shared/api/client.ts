import type { z } from 'zod';
import {
  AcceptedReplySchema,
  CyclesReplySchema,
  DepartmentStatusReplySchema,
  ErrorReplySchema,
  MeReplySchema,
  type DepartmentStatusReply,
  type AcceptedReply,
  type CycleReply,
  type ErrorReply,
  type MeReply,
} from './replies';
import {
  AuditSchema,
  BulkIssuedSchema,
  ConflictResolvedSchema,
  ConflictsSchema,
  CycleCreatedSchema,
  CycleReplyBodySchema,
  CyclesSchema,
  DepartmentsSchema,
  DiffSchema,
  IssuedTokenSchema,
  ReturnCreatedSchema,
  RevokedTokenSchema,
  StatusSchema,
  StrategiesSchema,
  StrategyResponseSchema,
  StrategyStoredSchema,
  SubmissionDetailSchema,
  SubmissionsSchema,
  TokensSchema,
  XLSX_TYPE,
} from './schemas';
import type {
  AuditQuery,
  BulkTokenInput,
  CycleInput,
  CycleUpdate,
  Departments,
  ResolveInput,
  ReturnInput,
  StrategyResponse,
  Submissions,
  TokenInput,
} from './types';

/**
 * A typed client for the calls the task pane and the browser page make. The transport is injected
 * (window.fetch, Node's fetch, a test double, a fetch with a timeout signal) and typed structurally,
 * so shared/ needs neither DOM nor Node types.
 */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Uint8Array<ArrayBuffer> },
) => Promise<{ status: number; text(): Promise<string> }>;

/** `status` 0: the service could not be reached or did not answer with JSON. */
export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; error: ErrorReply | null };

export interface ApiClientOptions {
  /** The service's origin, e.g. `https://sousei.example.lg.jp` (a trailing slash is dropped). */
  serviceUrl: string;
  token: string;
  fetch: FetchLike;
}

export type SubmitBody =
  | { kind: 'xlsx'; bytes: Uint8Array<ArrayBuffer>; fileName: string }
  | { kind: 'json'; field: 'rows' | 'projects'; rows: readonly unknown[] };

export interface SubmitOptions {
  /** Sent as Idempotency-Key: a retry with the same key is stored once. */
  idempotencyKey?: string;
  /** Why the clerk submits despite warnings or fewer rows. */
  reason?: string | null;
  /** Admins only: the department submitted for. */
  department?: string;
}

/** The request of a submission, shared by the client and transports that need their own (upload progress). */
export function submissionRequest(
  serviceUrl: string,
  token: string,
  cycle: string,
  body: SubmitBody,
  options: SubmitOptions = {},
): { url: string; headers: Record<string, string>; body: string | Uint8Array<ArrayBuffer> } {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.department) headers['X-Department'] = encodeURIComponent(options.department);
  if (options.reason) headers['X-Warning-Reason'] = encodeURIComponent(options.reason);
  const url = `${baseOf(serviceUrl)}/api/cycles/${encodeURIComponent(cycle)}/submissions`;
  if (body.kind === 'xlsx') {
    headers['Content-Type'] = XLSX_TYPE;
    headers['X-File-Name'] = encodeURIComponent(body.fileName);
    return { url, headers, body: body.bytes };
  }
  headers['Content-Type'] = 'application/json';
  const json = JSON.stringify({
    [body.field]: body.rows,
    ...(options.reason ? { reason: options.reason } : {}),
  });
  return { url, headers, body: json };
}

/** Reads a response: the body through `schema` when 2xx, else the service's error (null when it sent none). */
export function readReply<T>(schema: z.ZodType<T, unknown>, status: number, text: string): ApiResult<T> {
  const json = parseJson(text);
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, status, data: parsed.data };
  }
  const error = ErrorReplySchema.safeParse(json);
  return { ok: false, status, error: error.success ? error.data : null };
}

export function createApiClient(options: ApiClientOptions) {
  const base = baseOf(options.serviceUrl);
  const auth = { Authorization: `Bearer ${options.token}` };

  async function send<T>(
    schema: z.ZodType<T, unknown>,
    url: string,
    init: Parameters<FetchLike>[1],
  ): Promise<ApiResult<T>> {
    let status: number;
    let text: string;
    try {
      const res = await options.fetch(url, init);
      status = res.status;
      text = await res.text();
    } catch {
      return { ok: false, status: 0, error: null };
    }
    return readReply(schema, status, text);
  }
  const get = <T>(schema: z.ZodType<T, unknown>, path: string) =>
    send(schema, `${base}${path}`, { method: 'GET', headers: auth });

  return {
    me: (): Promise<ApiResult<MeReply>> => get(MeReplySchema, '/api/me'),
    cycles: async (): Promise<ApiResult<CycleReply[]>> => {
      const r = await get(CyclesReplySchema, '/api/cycles');
      return r.ok ? { ...r, data: r.data.cycles } : r;
    },
    strategy: (query: { id?: string; version?: number } = {}): Promise<ApiResult<StrategyResponse>> =>
      get(StrategyResponseSchema, `/api/strategy${queryOf(query)}`),
    departments: (query: { id?: string; version?: number } = {}): Promise<ApiResult<Departments>> =>
      get(DepartmentsSchema, `/api/departments${queryOf(query)}`),
    /** The department's own row of the cycle's status: its 差し戻し, the deadline, whether closed. */
    standing: (cycle: string): Promise<ApiResult<DepartmentStatusReply>> =>
      get(DepartmentStatusReplySchema, `/api/cycles/${encodeURIComponent(cycle)}/status`),
    /** The token's department's versions in the cycle. */
    versions: (cycle: string): Promise<ApiResult<Submissions>> =>
      get(SubmissionsSchema, `/api/cycles/${encodeURIComponent(cycle)}/submissions`),
    submit: (
      cycle: string,
      body: SubmitBody,
      submitOptions?: SubmitOptions,
    ): Promise<ApiResult<AcceptedReply>> => {
      const req = submissionRequest(base, options.token, cycle, body, submitOptions);
      return send(AcceptedReplySchema, req.url, { method: 'POST', headers: req.headers, body: req.body });
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** The planning office's calls (admin token): what the console at /console does. */
export function createAdminClient(options: ApiClientOptions) {
  const base = baseOf(options.serviceUrl);
  const auth = { Authorization: `Bearer ${options.token}` };
  async function send<T>(
    schema: z.ZodType<T, unknown>,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> {
    let status: number;
    let text: string;
    try {
      const res = await options.fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? auth : { ...auth, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.status;
      text = await res.text();
    } catch {
      return { ok: false, status: 0, error: null };
    }
    return readReply(schema, status, text);
  }
  const cyclePath = (cycle: string) => `/api/cycles/${encodeURIComponent(cycle)}`;
  return {
    strategies: () => send(StrategiesSchema, 'GET', '/api/strategies'),
    strategy: (query: { id?: string; version?: number } = {}) =>
      send(StrategyResponseSchema, 'GET', `/api/strategy${queryOf(query)}`),
    putStrategy: (definition: unknown) => send(StrategyStoredSchema, 'PUT', '/api/strategy', definition),
    cycles: () => send(CyclesSchema, 'GET', '/api/cycles'),
    createCycle: (input: CycleInput) => send(CycleCreatedSchema, 'POST', '/api/cycles', input),
    updateCycle: (cycle: string, change: CycleUpdate) =>
      send(CycleReplyBodySchema, 'PATCH', cyclePath(cycle), change),
    closeCycle: (cycle: string) => send(CycleReplyBodySchema, 'POST', `${cyclePath(cycle)}/close`),
    reopenCycle: (cycle: string) => send(CycleReplyBodySchema, 'POST', `${cyclePath(cycle)}/reopen`),
    status: (cycle: string) => send(StatusSchema, 'GET', `${cyclePath(cycle)}/status`),
    submissions: (cycle: string, department?: string) =>
      send(SubmissionsSchema, 'GET', `${cyclePath(cycle)}/submissions${queryOf({ department })}`),
    submission: (cycle: string, id: number) =>
      send(SubmissionDetailSchema, 'GET', `${cyclePath(cycle)}/submissions/${id}`),
    diff: (cycle: string, id: number, against: number) =>
      send(DiffSchema, 'GET', `${cyclePath(cycle)}/submissions/${id}/diff${queryOf({ against })}`),
    returnSubmission: (cycle: string, id: number, input: ReturnInput) =>
      send(ReturnCreatedSchema, 'POST', `${cyclePath(cycle)}/submissions/${id}/return`, input),
    conflicts: (cycle: string) => send(ConflictsSchema, 'GET', `${cyclePath(cycle)}/conflicts`),
    resolveConflict: (cycle: string, id: number, input: ResolveInput) =>
      send(ConflictResolvedSchema, 'POST', `${cyclePath(cycle)}/conflicts/${id}/resolve`, input),
    tokens: () => send(TokensSchema, 'GET', '/api/tokens'),
    issueToken: (input: TokenInput) => send(IssuedTokenSchema, 'POST', '/api/tokens', input),
    issueTokens: (input: BulkTokenInput) => send(BulkIssuedSchema, 'POST', '/api/tokens/bulk', input),
    revokeToken: (id: number) => send(RevokedTokenSchema, 'POST', `/api/tokens/${id}/revoke`),
    audit: (query: AuditQuery = {}) => send(AuditSchema, 'GET', `/api/audit${queryOf(query)}`),
    departments: (query: { id?: string; version?: number } = {}) =>
      send(DepartmentsSchema, 'GET', `/api/departments${queryOf(query)}`),
  };
}
export type AdminClient = ReturnType<typeof createAdminClient>;

const baseOf = (serviceUrl: string) => serviceUrl.replace(/\/$/, '');

function queryOf(query: Record<string, string | number | undefined | null>): string {
  const pairs = Object.entries(query).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '',
  );
  return pairs.length === 0
    ? ''
    : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
