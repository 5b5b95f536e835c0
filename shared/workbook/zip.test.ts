import { randomBytes } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipOf } from '../../tests/fixtures/zip';
import { crc32, listZip, unpackEntry, type ZipEntry } from './zip';

describe('crc32', () => {
  it("equals zlib's CRC-32 at every length around its eight-byte steps and at every alignment", () => {
    const bytes = randomBytes(65_540);
    // Every start offset modulo 4: the words are read from the first four-byte boundary on.
    for (const offset of [0, 1, 2, 3])
      for (const length of [0, 1, 3, 4, 7, 8, 9, 11, 12, 15, 16, 17, 1_000, 65_537]) {
        const part = bytes.subarray(offset, offset + length);
        expect(crc32(new Uint8Array(part)), `length ${length}`).toBe(zlibCrc32(part));
        const view = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, length);
        expect(crc32(view), `length ${length} at offset ${offset}`).toBe(zlibCrc32(part));
      }
  });
});

/** One deflated entry, listed as the reader lists it. */
function entryOf(data: Buffer, lie: { declaredSize?: number; crc?: number } = {}): [Uint8Array, ZipEntry] {
  const bytes = new Uint8Array(zipOf([{ name: 'part.xml', data, deflate: true, ...lie }]));
  const listing = listZip(bytes, Number.MAX_SAFE_INTEGER);
  if (!listing.ok) throw new Error(listing.reason);
  return [bytes, listing.entries.get('part.xml')!];
}

describe('unpackEntry', () => {
  const text = Buffer.from('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(5_000));

  it('unpacks an entry whole, checks its CRC-32 and counts its bytes against the budget', () => {
    const [bytes, entry] = entryOf(text);
    const budget = { left: 10_000_000 };
    const unpacked = unpackEntry(bytes, entry, budget);
    expect(unpacked.ok && Buffer.from(unpacked.data).equals(text)).toBe(true);
    expect(budget.left).toBe(10_000_000 - text.length);
    const [badBytes, badEntry] = entryOf(text, { crc: 1234 });
    expect(unpackEntry(badBytes, badEntry, { left: 10_000_000 })).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('stops an entry at what it declares or what the budget has left, whichever is less', () => {
    const [bytes, lying] = entryOf(text, { declaredSize: 1_000 });
    const budget = { left: 10_000_000 };
    expect(unpackEntry(bytes, lying, budget)).toEqual({ ok: false, reason: 'too-large' });
    expect(budget.left).toBe(10_000_000);
    const [honestBytes, honest] = entryOf(text);
    expect(unpackEntry(honestBytes, honest, { left: text.length - 1 })).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect(unpackEntry(honestBytes, honest, { left: text.length }).ok).toBe(true);
  });

  it('unpacks only the first bytes asked for (a part’s prolog), without checking a CRC it cannot', () => {
    const [bytes, entry] = entryOf(text);
    const unpacked = unpackEntry(bytes, entry, { left: 10_000_000 }, 4096);
    expect(unpacked.ok && Buffer.from(unpacked.data).equals(text.subarray(0, 4096))).toBe(true);
  });

  it('refuses a deflate stream that is cut short or empty', () => {
    const [bytes, entry] = entryOf(text);
    const cut = { ...entry, compressedSize: Math.floor(entry.compressedSize / 2) };
    expect(unpackEntry(bytes, cut, { left: 10_000_000 })).toEqual({ ok: false, reason: 'corrupt' });
    expect(unpackEntry(bytes, { ...entry, compressedSize: 0 }, { left: 10_000_000 })).toEqual({
      ok: false,
      reason: 'corrupt',
    });
  });
});
