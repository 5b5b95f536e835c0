import { describe, expect, it } from 'vitest';
import { canonicalUnit, parsePeriod, parseTarget, parseUnit, periodYears } from '#shared';
import { seedPeriods, seedUnits, seedValues } from '../fixtures/kpi-seed-strings';

const cells = (rows: readonly (readonly unknown[])[]) =>
  rows.reduce((n, r) => n + (r[r.length - 1] as number), 0);

describe('every string of the 1st-period KPI table seed is interpreted or classified on purpose', () => {
  it('covers the 255 rows and 85 KPI blocks of the seed', () => {
    expect(cells(seedPeriods)).toBe(255);
    expect(cells(seedValues)).toBe(255);
    // Two blocks leave 単位 empty (carried down from the block above / not printed).
    expect(cells(seedUnits)).toBe(83);
  });

  it.each(seedPeriods)('period %s → %s %j', (text, kind, years) => {
    const p = parsePeriod(text);
    expect(p.kind).toBe(kind);
    expect(p.text).toBe(text);
    const y = periodYears(p);
    expect(y ? [y.from, y.to] : null).toEqual(years);
  });

  it.each(seedValues)('value %s → %s %s %s %s', (text, kind, operator, value, unit) => {
    const t = parseTarget(text);
    expect({ kind: t.kind, operator: t.operator, value: t.value, unit: t.unit }).toEqual({
      kind,
      operator,
      value,
      unit,
    });
  });

  it.each(seedUnits)('unit %s → %s', (text, canonical) => {
    expect(parseUnit(text).kind).not.toBe('unknown');
    expect(canonicalUnit(text)).toBe(canonical);
  });
});
