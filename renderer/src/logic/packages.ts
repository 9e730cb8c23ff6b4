/** Pure helpers of the Packages screen: period inputs and which versions compare. */
import type { PackageRecord } from '../../../shared/package/record-types.js';

/**
 * A `<input type="datetime-local">` value read as UTC (the log's clock) → the spec's timestamp
 * form; '' → undefined (no bound). `to` bounds are inclusive to the end of the minute given.
 */
export function periodBound(value: string, edge: 'from' | 'to'): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(v);
  if (!m) throw new Error(`not a date and time: ${value}`);
  const secs = m[3] ?? (edge === 'from' ? '00' : '59');
  return `${m[1]}T${m[2]}:${secs}.${edge === 'from' ? '000' : '999'}Z`;
}

/** Checks a period before it is sent: both bounds valid and in order. */
export function periodError(from: string, to: string): string | null {
  try {
    const f = periodBound(from, 'from');
    const t = periodBound(to, 'to');
    if (f !== undefined && t !== undefined && f > t) return 'the period ends before it starts';
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Two selected records may be compared when they are versions of the same scope. */
export function comparable(
  a: Pick<PackageRecord, 'scope' | 'agent_id'>,
  b: Pick<PackageRecord, 'scope' | 'agent_id'>,
): boolean {
  return a.scope === b.scope && a.agent_id === b.agent_id;
}
