/** The conclusion's arithmetic: the binomial upper deviation limit, checked against values computed independently (exact sums, Python math.comb). */
import { describe, expect, it } from 'vitest';
import { binomialCdf, concludeControl, upperDeviationLimit } from '../../shared/sampling/conclusion.js';

describe('upper deviation limit', () => {
  it('matches independently computed Clopper–Pearson bounds', () => {
    for (const [d, n, c, want] of [
      [0, 59, 0.95, 0.049508],
      [1, 59, 0.95, 0.077898],
      [2, 100, 0.95, 0.061619],
      [1, 29, 0.9, 0.12762],
      [0, 22, 0.9, 0.099372],
      [3, 200, 0.95, 0.03831],
    ] as const) {
      expect(upperDeviationLimit(d, n, c)).toBeCloseTo(want, 5);
    }
    expect(upperDeviationLimit(5, 5, 0.95)).toBe(1);
    expect(() => upperDeviationLimit(3, 2, 0.95)).toThrow(RangeError);
  });
  it('the binomial CDF sums to one and survives large samples', () => {
    expect(binomialCdf(10, 10, 0.3)).toBeCloseTo(1, 12);
    expect(binomialCdf(0, 5, 0.5)).toBeCloseTo(1 / 32, 12);
    expect(binomialCdf(40, 5000, 0.01)).toBeGreaterThan(0);
  });
});

describe('the conclusion per control', () => {
  it('the published sizes with no deviation conclude operating effectively; one deviation does not', () => {
    const ok = concludeControl(0, 59, 0.95, 0.05);
    expect(ok.effective).toBe(true);
    expect(ok.arithmetic).toMatch(
      /0 deviation\(s\) in 59 items .* 1 − \(1 − 0.95\)\^\(1\/59\) = 4.95 %;.* 4.95 % ≤ 5.00 % → operating effectively/,
    );
    expect(concludeControl(0, 22, 0.9, 0.1).effective).toBe(true);
    const bad = concludeControl(1, 59, 0.95, 0.05);
    expect(bad.effective).toBe(false);
    expect(bad.upperLimit).toBeCloseTo(0.077898, 5);
    expect(bad.arithmetic).toMatch(/7.79 % > 5.00 % → not operating effectively/);
    // A larger sample can absorb a deviation.
    expect(concludeControl(1, 200, 0.95, 0.05).effective).toBe(true);
  });
});
