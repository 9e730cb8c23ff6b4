/**
 * The arithmetic of audit sampling, pure and documented (docs/sampling.md): sample sizes by
 * control frequency and by attribute sampling, a named PRNG anyone can re-implement, and the
 * selection methods. Same seed + same population → the same sample on any machine.
 */
import { createHash } from 'node:crypto';

import type { ControlFrequency } from '../../../shared/sampling/populations.js';

/** Minimum sizes by frequency (the low end of the commonly used guidance; the auditor may raise them). */
export const FREQUENCY_SIZES: Readonly<Record<ControlFrequency, number>> = { annual: 1, quarterly: 2, monthly: 2, weekly: 5, daily: 20, recurring: 25 };

/**
 * Attribute sampling with no expected deviation: the smallest n with (1 − tolerable)^n ≤ 1 − confidence,
 * i.e. n = ⌈ln(1 − confidence) / ln(1 − tolerable)⌉ (95 % / 5 % → 59, 95 % / 10 % → 29, 90 % / 5 % → 45, 90 % / 10 % → 22).
 */
export function attributeSampleSize(confidence: number, tolerable: number): number {
  if (!(confidence > 0 && confidence < 1) || !(tolerable > 0 && tolerable < 1)) throw new RangeError('confidence and tolerable deviation rate are fractions between 0 and 1');
  // A hair below the exact ratio keeps 58.4… → 59 and an exact integer ratio from rounding up past itself.
  return Math.ceil(Math.log(1 - confidence) / Math.log(1 - tolerable) - 1e-9);
}

/** The PRNG's name as a workpaper records it. */
export const PRNG_NAME = 'crosscheck-sha256-ctr/1';

/**
 * Counter-mode SHA-256: draw i is the first 8 bytes (big-endian) of SHA-256("crosscheck-sample/1:" + seed + ":" + i).
 * Uniform integers in [0, m) by rejection (no modulo bias).
 */
export class SeededDraws {
  private counter = 0;
  constructor(private readonly seed: string) {}

  private next64(): bigint {
    const h = createHash('sha256').update(`crosscheck-sample/1:${this.seed}:${this.counter++}`, 'utf8').digest();
    return h.readBigUInt64BE(0);
  }

  /** A uniform integer in [0, m). */
  below(m: number): number {
    if (!Number.isSafeInteger(m) || m <= 0) throw new RangeError(`cannot draw below ${m}`);
    const M = BigInt(m);
    const limit = (1n << 64n) - ((1n << 64n) % M);
    for (;;) {
      const x = this.next64();
      if (x < limit) return Number(x % M);
    }
  }
}

export type SelectionMethod = 'random' | 'systematic';

/**
 * Indices (0-based, ascending) of `k` items of a population of `n` in canonical order.
 * random: without replacement (a partial Fisher–Yates shuffle driven by the draws);
 * systematic: every ⌊n/k⌋-th item from a random start in [0, ⌊n/k⌋).
 */
export function selectIndices(n: number, k: number, method: SelectionMethod, seed: string): number[] {
  const size = Math.min(k, n);
  if (size <= 0) return [];
  const draws = new SeededDraws(seed);
  if (method === 'systematic') {
    const step = Math.floor(n / size);
    const start = draws.below(step);
    return Array.from({ length: size }, (_, i) => start + i * step);
  }
  // Only the touched slots are stored: a population of millions costs k entries, not n.
  const swapped = new Map<number, number>();
  const at = (i: number): number => swapped.get(i) ?? i;
  const out: number[] = [];
  for (let i = 0; i < size; i++) {
    const j = i + draws.below(n - i);
    const vi = at(i);
    const vj = at(j);
    swapped.set(i, vj);
    swapped.set(j, vi);
    out.push(vj);
  }
  return out.sort((a, b) => a - b);
}
