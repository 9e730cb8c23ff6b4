import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';
import type { Finding } from '../../shared/report/report-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { DEFAULT_PROFILE } from '../../shared/evaluate/profile.js';
import { evaluateAll, sampleCopy } from '../support/sample-run.js';

/** A tiny synthetic org: one admin, one agent with an intent, one connector config, one allow rule. */
const ADMIN = 'u-admin';
const AGENT = 'a-1';
function org(perHour: number): PlatformState {
  return {
    as_of_seq: 0,
    profile: structuredClone(DEFAULT_PROFILE),
    users: [{ id: ADMIN, email: 'a@x', role: 'admin', active: true }],
    agents: [{
      id: AGENT, name: 'bot', owner_id: ADMIN, status: 'active', version: 1, image_uri: 'img',
      intent: { permitted_systems: ['slack'], permitted_actions: ['messages:*'], permitted_data_types: ['message'], max_frequency: { per_hour: perHour } },
    }],
    connectors: [{ id: 'c-1', agent_id: AGENT, connector: 'slack', permitted_operations: ['messages:*'] }],
    rules: [{ id: 'r-1', version: 1, agent_id: AGENT, name: 'allow', rule_type: 'allow', connector: 'slack', action_pattern: 'messages:*', risk_threshold: 100, approval_channel: null }],
    approvals: [],
    recent_calls: [],
  };
}

/** A connector.called whose recorded decision is whatever decide() says (a perfect platform). */
function perfectRun(state: PlatformState, times: string[]): { entries: AuditEntry[]; findings: Finding[]; verdicts: string[]; frequencies: number[]; ev: ReturnType<typeof createEvaluator> } {
  const findings: Finding[] = [];
  const ev = createEvaluator(state, { onFinding: (f) => findings.push(f) });
  const entries: AuditEntry[] = [];
  const verdicts: string[] = [];
  const frequencies: number[] = [];
  let seq = state.as_of_seq;
  for (const ts of times) {
    const callId = `call-${seq}`;
    const e: AuditEntry = {
      seq, id: `e-${seq}`, ts, org_id: 'o', agent_id: AGENT, actor: { type: 'agent', id: AGENT }, action_type: 'connector.called', prev: '',
      data: { call_id: callId, connector: 'slack', operation: 'messages:write', target: { resource: 'r', environment: 'dev' }, data_types: ['message'], inputs_hash: 'h', outputs_hash: null, status: 'blocked', duration_ms: 1, approval_id: null, decision: {} },
    };
    const c = ev.decide(e);
    (e.data as Record<string, unknown>).decision = { verdict: c.verdict, reason: c.reason, risk_score: c.risk_score, factors: c.factors, rule_id: c.rule_id, rule_version: c.rule_version };
    (e.data as Record<string, unknown>).status = c.expected_status[0];
    (e.data as Record<string, unknown>).outputs_hash = c.verdict === 'PERMIT' ? 'o' : null;
    verdicts.push(`${c.verdict}/${c.reason}`);
    frequencies.push(c.factors.frequency);
    entries.push(e);
    ev.apply(e);
    seq++;
    const sys = { org_id: 'o', agent_id: AGENT, actor: { type: 'system' as const, id: 'p' }, prev: '', ts };
    if (c.drift) {
      const d: AuditEntry = { ...sys, seq, id: `e-${seq}`, action_type: 'drift.detected', data: { call_id: callId, ...c.drift, detail: null } };
      entries.push(d);
      ev.apply(d);
      seq++;
      if (c.drift.response === 'suspend') {
        const s: AuditEntry = { ...sys, seq, id: `e-${seq}`, action_type: 'agent.suspended', data: { agent_id: AGENT, reason: 'drift', call_id: callId } };
        entries.push(s);
        ev.apply(s);
        seq++;
      }
    }
  }
  return { entries, findings, verdicts, frequencies, ev };
}

const at = (base: string, plusMs: number): string => new Date(Date.parse(base) + plusMs).toISOString();

describe('windows and boundaries', () => {
  it('frequency window is (t − 60 s, t]: a call exactly 60 s earlier does not count', () => {
    const t0 = '2026-03-18T10:00:00.000Z';
    const times = [at(t0, 0), at(t0, 1), at(t0, 2), at(t0, 60_000), at(t0, 60_001), at(t0, 60_002)];
    const { frequencies, findings } = perfectRun(org(1000), times);
    // n = earlier calls in (t − 60 s, t]: 0,1,2 → at 60.000 s the call at 0 drops out (n = 2), at 60.001 n = 2, at 60.002 n = 2.
    expect(frequencies).toEqual([0, 0, 0, 0, 0, 0]);
    const dense = perfectRun(org(1000), Array.from({ length: 12 }, (_, i) => at(t0, i * 100))).frequencies;
    expect(dense).toEqual([0, 0, 0, 5, 5, 5, 10, 10, 10, 10, 10, 15]);
    expect(findings).toEqual([]);
  });

  it('same-timestamp earlier calls count toward the window', () => {
    const t0 = '2026-03-18T10:00:00.000Z';
    expect(perfectRun(org(1000), [t0, t0, t0, t0]).frequencies).toEqual([0, 0, 0, 5]);
  });

  it('frequency_exceeded counts the UTC clock hour, not a sliding hour; suspension follows', () => {
    const times = ['2026-03-18T10:59:58.000Z', '2026-03-18T10:59:59.000Z', '2026-03-18T11:00:00.000Z', '2026-03-18T11:00:01.000Z', '2026-03-18T11:00:02.000Z'];
    const { verdicts, findings } = perfectRun(org(2), times);
    // per_hour 2: the third call of the 11:00 hour exceeds it (medium → throttle, still permitted).
    expect(verdicts).toEqual(['PERMIT/rule', 'PERMIT/rule', 'PERMIT/rule', 'PERMIT/rule', 'PERMIT/rule']);
    expect(findings).toEqual([]);
    const s = org(2);
    s.profile.drift_severity.frequency_exceeded = 'high';
    const r = perfectRun(s, times);
    // 10:59:58 and 10:59:59 belong to another hour; 11:00:02 is the third call of 11:00.
    expect(r.verdicts).toEqual(['PERMIT/rule', 'PERMIT/rule', 'PERMIT/rule', 'PERMIT/rule', 'DENY/drift']);
    expect(r.entries.at(-1)).toMatchObject({ action_type: 'agent.suspended' });
    expect(r.findings).toEqual([]);
  });

  it('recent_calls keeps calls at exactly ts(last) − 3600 s, drops older ones; as_of_seq = last + 1', () => {
    const t0 = '2026-03-18T10:00:00.000Z';
    const { ev } = perfectRun(org(1000), [at(t0, -1), t0, at(t0, 1_800_000), at(t0, 3_600_000)]);
    const end = ev.finish().endState;
    expect(end.recent_calls.map((r) => r.ts)).toEqual([t0, at(t0, 1_800_000), at(t0, 3_600_000)]);
    expect(end.as_of_seq).toBe(4);
  });

  it('resuming from an end state keeps frequency and clock-hour counts across the boundary', () => {
    const t0 = '2026-03-18T11:00:00.000Z';
    const times = Array.from({ length: 8 }, (_, i) => at(t0, i * 1000));
    const straight = perfectRun(org(5), times);
    const first = perfectRun(org(5), times.slice(0, 4));
    const mid = JSON.parse(canonicalize(first.ev.finish().endState)) as PlatformState;
    const second = perfectRun(mid, times.slice(4));
    expect([...first.verdicts, ...second.verdicts]).toEqual(straight.verdicts);
    expect([...first.frequencies, ...second.frequencies]).toEqual(straight.frequencies);
    expect(canonicalize(second.ev.finish().endState)).toBe(canonicalize(straight.ev.finish().endState));
  });
});

describe('more consequence and approval cases on the sample', () => {
  const ent = (l: AuditEntry[], seq: number): AuditEntry => l.find((e) => e.seq === seq)!;
  const kinds = (l: AuditEntry[]): string[] => evaluateAll(l).findings.map((f) => `${f.kind}@${f.seq}`);

  it('a second drift.detected for the same call → drift_unexpected once', () => {
    const l = sampleCopy();
    const i = l.findIndex((e) => e.seq === 112);
    l.splice(i + 1, 0, { ...structuredClone(ent(l, 112)), seq: 9112 }, { ...structuredClone(ent(l, 112)), seq: 9113 });
    expect(kinds(l)).toEqual(['drift_unexpected@111']);
  });

  it('a drift.detected naming no known call → drift_unexpected on the drift.detected itself', () => {
    const l = sampleCopy();
    (ent(l, 112).data as Record<string, unknown>).call_id = 'not-a-call';
    expect(kinds(l)).toEqual(['drift_unexpected@112', 'drift_missed@111']);
  });

  it('agent.suspended for the drifting call but naming another agent → suspension_missing', () => {
    const l = sampleCopy();
    (ent(l, 41).data as Record<string, unknown>).agent_id = '64700732-ac93-4254-ac7d-9e19387c1c5f';
    const out = kinds(l);
    expect(out[0]).toBe('suspension_missing@39');
  });

  it('a deactivated reviewer → unauthorized_actor on the review, approval_by_unauthorized_role on the call', () => {
    const l = sampleCopy();
    const i = l.findIndex((e) => e.seq === 97);
    const deactivate: AuditEntry = { ...structuredClone(ent(l, 49)), seq: 9097, action_type: 'user.deactivated', data: { user_id: '86c60e7c-e6d4-4af2-91ee-236e5cce9a13' } };
    // Deactivating the founding admin breaks later admin actions too; only look at the approval.
    l.splice(i + 1, 0, deactivate);
    const out = kinds(l);
    expect(out).toContain('unauthorized_actor@98');
    expect(out).toContain('approval_by_unauthorized_role@104');
    expect(out.filter((k) => k.endsWith('@104'))).toEqual(['approval_by_unauthorized_role@104']);
  });

  it('an approval approved, then denied, does not authorize → executed_without_approval', () => {
    const l = sampleCopy();
    const i = l.findIndex((e) => e.seq === 98);
    const deny: AuditEntry = { ...structuredClone(ent(l, 98)), seq: 9098 };
    (deny.data as Record<string, unknown>).decision = 'denied';
    l.splice(i + 1, 0, deny);
    expect(kinds(l)).toEqual(['executed_without_approval@104']);
  });

  it('recorded DENY for a drift-suspend call whose agent was already suspended expects no new suspension', () => {
    const l = sampleCopy();
    // Suspend the agent by hand before its second drifting call (seq 183); the drift still has to be recorded.
    const i = l.findIndex((e) => e.seq === 183);
    const manual: AuditEntry = { ...structuredClone(ent(l, 185)), seq: 9183, actor: { type: 'user', id: '86c60e7c-e6d4-4af2-91ee-236e5cce9a13' }, data: { agent_id: 'a885339e-c9a6-49e9-885d-9343465ea588', reason: 'manual', call_id: null } };
    l.splice(i, 0, manual);
    // Now seq 183 is computed DENY (suspended) while recorded DENY (drift): reason_mismatch only;
    // drift.detected still matches, and the recorded agent.suspended at 185 is not required (nor a finding).
    expect(kinds(l)).toEqual(['reason_mismatch@183']);
  });

  it('an approval.requested arriving over an hour after its call still takes the call as its target', () => {
    const l = sampleCopy();
    const req = l.find((e) => e.seq === 60)!;
    const rest = l.filter((e) => e.seq !== 60 && e.seq !== 141);
    rest.push({ ...req, seq: 300, ts: rest[rest.length - 1]!.ts });
    const { findings, result } = evaluateAll(rest);
    expect(findings).toEqual([]);
    const a = result.endState.approvals.find((x) => x.approval_id === (req.data as { approval_id: string }).approval_id)!;
    const call = l.find((e) => e.seq === 59)!.data as { connector: string; operation: string; inputs_hash: string };
    expect(a).toMatchObject({ connector: call.connector, operation: call.operation, inputs_hash: call.inputs_hash, status: 'pending' });
  });
});
