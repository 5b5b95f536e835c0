import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { KpiRowSchema, StrategySchema } from '#shared';
import {
  AuditQuerySchema,
  AuditSchema,
  BulkIssuedSchema,
  BulkTokenInputSchema,
  CycleReplyBodySchema,
  CycleUpdateSchema,
  ConflictResolvedSchema,
  ConflictsSchema,
  CycleCreatedSchema,
  CycleInputSchema,
  CyclesSchema,
  DepartmentsSchema,
  DiffSchema,
  ErrorSchema,
  HealthSchema,
  IssuedTokenSchema,
  JsonSubmissionSchema,
  KpiImportQuerySchema,
  KpiImportRejectedSchema,
  KpiImportResponseSchema,
  MeSchema,
  ProgressJsonSubmissionSchema,
  ProjectJsonSubmissionSchema,
  ResolveInputSchema,
  ReturnCreatedSchema,
  ReturnInputSchema,
  RevokedTokenSchema,
  StatusSchema,
  StrategiesSchema,
  StrategyQuerySchema,
  TemplateQuerySchema,
  StrategyResponseSchema,
  StrategyStoredSchema,
  SubmissionDetailSchema,
  SubmissionsSchema,
  SubmitRefusedSchema,
  SubmitResponseSchema,
  TokenInputSchema,
  TokensSchema,
  XLSX_TYPE,
} from '#shared/api';

/** The OpenAPI document, generated from the same zod schemas the routes validate with. */

const jsonBody = (schema: z.ZodType, description = 'OK') => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => jsonBody(ErrorSchema, description);
const cycleParam = z.object({ cycle: z.string() });
const itemParams = z.object({ cycle: z.string(), id: z.string() });
/**
 * The strategy's node tree is recursive (z.lazy), which zod-to-openapi expands without end; zod's own
 * JSON Schema output handles the recursion with $defs, valid in OpenAPI 3.1.
 */
const strategyJsonSchema = () =>
  z.toJSONSchema(StrategySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
const admin = '管理者(取りまとめ担当)のみ / admin only.';
const anyone = '管理者と部署 / admin and departments.';

function routes(): RouteConfig[] {
  return [
    {
      method: 'get',
      path: '/api/health',
      summary: '稼働確認 / health',
      security: [],
      responses: { 200: jsonBody(HealthSchema) },
    },
    {
      method: 'get',
      path: '/api/me',
      summary: 'トークンの役割・部署・施策体系 / who the token is',
      description: anyone,
      responses: {
        200: jsonBody(MeSchema),
        401: error('トークンがない・無効・期限切れ(token-expired)・失効(token-revoked)'),
      },
    },
    {
      method: 'get',
      path: '/api/strategy',
      summary: '施策体系(最新版または指定の版) / strategy definition',
      description: anyone,
      request: { query: StrategyQuerySchema },
      responses: {
        200: jsonBody(StrategyResponseSchema),
        404: error('不明な施策体系'),
      },
    },
    {
      method: 'put',
      path: '/api/strategy',
      summary: '施策体系の新しい版を保存 / store a new strategy version',
      description: admin,
      request: { body: { content: { 'application/json': { schema: strategyJsonSchema() } } } },
      responses: {
        201: jsonBody(StrategyStoredSchema),
        400: error('定義が正しくない'),
      },
    },
    {
      method: 'post',
      path: '/api/strategy/{id}/import-kpis',
      summary: 'KPI表を施策体系の KPI として取り込む / import a KPI table as the KPI schema',
      description: `${admin} 議会で承認された KPI表(.xlsx、KPI表の様式)の各 KPI を、施策体系の欄が指す項目の KPI 定義として加え、新しい版として保存する(dryRun=true なら保存せず結果だけ返す)。目標の書き方から良い方向が決まらない KPI は undecided に並び、direction=KPI名=up|down|maintain を指定するまで保存しない(422)。項目が見つからない行は unmatched。`,
      request: {
        params: z.object({ id: z.string() }),
        query: KpiImportQuerySchema,
        body: { content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } } },
      },
      responses: {
        200: jsonBody(KpiImportResponseSchema, 'dryRun=true: 保存せずに結果 / preview'),
        201: jsonBody(KpiImportResponseSchema, '新しい版として保存 / stored as a new version'),
        400: error('読めないファイル・KPI表がない'),
        404: error('不明な施策体系'),
        415: error('.xlsx でない'),
        422: jsonBody(
          KpiImportRejectedSchema,
          '方向の決まらない KPI がある・結果にエラー(保存せず) / not stored',
        ),
      },
    },
    {
      method: 'get',
      path: '/api/strategies',
      summary: '保存された施策体系の一覧(版・自治体・既定で提出を求める所管部署) / stored definitions',
      description: admin,
      responses: { 200: jsonBody(StrategiesSchema) },
    },
    {
      method: 'get',
      path: '/api/departments',
      summary: '部署一覧 / departments',
      description: anyone,
      request: { query: StrategyQuerySchema },
      responses: { 200: jsonBody(DepartmentsSchema) },
    },
    {
      method: 'get',
      path: '/api/cycles',
      summary: '報告サイクル一覧 / cycles',
      description: anyone,
      responses: { 200: jsonBody(CyclesSchema) },
    },
    {
      method: 'post',
      path: '/api/cycles',
      summary: '報告サイクルの作成 / create a cycle',
      description: admin,
      request: { body: { content: { 'application/json': { schema: CycleInputSchema } } } },
      responses: {
        201: jsonBody(
          CycleCreatedSchema,
          '作成(KPI の回で施策体系に KPI がなければ warnings に日本語と英語の説明) / created, with warnings',
        ),
        409: error('同じ ID がある'),
      },
    },
    {
      method: 'patch',
      path: '/api/cycles/{cycle}',
      summary: '締切日・提出を求める部署の変更 / change the deadline or the expected departments',
      description: admin,
      request: {
        params: cycleParam,
        body: { content: { 'application/json': { schema: CycleUpdateSchema } } },
      },
      responses: {
        200: jsonBody(CycleReplyBodySchema),
        400: error('施策体系にない部署・不正な日付'),
        404: error('回がない'),
      },
    },
    {
      method: 'post',
      path: '/api/cycles/{cycle}/close',
      summary: '回の締切(以後の提出は 409 cycle-closed) / close a cycle',
      description: admin,
      request: { params: cycleParam },
      responses: { 200: jsonBody(CycleReplyBodySchema), 404: error('回がない'), 409: error('締切済み') },
    },
    {
      method: 'post',
      path: '/api/cycles/{cycle}/reopen',
      summary: '締め切った回の再開 / reopen a closed cycle',
      description: admin,
      request: { params: cycleParam },
      responses: {
        200: jsonBody(CycleReplyBodySchema),
        404: error('回がない'),
        409: error('締め切られていない'),
      },
    },
    {
      method: 'post',
      path: '/api/cycles/{cycle}/submissions',
      summary: '提出(.xlsx、または JSON の KPI の行・進捗報告の行・事業) / submit',
      description: `${anyone} 部署トークンは自部署として、管理者は X-Department ヘッダーの部署として提出。Idempotency-Key が同じ再送には最初の応答を返す(Idempotent-Replayed: true)。`,
      request: {
        params: cycleParam,
        headers: z.object({
          'Idempotency-Key': z.string().optional(),
          'X-File-Name': z.string().optional(),
          'X-Department': z.string().optional(),
          'X-Warning-Reason': z.string().optional(),
        }),
        body: {
          content: {
            [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) },
            'application/json': {
              schema: z
                .union([
                  JsonSubmissionSchema.extend({ rows: z.array(KpiRowSchema) }),
                  ProgressJsonSubmissionSchema,
                  ProjectJsonSubmissionSchema,
                ])
                .meta({
                  description:
                    'KPI の回は {"rows":[KPI の行]}、進捗報告の回は {"rows":[{item, department, results, plan}]}、主要施策成果の回は {"projects":[{name, department, years, funds, population, perCapita, evaluations}]} / the cycle kind decides the shape',
                }),
            },
          },
        },
      },
      responses: {
        201: jsonBody(SubmitResponseSchema),
        400: error('読めないファイル・不正な JSON・UTF-8 でない JSON'),
        413: error('大きすぎる(ファイル・展開後・読み込みのメモリ上限 out-of-memory)'),
        415: error('.xlsx でも JSON でもない'),
        404: error('回がない、または別の施策体系(自治体)の回'),
        422: jsonBody(
          SubmitRefusedSchema,
          'エラーのため受け付けず(指摘つき)。ほかに wrong-report-kind(回の様式の行がない: found に見つかった様式)、rows-dropped(前回の版の半分未満の行で理由なし: previous と rows)、reason-required(警告があり理由なし: findings つき)、timeout(読み込みが制限時間を超えた)',
        ),
        409: error('回が締め切られている(cycle-closed)'),
        429: error('同じ部署の提出を処理中(Retry-After 秒後に再送)・要求が多すぎる'),
      },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/submissions',
      summary: '提出の版一覧 / versions',
      description: `${anyone} 部署は自部署の版のみ。`,
      request: { params: cycleParam, query: z.object({ department: z.string().optional() }) },
      responses: { 200: jsonBody(SubmissionsSchema) },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/submissions/{id}',
      summary: '提出の内容 / a submission',
      description: `${anyone} 部署は自部署のみ(他部署は 403)。`,
      request: { params: itemParams },
      responses: { 200: jsonBody(SubmissionDetailSchema), 403: error('他部署'), 404: error('ない') },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/submissions/{id}/file',
      summary: '提出された元のファイル / the raw file',
      description: `${anyone} 部署は自部署のみ。`,
      request: { params: itemParams },
      responses: {
        200: {
          description: '.xlsx',
          content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } },
        },
        404: error('ない'),
      },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/submissions/{id}/diff',
      summary: '版の比較(変わった行とセル) / diff two versions',
      description: `${anyone} 部署は自部署のみ。`,
      request: { params: itemParams, query: z.object({ against: z.string() }) },
      responses: { 200: jsonBody(DiffSchema), 404: error('ない') },
    },
    {
      method: 'post',
      path: '/api/cycles/{cycle}/submissions/{id}/return',
      summary: '差し戻し(コメントとセルごとの注記) / return a submission',
      description: admin,
      request: {
        params: itemParams,
        body: { content: { 'application/json': { schema: ReturnInputSchema } } },
      },
      responses: { 201: jsonBody(ReturnCreatedSchema) },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/status',
      summary: '部署ごとの提出状況 / status per department',
      description: `${anyone} 部署には自部署の行のみ。`,
      request: { params: cycleParam },
      responses: { 200: jsonBody(StatusSchema) },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/conflicts',
      summary: '部署間で値が食い違う行 / merge conflicts',
      description: admin,
      request: { params: cycleParam },
      responses: { 200: jsonBody(ConflictsSchema) },
    },
    {
      method: 'post',
      path: '/api/cycles/{cycle}/conflicts/{id}/resolve',
      summary: '競合の解決 / resolve a conflict',
      description: admin,
      request: {
        params: itemParams,
        body: { content: { 'application/json': { schema: ResolveInputSchema } } },
      },
      responses: {
        200: jsonBody(ConflictResolvedSchema),
        409: error('解決済みまたは置き換え済み'),
      },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/consolidated.xlsx',
      summary: '集約ブック / consolidated workbook',
      description: admin,
      request: { params: cycleParam },
      responses: {
        200: {
          description: '.xlsx',
          content: { [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) } },
        },
      },
    },
    {
      method: 'get',
      path: '/api/cycles/{cycle}/template.xlsx',
      summary: '部署の様式 / a department’s template workbook',
      description:
        '部署トークン: 自部署の様式。管理者: ?department= の部署の様式、指定がなければ全部署の様式の zip / department token: its own; admin: ?department=, or a zip of all',
      request: { params: cycleParam, query: TemplateQuerySchema },
      responses: {
        200: {
          description: '.xlsx (or .zip for an admin naming no department)',
          content: {
            [XLSX_TYPE]: { schema: z.string().meta({ format: 'binary' }) },
            'application/zip': { schema: z.string().meta({ format: 'binary' }) },
          },
        },
        403: error('他部署の様式'),
        422: error('未登録の部署'),
      },
    },
    {
      method: 'get',
      path: '/api/tokens',
      summary: 'トークン一覧(秘密の値は含まない) / tokens',
      description: admin,
      responses: { 200: jsonBody(TokensSchema) },
    },
    {
      method: 'post',
      path: '/api/tokens',
      summary: '部署トークンの発行(値はこの応答でだけ示す) / issue a department token',
      description: admin,
      request: { body: { content: { 'application/json': { schema: TokenInputSchema } } } },
      responses: {
        201: jsonBody(IssuedTokenSchema),
        400: error('不明な施策体系・複数の施策体系にある部署・過去の有効期限'),
        422: error('どの施策体系にもない部署(nearest に近い名前)'),
      },
    },
    {
      method: 'post',
      path: '/api/tokens/bulk',
      summary:
        '部署トークンの一括発行(departments を省くと、使えるトークンのない所管部署すべて。値はこの応答でだけ示す) / issue tokens in bulk',
      description: admin,
      request: { body: { content: { 'application/json': { schema: BulkTokenInputSchema } } } },
      responses: {
        201: jsonBody(BulkIssuedSchema),
        400: error('不明な施策体系・施策体系にない部署・過去の有効期限'),
      },
    },
    {
      method: 'post',
      path: '/api/tokens/{id}/revoke',
      summary: 'トークンの失効 / revoke a token',
      description: admin,
      request: { params: z.object({ id: z.string() }) },
      responses: {
        200: jsonBody(RevokedTokenSchema),
        404: error('ない'),
        409: error('失効済み'),
      },
    },
    {
      method: 'get',
      path: '/api/audit',
      summary: '監査ログ(新しい順) / audit log',
      description: admin,
      request: { query: AuditQuerySchema },
      responses: { 200: jsonBody(AuditSchema) },
    },
  ];
}

let cached: unknown = null;

export function openApiDocument(version: string): unknown {
  if (cached) return cached;
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  for (const route of routes()) registry.registerPath(route);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'sousei-sync API',
      version,
      description: '創生総合戦略 PDCA 報告の集約サービス。Authorization: Bearer <トークン>。',
    },
    security: [{ bearer: [] }],
  });
  return cached;
}
