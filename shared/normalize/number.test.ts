import { describe, expect, it } from 'vitest';
import { readNumber } from './number';

describe('readNumber', () => {
  it.each([
    ['117,779', 117779],
    ['１１７，７７９', 117779],
    ['67.3', 67.3],
    ['△1,200', -1200],
    ['▲ 5', -5],
    ['0', 0],
    [42, 42],
  ])('reads %s as %s', (input, expected) => {
    expect(readNumber(input)).toEqual({ kind: 'number', value: expected });
  });

  it.each(['-', '－', '―', '‐'])('reads a lone dash %s as "no value", not 0', (input) => {
    expect(readNumber(input)).toEqual({ kind: 'none' });
  });

  it.each(['…', '...'])('reads %s as "unknown", not 0', (input) => {
    expect(readNumber(input)).toEqual({ kind: 'unknown' });
  });

  it.each([null, '', '   '])('reads %j as empty', (input) => {
    expect(readNumber(input)).toEqual({ kind: 'empty' });
  });

  it.each(['基準年', '12%縮小', '1,2,3', '25%増(対H25年比)', '1.2.3', true])('rejects %s', (input) => {
    expect(readNumber(input).kind).toBe('invalid');
  });
});
