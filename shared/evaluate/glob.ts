/**
 * Glob matching of spec §8.2: `*` matches any run (empty and `:` included), `?` exactly one
 * character, everything else literally, against the whole string, case-sensitively.
 *
 * No RegExp is built from the pattern: rule patterns come from the audited log, which may be
 * hostile. The matcher is the classic two-pointer wildcard walk, O(pattern × subject) in the worst
 * case and never exponential (`*a*a*a*a*b` cannot blow up).
 */

const STAR = 0x2a; // '*'
const QMARK = 0x3f; // '?'

/** A glob compiled once per rule version. */
export interface GlobMatcher {
  readonly pattern: string;
  /** True when the whole subject matches the pattern. */
  match(subject: string): boolean;
}

/** Code points of a string: `?` means one character, and an astral character is one character. */
export function toCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** Wildcard walk over code-point arrays. */
export function matchCodePoints(pat: readonly number[], subj: readonly number[]): boolean {
  const m = pat.length;
  const n = subj.length;
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < n) {
    const pc = p < m ? pat[p]! : -1;
    if (pc === STAR) {
      // Only the most recent star ever needs to absorb more: earlier stars are already satisfied
      // by a prefix, which is what keeps this linear-per-backtrack rather than exponential.
      starP = p++;
      starS = s;
    } else if (pc !== -1 && (pc === QMARK || pc === subj[s])) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < m && pat[p] === STAR) p++;
  return p === m;
}

// Same walk over UTF-16 code units, for the common case where no surrogate is involved and
// code units are characters; it saves an allocation per match on the hot path.
function matchUnits(pat: string, subj: string): boolean {
  const m = pat.length;
  const n = subj.length;
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < n) {
    const pc = p < m ? pat.charCodeAt(p) : -1;
    if (pc === STAR) {
      starP = p++;
      starS = s;
    } else if (pc !== -1 && (pc === QMARK || pc === subj.charCodeAt(s))) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < m && pat.charCodeAt(p) === STAR) p++;
  return p === m;
}

/** Whether `subject` matches glob `pattern` (spec §8.2). */
export function globMatch(pattern: string, subject: string): boolean {
  if (hasSurrogate(pattern) || hasSurrogate(subject)) {
    return matchCodePoints(toCodePoints(pattern), toCodePoints(subject));
  }
  return matchUnits(pattern, subject);
}

/** Compiles a glob, picking a constant-time shape for the common patterns (`*`, literal, `p*`, `*s`). */
export function compileGlob(pattern: string): GlobMatcher {
  let stars = 0;
  let qmarks = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === STAR) stars++;
    else if (c === QMARK) qmarks++;
  }
  if (qmarks === 0) {
    if (stars === 0) return { pattern, match: (s) => s === pattern };
    if (stars === pattern.length) return { pattern, match: () => true };
    if (stars === 1 && pattern.endsWith('*')) {
      const prefix = pattern.slice(0, -1);
      return { pattern, match: (s) => s.startsWith(prefix) };
    }
    if (stars === 1 && pattern.startsWith('*')) {
      const suffix = pattern.slice(1);
      return { pattern, match: (s) => s.endsWith(suffix) };
    }
  }
  if (hasSurrogate(pattern)) {
    const cps = toCodePoints(pattern);
    return { pattern, match: (s) => matchCodePoints(cps, toCodePoints(s)) };
  }
  return { pattern, match: (s) => (hasSurrogate(s) ? matchCodePoints(toCodePoints(pattern), toCodePoints(s)) : matchUnits(pattern, s)) };
}
