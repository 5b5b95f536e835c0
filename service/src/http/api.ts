import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import {
  kpiImportSummary,
  ownerDepartments,
  parseDirectionOption,
  StrategyIndex,
  strategyTexts,
  type Direction,
  type Strategy,
  type StrategyProblem,
} from '#shared';
import { templateFileName, templateFor, templatesZip } from '../templates/generate';
import { apiErrors } from '../messages';
import type { Actor, Cycle, Principal, Store, StoredStrategy } from '../store/store';
import { consolidatedWorkbook } from '../usecases/consolidate';
import { importKpiTable } from '../usecases/import-kpis';
import { resolveConflict } from '../usecases/resolve-conflict';
import { createCycle, saveStrategy, spelledDepartments } from '../usecases/setup';
import { cycleStatus, cycleView, diffSubmissions } from '../usecases/review';
import { submitKpi, type SubmissionInput } from '../usecases/submit';
import { issueToken, parseExpiry, resolveTokenScope } from '../usecases/tokens';
import type { RowsValidator, WorkbookAnalyzer } from '../xlsx/analyze';
import { requireAuth } from './auth';
import { sendError } from './errors';
import { openApiDocument } from './openapi';
import {
  AuditQuerySchema,
  BulkTokenInputSchema,
  CycleInputSchema,
  CycleUpdateSchema,
  IdParamSchema,
  JsonSubmissionSchema,
  KpiImportQuerySchema,
  ProgressJsonSubmissionSchema,
  ProjectJsonSubmissionSchema,
  ReturnInputSchema,
  StrategyQuerySchema,
  TemplateQuerySchema,
  TokenInputSchema,
  XLSX_TYPE,
} from '#shared/api';

export interface ApiOptions {
  store: Store;
  maxUploadBytes: number;
  version: string;
  /** The municipality's strategy id, for requests that name none (the STRATEGY_ID setting). */
  defaultStrategyId: string;
  /** Reads and validates uploaded workbooks: the service's worker pool. */
  analyze: WorkbookAnalyzer;
  validateRows: RowsValidator;
  /** Submissions of one department that may wait behind the one being processed; more get 429. */
  departmentQueue: number;
}

/** Seconds a department is asked to wait while its previous submission is still being processed. */
const DEPARTMENT_RETRY_AFTER_S = 5;

// C0/C1 controls and the bidirectional formatting characters (a right-to-left override makes
// `report\u202Excod.exe` read as `reportexe.docx`): nothing a file name or a reason needs.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** Deeper than any request of this API (rows of objects: 3 levels) by far, and shallow enough to parse fast. */
export const MAX_JSON_DEPTH = 32;

/**
 * body-parser would decode broken UTF-8 to U+FFFD and store it: refuse it instead (400). Nesting is
 * bounded before JSON.parse, which would otherwise build a million nested arrays on the event loop.
 */
function verifyJsonBody(_req: unknown, _res: unknown, body: Buffer): void {
  try {
    strictUtf8.decode(body);
  } catch {
    throw Object.assign(new Error('invalid UTF-8'), { type: 'encoding.invalid-utf8', status: 400 });
  }
  if (jsonDepth(body) > MAX_JSON_DEPTH)
    throw Object.assign(new Error('JSON nested too deep'), { type: 'json.too-deep', status: 400 });
}

/** The deepest nesting of `[`/`{` outside strings, in one pass over the bytes (stops past the limit). */
export function jsonDepth(body: Uint8Array): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (inString) {
      if (b === 0x5c /* \ */) i++;
      else if (b === 0x22 /* " */) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x5b /* [ */ || b === 0x7b /* { */) {
      if (++depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (b === 0x5d /* ] */ || b === 0x7d /* } */) depth--;
  }
  return deepest;
}

/** A client-supplied file name reduced to a plain base name: no directories, no control characters. */
export function safeFileName(raw: string | undefined): string | null {
  if (!raw) return null;
  let name: string;
  try {
    name = decodeURIComponent(raw);
  } catch {
    name = raw;
  }
  name = name.replace(CONTROL_CHARACTERS, '').split(/[\\/]/).pop()!.replace(/^\.+/, '').trim();
  return name === '' ? null : name.slice(0, 200);
}

/** A URI-encoded header value (HTTP headers carry no Japanese), without control characters. */
function decodeHeader(raw: string | undefined): string | null {
  if (!raw) return null;
  let text: string;
  try {
    text = decodeURIComponent(raw);
  } catch {
    text = raw;
  }
  text = text.replace(CONTROL_CHARACTERS, ' ').trim().slice(0, 2000);
  return text === '' ? null : text;
}

function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

const badRequest = (res: Response, error: z.ZodError) =>
  sendError(res, 400, 'bad-request', apiErrors.badRequest, { issues: zodIssues(error) });

/** Who and from where, for the audit log. */
function actorOf(req: Request): Actor {
  const agent = (req.get('user-agent') ?? '').replace(CONTROL_CHARACTERS, '').slice(0, 160);
  return { principal: req.principal ?? null, client: `${req.ip ?? '?'} ${agent}`.trim() };
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The cycle's kind says which rows a JSON body holds: KPI rows, progress-report rows or projects. */
function parseJsonSubmission(
  kind: Cycle['kind'],
  body: unknown,
):
  | { success: true; input: SubmissionInput; reason: string | undefined }
  | { success: false; error: z.ZodError } {
  if (kind === 'progress') {
    const p = ProgressJsonSubmissionSchema.safeParse(body);
    return p.success
      ? { success: true, input: { kind: 'progress-json', rows: p.data.rows }, reason: p.data.reason }
      : p;
  }
  if (kind === 'project') {
    const p = ProjectJsonSubmissionSchema.safeParse(body);
    return p.success
      ? { success: true, input: { kind: 'project-json', projects: p.data.projects }, reason: p.data.reason }
      : p;
  }
  const p = JsonSubmissionSchema.safeParse(body);
  return p.success ? { success: true, input: { kind: 'json', rows: p.data.rows }, reason: p.data.reason } : p;
}

/** Admin tokens reach every strategy; a department token only its own. */
function mayUseStrategy(principal: Principal, strategyId: string): boolean {
  return principal.role === 'admin' || principal.strategyId === strategyId;
}

type CycleParams = { cycle: string };
type ItemParams = { cycle: string; id: string };

function sendWorkbook(res: Response, name: string, body: Buffer): void {
  res
    .type(XLSX_TYPE)
    .set(
      'Content-Disposition',
      // filename= takes ASCII only (a header cannot carry 商業労政課); filename*= names it in full.
      `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    )
    .send(body);
}

export function apiRouter({
  store,
  maxUploadBytes,
  version,
  defaultStrategyId,
  analyze,
  validateRows,
  departmentQueue,
}: ApiOptions): Router {
  const router = Router();
  const anyone = requireAuth(store);
  const admin = requireAuth(store, { admin: true });
  const json = express.json({ limit: maxUploadBytes, verify: verifyJsonBody });
  const smallJson = express.json({ limit: '1mb', verify: verifyJsonBody });
  // Per department (strategy id + department): submissions processed and waiting, one at a time.
  const lanes = new Map<string, { size: number; tail: Promise<unknown> }>();
  /** Runs `work` after the department's earlier submissions, or returns null when too many wait. */
  function inLane<T>(key: string, work: () => Promise<T>): Promise<T> | null {
    const lane = lanes.get(key) ?? { size: 0, tail: Promise.resolve() };
    if (lane.size > departmentQueue) return null;
    lane.size++;
    lanes.set(key, lane);
    const result = lane.tail.then(work);
    lane.tail = result
      .catch(() => undefined)
      .then(() => {
        if (--lane.size === 0) lanes.delete(key);
      });
    return result;
  }
  const raw = express.raw({ type: XLSX_TYPE, limit: maxUploadBytes });

  async function strategyOf(cycle: Cycle): Promise<Strategy> {
    const stored = await store.getStrategy(cycle.strategyId, cycle.strategyVersion);
    if (!stored) throw new Error(`cycle ${cycle.id} refers to unknown strategy ${cycle.strategyId}`);
    return stored.definition;
  }

  /**
   * The cycle of the path, or a 404 already sent. A department token sees only the cycles of its own
   * strategy (municipality): another town's cycle is not found, as if it did not exist.
   */
  async function cycleOr404(req: Request<CycleParams>, res: Response): Promise<Cycle | null> {
    const cycle = await store.getCycle(req.params.cycle);
    if (!cycle || !mayUseStrategy(req.principal!, cycle.strategyId)) {
      sendError(res, 404, 'cycle-not-found', apiErrors.cycleNotFound);
      return null;
    }
    return cycle;
  }

  /** The strategy a request names, else the token's (department tokens), else the service's default. */
  function strategyIdFor(req: Request, named: string | undefined): string {
    return named ?? req.principal!.strategyId ?? defaultStrategyId;
  }

  /** The submission of the path in its cycle, readable by the principal, or an error already sent. */
  async function submissionOr4xx(req: Request<ItemParams>, res: Response, idText: string | undefined) {
    if (!(await cycleOr404(req, res))) return null;
    const id = IdParamSchema.safeParse(idText);
    const found = id.success ? await store.getSubmission(id.data) : null;
    if (!found || found.submission.cycleId !== req.params.cycle) {
      sendError(res, 404, 'submission-not-found', apiErrors.submissionNotFound);
      return null;
    }
    const p = req.principal!;
    if (p.role !== 'admin' && p.department !== found.submission.department) {
      sendError(res, 403, 'forbidden', apiErrors.notYourDepartment);
      return null;
    }
    return found;
  }

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', db: store.dialect, version });
  });

  router.get('/docs', (_req, res) => {
    res.json(openApiDocument(version));
  });

  // Who the token is: the task pane checks a workbook as its department's submission.
  router.get('/me', anyone, (req, res) => {
    const p = req.principal!;
    res.json({ role: p.role, department: p.department, strategyId: p.strategyId });
  });

  router.get('/strategy', anyone, async (req, res) => {
    const q = StrategyQuerySchema.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const id = strategyIdFor(req, q.data.id);
    if (!mayUseStrategy(req.principal!, id))
      return sendError(res, 403, 'forbidden', apiErrors.notYourStrategy);
    const stored = await store.getStrategy(id, q.data.version);
    if (!stored) return sendError(res, 404, 'strategy-not-found', apiErrors.unknownStrategy);
    res.json({ strategy: stored, versions: await store.listStrategyVersions(id) });
  });

  router.put('/strategy', admin, json, async (req, res) => {
    const saved = await saveStrategy(store, req.body, actorOf(req));
    const issues = (problems: StrategyProblem[]) =>
      problems.map((p) => ({ path: p.path, message: p.message.ja, messageEn: p.message.en }));
    if (saved.status === 'invalid')
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: issues(saved.load.errors),
        warnings: issues(saved.load.warnings),
      });
    const { stored } = saved;
    res.status(201).json({
      strategy: { id: stored.id, version: stored.version, createdAt: stored.createdAt },
      warnings: issues(saved.load.warnings),
    });
  });

  // --- KPI table → the definition's KPI schema (a new stored version, or a dry-run preview) ---
  router.post(
    '/strategy/:id/import-kpis',
    admin,
    raw,
    async (req: Request<{ id: string }>, res: Response) => {
      const q = KpiImportQuerySchema.safeParse(req.query);
      if (!q.success) return badRequest(res, q.error);
      const directions = new Map<string, Direction>();
      for (const text of q.data.direction) {
        const d = parseDirectionOption(text);
        if (!d)
          return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
            issues: [{ path: 'direction', message: `「${text}」: KPI名=up|down|maintain` }],
          });
        directions.set(d.name, d.direction);
      }
      const imported = await importKpiTable(store, {
        strategyId: req.params.id,
        version: q.data.version,
        bytes: req.is(XLSX_TYPE) && Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : null,
        directions,
        dryRun: q.data.dryRun,
        maxBytes: maxUploadBytes,
        actor: actorOf(req),
      });
      if (imported.status === 'strategy-not-found')
        return sendError(res, 404, 'strategy-not-found', apiErrors.unknownStrategy);
      if (imported.status === 'not-xlsx')
        return sendError(res, 415, 'unsupported-type', apiErrors.unsupportedType);
      if (imported.status === 'unreadable')
        return sendError(
          res,
          imported.problem.code === 'too-large' ? 413 : 400,
          imported.problem.code,
          imported.problem.message,
        );
      if (imported.status === 'no-kpi-table')
        return sendError(res, 400, 'no-kpi-table', strategyTexts.noKpiTable);
      const { result, saved } = imported;
      const issues = (problems: StrategyProblem[]) =>
        problems.map((p) => ({ path: p.path, message: p.message.ja, messageEn: p.message.en }));
      const load = result.load;
      const body = {
        ...kpiImportSummary(result),
        errors: load && !load.ok ? issues(load.errors) : [],
        warnings: issues(load?.warnings ?? []),
      };
      if (q.data.dryRun)
        return res.json({ dryRun: true, ...body, ...(load?.ok ? { definition: load.strategy } : {}) });
      if (!saved)
        return sendError(res, 422, 'kpi-import-incomplete', apiErrors.kpiImportIncomplete, {
          dryRun: false,
          ...body,
        });
      res.status(201).json({
        dryRun: false,
        strategy: { id: saved.id, version: saved.version, createdAt: saved.createdAt },
        ...body,
      });
    },
  );
  // --- end of KPI table import ---

  router.get('/strategies', admin, async (_req, res) => {
    const byId = new Map<string, StoredStrategy[]>();
    for (const s of await store.listStrategies()) byId.set(s.id, [...(byId.get(s.id) ?? []), s]);
    res.json({
      strategies: [...byId.values()].map((versions) => {
        const sorted = versions.sort((a, b) => b.version - a.version);
        const latest = sorted[0]!.definition;
        return {
          id: latest.id,
          municipality: latest.municipality,
          title: latest.title,
          owners: ownerDepartments(latest),
          versions: sorted.map(({ id, version, createdAt }) => ({ id, version, createdAt })),
        };
      }),
    });
  });

  router.get('/departments', anyone, async (req, res) => {
    const q = StrategyQuerySchema.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const id = strategyIdFor(req, q.data.id);
    if (!mayUseStrategy(req.principal!, id))
      return sendError(res, 403, 'forbidden', apiErrors.notYourStrategy);
    const stored = await store.getStrategy(id, q.data.version);
    if (!stored) return sendError(res, 404, 'strategy-not-found', apiErrors.unknownStrategy);
    res.json({
      strategy: { id: stored.id, version: stored.version },
      departments: stored.definition.departments,
    });
  });

  router.get('/cycles', anyone, async (req, res) => {
    const cycles = (await store.listCycles()).filter((c) => mayUseStrategy(req.principal!, c.strategyId));
    res.json({ cycles: await Promise.all(cycles.map(async (c) => cycleView(c, await strategyOf(c)))) });
  });

  /**
   * Departments named in a body, as the strategy spells them (a near-miss spelling is the department
   * named); null when one is not the strategy's, with the 400 naming them at `path` sent.
   */
  function departmentsOr400(
    res: Response,
    strategy: Strategy,
    names: string[],
    path: string,
  ): string[] | null {
    const spelled = spelledDepartments(new StrategyIndex(strategy), names);
    if (spelled.ok) return spelled.departments;
    sendError(res, 400, 'bad-request', apiErrors.badRequest, {
      issues: [{ path, message: apiErrors.unknownDepartments(spelled.unknown).ja }],
    });
    return null;
  }

  /** A token's expiry as stored (null: none), or undefined with the 400 sent for a date not in the future. */
  function expiryOr400(res: Response, written: string | undefined): string | null | undefined {
    if (written === undefined) return null;
    const expiresAt = parseExpiry(written);
    if (expiresAt) return expiresAt;
    sendError(res, 400, 'bad-request', apiErrors.badRequest, {
      issues: [{ path: 'expiresAt', message: apiErrors.expiryNotFuture.ja }],
    });
    return undefined;
  }

  router.post('/cycles', admin, smallJson, async (req, res) => {
    const parsed = CycleInputSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    const created = await createCycle(store, parsed.data, defaultStrategyId, actorOf(req));
    if (created.status === 'unknown-strategy')
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: [{ path: 'strategyId', message: '不明な施策体系 ID または版です' }],
      });
    if (created.status === 'unknown-departments')
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: [{ path: 'expectedDepartments', message: apiErrors.unknownDepartments(created.unknown).ja }],
      });
    if (created.status === 'exists') return sendError(res, 409, 'cycle-exists', apiErrors.cycleExists);
    res.status(201).json({
      cycle: created.cycle,
      warnings: created.warnings.map((w) => ({ message: w.ja, messageEn: w.en })),
    });
  });

  router.patch('/cycles/:cycle', admin, smallJson, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    const parsed = CycleUpdateSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    const strategy = await strategyOf(cycle);
    const { deadline, expectedDepartments: named } = parsed.data;
    const expectedDepartments = named ? departmentsOr400(res, strategy, named, 'expectedDepartments') : null;
    if (named && !expectedDepartments) return;
    const updated = await store.updateCycle(
      cycle.id,
      {
        ...(deadline !== undefined ? { deadline } : {}),
        ...(expectedDepartments ? { expectedDepartments } : {}),
      },
      'cycle.update',
      actorOf(req),
    );
    res.json({ cycle: cycleView(updated!, strategy) });
  });

  // Closing stops submissions (a clear 409 to the clerk) until the planning office reopens the cycle.
  for (const [action, closing] of [
    ['close', true],
    ['reopen', false],
  ] as const)
    router.post(`/cycles/:cycle/${action}`, admin, async (req: Request<CycleParams>, res) => {
      const cycle = await cycleOr404(req, res);
      if (!cycle) return;
      if ((cycle.closedAt !== null) === closing)
        return closing
          ? sendError(res, 409, 'cycle-closed', apiErrors.cycleAlreadyClosed)
          : sendError(res, 409, 'cycle-open', apiErrors.cycleNotClosed);
      const updated = await store.updateCycle(
        cycle.id,
        { closedAt: closing ? new Date().toISOString() : null },
        `cycle.${action}`,
        actorOf(req),
      );
      res.json({ cycle: cycleView(updated!, await strategyOf(cycle)) });
    });

  router.post('/cycles/:cycle/submissions', anyone, raw, json, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    if (cycle.closedAt !== null)
      return sendError(res, 409, 'cycle-closed', apiErrors.cycleClosed(cycle.id, cycle.closedAt));
    const strategy = await strategyOf(cycle);
    const principal = req.principal!;
    let department = principal.department;
    if (principal.role === 'admin') {
      const named = req.get('x-department');
      if (!named) return sendError(res, 400, 'department-required', apiErrors.adminNeedsDepartment);
      department = safeFileName(named);
    }
    const known = department ? new StrategyIndex(strategy).department(department) : null;
    if (!known)
      return sendError(res, 422, 'unknown-department', apiErrors.unknownDepartment(department ?? ''));
    const key = req.get('idempotency-key') ?? null;
    if (key !== null && !IDEMPOTENCY_KEY.test(key))
      return sendError(res, 400, 'bad-idempotency-key', apiErrors.badIdempotencyKey);

    let input: SubmissionInput;
    let reason = decodeHeader(req.get('x-warning-reason'));
    if (req.is(XLSX_TYPE) && Buffer.isBuffer(req.body)) {
      input = {
        kind: 'xlsx',
        bytes: new Uint8Array(req.body),
        fileName: safeFileName(req.get('x-file-name')),
      };
    } else if (req.is('application/json')) {
      const parsed = parseJsonSubmission(cycle.kind, req.body);
      if (!parsed.success) return badRequest(res, parsed.error);
      input = parsed.input;
      reason = parsed.reason?.trim() || reason;
    } else {
      return sendError(res, 415, 'unsupported-type', apiErrors.unsupportedType);
    }

    // One department's submissions are read and stored one after another (a file cannot make its
    // department's next version wait on a worker twice); past the queue, 429 and the client retries.
    const submitted = inLane(`${strategy.id}\u0000${known}`, () =>
      submitKpi(store, strategy, cycle, known, input, {
        maxBytes: maxUploadBytes,
        idempotencyKey: key,
        reason,
        actor: actorOf(req),
        analyze,
        validateRows,
      }),
    );
    if (!submitted) {
      res.set('Retry-After', String(DEPARTMENT_RETRY_AFTER_S));
      return sendError(res, 429, 'department-busy', apiErrors.departmentBusy(DEPARTMENT_RETRY_AFTER_S));
    }
    const outcome = await submitted;
    switch (outcome.status) {
      case 'unreadable': {
        const code = outcome.problem.code;
        const status =
          code === 'too-large' || code === 'out-of-memory' ? 413 : code === 'timeout' ? 422 : 400;
        return sendError(res, status, code, outcome.problem.message);
      }
      case 'wrong-kind':
        return sendError(res, 422, 'wrong-report-kind', outcome.message, { found: outcome.found });
      case 'rows-dropped':
        return sendError(
          res,
          422,
          'rows-dropped',
          apiErrors.rowsDropped(outcome.previous.rows, outcome.rows),
          { previous: outcome.previous, rows: outcome.rows },
        );
      case 'key-reused':
        return sendError(res, 422, 'idempotency-key-reused', apiErrors.idempotencyKeyReused);
      case 'reason-required':
        return sendError(res, 422, 'reason-required', apiErrors.reasonRequired, {
          findings: outcome.findings,
          report: outcome.report,
          previousReturn: null,
        });
      case 'rejected':
        return sendError(res, 422, 'validation-failed', apiErrors.validationFailed, {
          findings: outcome.findings,
          report: outcome.report,
          previousReturn: outcome.previousReturn,
        });
      case 'accepted':
        if (outcome.replayed) res.set('Idempotent-Replayed', 'true');
        return res.status(201).json({
          submission: outcome.submission,
          findings: outcome.findings,
          report: outcome.report,
          previousReturn: outcome.previousReturn,
        });
    }
  });

  router.get('/cycles/:cycle/submissions', anyone, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    const p = req.principal!;
    const department = p.role === 'admin' ? (req.query.department as string | undefined) : p.department!;
    res.json({ submissions: await store.listSubmissions(cycle.id, department) });
  });

  router.get('/cycles/:cycle/submissions/:id', anyone, async (req: Request<ItemParams>, res) => {
    const found = await submissionOr4xx(req, res, req.params.id);
    if (!found) return;
    res.json({ ...found, returns: await store.returnsOf([found.submission.id]) });
  });

  router.get('/cycles/:cycle/submissions/:id/file', anyone, async (req: Request<ItemParams>, res) => {
    const found = await submissionOr4xx(req, res, req.params.id);
    if (!found) return;
    const bytes = found.submission.fileSha256 ? await store.getFile(found.submission.fileSha256) : null;
    if (!bytes) return sendError(res, 404, 'no-file', apiErrors.noFile);
    const name = found.submission.fileName ?? `submission-${found.submission.id}.xlsx`;
    res
      .type(XLSX_TYPE)
      .set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`)
      .send(Buffer.from(bytes));
  });

  router.get('/cycles/:cycle/submissions/:id/diff', anyone, async (req: Request<ItemParams>, res) => {
    const after = await submissionOr4xx(req, res, req.params.id);
    if (!after) return;
    const before = await submissionOr4xx(req, res, req.query.against as string | undefined);
    if (!before) return;
    const cycle = (await store.getCycle(req.params.cycle))!;
    const side = async (s: typeof after) => ({ ...s, ...(await store.dataRowsOf(s.submission.id)) });
    res.json(diffSubmissions(await strategyOf(cycle), await side(after), await side(before)));
  });

  router.post(
    '/cycles/:cycle/submissions/:id/return',
    admin,
    smallJson,
    async (req: Request<ItemParams>, res) => {
      const found = await submissionOr4xx(req, res, req.params.id);
      if (!found) return;
      const parsed = ReturnInputSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(res, parsed.error);
      const r = await store.addReturn(
        found.submission.id,
        parsed.data.comment,
        parsed.data.notes,
        actorOf(req),
      );
      res.status(201).json({ return: r });
    },
  );

  router.get('/cycles/:cycle/status', anyone, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    const p = req.principal!;
    res.json(
      await cycleStatus(store, await strategyOf(cycle), cycle, p.role === 'admin' ? null : p.department),
    );
  });

  router.get('/cycles/:cycle/conflicts', admin, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    res.json({ conflicts: await store.listConflicts(cycle.id) });
  });

  router.post(
    '/cycles/:cycle/conflicts/:id/resolve',
    admin,
    smallJson,
    async (req: Request<ItemParams>, res) => {
      const cycle = await cycleOr404(req, res);
      if (!cycle) return;
      const id = IdParamSchema.safeParse(req.params.id);
      const outcome = await resolveConflict(
        store,
        cycle.id,
        id.success ? id.data : null,
        req.body,
        actorOf(req),
      );
      if (outcome.status === 'not-found')
        return sendError(res, 404, 'conflict-not-found', apiErrors.conflictNotFound);
      if (outcome.status === 'bad-request') return badRequest(res, outcome.error);
      if (outcome.status === 'bad-value')
        return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
          issues: [{ path: outcome.path, message: outcome.message }],
        });
      if (outcome.status === 'not-open')
        return sendError(res, 409, 'conflict-not-open', apiErrors.conflictNotOpen);
      res.json({ conflict: outcome.conflict });
    },
  );

  router.get('/cycles/:cycle/consolidated.xlsx', admin, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    const body = await consolidatedWorkbook(store, await strategyOf(cycle), cycle);
    sendWorkbook(res, `consolidated-${cycle.id}.xlsx`, body);
  });

  router.get('/cycles/:cycle/template.xlsx', anyone, async (req: Request<CycleParams>, res) => {
    const cycle = await cycleOr404(req, res);
    if (!cycle) return;
    const query = TemplateQuerySchema.safeParse(req.query);
    if (!query.success) return badRequest(res, query.error);
    const strategy = await strategyOf(cycle);
    const principal = req.principal!;
    // A department gets its own workbook only; an admin names one, or gets every department's.
    if (principal.role !== 'admin' && query.data.department !== undefined)
      return sendError(res, 403, 'forbidden', apiErrors.notYourDepartment);
    const named = principal.role === 'admin' ? query.data.department : principal.department;
    if (named === undefined || named === null) {
      const body = await templatesZip(store, strategy, cycle);
      return res
        .type('application/zip')
        .set('Content-Disposition', `attachment; filename="templates-${cycle.id}.zip"`)
        .send(body);
    }
    const department = new StrategyIndex(strategy).department(named);
    if (!department) return sendError(res, 422, 'unknown-department', apiErrors.unknownDepartment(named));
    sendWorkbook(
      res,
      templateFileName(cycle, department),
      await templateFor(store, strategy, cycle, department),
    );
  });

  router.get('/tokens', admin, async (_req, res) => {
    res.json({ tokens: await store.listTokens() });
  });

  router.post('/tokens', admin, smallJson, async (req, res) => {
    const parsed = TokenInputSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    const issue = (path: string, message: string) =>
      sendError(res, 400, 'bad-request', apiErrors.badRequest, { issues: [{ path, message }] });
    const expiresAt = expiryOr400(res, parsed.data.expiresAt);
    if (expiresAt === undefined) return;
    const scope = await resolveTokenScope(
      store,
      parsed.data.department,
      parsed.data.strategyId,
      defaultStrategyId,
    );
    if (!scope.ok) {
      if (scope.problem === 'unknown-strategy') return issue('strategyId', '不明な施策体系 ID です');
      if (scope.problem === 'ambiguous')
        return issue('strategyId', apiErrors.ambiguousDepartment(scope.department, scope.strategies).ja);
      return sendError(res, 422, 'unknown-department', apiErrors.unknownDepartment(parsed.data.department), {
        nearest: scope.nearest,
      });
    }
    const issued = await issueToken(
      store,
      {
        role: 'department',
        department: scope.department,
        strategyId: scope.strategyId,
        label: parsed.data.label ?? null,
        expiresAt,
      },
      actorOf(req),
    );
    res.status(201).json({ token: issued.token, info: issued.info });
  });

  router.post('/tokens/bulk', admin, smallJson, async (req, res) => {
    const parsed = BulkTokenInputSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    const expiresAt = expiryOr400(res, parsed.data.expiresAt);
    if (expiresAt === undefined) return;
    const strategyId = parsed.data.strategyId ?? defaultStrategyId;
    const stored = await store.getStrategy(strategyId);
    if (!stored)
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: [{ path: 'strategyId', message: '不明な施策体系 ID です' }],
      });
    let departments: string[];
    if (parsed.data.departments) {
      const named = departmentsOr400(res, stored.definition, parsed.data.departments, 'departments');
      if (!named) return;
      departments = named;
    } else {
      // Every owner without a token in use: what the planning office hands out at the start of a cycle.
      const now = new Date().toISOString();
      const covered = new Set(
        (await store.listTokens())
          .filter(
            (t) =>
              t.role === 'department' &&
              t.strategyId === strategyId &&
              t.revokedAt === null &&
              (t.expiresAt === null || t.expiresAt > now),
          )
          .map((t) => t.department),
      );
      departments = ownerDepartments(stored.definition).filter((d) => !covered.has(d));
    }
    const issued = [];
    for (const department of departments)
      issued.push(
        await issueToken(
          store,
          { role: 'department', department, strategyId, label: parsed.data.label ?? null, expiresAt },
          actorOf(req),
        ),
      );
    res.status(201).json({ issued });
  });

  router.post('/tokens/:id/revoke', admin, async (req: Request<{ id: string }>, res) => {
    const id = IdParamSchema.safeParse(req.params.id);
    const revoked = id.success ? await store.revokeToken(id.data, actorOf(req)) : null;
    if (!revoked) return sendError(res, 404, 'token-not-found', apiErrors.tokenNotFound);
    if (revoked.already)
      return sendError(res, 409, 'token-already-revoked', apiErrors.tokenAlreadyRevoked, {
        info: revoked.token,
      });
    res.json({ info: revoked.token });
  });

  router.get('/audit', admin, async (req, res) => {
    const q = AuditQuerySchema.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const at = (text: string | undefined, path: string) => {
      if (text === undefined) return undefined;
      const t = Date.parse(text);
      if (Number.isNaN(t)) throw Object.assign(new Error(path), { path });
      return new Date(t).toISOString();
    };
    let since: string | undefined;
    let until: string | undefined;
    try {
      since = at(q.data.since, 'since');
      until = at(q.data.until, 'until');
    } catch (error) {
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: [
          { path: (error as { path: string }).path, message: '日付か日時(ISO 8601)で指定してください' },
        ],
      });
    }
    res.json({ entries: await store.listAudit({ ...q.data, since, until }) });
  });

  router.use((_req, res) => sendError(res, 404, 'not-found', apiErrors.notFound));
  return router;
}
