import kushiro1 from './kushiro-1.json' with { type: 'json' };
import kushiro2 from './kushiro-2.json' with { type: 'json' };
import { StrategySchema, type Strategy } from '../schema';

/**
 * Definitions by id, each checked by the schema on its first use: a command that needs one
 * definition (`sousei validate`, the drop page's worker) does not pay for parsing the others.
 */
class ParsedOnUse implements ReadonlyMap<string, Strategy> {
  private readonly parsed = new Map<string, Strategy>();

  constructor(private readonly raw: ReadonlyMap<string, unknown>) {}

  get size(): number {
    return this.raw.size;
  }

  has(id: string): boolean {
    return this.raw.has(id);
  }

  get(id: string): Strategy | undefined {
    const cached = this.parsed.get(id);
    if (cached || !this.raw.has(id)) return cached;
    const strategy = StrategySchema.parse(this.raw.get(id));
    this.parsed.set(id, strategy);
    return strategy;
  }

  *keys(): MapIterator<string> {
    yield* this.raw.keys();
  }

  *values(): MapIterator<Strategy> {
    for (const id of this.raw.keys()) yield this.get(id)!;
  }

  *entries(): MapIterator<[string, Strategy]> {
    for (const id of this.raw.keys()) yield [id, this.get(id)!];
  }

  [Symbol.iterator](): MapIterator<[string, Strategy]> {
    return this.entries();
  }

  forEach(callback: (value: Strategy, key: string, map: ReadonlyMap<string, Strategy>) => void): void {
    for (const [id, strategy] of this.entries()) callback(strategy, id, this);
  }
}

/** Definitions shipped with sousei-sync, by id. Other municipalities bring a JSON or .xlsx file. */
export const bundledStrategies: ReadonlyMap<string, Strategy> = new ParsedOnUse(
  new Map([kushiro2, kushiro1].map((raw) => [raw.id, raw])),
);

/** The current plan (第2期). KPI sheets of the 1st period name `kushiro-1`. */
export const DEFAULT_STRATEGY_ID = 'kushiro-2';

export function defaultStrategy(): Strategy {
  return bundledStrategies.get(DEFAULT_STRATEGY_ID)!;
}
