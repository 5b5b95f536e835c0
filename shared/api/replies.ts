import { z } from 'zod';
import { FindingSchema } from '../index';

/**
 * What the clients (task pane, browser page) read from the service: the same bodies as the response
 * schemas, read tolerantly — unknown fields kept, fields an older service may not send given defaults —
 * so a pane released before a service upgrade (or after) keeps working. The contract test reads every
 * real response through these too.
 */

/** 差し戻し: the planning office's comment and cell notes on the department's latest version. */
export const ReturnNoticeSchema = z
  .object({
    comment: z.string(),
    version: z.number().optional(),
    notes: z
      .array(
        z.object({
          cell: z.string().nullable().optional(),
          sheet: z.string().optional(),
          message: z.string(),
        }),
      )
      .default([]),
  })
  .nullable()
  .optional();
export type ReturnNotice = NonNullable<z.infer<typeof ReturnNoticeSchema>>;

/** 201 of POST /api/cycles/:cycle/submissions. */
export const AcceptedReplySchema = z.object({
  submission: z.object({ id: z.union([z.number(), z.string()]), version: z.number() }).loose(),
  findings: z.array(FindingSchema).default([]),
  previousReturn: ReturnNoticeSchema,
});
export type AcceptedReply = z.infer<typeof AcceptedReplySchema>;

/** Any 4xx/5xx body: the service's error (a gateway may send a bare string) with findings when refused. */
export const ErrorReplySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), messageEn: z.string().optional() }).or(z.string()),
  findings: z.array(FindingSchema).optional(),
  previousReturn: ReturnNoticeSchema,
});
export type ErrorReply = z.infer<typeof ErrorReplySchema>;

/** GET /api/me: the pane needs the department only. */
export const MeReplySchema = z.object({ department: z.string().nullable() }).loose();
export type MeReply = z.infer<typeof MeReplySchema>;

/** One cycle of GET /api/cycles (services before report kinds sent no `kind`: a KPI cycle). */
export const CycleReplySchema = z
  .object({
    id: z.string(),
    kind: z.enum(['kpi', 'progress', 'project']).default('kpi'),
    strategyId: z.string(),
    strategyVersion: z.number().optional(),
    fiscalYear: z.number().int().optional(),
  })
  .loose();
export type CycleReply = z.infer<typeof CycleReplySchema>;
export const CyclesReplySchema = z.object({ cycles: z.array(CycleReplySchema) });

/**
 * GET /api/cycles/:cycle/status as a department token reads it: its own row (state, the 差し戻し of its
 * latest version) and the cycle's deadline, for the banner the pane and the browser page show on opening.
 */
export const DepartmentStatusReplySchema = z
  .object({
    cycle: z
      .object({
        deadline: z.string().nullable().default(null),
        closedAt: z.string().nullable().default(null),
      })
      .loose(),
    departments: z.array(
      z
        .object({
          department: z.string(),
          state: z.string().optional(),
          version: z.number().nullable().optional(),
          returned: ReturnNoticeSchema,
        })
        .loose(),
    ),
  })
  .loose();
export type DepartmentStatusReply = z.infer<typeof DepartmentStatusReplySchema>;
