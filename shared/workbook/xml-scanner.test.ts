import { describe, expect, it } from 'vitest';
import { plainDecimal } from './xml-scanner';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('plainDecimal', () => {
  it('equals parseFloat on plain decimals of up to 15 digits, and declines everything else', () => {
    // A fixed pseudo-random sequence: the same cases on every run.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
    for (let n = 0; n < 20_000; n++) {
      const digits = String(next()).padStart(10, '0') + String(next()).slice(0, 5);
      const length = 1 + (next() % 15);
      const point = next() % (length + 1);
      const body = digits.slice(0, length);
      const text = `${next() % 2 ? '-' : ''}${point > 0 && point < length ? `${body.slice(0, point)}.${body.slice(point)}` : body}`;
      expect(plainDecimal(bytes(text), 0, text.length), text).toBe(parseFloat(text));
    }
    for (const text of ['1e3', '1234567890123456', '.5', '5.', '-', '', '1.2.3', ' 1', '+1', '0x10'])
      expect(plainDecimal(bytes(text), 0, text.length), text).toBeUndefined();
  });
});
