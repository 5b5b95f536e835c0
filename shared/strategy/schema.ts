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
  name: z.string().min(1),
  /** Unit as printed (`トン`, `万人`, `%`); empty when the KPI has none. */
  unit: z.string().default(''),
  direction: DirectionSchema,
  /** 所管部署. */
  owner: z.string().optional(),
  baseline: PlannedValueSchema.optional(),
  target: PlannedValueSchema.optional(),
  /** 再掲: the same KPI printed again under another item. */
  restated: z.boolean().optional(),
});
export type KpiDefinition = z.infer<typeof KpiDefinitionSchema>;

/** A main project (主な事業) listed under an item. */
export const ProjectSchema = z.object({
  name: z.string().min(1),
  departments: z.array(z.string()).default([]),
  /** 【再掲】: listed under another item first. */
  restated: z.boolean().optional(),
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
    /** Stable id, unique in the definition: `1-2-ア`. */
    code: z.string().min(1),
    /** Number as printed in documents: `1`, `①`, `ア`. */
    number: z.string().min(1),
    title: z.string().min(1),
    description: z.string().optional(),
    departments: z.array(z.string()).default([]),
    /** For a 再掲 item: code of the original. */
    restatementOf: z.string().optional(),
    /** KPIs (重要業績評価指標) of this item. */
    kpis: z.array(KpiDefinitionSchema).optional(),
    /** 主な事業 listed under this item. */
    projects: z.array(ProjectSchema).optional(),
    /** 数値目標: the goal-level targets a 基本目標 carries. */
    numericTargets: z.array(KpiDefinitionSchema).optional(),
    children: z.array(StrategyNodeSchema).default([]),
  }),
);

export const StrategySchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id は英小文字・数字・ハイフン'),
  municipality: z.string().min(1),
  title: z.string().min(1),
  /** Where the definition was transcribed from, and its revision. */
  source: z.string().optional(),
  /** Plan period in fiscal years (西暦). */
  period: z.object({ from: z.number().int(), to: z.number().int() }),
  levels: z.array(LevelSchema).min(2).max(4),
  departments: z.array(z.string().min(1)).min(1),
  nodes: z.array(StrategyNodeSchema).min(1),
});
export type Strategy = z.infer<typeof StrategySchema>;

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
