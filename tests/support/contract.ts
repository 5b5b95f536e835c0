import type { Response } from 'supertest';
import { expect } from 'vitest';
import type { z } from 'zod';
import * as api from '#shared/api';

/**
 * The HTTP contract as a table: each route of docs/api.md with the schema of its JSON body by status
 * (`xlsx`: a workbook body; `xlsx-or-zip`: a workbook, or a zip of workbooks). A status not listed is an error body (ErrorSchema) when ≥ 400 and a failure
 * otherwise. `expectContract` checks a real response against it; integration tests opt in per response.
 */
type BodySpec = z.ZodType | 'xlsx' | 'xlsx-or-zip' | 'openapi';
export const contractRoutes: Record<string, Partial<Record<number, BodySpec>>> = {
  'GET /api/health': { 200: api.HealthSchema },
  'GET /api/docs': { 200: 'openapi' },
  'GET /api/me': { 200: api.MeSchema },
  'GET /api/strategy': { 200: api.StrategyResponseSchema },
  'PUT /api/strategy': { 201: api.StrategyStoredSchema },
  'POST /api/strategy/:id/import-kpis': {
    200: api.KpiImportResponseSchema,
    201: api.KpiImportResponseSchema,
    422: api.KpiImportRejectedSchema,
  },
  'GET /api/strategies': { 200: api.StrategiesSchema },
  'GET /api/departments': { 200: api.DepartmentsSchema },
  'GET /api/cycles': { 200: api.CyclesSchema },
  'POST /api/cycles': { 201: api.CycleCreatedSchema },
  'PATCH /api/cycles/:cycle': { 200: api.CycleReplyBodySchema },
  'POST /api/cycles/:cycle/close': { 200: api.CycleReplyBodySchema },
  'POST /api/cycles/:cycle/reopen': { 200: api.CycleReplyBodySchema },
  'POST /api/cycles/:cycle/submissions': { 201: api.SubmitResponseSchema, 422: api.SubmitRefusedSchema },
  'GET /api/cycles/:cycle/submissions': { 200: api.SubmissionsSchema },
  'GET /api/cycles/:cycle/submissions/:id': { 200: api.SubmissionDetailSchema },
  'GET /api/cycles/:cycle/submissions/:id/file': { 200: 'xlsx' },
  'GET /api/cycles/:cycle/submissions/:id/diff': { 200: api.DiffSchema },
  'POST /api/cycles/:cycle/submissions/:id/return': { 201: api.ReturnCreatedSchema },
  'GET /api/cycles/:cycle/status': { 200: api.StatusSchema },
  'GET /api/cycles/:cycle/conflicts': { 200: api.ConflictsSchema },
  'POST /api/cycles/:cycle/conflicts/:id/resolve': { 200: api.ConflictResolvedSchema },
  'GET /api/cycles/:cycle/consolidated.xlsx': { 200: 'xlsx' },
  // The admin naming no department gets every department's workbook in a zip.
  'GET /api/cycles/:cycle/template.xlsx': { 200: 'xlsx-or-zip' },
  'GET /api/audit': { 200: api.AuditSchema },
  'GET /api/tokens': { 200: api.TokensSchema },
  'POST /api/tokens': { 201: api.IssuedTokenSchema },
  'POST /api/tokens/bulk': { 201: api.BulkIssuedSchema },
  'POST /api/tokens/:id/revoke': { 200: api.RevokedTokenSchema },
};

/** Error codes whose 422 body has more than the error: the union alone would accept a bare error. */
const refusalByCode: Record<string, z.ZodType> = {
  'validation-failed': api.RejectedResponseSchema,
  'wrong-report-kind': api.WrongReportKindSchema,
  'rows-dropped': api.RowsDroppedSchema,
  'reason-required': api.RejectedResponseSchema,
  'kpi-import-incomplete': api.KpiImportRejectedSchema,
};

/** What the clients read of a route (shared/api/replies.ts): a real answer must satisfy it too. */
const clientReads: Record<string, Partial<Record<number, z.ZodType>>> = {
  'GET /api/me': { 200: api.MeReplySchema },
  'GET /api/cycles': { 200: api.CyclesReplySchema },
  'POST /api/cycles/:cycle/submissions': { 201: api.AcceptedReplySchema },
};

const matchers = Object.keys(contractRoutes).map((key) => {
  const [method, template] = key.split(' ') as [string, string];
  const pattern = template.replace(/\./g, '\\.').replace(/:[a-z]+/g, '[^/]+');
  return { key, method, re: new RegExp(`^${pattern}$`) };
});

/** The documented route a request hits (`GET /api/cycles/:cycle/status`), or undefined. */
export function routeOf(method: string, url: string): string | undefined {
  const path = new URL(url, 'http://x').pathname;
  return matchers.find((m) => m.method === method.toUpperCase() && m.re.test(path))?.key;
}

/** Routes a run has checked, so a contract test can assert that it covered every one. */
export const checkedRoutes = new Set<string>();

/** Fails the test when the response's body does not match its route's schema for its status. */
export function expectContract(res: Response): Response {
  const req = res.request as unknown as { method: string; url: string };
  const route = routeOf(req.method, req.url);
  expect(route, `${req.method} ${req.url} is not a documented route`).toBeDefined();
  const spec = contractRoutes[route!]![res.status] ?? (res.status >= 400 ? api.ErrorSchema : undefined);
  expect(spec, `${route} answered ${res.status}, which the contract does not list`).toBeDefined();
  checkedRoutes.add(`${route} ${res.status}`);
  if (spec === 'xlsx' || spec === 'xlsx-or-zip') {
    const types = spec === 'xlsx' ? [api.XLSX_TYPE] : [api.XLSX_TYPE, 'application/zip'];
    expect(types).toContain(res.headers['content-type']);
    return res;
  }
  if (spec === 'openapi') {
    expect(res.body).toMatchObject({ openapi: '3.1.0' });
    return res;
  }
  // A binary() request reads every body as bytes, an error's JSON too.
  const body: unknown = Buffer.isBuffer(res.body) ? JSON.parse(res.body.toString('utf8')) : res.body;
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const schema = typeof code === 'string' && refusalByCode[code] ? refusalByCode[code] : spec!;
  const reply = clientReads[route!]?.[res.status] ?? (res.status >= 400 ? api.ErrorReplySchema : undefined);
  for (const [what, check] of [
    ['its schema', schema],
    ["the clients' reading", reply],
  ] as const) {
    const parsed = check?.safeParse(body);
    expect(
      !parsed || parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      `${route} ${res.status}: body does not match ${what}`,
    ).toEqual([]);
  }
  return res;
}
