/**
 * The canonical order of a raw population (leaf hash bytes ascending, equal hashes by rowid):
 * the native 64-bit key sort with its fix-up of shared prefixes gives exactly the order of a
 * plain comparison and of the object path's sort by hex, including hashes that share their top
 * 64 bits, hashes that are equal, and populations of 0, 1 and powers of two.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalPermutation,
  comparedPermutation,
  inCanonicalOrder,
} from '../../electron/core/sampling/population-scan.js';

function population(n: number, salt: string): { hashes: Buffer; ids: Float64Array } {
  const hashes = Buffer.alloc(n * 32);
  const ids = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    createHash('sha256')
      .update(`${salt}:${i}`)
      .digest()
      .copy(hashes, i * 32);
    ids[i] = 3 * 2 ** 40 + ((i * 7919) % n);
  }
  return { hashes, ids };
}

/** The object path: hex strings, stable sort, ties keeping load order (rowids ascending here). */
function byHex(hashes: Buffer, ids: Float64Array): number[] {
  return Array.from({ length: ids.length }, (_, i) => i)
    .map((i) => ({ i, hex: hashes.toString('hex', i * 32, i * 32 + 32), id: ids[i]! }))
    .sort((a, b) => a.id - b.id)
    .sort((a, b) => (a.hex < b.hex ? -1 : a.hex > b.hex ? 1 : 0))
    .map((x) => x.i);
}

describe('canonical order of raw leaf hashes', () => {
  it.each([0, 1, 2, 3, 64, 1000, 4096, 5000])('matches comparison and the hex sort at %i members', (n) => {
    const { hashes, ids } = population(n, `n${n}`);
    const fast = Array.from(canonicalPermutation(hashes, ids));
    expect(fast).toEqual(Array.from(comparedPermutation(hashes, ids)));
    expect(fast).toEqual(byHex(hashes, ids));
  });

  it('orders hashes sharing their top 64 bits by the rest, and equal hashes by rowid', () => {
    const { hashes, ids } = population(3000, 'collide');
    // Members 10..19 share the first 8 bytes of member 5; 20..24 copy member 7 whole.
    for (let i = 10; i < 20; i++) hashes.copy(hashes, i * 32, 5 * 32, 5 * 32 + 8);
    for (let i = 20; i < 25; i++) hashes.copy(hashes, i * 32, 7 * 32, 7 * 32 + 32);
    // 48 shared bits, fewer than the 52 of the key above its 12 index bits: the native sort alone orders these.
    for (let i = 30; i < 35; i++) hashes.copy(hashes, i * 32, 9 * 32, 9 * 32 + 6);
    const fast = Array.from(canonicalPermutation(hashes, ids));
    expect(fast).toEqual(Array.from(comparedPermutation(hashes, ids)));
    expect(fast).toEqual(byHex(hashes, ids));
    const twins = fast.filter((i) => i === 7 || (i >= 20 && i < 25));
    expect(twins.map((i) => ids[i]!)).toEqual(twins.map((i) => ids[i]!).sort((a, b) => a - b));
  });

  it('digests the raw hashes in that order and carries rowids and stratum codes with them', () => {
    const { hashes, ids } = population(500, 'digest');
    const codes = Uint32Array.from({ length: 500 }, (_, i) => i % 3);
    const pop = inCanonicalOrder(hashes, ids, codes, ['a', 'b', 'c']);
    const order = byHex(hashes, ids);
    const hex = order.map((i) => hashes.toString('hex', i * 32, i * 32 + 32)).join('');
    expect(pop.digest).toBe(createHash('sha256').update(Buffer.from(hex, 'hex')).digest('hex'));
    expect(Array.from(pop.ids)).toEqual(order.map((i) => ids[i]!));
    expect(Array.from(pop.codes!)).toEqual(order.map((i) => codes[i]!));
    expect(pop.hashes.toString('hex')).toBe(hex);
  });
});
