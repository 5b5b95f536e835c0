import { parsePeriod } from '../domain/periods';
import { hasRestatedMark, kpiNameKey, nameKey, normalizeText } from '../normalize/text';
import { canonicalUnit, parseUnit, unitFactor } from '../normalize/units';
import { readNumber, readQuantity } from '../normalize/number';
import { parseTarget } from '../domain/targets';
import type { ItemLabel, NodeMatch, StrategyIndex } from '../strategy/lookup';

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

/** Memoizes a pure function of two strings (nested maps: no joined key is built per call). */
export function memoize2<R>(fn: (a: string, b: string) => R, limit = 20_000): (a: string, b: string) => R {
  const cache = new Map<string, Map<string, R>>();
  return (a, b) => {
    let byB = cache.get(a);
    if (!byB) {
      if (cache.size >= limit) cache.clear();
      byB = new Map();
      cache.set(a, byB);
    }
    const hit = byB.get(b);
    if (hit !== undefined || byB.has(b)) return hit as R;
    const r = fn(a, b);
    if (byB.size >= limit) byB.clear();
    byB.set(b, r);
    return r;
  };
}

export const normalized = memoize(normalizeText);
export const keyOf = memoize(nameKey);
/** A KPI name's key: bullets and 再掲 marks dropped (a 再掲 listing has its original's key). */
export const kpiKeyOf = memoize(kpiNameKey);
export const restatedName = memoize(hasRestatedMark);
export const periodOf = memoize(parsePeriod);
export const unitOf = memoize(canonicalUnit);
/** A unit cell read against the unit table (`万人` → 人 × 10,000). */
export const unitReadingOf = memoize((s: string) => parseUnit(s));
/** How many of `to` one `from` is (`万人`, `人` → 10,000); null when they do not convert. */
export const unitFactorOf = memoize2(unitFactor);
/** A text cell read as a number (numbers stored as text, target expressions, `-`). */
export const textNumberOf = memoize(readNumber);
/** A text cell read as a quantity with its unit (`12万人`, `120,000`). */
export const textQuantityOf = memoize((s: string) => readQuantity(s));

interface ItemLookup {
  label: ItemLabel;
  matches: NodeMatch[];
  match: NodeMatch | null;
}

const resolved = new WeakMap<StrategyIndex, Map<string, ItemLookup>>();

/**
 * An item label as written → the label read with the strategy's numbering, the nodes with its title
 * and the one it means, cached per strategy index: every KPI row repeats its item's label.
 */
export function lookupItem(index: StrategyIndex, text: string): ItemLookup {
  let cache = resolved.get(index);
  if (!cache) {
    cache = new Map();
    resolved.set(index, cache);
  }
  let hit = cache.get(text);
  if (!hit) {
    const label = index.label(text);
    hit = { label, matches: index.find(label), match: index.resolve(label) };
    if (cache.size >= 20_000) cache.clear();
    cache.set(text, hit);
  }
  return hit;
}

export const targetOf = memoize((text: string) => parseTarget(text));
/** A target text read in its period (`…を維持` over H27-31年度): the consolidated workbook reads one per KPI. */
export const targetInPeriodOf = memoize2((text: string, period: string) => parseTarget(text, null, period));
