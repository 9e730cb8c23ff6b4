import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { sampleCopy, sampleEntries, sampleState } from '../support/sample-run.js';

const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER * 4),
  fc.constant(1e308),
  fc.constant(-0),
  fc.string(),
  fc.constantFrom('PERMIT', 'DENY', 'ESCALATE', 'approved', 'suspend', '*', 'constructor', '__proto__', '2026-03-18T08:18:53.468Z', '9999-99-99T99:99:99.999Z'),
  fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'per_hour'), fc.oneof(fc.integer(), fc.string())),
);

/** Sets a random (possibly new) key at a random depth of an object. */
function mutateAt(target: unknown, path: number[], key: string, value: unknown): void {
  let cur = target;
  for (const step of path) {
    if (typeof cur !== 'object' || cur === null) return;
    const keys = Object.keys(cur);
    if (keys.length === 0) break;
    const next = (cur as Record<string, unknown>)[keys[step % keys.length]!];
    if (typeof next !== 'object' || next === null) break;
    cur = next;
  }
  if (typeof cur !== 'object' || cur === null) return;
  const keys = Object.keys(cur);
  const k = key === '' && keys.length > 0 ? keys[path.length % keys.length]! : key;
  (cur as Record<string, unknown>)[k] = value;
}

const mutation = fc.record({
  index: fc.nat(299),
  path: fc.array(fc.nat(20), { maxLength: 4 }),
  key: fc.constantFrom('', '', '', 'seq', 'ts', 'agent_id', 'actor', 'data', 'action_type', 'decision', 'extra'),
  value: junk,
});

describe('robustness on tampered or garbage input', () => {
  it('apply() never throws and finish() always gives a canonicalizable state, whatever is mutated', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 12 }), (muts) => {
        const list = sampleCopy();
        for (const m of muts) mutateAt(list[m.index], m.path, m.key, m.value);
        const internal: string[] = [];
        const ev = createEvaluator(sampleState, { onSkip: (_e, why) => why.startsWith('internal') && internal.push(why) });
        for (const e of list) ev.apply(e);
        const r = ev.finish();
        expect(internal).toEqual([]);
        expect(r.agreed + r.disagreed).toBe(r.calls);
        expect(() => canonicalize(r.endState)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it('entries that are not even objects are skipped without a throw', () => {
    const internal: string[] = [];
    const ev = createEvaluator(sampleState, { onSkip: (_e, why) => internal.push(why) });
    for (const e of [null, undefined, 7, 'x', [], { data: null }, { action_type: 'connector.called' }, { action_type: 'connector.called', data: [] }] as unknown as AuditEntry[]) {
      ev.apply(e);
    }
    expect(internal.filter((w) => w.startsWith('internal'))).toEqual([]);
    const r = ev.finish();
    expect(r.calls).toBe(0);
    expect(r.skipped).toBe(2);
  });

  it('a garbage initial state still gives an evaluator (profile defaults) that never throws', () => {
    fc.assert(
      fc.property(fc.oneof(junk, fc.jsonValue()), (state) => {
        const ev = createEvaluator(state as PlatformState);
        for (const e of sampleEntries.slice(0, 60)) ev.apply(e);
        expect(() => canonicalize(ev.finish().endState)).not.toThrow();
      }),
      { numRuns: 100 },
    );
  });

  it('a malformed connector.called is skipped for evaluation but still counts toward frequency', () => {
    const list = sampleCopy();
    const bad = list.find((e) => e.seq === 109)!;
    (bad.data as Record<string, unknown>).data_types = 'not-a-list';
    const skippedReasons: string[] = [];
    const ev = createEvaluator(sampleState, { onSkip: (_e, why) => skippedReasons.push(why) });
    const kinds: string[] = [];
    const ev2 = createEvaluator(sampleState, { onFinding: (f) => kinds.push(f.kind) });
    for (const e of list) {
      ev.apply(e);
      ev2.apply(e);
    }
    expect(skippedReasons).toEqual(['data.data_types is not a list of strings']);
    expect(ev.finish()).toMatchObject({ calls: 182, skipped: 1 });
    // Had it not counted, the next calls' frequency factor would disagree.
    expect(kinds).toEqual([]);
  });

  it('a connector.called whose recorded decision is garbage is evaluated, and flagged', () => {
    const list = sampleCopy();
    (list.find((e) => e.seq === 43)!.data as Record<string, unknown>).decision = 'PERMIT';
    const kinds: string[] = [];
    const ev = createEvaluator(sampleState, { onFinding: (f) => kinds.push(`${f.kind}@${f.seq}`) });
    for (const e of list) ev.apply(e);
    expect(kinds).toEqual(['verdict_mismatch@43', 'risk_score_mismatch@43']);
  });
});

describe('tampered timestamps do not cascade into the windows', () => {
  it('one far-future entry in the middle leaves every later decision unchanged', () => {
    const l = sampleCopy();
    const hb = l.find((e) => e.seq === 48)!; // a heartbeat between bursts of calls
    hb.ts = '2030-01-01T00:00:00.000Z';
    const kinds: string[] = [];
    const ev = createEvaluator(sampleState, { onFinding: (f) => kinds.push(`${f.kind}@${f.seq}`) });
    for (const e of l) ev.apply(e);
    expect(kinds).toEqual([]);
  });

  it('a call stamped in the future counts where its timestamp says, without breaking later counts', () => {
    const l = sampleCopy();
    const call = l.find((e) => e.seq === 110)!;
    const was = Date.parse(call.ts);
    call.ts = '2030-01-01T00:00:00.000Z';
    const found: { kind: string; seq: number | null }[] = [];
    const ev = createEvaluator(sampleState, { onFinding: (f) => found.push(f) });
    for (const e of l) ev.apply(e);
    // Only frequency can move: for the moved call itself, and for the calls of the next minute
    // whose window no longer holds it. Nothing later is disturbed.
    const affected = new Set(l.filter((e) => e.seq === 110 || (Date.parse(e.ts) > was && Date.parse(e.ts) <= was + 60_000)).map((e) => e.seq));
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) {
      expect(f.kind).toBe('risk_score_mismatch');
      expect(affected.has(f.seq!)).toBe(true);
    }
  });
});
