import { z } from 'zod';

/**
 * A municipality's strategy (施策体系) as data. Everything that differs between towns —
 * level names, numbering styles, depth, departments — lives here, never in code.
 */

/** Counters a level numbers its items with; the printed form adds a prefix and suffix. */
export const CounterSchema = z.enum([
  'arabic', // 1 2 3
  'circled', // ① ② ③
  'katakana', // ア イ ウ (五十音順)
  'iroha', // イ ロ ハ
  'kanji', // 一 二 三
  'latin-upper', // A B C
  'latin-lower', // a b c
]);
export type Counter = z.infer<typeof CounterSchema>;

/** Named numbering styles seen in plans; a level may also spell its own as `{ counter, prefix, suffix }`. */
export const NumberingPresetSchema = z.enum([
  'arabic', // 1
  'circled', // ①
  'katakana', // ア
  'paren-katakana', // (ア) / （ア）
  'paren-arabic', // (1)
  'goal-bracket', // 【基本目標1】
]);
export type NumberingPreset = z.infer<typeof NumberingPresetSchema>;

export const NumberingFormatSchema = z.object({
  counter: CounterSchema,
  prefix: z.string().default(''),
  suffix: z.string().default(''),
});
export type NumberingFormat = z.infer<typeof NumberingFormatSchema>;

/** How a level numbers its items as printed: `1`, `①`, `ア`, `(ア)`, `(1)`, `第1章` … */
export const NumberingStyleSchema = z.union([NumberingPresetSchema, NumberingFormatSchema]);
export type NumberingStyle = z.infer<typeof NumberingStyleSchema>;

export const LevelSchema = z.object({
  name: z.string().min(1), // 基本目標, 施策, 具体的な施策 …
  numbering: NumberingStyleSchema,
});
export type Level = z.infer<typeof LevelSchema>;

/** Which way a KPI is good: up (利用者数), down (待機児童数), maintain (体制の維持). */
export const DirectionSchema = z.enum(['up', 'down', 'maintain']);

/** A value as the plan prints it, with its period (`H26年度`, `H27-31年度累計`); parsed by shared/domain. */
export const PlannedValueSchema = z.object({
  period: z.string(),
  value: z.union([z.string(), z.number(), z.null()]),
});

/** A KPI (重要業績評価指標) attached to a node, or a 数値目標 of a 基本目標. */
export const KpiDefinitionSchema = z.object({
  name: z.string().min(1).describe('KPI の名称 / KPI name'),
  unit: z
    .string()
    .default('')
    .describe('単位(印刷どおり、例: トン, 万人, %)。なければ空 / unit as printed, empty when none'),
  direction: DirectionSchema.describe(
    '良い方向: up 増加, down 減少 (待機児童数など), maintain 維持 / which way is good',
  ),
  owner: z.string().optional().describe('所管部署 / owning department'),
  baseline: PlannedValueSchema.optional().describe('現状値 / baseline'),
  target: PlannedValueSchema.optional().describe('指標値・目標値 / target'),
  restated: z.boolean().optional().describe('再掲: 別の項目に既出 / printed again under another item'),
});
export type KpiDefinition = z.infer<typeof KpiDefinitionSchema>;

/** A main project (主な事業) listed under an item. */
export const ProjectSchema = z.object({
  name: z.string().min(1).describe('事業名 / project name'),
  departments: z.array(z.string()).default([]).describe('所管部署 / departments'),
  restated: z.boolean().optional().describe('【再掲】: 別の項目に既出 / listed under another item first'),
  category: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      '区分 (形式 3): projectCategories のいずれか (例 新規, 拡充, 継続) / category, one of projectCategories (format 3)',
    ),
  description: z.string().optional().describe('内容 (形式 3) / what the project does (format 3)'),
  implementer: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      '実施主体 (形式 3): 市役所の外の団体 (例 商工会議所) / implementing body outside the city hall (format 3)',
    ),
});
export type Project = z.infer<typeof ProjectSchema>;

export interface StrategyNode {
  code: string;
  number: string;
  title: string;
  description?: string | undefined;
  departments: string[];
  restatementOf?: string | undefined;
  kpis?: KpiDefinition[] | undefined;
  projects?: Project[] | undefined;
  numericTargets?: KpiDefinition[] | undefined;
  children: StrategyNode[];
}

export const StrategyNodeSchema: z.ZodType<StrategyNode> = z.lazy(() =>
  z.object({
    code: z.string().min(1).describe('定義内で一意のコード (例 1-2-ア) / unique code'),
    number: z
      .string()
      .min(1)
      .describe(
        '番号の数字・文字 (例 1, ①, ア)。括弧などは階層の numbering が付ける / the counter; brackets come from the level',
      ),
    title: z.string().min(1).describe('項目名 / title'),
    description: z.string().optional().describe('説明 / description'),
    departments: z
      .array(z.string())
      .default([])
      .describe('所管部署 (空なら上位の項目の部署) / departments (empty: the parent’s)'),
    restatementOf: z
      .string()
      .optional()
      .describe('再掲の場合、元の項目のコード / for a 再掲 item, the original’s code'),
    kpis: z.array(KpiDefinitionSchema).optional().describe('重要業績評価指標 (KPI) / KPIs'),
    projects: z.array(ProjectSchema).optional().describe('主な事業 / main projects'),
    numericTargets: z
      .array(KpiDefinitionSchema)
      .optional()
      .describe('数値目標 (基本目標の目標) / goal-level numeric targets'),
    children: z.array(StrategyNodeSchema).default([]).describe('下位の項目 / child items'),
  }),
);

/**
 * Evaluation words (評価) of the 主要施策成果シート when a definition lists none: those in use in Kushiro's
 * sheets and neighbouring towns. Format-1 definitions predate the list and get these.
 */
export const DEFAULT_EVALUATIONS: readonly string[] = [
  '拡充',
  '継続維持',
  '現状維持',
  '改善',
  '縮小',
  '統合',
  '休止',
  '廃止',
  '終了',
  '完了',
];

/** 区分 words of 主な事業 when a definition lists none (format 3). */
export const DEFAULT_PROJECT_CATEGORIES: readonly string[] = ['新規', '拡充', '継続'];

/**
 * The format version written by sousei-sync. 2 adds `evaluations`; 3 adds `projectCategories` and a
 * project's `category`, `description` and `implementer`; 1 and 2 still load. A definition using a field of
 * a later version says so, so that an older sousei-sync refuses it instead of silently dropping the field.
 */
export const STRATEGY_FORMAT_VERSION = 3;

export const StrategySchema = z.object({
  schemaVersion: z
    .literal([1, 2, 3])
    .describe(
      'この形式の版 (2 で evaluations、3 で projectCategories と事業の category・description・implementer を追加。1 と 2 も読めます) / format version (2 adds evaluations; 3 adds projectCategories and project category, description, implementer; 1 and 2 still load)',
    ),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'id は英小文字・数字・ハイフン')
    .describe('定義の ID (--strategy で指定) / id used with --strategy'),
  municipality: z.string().min(1).describe('自治体名 / municipality'),
  title: z.string().min(1).describe('戦略の名称 / title'),
  source: z.string().optional().describe('出典と版 / where it was transcribed from'),
  period: z
    .object({ from: z.number().int(), to: z.number().int() })
    .describe('計画期間 (西暦の年度) / plan period in fiscal years'),
  levels: z
    .array(LevelSchema)
    .min(2)
    .max(4)
    .describe('階層 (2〜4): 名称と番号の付け方 / levels with their numbering'),
  departments: z
    .array(z.string().min(1))
    .describe('報告する部署の一覧 (空なら部署の照合をしない) / reporting departments'),
  nodes: z.array(StrategyNodeSchema).min(1).describe('基本目標から始まる項目の木 / the item tree'),
  evaluations: z
    .array(z.string().trim().min(1))
    .min(1)
    .optional()
    .describe(
      '主要施策成果シートの評価の区分 (形式 2。省略時は既定の一覧) / evaluation words of project result sheets (format 2; default list when absent)',
    ),
  projectCategories: z
    .array(z.string().trim().min(1))
    .min(1)
    .optional()
    .describe(
      '主な事業の区分 (形式 3。省略時は 新規・拡充・継続) / the words a project category may take (format 3; 新規, 拡充, 継続 when absent)',
    ),
});
export type Strategy = z.infer<typeof StrategySchema>;

/** The 評価 words a project result sheet may use under this definition. */
export function evaluationWords(strategy: Strategy): readonly string[] {
  return strategy.evaluations ?? DEFAULT_EVALUATIONS;
}

/** The 区分 words a project of this definition may carry. */
export function projectCategoryWords(strategy: Strategy): readonly string[] {
  return strategy.projectCategories ?? DEFAULT_PROJECT_CATEGORIES;
}

/** Every node with its ancestors, in document order. */
export function* walkNodes(
  nodes: StrategyNode[],
  ancestors: StrategyNode[] = [],
): Generator<{ node: StrategyNode; ancestors: StrategyNode[]; depth: number }> {
  for (const node of nodes) {
    yield { node, ancestors, depth: ancestors.length };
    yield* walkNodes(node.children, [...ancestors, node]);
  }
}
