import { normalizeNumeric } from './text';
import { parseUnit } from './units';

/** Result of reading a cell where a number is expected. A value, never an exception. */
export type NumberReading =
  | { kind: 'number'; value: number }
  | { kind: 'none' } // `-`, `－`, `―` alone: "no value", which is not 0
  | { kind: 'unknown' } // `…` alone: unknown or not collected, which is not 0 either
  | { kind: 'empty' }
  | { kind: 'invalid'; text: string };

const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

/**
 * Reads a number as clerks write it: 全角 digits, thousands separators, `△`/`▲` for minus.
 * Units and target expressions are not numbers here; they are read by the domain parsers.
 */
export function readNumber(cell: string | number | boolean | null | undefined): NumberReading {
  if (cell === null || cell === undefined) return { kind: 'empty' };
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { kind: 'number', value: cell } : { kind: 'invalid', text: String(cell) };
  if (typeof cell === 'boolean') return { kind: 'invalid', text: String(cell) };
  // Plain ASCII numbers (most cells) are their own normal form: skip the normalization.
  if (NUMBER.test(cell)) return { kind: 'number', value: Number(cell.replace(/,/g, '')) };
  const text = normalizeNumeric(cell);
  if (text === '') return { kind: 'empty' };
  if (text === '-') return { kind: 'none' };
  if (text === '...' || text === '…') return { kind: 'unknown' };
  const signed = text.replace(/^[△▲]\s*/, '-');
  if (!NUMBER.test(signed)) return { kind: 'invalid', text: cell };
  return { kind: 'number', value: Number(signed.replace(/,/g, '')) };
}

/** A number read together with its unit, as written and in the unit's base. */
export interface Quantity {
  /** The number as written (`2.5` of `2.5万人`; 85.3 of a 0.853 cell formatted `0.0%`). */
  value: number;
  /** Canonical unit as written, scale included (`万人`, `千円`, `%`), or null when none is written. */
  unit: string | null;
  /** The value in the base unit (`25000` 人 for `2.5万人`); the unit is null when none is written. */
  baseValue: number;
  baseUnit: string | null;
}

export type QuantityReading =
  | ({ kind: 'quantity' } & Quantity)
  | { kind: 'none' } // `-` alone: no value, not 0
  | { kind: 'unknown' } // `…`: unknown or not collected (統計表の記号)
  | { kind: 'empty' }
  | { kind: 'invalid'; text: string; reason: QuantityProblem };

export type QuantityProblem = 'not-a-number' | 'unknown-unit' | 'scale-order';

const SCALE: Record<string, number> = { 億: 100_000_000, 万: 10_000, 千: 1_000 };
const SEGMENT = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(億|万|千)?/;

/** Rounds away binary noise (0.853 × 100 = 85.30000000000001). */
function tidy(n: number): number {
  return Number(n.toPrecision(12));
}

/** True when an Excel number format shows the value as a percentage (`0.0%`, not a literal "%" in quotes). */
export function isPercentFormat(format: string | null | undefined): boolean {
  if (!format) return false;
  return /%/.test(format.replace(/"[^"]*"|\\./g, ''));
}

/**
 * Reads a cell that holds a quantity, with the unit glued or not: `1,234千円`, `2.5万人`, `1億2,000万円`,
 * `85.3%`, `△1,200`, a number cell, or a 0.853 cell with a % number format (read as 85.3 %).
 * A value, never an exception.
 */
export function readQuantity(
  cell: string | number | boolean | null | undefined,
  numberFormat?: string | null,
): QuantityReading {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return { kind: 'invalid', text: String(cell), reason: 'not-a-number' };
    if (isPercentFormat(numberFormat)) {
      const value = tidy(cell * 100);
      return { kind: 'quantity', value, unit: '%', baseValue: value, baseUnit: '%' };
    }
    return { kind: 'quantity', value: cell, unit: null, baseValue: cell, baseUnit: null };
  }
  const plain = readNumber(cell);
  if (plain.kind === 'number')
    return { kind: 'quantity', value: plain.value, unit: null, baseValue: plain.value, baseUnit: null };
  if (plain.kind !== 'invalid') return plain;
  const text = normalizeNumeric(String(cell)).replace(/\s+/g, '');
  let rest = text;
  let sign = 1;
  const signMatch = /^[△▲-]/.exec(rest);
  if (signMatch) {
    sign = -1;
    rest = rest.slice(1);
  }
  let total = 0;
  let lastScale = 1;
  let lastScaleText = '';
  let segments = 0;
  for (;;) {
    const m = SEGMENT.exec(rest);
    if (!m) break;
    const scaleText = m[3] ?? '';
    const scale = scaleText ? SCALE[scaleText]! : 1;
    if (segments > 0 && scale >= lastScale)
      return { kind: 'invalid', text: String(cell), reason: 'scale-order' };
    total += Number(m[1]!.replace(/,/g, '') + (m[2] ?? '')) * scale;
    lastScale = scale;
    lastScaleText = scaleText;
    segments++;
    rest = rest.slice(m[0].length);
    if (scale === 1) break;
  }
  if (segments === 0) return { kind: 'invalid', text: String(cell), reason: 'not-a-number' };
  if (rest === '') {
    // A bare scale (`4万`): the scale is part of the number.
    const value = tidy(sign * total);
    return { kind: 'quantity', value, unit: null, baseValue: value, baseUnit: null };
  }
  const unit = parseUnit(lastScaleText + rest);
  const baseUnit = parseUnit(rest);
  if (unit.kind !== 'unit' || baseUnit.kind !== 'unit')
    return { kind: 'invalid', text: String(cell), reason: 'unknown-unit' };
  return {
    kind: 'quantity',
    value: tidy((sign * total) / lastScale),
    unit: unit.unit.canonical,
    baseValue: tidy(sign * total * baseUnit.unit.factor),
    baseUnit: baseUnit.unit.base,
  };
}

/**
 * A number as Japanese text (`1,234.5`) with at most `maximumFractionDigits` decimals. One formatter,
 * made on first use: toLocaleString with options builds a new Intl.NumberFormat on every call, and the
 * first one costs ~8 ms of ICU set-up that a run formatting no number never needs.
 */
export function japaneseNumber(maximumFractionDigits: number): (n: number) => string {
  let format: Intl.NumberFormat | undefined;
  return (n) => (format ??= new Intl.NumberFormat('ja-JP', { maximumFractionDigits })).format(n);
}
