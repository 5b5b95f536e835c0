import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { bundledStrategies, DEFAULT_STRATEGY_ID, KpiRowSchema, StrategyIndex, type Strategy } from '#shared';
import { writeKpiWorkbook } from '../consolidate/kpi-workbook';
import { apiErrors } from '../messages';
import type { Cycle, Store } from '../store/store';
import { submitKpi, type SubmissionInput } from '../usecases/submit';
import { requireAuth } from './auth';
import { sendError } from './errors';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const CycleInputSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'ID は半角英数字・ . _ - で 64 文字まで'),
  kind: z.enum(['kpi', 'progress', 'project']).default('kpi'),
  fiscalYear: z.number().int().min(2000).max(2100),
  strategyId: z.string().default(DEFAULT_STRATEGY_ID),
  deadline: z.iso.date().nullable().default(null),
});

const JsonSubmissionSchema = z.object({ rows: z.array(KpiRowSchema).min(1).max(50_000) });

export interface ApiOptions {
  store: Store;
  maxUploadBytes: number;
  version: string;
}

/** Bundled definitions by id (versioned definitions in the database come with the consolidation service). */
function strategyFor(cycle: Cycle): Strategy | null {
  return bundledStrategies.get(cycle.strategyId) ?? null;
}

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

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

function zodIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

export function apiRouter({ store, maxUploadBytes, version }: ApiOptions): Router {
  const router = Router();
  const anyone = requireAuth(store);
  const admin = requireAuth(store, { admin: true });
  const json = express.json({ limit: maxUploadBytes });
  const raw = express.raw({ type: XLSX_TYPE, limit: maxUploadBytes });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', db: store.dialect, version });
  });

  router.get('/cycles', anyone, async (_req, res) => {
    res.json({ cycles: await store.listCycles() });
  });

  router.post('/cycles', admin, json, async (req, res) => {
    const parsed = CycleInputSchema.safeParse(req.body ?? {});
    if (!parsed.success)
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, { issues: zodIssues(parsed.error) });
    if (!bundledStrategies.has(parsed.data.strategyId)) {
      return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
        issues: [{ path: 'strategyId', message: '不明な施策体系 ID です' }],
      });
    }
    const cycle = await store.createCycle(parsed.data);
    if (!cycle) return sendError(res, 409, 'cycle-exists', apiErrors.cycleExists);
    res.status(201).json({ cycle });
  });

  router.post(
    '/cycles/:cycle/submissions',
    anyone,
    raw,
    json,
    async (req: Request<{ cycle: string }>, res) => {
      const cycle = await store.getCycle(req.params.cycle);
      if (!cycle) return sendError(res, 404, 'cycle-not-found', apiErrors.cycleNotFound);
      const strategy = strategyFor(cycle);
      if (!strategy) throw new Error(`cycle ${cycle.id} refers to unknown strategy ${cycle.strategyId}`);
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

      let input: SubmissionInput;
      if (req.is(XLSX_TYPE) && Buffer.isBuffer(req.body)) {
        input = {
          kind: 'xlsx',
          bytes: new Uint8Array(req.body),
          fileName: safeFileName(req.get('x-file-name')),
        };
      } else if (req.is('application/json')) {
        const parsed = JsonSubmissionSchema.safeParse(req.body);
        if (!parsed.success)
          return sendError(res, 400, 'bad-request', apiErrors.badRequest, {
            issues: zodIssues(parsed.error),
          });
        input = { kind: 'json', rows: parsed.data.rows };
      } else {
        return sendError(res, 415, 'unsupported-type', apiErrors.unsupportedType);
      }

      const outcome = await submitKpi(store, strategy, cycle, known, input, maxUploadBytes);
      switch (outcome.status) {
        case 'unreadable':
          return sendError(
            res,
            outcome.problem.code === 'too-large' ? 413 : 400,
            outcome.problem.code,
            outcome.problem.message,
          );
        case 'rejected':
          return sendError(res, 422, 'validation-failed', apiErrors.validationFailed, {
            findings: outcome.findings,
            report: outcome.report,
          });
        case 'accepted':
          return res
            .status(201)
            .json({ submission: outcome.submission, findings: outcome.findings, report: outcome.report });
      }
    },
  );

  router.get('/cycles/:cycle/consolidated.xlsx', admin, async (req: Request<{ cycle: string }>, res) => {
    const cycle = await store.getCycle(req.params.cycle);
    if (!cycle) return sendError(res, 404, 'cycle-not-found', apiErrors.cycleNotFound);
    const strategy = strategyFor(cycle);
    if (!strategy) throw new Error(`cycle ${cycle.id} refers to unknown strategy ${cycle.strategyId}`);
    const latest = await store.latestSubmissions(cycle.id);
    const body = await writeKpiWorkbook(
      strategy,
      cycle,
      latest.flatMap((s) => s.rows),
    );
    const name = `consolidated-${cycle.id}.xlsx`;
    res
      .type(XLSX_TYPE)
      .set(
        'Content-Disposition',
        `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .send(body);
  });

  router.use((_req, res) => sendError(res, 404, 'not-found', apiErrors.notFound));
  return router;
}
