/**
 * Stratified selection (docs/sampling.md): the population is split into strata by one key (agent,
 * month or environment), the sample size is allocated proportionally with at least one item per
 * non-empty stratum, and each stratum is drawn without replacement from its own seed, derived from
 * the recorded one, with the same PRNG as the other methods.
 */
import { selectIndices } from './sample-math.js';

import type { StratifyBy, StratumAllocation } from '../../../shared/sampling/workpaper-types.js';

export type { StratifyBy, StratumAllocation } from '../../../shared/sampling/workpaper-types.js';

export const STRATIFY_KEYS: readonly StratifyBy[] = ['agent', 'month', 'environment'];

/** Whether a string names a stratification key. */
export function isStratifyBy(s: string): s is StratifyBy {
  return (STRATIFY_KEYS as readonly string[]).includes(s);
}

/**
 * Proportional allocation with at least one per stratum: each stratum h of N_h items gets
 * max(1, ⌊k·N_h/N⌋) (never more than N_h); what is left of k goes one at a time by largest
 * remainder k·N_h/N − ⌊k·N_h/N⌋ (ties: key order) to strata not yet exhausted. When there are
 * more strata than k, the sample grows to one per stratum (recorded in the workpaper).
 * `sizes` is in key order.
 */
export function allocate(sizes: readonly { key: string; size: number }[], k: number): StratumAllocation[] {
  const strata = sizes.filter((s) => s.size > 0);
  const total = strata.reduce((a, s) => a + s.size, 0);
  if (total === 0 || k <= 0) return strata.map((s) => ({ ...s, n: 0 }));
  const target = Math.min(k, total);
  const quota = strata.map((s) => (target * s.size) / total);
  const out = strata.map((s, i) => ({
    key: s.key,
    size: s.size,
    n: Math.min(s.size, Math.max(1, Math.floor(quota[i]!))),
  }));
  let left = target - out.reduce((a, s) => a + s.n, 0);
  const order = strata
    .map((_, i) => i)
    .sort(
      (a, b) =>
        quota[b]! - Math.floor(quota[b]!) - (quota[a]! - Math.floor(quota[a]!)) ||
        (strata[a]!.key < strata[b]!.key ? -1 : 1),
    );
  while (left > 0) {
    let gave = false;
    for (const i of order) {
      if (left === 0) break;
      if (out[i]!.n < out[i]!.size) {
        out[i]!.n++;
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return out;
}

/** The seed stratum `key` is drawn from: the recorded seed, "#", the key. */
export function stratumSeed(seed: string, key: string): string {
  return `${seed}#${key}`;
}

/**
 * Indices (ascending, into the canonical population) of a stratified sample of about `k` items;
 * `keys[i]` is item i's stratum key. Returns the allocation as well.
 */
export function selectStratified(
  keys: readonly string[],
  k: number,
  seed: string,
): { indices: number[]; strata: StratumAllocation[] } {
  const codeOf = new Map<string, number>();
  const names: string[] = [];
  const codes = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let c = codeOf.get(keys[i]!);
    if (c === undefined) codeOf.set(keys[i]!, (c = names.push(keys[i]!) - 1));
    codes[i] = c;
  }
  return selectStratifiedCodes(codes, names, k, seed);
}

/**
 * The same selection with each item's stratum given as a code: item i is in stratum
 * `names[codes[i]]`. A population of a million costs typed arrays, not a list per stratum.
 */
export function selectStratifiedCodes(
  codes: Uint32Array,
  names: readonly string[],
  k: number,
  seed: string,
): { indices: number[]; strata: StratumAllocation[] } {
  const counts = new Uint32Array(names.length);
  const seen: number[] = [];
  for (let i = 0; i < codes.length; i++) if (counts[codes[i]!]!++ === 0) seen.push(codes[i]!);
  // Each stratum's members, in canonical order, side by side in one array.
  const start = new Uint32Array(names.length);
  for (let c = 0, at = 0; c < names.length; c++) {
    start[c] = at;
    at += counts[c]!;
  }
  const fill = start.slice();
  const members = new Uint32Array(codes.length);
  for (let i = 0; i < codes.length; i++) members[fill[codes[i]!]!++] = i;
  // Code-unit order, the same on every machine (no locale).
  const sorted = seen.sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const strata = allocate(
    sorted.map((c) => ({ key: names[c]!, size: counts[c]! })),
    k,
  );
  const indices: number[] = [];
  strata.forEach((s, h) => {
    const c = sorted[h]!;
    for (const j of selectIndices(counts[c]!, s.n, 'random', stratumSeed(seed, s.key)))
      indices.push(members[start[c]! + j]!);
  });
  return { indices: indices.sort((a, b) => a - b), strata };
}

/** The stratum key of an item: its agent, its month (UTC, from the entry's ts) or its target environment; "(none)" when it has none. */
export function stratumKey(
  by: StratifyBy,
  item: { agent_id: string | null; ts: string | null; environment?: string | null },
): string {
  const v =
    by === 'agent'
      ? item.agent_id
      : by === 'month'
        ? (item.ts?.slice(0, 7) ?? null)
        : (item.environment ?? null);
  return v === null || v === '' ? '(none)' : v;
}
