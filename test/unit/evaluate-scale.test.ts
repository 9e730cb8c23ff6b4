import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/format/export-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { sampleEntries, sampleState } from '../support/sample-run.js';

/** The sample replayed `cycles` times, four hours apart, with per-cycle call and approval ids. */
function* repeated(cycles: number): Generator<AuditEntry> {
  const span = 4 * 3_600_000;
  let seq = 0;
  for (let c = 0; c < cycles; c++) {
    const suffix = c.toString(16).padStart(8, '0');
    const fix = (v: unknown): unknown => (typeof v === 'string' && v.length === 36 ? v.slice(0, 28) + suffix : v);
    const shift = (v: unknown): unknown => (typeof v === 'string' ? new Date(Date.parse(v) + c * span).toISOString() : v);
    for (const b of sampleEntries) {
      const d: Record<string, unknown> = { ...b.data };
      if ('call_id' in d) d.call_id = fix(d.call_id);
      if ('approval_id' in d) d.approval_id = fix(d.approval_id);
      if ('expires_at' in d) d.expires_at = shift(d.expires_at);
      yield { ...b, seq: seq++, ts: shift(b.ts) as string, data: d };
    }
  }
}

describe('long runs', () => {
  it('120,000 entries of an honest log: no findings, windows bounded, state canonical', () => {
    const cycles = 400;
    let findings = 0;
    const ev = createEvaluator(sampleState, { onFinding: () => findings++ });
    const t0 = Date.now();
    for (const e of repeated(cycles)) ev.apply(e);
    const elapsed = Date.now() - t0;
    const r = ev.finish();
    expect(findings).toBe(0);
    expect(r).toMatchObject({ calls: 183 * cycles, agreed: 183 * cycles, disagreed: 0, skipped: 0 });
    expect(r.endState.as_of_seq).toBe(300 * cycles);
    // Only the last hour of calls is carried, however long the run.
    expect(r.endState.recent_calls.length).toBeLessThan(183);
    expect(r.endState.approvals).toHaveLength(18 * cycles);
    expect(() => canonicalize(r.endState)).not.toThrow();
    // Generous bound (shared CI machines); the design target is a few µs per entry.
    expect(elapsed).toBeLessThan(60_000);
  });
});
