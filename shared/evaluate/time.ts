/** Timestamp arithmetic on entry timestamps only (spec §8: no clock but entry timestamps). */

const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** One hour in milliseconds (recent_calls window, clock hour). */
export const HOUR_MS = 3_600_000;

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** Milliseconds since the epoch of a spec timestamp, or NaN when it is not one (including impossible dates). */
export function parseTs(value: unknown): number {
  // Hand-rolled because it runs twice per entry on million-entry exports.
  if (typeof value !== 'string' || value.length !== 24) return NaN;
  if (
    value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d || value.charCodeAt(10) !== 0x54 ||
    value.charCodeAt(13) !== 0x3a || value.charCodeAt(16) !== 0x3a || value.charCodeAt(19) !== 0x2e ||
    value.charCodeAt(23) !== 0x5a
  ) {
    return NaN;
  }
  const y = num(value, 0, 4);
  const mo = num(value, 5, 7);
  const d = num(value, 8, 10);
  const h = num(value, 11, 13);
  const mi = num(value, 14, 16);
  const sec = num(value, 17, 19);
  const ms = num(value, 20, 23);
  // A non-digit made its field NaN, which fails this range check too.
  if (!(mo >= 1 && mo <= 12 && d >= 1 && h <= 23 && mi <= 59 && sec <= 59 && ms >= 0 && y >= 0)) return NaN;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = mo === 2 ? (leap ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  if (d > days) return NaN;
  // Date.UTC maps years 0–99 onto 1900–1999; the (rare) first century goes through Date.parse.
  return y < 100 ? Date.parse(value) : Date.UTC(y, mo - 1, d, h, mi, sec, ms);
}

/** The spec form (`2026-03-01T12:00:00.000Z`) of an instant, or null outside the Date range. */
export function formatTs(ms: number): string | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  // Years outside 0000–9999 get a sign and six digits, which is not a spec timestamp.
  return RFC3339_MS.test(iso) ? iso : null;
}

/** Start of the UTC clock hour holding an instant. */
export function hourStart(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}
