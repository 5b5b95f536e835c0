import { z } from 'zod';
import { StrategySchema } from './schema';

/**
 * The strategy definition format as JSON Schema (draft 2020-12), generated from the zod schema so the
 * two cannot drift. Written to docs/strategy.schema.json by `sousei strategy schema`.
 */
export function strategyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(StrategySchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://sousei-sync.invalid/strategy.schema.json',
    title: '施策体系の定義 / Strategy definition (sousei-sync)',
  };
}
