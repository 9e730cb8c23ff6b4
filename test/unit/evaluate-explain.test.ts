import { describe, expect, it } from 'vitest';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { explainCall, formatTrace } from '../../shared/evaluate/explain.js';
import { sampleCopy, sampleEntries, sampleState } from '../support/sample-run.js';

describe('explain', () => {
  it('traces a drift-denied call: state, factors, drift checks, ladder, consequences found', () => {
    const t = explainCall(sampleState, sampleEntries, 39)!;
    expect(t.call_id).toBe('8610608a-d6fe-4f25-80ec-8ff94fdbdc78');
    expect(t.computed).toMatchObject({ verdict: 'DENY', reason: 'drift', risk_score: 65 });
    expect(t.risk.factors.map((f) => f.points)).toEqual([50, 10, 5, 0]);
    expect(t.risk.factors[0]!.source).toContain('verb_weights.delete');
    expect(t.risk.windowCount).toBeGreaterThanOrEqual(3);
    expect(t.drift.checks.find((c) => c.type === 'unauthorized_action')!.found).toBe(true);
    expect(t.ladder.map((s) => [s.step, s.applies])).toEqual([[1, false], [2, true]]);
    expect(t.consequences.map((c) => [c.kind, c.status, c.found?.seq])).toEqual([
      ['drift.detected', 'found', 40],
      ['agent.suspended', 'found', 41],
    ]);
    expect(t.findings).toEqual([]);
    const text = formatTrace(t);
    expect(text).toContain('Call 39');
    expect(text).toContain('2. drift response suspend: APPLIES');
    expect(text).toContain('none — the recorded decision agrees');
  });

  it('traces an approved call and a threshold escalation', () => {
    const a = explainCall(sampleState, sampleEntries, 104)!;
    expect(a.computed).toMatchObject({ verdict: 'PERMIT', reason: 'approved' });
    expect(a.seen.approval?.status).toBe('approved');
    expect(a.approvalCheck).toBeNull();
    const e = explainCall(sampleState, sampleEntries, 90)!;
    expect(e.computed).toMatchObject({ verdict: 'ESCALATE', reason: 'threshold' });
    expect(e.ladder.at(-1)).toMatchObject({ step: 7, applies: true });
    expect(e.consequences).toEqual([expect.objectContaining({ kind: 'approval.requested', status: 'found' })]);
    expect(e.seen.rules.some((r) => r.connectorMatches && r.patternMatches)).toBe(true);
  });

  it('carries the findings and the missing consequences of a bad call', () => {
    const l = sampleCopy().filter((x) => x.seq !== 112);
    const t = explainCall(sampleState, l, 111)!;
    expect(t.findings.map((f) => f.kind)).toEqual(['drift_missed']);
    expect(t.consequences).toEqual([expect.objectContaining({ kind: 'drift.detected', status: 'missing' })]);
    expect(formatTrace(t)).toMatch(/HIGH drift_missed: Call 111/);
  });

  it('returns null for a seq that is not a call', () => {
    expect(explainCall(sampleState, sampleEntries, 0)).toBeNull();
  });

  it('evaluator.explain() matches decide() without applying', () => {
    const ev = createEvaluator(sampleState);
    for (const e of sampleEntries) {
      if (e.action_type === 'connector.called') {
        const before = JSON.stringify(ev.state());
        expect(ev.explain(e).computed).toEqual(ev.decide(e));
        expect(JSON.stringify(ev.state())).toBe(before);
      }
      ev.apply(e);
    }
  });
});
