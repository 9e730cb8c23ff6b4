/** Sampling arithmetic: documented sizes, a named seeded PRNG that re-draws the same sample anywhere, selection methods. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { attributeSampleSize, SeededDraws, selectIndices } from '../../electron/core/sampling/sample-math.js';
import {
  allocate,
  selectStratified,
  stratumKey,
  stratumSeed,
} from '../../electron/core/sampling/stratified.js';

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
    expect(selectIndices(10_000, 5, 'random', 'audit-2026')).not.toEqual(
      selectIndices(10_000, 5, 'random', 'audit-2027'),
    );
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

describe('stratified selection', () => {
  it('allocates proportionally, at least one per stratum, the remainder by largest fraction', () => {
    expect(
      allocate(
        [
          { key: 'a', size: 44 },
          { key: 'b', size: 7 },
          { key: 'c', size: 48 },
        ],
        59,
      ).map((s) => s.n),
    ).toEqual([26, 4, 29]);
    // A small stratum still gets one; the others share what is left.
    expect(
      allocate(
        [
          { key: 'a', size: 1000 },
          { key: 'b', size: 1 },
        ],
        10,
      ).map((s) => s.n),
    ).toEqual([9, 1]);
    // More strata than k: the sample grows to one per stratum.
    expect(
      allocate(
        [
          { key: 'a', size: 5 },
          { key: 'b', size: 5 },
          { key: 'c', size: 5 },
        ],
        2,
      ).map((s) => s.n),
    ).toEqual([1, 1, 1]);
    // Never more than a stratum holds; k above the population takes all of it.
    expect(
      allocate(
        [
          { key: 'a', size: 2 },
          { key: 'b', size: 30 },
        ],
        20,
      ).map((s) => s.n),
    ).toEqual([1, 19]);
    expect(
      allocate(
        [
          { key: 'a', size: 2 },
          { key: 'b', size: 30 },
        ],
        31,
      ).map((s) => s.n),
    ).toEqual([2, 29]);
    expect(
      allocate(
        [
          { key: 'a', size: 2 },
          { key: 'b', size: 3 },
        ],
        50,
      ).map((s) => s.n),
    ).toEqual([2, 3]);
    expect(allocate([{ key: 'a', size: 0 }], 5)).toEqual([]);
  });
  it('is pinned: each stratum drawn from seed#key with crosscheck-sha256-ctr/1', () => {
    const keys = Array.from({ length: 1000 }, (_, i) =>
      i % 10 < 7 ? 'prod' : i % 10 < 9 ? 'staging' : 'dev',
    );
    const s = selectStratified(keys, 10, 'audit-2026');
    expect(s.strata).toEqual([
      { key: 'dev', size: 100, n: 1 },
      { key: 'prod', size: 700, n: 7 },
      { key: 'staging', size: 200, n: 2 },
    ]);
    // The dev stratum's item is the same as a random draw of 1 of its 100 members with seed "audit-2026#dev".
    const dev = keys.flatMap((k, i) => (k === 'dev' ? [i] : []));
    expect(s.indices.filter((i) => keys[i] === 'dev')).toEqual([
      dev[selectIndices(100, 1, 'random', stratumSeed('audit-2026', 'dev'))[0]!],
    ]);
    expect(s.indices).toHaveLength(10);
    expect(selectStratified(keys, 10, 'audit-2026')).toEqual(s);
    expect(stratumKey('month', { agent_id: null, ts: '2026-03-04T00:00:00.000Z' })).toBe('2026-03');
    expect(stratumKey('environment', { agent_id: 'a', ts: null, environment: null })).toBe('(none)');
  });
});
