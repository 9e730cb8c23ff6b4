/** Sampling arithmetic: documented sizes, a named seeded PRNG that re-draws the same sample anywhere, selection methods. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attributeSampleSize, SeededDraws, selectIndices } from '../../electron/core/sampling/sample-math.js';

describe('sample sizes', () => {
  it('attribute sampling with no expected deviation gives the published table', () => {
    expect(attributeSampleSize(0.95, 0.05)).toBe(59);
    expect(attributeSampleSize(0.95, 0.1)).toBe(29);
    expect(attributeSampleSize(0.9, 0.05)).toBe(45);
    expect(attributeSampleSize(0.9, 0.1)).toBe(22);
    expect(() => attributeSampleSize(1, 0.05)).toThrow(RangeError);
  });
});

describe('seeded selection', () => {
  it('is pinned: the same seed gives the same draws on any machine (crosscheck-sha256-ctr/1)', () => {
    // SHA-256("crosscheck-sample/1:audit-2026:0") etc., first 8 bytes big-endian, by rejection below m.
    const d = new SeededDraws('audit-2026');
    expect([d.below(1000), d.below(1000), d.below(1000)]).toEqual([953, 493, 355]);
    // The first draw, recomputed independently of the module.
    const h = createHash('sha256').update('crosscheck-sample/1:audit-2026:0').digest();
    expect(Number(h.readBigUInt64BE(0) % 1000n)).toBe(953);
    expect(selectIndices(10_000, 5, 'random', 'audit-2026')).toEqual([2834, 3251, 5682, 7953, 8755]);
    expect(selectIndices(10_000, 5, 'random', 'audit-2026')).not.toEqual(selectIndices(10_000, 5, 'random', 'audit-2027'));
  });
  it('draws without replacement, ascending, inside the population; all of a small population', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const s = selectIndices(500, 59, 'random', seed);
      expect(s).toHaveLength(59);
      expect(new Set(s).size).toBe(59);
      expect([...s].sort((x, y) => x - y)).toEqual(s);
      expect(s.every((i) => i >= 0 && i < 500)).toBe(true);
    }
    expect(selectIndices(7, 59, 'random', 'x')).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(selectIndices(0, 5, 'random', 'x')).toEqual([]);
  });
  it('systematic selection takes every ⌊n/k⌋-th item from a random start', () => {
    const s = selectIndices(100, 10, 'systematic', 'seed');
    expect(s).toHaveLength(10);
    for (let i = 1; i < s.length; i++) expect(s[i]! - s[i - 1]!).toBe(10);
    expect(s[0]!).toBeLessThan(10);
  });
  it('is uniform enough: 3,000 seeds picking 1 of 10 fill every slot near 300', () => {
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 3000; i++) counts[selectIndices(10, 1, 'random', `u${i}`)[0]!]!++;
    for (const c of counts) expect(c).toBeGreaterThan(220);
    for (const c of counts) expect(c).toBeLessThan(380);
  });
});
