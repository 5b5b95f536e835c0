import { normalizeNumeric } from './text';

/** Result of reading a cell where a number is expected. A value, never an exception. */
export type NumberReading =
  | { kind: 'number'; value: number }
  | { kind: 'none' } // `-`, `－`, `―` alone: "no value", which is not 0
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
  const text = normalizeNumeric(cell);
  if (text === '') return { kind: 'empty' };
  if (text === '-') return { kind: 'none' };
  const signed = text.replace(/^[△▲]\s*/, '-');
  if (!NUMBER.test(signed)) return { kind: 'invalid', text: cell };
  return { kind: 'number', value: Number(signed.replace(/,/g, '')) };
}
