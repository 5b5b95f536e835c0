import { parsePeriod } from '../domain/periods';
import { nameKey, normalizeText } from '../normalize/text';
import { canonicalUnit } from '../normalize/units';
import { parseItemLabel } from '../strategy/lookup';

/**
 * Memoizes a pure function of one string. Template cells repeat a lot (区分, periods, units, item
 * labels, departments): in a 10,000-row KPI table a few hundred distinct texts make up most cells.
 * Results are shared, so callers must not mutate them. The cache is cleared when it grows too big.
 */
export function memoize<R>(fn: (s: string) => R, limit = 20_000): (s: string) => R {
  const cache = new Map<string, R>();
  return (s) => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as R;
    const r = fn(s);
    if (cache.size >= limit) cache.clear();
    cache.set(s, r);
    return r;
  };
}

export const normalized = memoize(normalizeText);
export const keyOf = memoize(nameKey);
export const itemLabelOf = memoize(parseItemLabel);
export const periodOf = memoize(parsePeriod);
export const unitOf = memoize(canonicalUnit);
