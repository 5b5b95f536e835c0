import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from './zip';

describe('crc32', () => {
  it("equals zlib's CRC-32 at every length around its eight-byte steps", () => {
    for (const length of [0, 1, 7, 8, 9, 15, 16, 17, 1_000, 65_537]) {
      const bytes = randomBytes(length);
      expect(crc32(new Uint8Array(bytes)), `length ${length}`).toBe(zlibCrc32(bytes));
    }
  });
});
