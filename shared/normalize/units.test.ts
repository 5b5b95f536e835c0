import { describe, expect, it } from 'vitest';
import { readQuantity } from './number';
import { canonicalUnit, parseUnit, unitFactor } from './units';

describe('units', () => {
  it.each([
    ['m ³', 'm³'],
    ['m3', 'm³'],
    ['㎡', 'm²'],
    ['万トﾝ', '万トン'],
    ['か所', '箇所'],
    ['ヵ所', '箇所'],
    ['％', '%'],
    [' 人 ', '人'],
  ])('canonicalizes %s as %s', (text, canonical) => {
    expect(canonicalUnit(text)).toBe(canonical);
  });

  it('reads a lone dash as "no unit" and keeps unknown units as written', () => {
    expect(parseUnit('-').kind).toBe('none');
    expect(parseUnit('')).toEqual({ kind: 'none', text: '' });
    expect(parseUnit('ダース')).toEqual({ kind: 'unknown', text: 'ダース', canonical: 'ダース' });
  });

  it('relates scaled units to their base', () => {
    expect(unitFactor('万人', '人')).toBe(10000);
    expect(unitFactor('千円', '万円')).toBe(0.1);
    expect(unitFactor('人', '件')).toBeNull();
  });
});

describe('readQuantity', () => {
  it.each([
    ['1,234千円', { value: 1234, unit: '千円', baseValue: 1234000, baseUnit: '円' }],
    ['2.5万人', { value: 2.5, unit: '万人', baseValue: 25000, baseUnit: '人' }],
    ['1億2,000万円', { value: 12000, unit: '万円', baseValue: 120000000, baseUnit: '円' }],
    ['85.3%', { value: 85.3, unit: '%', baseValue: 85.3, baseUnit: '%' }],
    ['△1,200', { value: -1200, unit: null }],
    ['4万', { value: 40000, unit: null }],
    ['10 m ³', { value: 10, unit: 'm³' }],
  ])('reads %s', (text, expected) => {
    expect(readQuantity(text)).toMatchObject({ kind: 'quantity', ...expected });
  });

  it('reads a 0.853 cell with a % number format as 85.3 %', () => {
    expect(readQuantity(0.853, '0.0%')).toMatchObject({ value: 85.3, unit: '%' });
    expect(readQuantity(0.853, '"%"0.0')).toMatchObject({ value: 0.853, unit: null });
    expect(readQuantity(0.853, 'General')).toMatchObject({ value: 0.853, unit: null });
  });

  it('tells none, unknown and empty apart from 0', () => {
    expect(readQuantity('-')).toEqual({ kind: 'none' });
    expect(readQuantity('…')).toEqual({ kind: 'unknown' });
    expect(readQuantity('')).toEqual({ kind: 'empty' });
  });

  it.each([
    ['12ダース', 'unknown-unit'],
    ['2万1億円', 'scale-order'],
    ['約100', 'not-a-number'],
  ])('returns %s as invalid (%s)', (text, reason) => {
    expect(readQuantity(text)).toEqual({ kind: 'invalid', text, reason });
  });
});
