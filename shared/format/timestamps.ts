/** Timestamps of spec §1: RFC 3339 UTC with exactly three fractional digits and `Z`. */

const TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;

/** Milliseconds since the epoch, or null when the text is not a spec timestamp of a real instant. */
export function parseTimestamp(text: unknown): number | null {
  if (typeof text !== 'string' || text.length !== 24 || !TS.test(text)) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March; a real instant prints back the same.
  return new Date(ms).toISOString() === text ? ms : null;
}

/** The spec form of an instant. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
