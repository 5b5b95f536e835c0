import { z } from 'zod';

/**
 * A municipality's strategy (施策体系) as data. Everything that differs between towns —
 * level names, numbering styles, depth, departments — lives here, never in code.
 */

/** How a level numbers its items as printed: `1`, `①`, `ア`, `(ア)`, `(1)` … */
export const NumberingStyleSchema = z.enum([
  'arabic',
  'circled',
  'katakana',
  'paren-katakana',
  'paren-arabic',
  'goal-bracket',
]);
export type NumberingStyle = z.infer<typeof NumberingStyleSchema>;

export const LevelSchema = z.object({
  name: z.string().min(1), // 基本目標, 施策, 具体的な施策 …
  numbering: NumberingStyleSchema,
});

export interface StrategyNode {
  code: string;
  number: string;
  title: string;
  description?: string | undefined;
  departments: string[];
  restatementOf?: string | undefined;
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
    children: z.array(StrategyNodeSchema).default([]),
  }),
);

export const StrategySchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id は英小文字・数字・ハイフン'),
  municipality: z.string().min(1),
  title: z.string().min(1),
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
