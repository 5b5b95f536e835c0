import { z } from 'zod';
import {
  CellValueSchema,
  FindingSchema,
  KpiKindSchema,
  KpiRowSchema,
  ProgressJsonRowSchema,
  ProjectJsonSchema,
  WorkbookReportSchema,
} from '../index';

/**
 * Request and response shapes of the service's HTTP API: the routes validate requests with them, the
 * OpenAPI document at /api/docs is generated from them, and the clients (task pane, browser page) and the
 * contract test read responses with them.
 */

/** The media type of an .xlsx body (submissions, KPI import) and of the workbooks the service sends. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// Values as read from any sheet (and stored with conflicts): bounded by Excel's cell limit, not by taste.
export const ProgressValueSchema = z.object({
  results: z.string().max(32_767),
  plan: z.string().max(32_767),
});
export type ProgressValue = z.infer<typeof ProgressValueSchema>;

export const ProjectFiguresSchema = z.object({
  /** Year columns as headed (`令和６年度(決算額)`), with the total cost (千円) of each. */
  years: z
    .array(
      z.object({
        header: z.string().max(32_767),
        fiscalYear: z.number().int().nullable(),
        total: CellValueSchema,
      }),
    )
    .max(100),
  /** 財源 lines: name and amount per year column. */
  funds: z
    .array(z.object({ name: z.string().max(32_767), amounts: z.array(CellValueSchema).max(100) }))
    .max(100),
  perCapita: CellValueSchema,
  /** 評価 per fiscal year, as written. */
  evaluations: z
    .array(z.object({ fiscalYear: z.number().int().nullable(), value: z.string().max(32_767).nullable() }))
    .max(100),
});
export type ProjectFigures = z.infer<typeof ProjectFiguresSchema>;

export const ErrorSchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), messageEn: z.string() }),
  })
  .meta({ id: 'Error', description: 'message は日本語、messageEn は英語' });

export const HealthSchema = z.object({
  status: z.literal('ok'),
  db: z.enum(['sqlite', 'postgres']),
  version: z.string(),
});

export const MeSchema = z.object({
  role: z.enum(['admin', 'department']),
  /** The token's department (null for admin tokens). */
  department: z.string().nullable(),
  /** The strategy (municipality) of a department token: it sees that strategy's cycles only (null for admin tokens). */
  strategyId: z.string().nullable(),
});

export const TokenInputSchema = z.object({
  department: z.string().trim().min(1).max(100),
  /** Default: the only stored strategy that has the department, else the STRATEGY_ID setting. */
  strategyId: z.string().max(64).optional(),
  /** `2026-03-31` (valid through that day, Japan time) or an ISO date-time with offset; default: never. */
  expiresAt: z.string().max(40).optional(),
  label: z.string().max(200).optional(),
});

export const TokenInfoSchema = z
  .object({
    id: z.number().int(),
    role: z.enum(['admin', 'department']),
    department: z.string().nullable(),
    strategyId: z.string().nullable(),
    label: z.string().nullable(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().meta({ description: '最後に使われた時刻(1 分単位で記録)' }),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'TokenInfo', description: 'トークンの情報(秘密の値とハッシュは含まない)' });

export const IssuedTokenSchema = z.object({
  /** The secret: shown in this response only (only its hash is stored). */
  token: z.string(),
  info: TokenInfoSchema,
});

/** POST /api/tokens/bulk: one token for each department named, or each without a usable one. */
export const BulkTokenInputSchema = z.object({
  /** Default: the service's STRATEGY_ID setting. */
  strategyId: z.string().max(64).optional(),
  /** Default: every department of the definition's owners that has no token in use (unrevoked, unexpired). */
  departments: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
  expiresAt: z.string().max(40).optional(),
  label: z.string().max(200).optional(),
});

export const BulkIssuedSchema = z.object({
  /** The secrets: shown in this response only. */
  issued: z.array(IssuedTokenSchema),
});

export const CycleInputSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'ID は半角英数字・ . _ - で 64 文字まで'),
  kind: z.enum(['kpi', 'progress', 'project']).default('kpi'),
  fiscalYear: z.number().int().min(2000).max(2100),
  /** Default: the service's STRATEGY_ID setting. */
  strategyId: z.string().max(64).optional(),
  /** Default: the latest stored version of the strategy. */
  strategyVersion: z.number().int().positive().optional(),
  deadline: z.iso.date().nullable().default(null),
  /** Departments a report is expected from; default: the owners in the definition (items, KPIs, projects). */
  expectedDepartments: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
});

/** PATCH /api/cycles/:cycle: a new deadline (null: none) or a new list of expected departments. */
export const CycleUpdateSchema = z
  .object({
    deadline: z.iso.date().nullable().optional(),
    expectedDepartments: z.array(z.string().trim().min(1).max(100)).min(1).max(500).optional(),
  })
  .refine((v) => v.deadline !== undefined || v.expectedDepartments !== undefined, {
    message: 'deadline か expectedDepartments を指定してください',
  });

export const CycleSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['kpi', 'progress', 'project']),
    fiscalYear: z.number().int(),
    strategyId: z.string(),
    strategyVersion: z.number().int(),
    /** The last day submissions are due (Japan time, through that day). */
    deadline: z.string().nullable(),
    /** When the cycle was closed: submissions are refused until it is reopened. */
    closedAt: z.string().nullable(),
    /** Departments a report is expected from (the definition's owners unless the cycle names them). */
    expectedDepartments: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'Cycle' });

// A row's text may be no longer than an Excel cell holds (32,767 characters), as if typed in the sheet.
const CELL_CHARS = 32_767;
const cellText = z.string().max(CELL_CHARS);
const JsonKpiRowSchema = KpiRowSchema.extend({
  policy: cellText,
  kpi: cellText,
  period: cellText,
  value: z.union([cellText, z.number(), z.boolean(), z.null()]),
  unit: cellText,
  department: cellText,
});

export const JsonSubmissionSchema = z.object({
  // A department reports a few hundred KPI rows; the whole city about 1,000. More is not a report.
  rows: z.array(JsonKpiRowSchema).min(1).max(10_000),
  /** Why the clerk submits despite warnings (for .xlsx bodies: the X-Warning-Reason header, URI-encoded). */
  reason: z.string().max(2000).optional(),
});

export const ProgressJsonSubmissionSchema = z.object({
  /** One object per department row of the progress report (progress cycles). */
  rows: z.array(ProgressJsonRowSchema).min(1).max(10_000),
  reason: z.string().max(2000).optional(),
});

export const ProjectJsonSubmissionSchema = z.object({
  /** One object per 主要施策成果シート (project cycles). */
  projects: z.array(ProjectJsonSchema).min(1).max(1000),
  reason: z.string().max(2000).optional(),
});

export const SubmissionSchema = z
  .object({
    id: z.number().int(),
    cycleId: z.string(),
    department: z.string(),
    version: z.number().int(),
    source: z.enum(['xlsx', 'json']),
    fileSha256: z.string().nullable(),
    fileName: z.string().nullable(),
    findings: z.array(FindingSchema),
    reason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Submission' });

export const CellNoteSchema = z.object({
  cell: z.string().regex(/^[A-Z]{1,3}[0-9]{1,7}$/, 'セル番地(例 E12)'),
  sheet: z.string().max(100).optional(),
  message: z.string().min(1).max(2000),
});

export const ReturnInputSchema = z.object({
  comment: z.string().trim().min(1, 'コメントを入力してください').max(5000),
  notes: z.array(CellNoteSchema).max(1000).default([]),
});

export const ReturnSchema = z
  .object({
    id: z.number().int(),
    submissionId: z.number().int(),
    comment: z.string(),
    notes: z.array(CellNoteSchema),
    createdAt: z.string(),
  })
  .meta({ id: 'Return', description: '差し戻し' });

export const PendingReturnSchema = ReturnSchema.extend({ version: z.number().int() }).nullable();

export const SubmitResponseSchema = z.object({
  submission: SubmissionSchema,
  findings: z.array(FindingSchema),
  report: WorkbookReportSchema.nullable(),
  /** The department's latest version was returned (差し戻し): its comment and cell notes. */
  previousReturn: PendingReturnSchema,
});

export const RejectedResponseSchema = ErrorSchema.extend({
  findings: z.array(FindingSchema),
  report: WorkbookReportSchema.nullable(),
  previousReturn: PendingReturnSchema,
});

/** 422 wrong-report-kind: the workbook holds no report of the cycle's kind; `found` lists what it holds. */
export const WrongReportKindSchema = ErrorSchema.extend({
  found: z.array(
    z.object({
      kind: z.enum(['kpi', 'progress', 'project']),
      sheets: z.array(z.object({ sheet: z.string(), rows: z.number().int() })),
      rows: z.number().int(),
    }),
  ),
});

/** 422 rows-dropped: fewer than half the rows of the department's previous version, sent without a reason. */
export const RowsDroppedSchema = ErrorSchema.extend({
  previous: z.object({ version: z.number().int(), rows: z.number().int() }),
  rows: z.number().int(),
});

/**
 * Every 422 of a submission: refused with findings (validation-failed), wrong-report-kind, rows-dropped,
 * or a bare error (timeout, idempotency-key-reused, unknown-department).
 */
export const SubmitRefusedSchema = z.union([
  RejectedResponseSchema,
  WrongReportKindSchema,
  RowsDroppedSchema,
  ErrorSchema,
]);

export const StoredKpiRowSchema = KpiRowSchema.extend({ sheetRow: z.number().int().nullable() });

export const SubmissionDetailSchema = z.object({
  submission: SubmissionSchema,
  report: WorkbookReportSchema.nullable(),
  rows: z.array(StoredKpiRowSchema),
  returns: z.array(ReturnSchema),
});

const RowIdentitySchema = z.object({
  node: z.string(),
  kpi: z.string(),
  department: z.string(),
  kind: KpiKindSchema,
  period: z.string(),
});

const RowChangeSchema = z.object({
  identity: RowIdentitySchema,
  kpi: z.string(),
  policy: z.string(),
  rowBefore: z.number().int().nullable(),
  rowAfter: z.number().int().nullable(),
  fields: z.array(z.enum(['value', 'unit'])),
  before: z.object({ value: CellValueSchema, unit: z.string() }).nullable(),
  after: z.object({ value: CellValueSchema, unit: z.string() }).nullable(),
});

const changes = <T extends z.ZodType>(change: T) =>
  z.object({
    changed: z.array(change),
    added: z.array(change),
    removed: z.array(change),
    unchanged: z.number().int(),
    /** Of the unchanged, those on another sheet row than before (sorted, rows inserted above). */
    moved: z.array(change),
  });

const ProgressChangeSchema = z.object({
  item: z.string(),
  department: z.string(),
  rowBefore: z.number().int().nullable(),
  rowAfter: z.number().int().nullable(),
  fields: z.array(z.enum(['results', 'plan'])),
  before: ProgressValueSchema.nullable(),
  after: ProgressValueSchema.nullable(),
});

const ProjectChangeSchema = z.object({
  name: z.string(),
  department: z.string(),
  fields: z.array(z.enum(['years', 'funds', 'perCapita', 'evaluations'])),
  before: ProjectFiguresSchema.nullable(),
  after: ProjectFiguresSchema.nullable(),
});

export const DiffSchema = changes(RowChangeSchema)
  .extend({
    submission: z.object({ id: z.number().int(), version: z.number().int() }),
    against: z.object({ id: z.number().int(), version: z.number().int() }),
    /** Progress cycles: the department rows of the progress report. */
    progress: changes(ProgressChangeSchema),
    /** Project cycles: the 主要施策成果シート, compared by 事業名 and 所管部署. */
    projects: changes(ProjectChangeSchema),
  })
  .meta({ id: 'Diff' });

/**
 * A department's state in a cycle: 未提出 (missing), 提出済み (submitted), 差し戻し中 (returned: its latest
 * version was sent back), 再提出済み (resubmitted after a 差し戻し), 期限超過 (overdue: nothing by the deadline).
 */
export const DepartmentStateSchema = z.enum(['missing', 'submitted', 'returned', 'resubmitted', 'overdue']);

export const StatusSchema = z
  .object({
    cycle: CycleSchema,
    /** Departments whose latest version stands (提出済み or 再提出済み); a returned one is not counted. */
    submitted: z.number().int(),
    total: z.number().int(),
    openConflicts: z.number().int(),
    /** How many departments are in each state. */
    states: z.record(DepartmentStateSchema, z.number().int()),
    /** When the service answered: the clients count the deadline down from it. */
    now: z.string(),
    departments: z.array(
      z.object({
        department: z.string(),
        state: DepartmentStateSchema,
        /** Whether the cycle expects a report from this department (false: submitted unasked). */
        expected: z.boolean(),
        submitted: z.boolean(),
        version: z.number().int().nullable(),
        submissionId: z.number().int().nullable(),
        submittedAt: z.string().nullable(),
        errors: z.number().int(),
        warnings: z.number().int(),
        returned: ReturnSchema.nullable(),
        versions: z.array(
          z.object({ id: z.number().int(), version: z.number().int(), createdAt: z.string() }),
        ),
      }),
    ),
  })
  .meta({ id: 'CycleStatus' });

const candidatesOf = <V extends z.ZodType>(value: V) =>
  z.array(
    z.object({
      department: z.string(),
      submissionId: z.number().int(),
      version: z.number().int(),
      value,
    }),
  );

const conflictBase = {
  id: z.number().int(),
  cycleId: z.string(),
  status: z.enum(['open', 'resolved', 'superseded']),
  note: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** The token that decided (see GET /api/tokens). */
  resolvedBy: z.number().int().nullable(),
  createdAt: z.string(),
};

export const ConflictSchema = z
  .discriminatedUnion('subject', [
    z.object({
      ...conflictBase,
      subject: z.literal('kpi'),
      identity: RowIdentitySchema,
      candidates: candidatesOf(CellValueSchema),
      resolution: CellValueSchema,
    }),
    z.object({
      ...conflictBase,
      subject: z.literal('progress'),
      identity: z.object({ node: z.string().nullable(), item: z.string(), department: z.string() }),
      candidates: candidatesOf(ProgressValueSchema),
      resolution: ProgressValueSchema.nullable(),
    }),
    z.object({
      ...conflictBase,
      subject: z.literal('project'),
      identity: z.object({ project: z.string(), department: z.string() }),
      candidates: candidatesOf(ProjectFiguresSchema),
      resolution: ProjectFiguresSchema.nullable(),
    }),
  ])
  .meta({
    id: 'Conflict',
    description:
      '部署間で食い違う KPI の行(kpi)、進捗報告の行(progress: 具体的な施策×所管部署)、事業(project: 事業名×所管部署)',
  });

export const ResolveInputSchema = z
  .object({
    /** Keep one department's value… */
    department: z.string().optional(),
    /** …or give the value to use: a cell value (KPI) or the two texts (progress). */
    value: z.union([CellValueSchema, ProgressValueSchema]).optional(),
    note: z.string().max(2000).nullable().default(null),
  })
  .refine((v) => (v.department === undefined) !== (v.value === undefined), {
    message: 'department か value のどちらか一方を指定してください',
  });

export const AuditSchema = z.object({
  entries: z.array(
    z.object({
      id: z.number().int(),
      at: z.string(),
      tokenId: z.number().int().nullable(),
      role: z.string().nullable(),
      department: z.string().nullable(),
      action: z.string(),
      target: z.string().nullable(),
      detail: z.unknown(),
      client: z.string().nullable(),
      cycleId: z.string().nullable(),
    }),
  ),
});

export const AuditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  before: z.coerce.number().int().positive().optional(),
  /** What: an action (`submission.create`) or its family (`submission`). */
  action: z.string().max(64).optional(),
  /** Who: the token's department, or `admin` for admin tokens. */
  who: z.string().max(100).optional(),
  /** Which cycle the write concerned. */
  cycle: z.string().max(64).optional(),
  /** When: from this date or time on, and before this one (ISO; a date is midnight UTC). */
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
});

/** `GET /api/cycles/:cycle/template.xlsx`: an admin names the department, or gets a zip of all. */
export const TemplateQuerySchema = z.object({
  department: z.string().trim().min(1).max(100).optional(),
});

export const StrategyQuerySchema = z.object({
  /** Default: the service's STRATEGY_ID setting. */
  id: z.string().max(64).optional(),
  version: z.coerce.number().int().positive().optional(),
});

export const IdParamSchema = z.coerce.number().int().positive().max(2_147_483_647);

// --- Importing a council-approved KPI table into a definition (POST /api/strategy/:id/import-kpis) ---

export const KpiImportQuerySchema = z.object({
  /** The stored version to add to; default the latest. */
  version: z.coerce.number().int().positive().optional(),
  /** `true`: answer what would change without storing a new version. */
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** `KPI名=up|down|maintain`, repeated: the good direction of KPIs whose target does not tell it. */
  direction: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});

const TextPairSchema = z.object({ ja: z.string(), en: z.string() });
const ImportedKpiLineSchema = z.object({
  sheet: z.string(),
  row: z.number().int(),
  item: z.string(),
  code: z.string(),
  name: z.string(),
  direction: z.enum(['up', 'down', 'maintain']).nullable(),
  directionBasis: z.enum(['wording', 'baseline', 'cumulative', 'given', 'kept']).nullable(),
  action: z.enum(['added', 'replaced']),
});
const IssueSchema = z.object({ path: z.string(), message: z.string(), messageEn: z.string() });

export const KpiImportResponseSchema = z
  .object({
    dryRun: z.boolean(),
    /** The stored version (absent on a dry run). */
    strategy: z.object({ id: z.string(), version: z.number().int(), createdAt: z.string() }).optional(),
    /** The resulting definition (dry run only). */
    definition: z.unknown().optional(),
    sheets: z.array(z.string()),
    added: z.number().int(),
    replaced: z.number().int(),
    kpis: z.array(ImportedKpiLineSchema),
    unmatched: z.array(
      z.object({
        sheet: z.string(),
        row: z.number().int(),
        item: z.string(),
        name: z.string(),
        message: TextPairSchema,
      }),
    ),
    undecided: z.array(
      ImportedKpiLineSchema.extend({
        target: z.union([z.string(), z.number(), z.null()]),
        message: TextPairSchema,
      }),
    ),
    errors: z.array(IssueSchema),
    warnings: z.array(IssueSchema),
  })
  .meta({ id: 'KpiImport' });

export const CycleCreatedSchema = z.object({
  cycle: CycleSchema,
  /** E.g. a KPI cycle on a definition without KPIs (its rows cannot be checked against a KPI schema). */
  warnings: z.array(z.object({ message: z.string(), messageEn: z.string() })),
});

// --- Response bodies written inline in the OpenAPI document before (no component id: the document is unchanged) ---

const StrategyVersionSchema = z.object({ id: z.string(), version: z.number().int(), createdAt: z.string() });

export const StrategyResponseSchema = z.object({
  strategy: z.object({
    id: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    definition: z.unknown().meta({ description: '施策体系の定義(PUT /api/strategy の本文と同じ形)' }),
  }),
  versions: z.array(StrategyVersionSchema),
});

export const StrategyStoredSchema = z.object({ strategy: z.object({ id: z.string(), version: z.number() }) });

export const KpiImportRejectedSchema = KpiImportResponseSchema.extend({ error: ErrorSchema.shape.error });

export const DepartmentsSchema = z.object({ departments: z.array(z.string()) });
export const CyclesSchema = z.object({ cycles: z.array(CycleSchema) });
export const CycleReplyBodySchema = z.object({ cycle: CycleSchema });
export const SubmissionsSchema = z.object({ submissions: z.array(SubmissionSchema) });
export const ReturnCreatedSchema = z.object({ return: ReturnSchema });
export const ConflictsSchema = z.object({ conflicts: z.array(ConflictSchema) });
export const ConflictResolvedSchema = z.object({ conflict: ConflictSchema });
export const TokensSchema = z.object({ tokens: z.array(TokenInfoSchema) });
export const RevokedTokenSchema = z.object({ info: TokenInfoSchema });

/** GET /api/strategies: every stored definition, latest version first, with its municipality and title. */
export const StrategiesSchema = z.object({
  strategies: z.array(
    z.object({
      id: z.string(),
      municipality: z.string(),
      title: z.string(),
      /** Departments expected by default: the owners in the latest version. */
      owners: z.array(z.string()),
      versions: z.array(StrategyVersionSchema),
    }),
  ),
});
