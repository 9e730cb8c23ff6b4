/**
 * The conclusion of a test of controls (docs/sampling.md): the upper deviation limit at the chosen
 * confidence from the binomial (the one-sided Clopper–Pearson bound), compared with the tolerable
 * deviation rate. Pure, so the app shows the same arithmetic the workpaper records.
 */

/** P(X ≤ d) for X ~ Binomial(n, p), summed in logs so large samples do not underflow. */
export function binomialCdf(d: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return d >= n ? 1 : 0;
  let logTerm = n * Math.log1p(-p);
  let sum = Math.exp(logTerm);
  const ratio = Math.log(p) - Math.log1p(-p);
  for (let i = 0; i < Math.min(d, n); i++) {
    logTerm += Math.log(n - i) - Math.log(i + 1) + ratio;
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/**
 * The upper deviation limit: the deviation rate p at which finding d or fewer deviations in n
 * items has probability 1 − confidence (so the true rate exceeds it with at most that risk).
 * With d = 0 it is 1 − (1 − confidence)^(1/n).
 */
export function upperDeviationLimit(d: number, n: number, confidence: number): number {
  if (!Number.isInteger(n) || n <= 0 || !Number.isInteger(d) || d < 0 || d > n)
    throw new RangeError(`no deviation limit for ${d} deviations in ${n} items`);
  if (d === n) return 1;
  const alpha = 1 - confidence;
  if (d === 0) return 1 - Math.pow(alpha, 1 / n);
  let lo = 0;
  let hi = 1;
  // The CDF falls as p grows: bisect to a millionth of a percent.
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (binomialCdf(d, n, mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

export interface ControlConclusion {
  n: number;
  deviations: number;
  confidence: number;
  tolerable: number;
  /** Upper deviation limit, a fraction. */
  upperLimit: number;
  effective: boolean;
  /** The arithmetic, as a reader checks it. */
  arithmetic: string;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}

/** Deviations in a sample against the tolerable rate: operating effectively when the upper deviation limit does not exceed it. */
export function concludeControl(
  deviations: number,
  n: number,
  confidence: number,
  tolerable: number,
): ControlConclusion {
  const upperLimit = upperDeviationLimit(deviations, n, confidence);
  const effective = upperLimit <= tolerable;
  const how =
    deviations === 0
      ? `1 − (1 − ${confidence})^(1/${n}) = ${pct(upperLimit)}`
      : `the rate p with P(X ≤ ${deviations} | n = ${n}, p) = ${(1 - confidence).toFixed(4)} is ${pct(upperLimit)}`;
  const arithmetic =
    `${deviations} deviation(s) in ${n} items (sample rate ${pct(deviations / n)}); upper deviation limit at ${pct(confidence)} confidence: ${how}; ` +
    `tolerable rate ${pct(tolerable)}: ${pct(upperLimit)} ${effective ? '≤' : '>'} ${pct(tolerable)} → ${effective ? 'operating effectively' : 'not operating effectively'}`;
  return { n, deviations, confidence, tolerable, upperLimit, effective, arithmetic };
}
