import kushiro1 from './kushiro-1.json' with { type: 'json' };
import kushiro2 from './kushiro-2.json' with { type: 'json' };
import { StrategySchema, type Strategy } from '../schema';

/** Definitions shipped with sousei-sync, by id. Other municipalities bring a JSON or .xlsx file. */
export const bundledStrategies: ReadonlyMap<string, Strategy> = new Map(
  [kushiro2, kushiro1].map((raw) => {
    const strategy = StrategySchema.parse(raw);
    return [strategy.id, strategy];
  }),
);

/** The current plan (第2期). KPI sheets of the 1st period name `kushiro-1`. */
export const DEFAULT_STRATEGY_ID = 'kushiro-2';

export function defaultStrategy(): Strategy {
  return bundledStrategies.get(DEFAULT_STRATEGY_ID)!;
}
