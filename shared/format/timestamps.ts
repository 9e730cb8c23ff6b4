/** Timestamps of spec §1: RFC 3339 UTC with exactly three fractional digits and `Z`. */

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The last text parsed and its result: the verifier and the evaluator each parse an entry's ts. */
let lastText = '';
let lastMs: number | null = null;

/**
 * Milliseconds since the epoch, or null when the text is not a spec timestamp of a real instant
 * (2026-02-30 is refused). Hand-rolled: it runs several times per entry of million-entry exports
 * (the line checks, the evaluator's clock and its call inputs), so the last answer is kept.
 */
export function parseTimestamp(text: unknown): number | null {
  if (typeof text !== 'string' || text.length !== 24) return null;
  if (text === lastText) return lastMs;
  lastMs = parse24(text);
  lastText = text;
  return lastMs;
}

function parse24(text: string): number | null {
  if (text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return null;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  const h = digits(text, 11, 2);
  const mi = digits(text, 14, 2);
  const s = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1]!)) return null;
  // Date.UTC reads years 0–99 as 1900–1999; 400 Gregorian years are exactly 146,097 days.
  if (y < 100) return Date.UTC(y + 400, mo - 1, d, h, mi, s, ms) - 146_097 * 86_400_000;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** The spec form of an instant. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
