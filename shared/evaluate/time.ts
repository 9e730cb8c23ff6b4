/** Timestamp arithmetic on entry timestamps only (spec §8: no clock but entry timestamps). */
import { parseTimestamp } from '../format/timestamps.js';

const RFC3339_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** One hour in milliseconds (recent_calls window, clock hour). */
export const HOUR_MS = 3_600_000;

/** Milliseconds since the epoch of a spec timestamp, or NaN when it is not one (including impossible dates). */
export function parseTs(value: unknown): number {
  return parseTimestamp(value) ?? NaN;
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
