import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/format/export-types.js';
import { FINDING_KINDS, kindControls } from '../../shared/report/finding-kinds.js';
import { evaluateAll, sampleCopy } from '../support/sample-run.js';

type Data = Record<string, unknown> & { decision: Record<string, unknown> & { factors: { operation: number; connector: number; frequency: number; target: number } } };

const ADMIN = '86c60e7c-e6d4-4af2-91ee-236e5cce9a13';
const DEPLOYER = '665d07dc-9fa5-4894-8778-c6695cf95a80';
const VIEWER = '7d89693b-33c9-4498-93f2-0fd3ee79df19';
const CLOUD_BOT = '64700732-ac93-4254-ac7d-9e19387c1c5f';

function at(list: AuditEntry[], seq: number): AuditEntry {
  const e = list.find((x) => x.seq === seq);
  if (!e) throw new Error(`no seq ${seq}`);
  return e;
}
const call = (list: AuditEntry[], seq: number): Data => at(list, seq).data as Data;
const without = (list: AuditEntry[], seq: number): AuditEntry[] => list.filter((e) => e.seq !== seq);

/** Inserts `extra` right after the entry with `seq`. */
function insertAfter(list: AuditEntry[], seq: number, ...extra: AuditEntry[]): AuditEntry[] {
  const i = list.findIndex((e) => e.seq === seq);
  return [...list.slice(0, i + 1), ...extra, ...list.slice(i + 1)];
}
function insertBefore(list: AuditEntry[], seq: number, ...extra: AuditEntry[]): AuditEntry[] {
  const i = list.findIndex((e) => e.seq === seq);
  return [...list.slice(0, i), ...extra, ...list.slice(i)];
}

function entry(seq: number, like: AuditEntry, patch: Partial<AuditEntry>): AuditEntry {
  return { ...structuredClone(like), id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, seq, ...patch };
}

/** Findings as `kind@seq`, in emission order. */
function kinds(list: AuditEntry[]): string[] {
  return evaluateAll(list).findings.map((f) => `${f.kind}@${f.seq}`);
}

describe('decision findings (one per call, first that applies)', () => {
  it('flipped verdict → verdict_mismatch only', () => {
    const l = sampleCopy();
    Object.assign(call(l, 43), { status: 'blocked', outputs_hash: null });
    call(l, 43).decision.verdict = 'DENY';
    const { findings, result } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['verdict_mismatch@43']);
    const f = findings[0]!;
    expect(f.severity).toBe('high');
    expect(f.controls).toEqual(kindControls('verdict_mismatch'));
    expect(f.entry_id).toBe(at(l, 43).id);
    expect(f.agent_id).toBe(CLOUD_BOT);
    expect(f.recorded).toMatchObject({ verdict: 'DENY' });
    expect(f.expected).toMatchObject({ verdict: 'PERMIT', reason: 'rule' });
    expect(f.message).toMatch(/^Call 43 to wiz issues:update was recorded DENY \(rule .*: expected PERMIT \(rule /);
    expect(result).toMatchObject({ calls: 183, agreed: 182, disagreed: 1 });
  });

  it('recorded PERMIT where ESCALATE was computed, no approval involved → verdict_mismatch', () => {
    const l = sampleCopy();
    Object.assign(call(l, 105), { status: 'success', outputs_hash: 'ab'.repeat(32) });
    Object.assign(call(l, 105).decision, { verdict: 'PERMIT', reason: 'rule' });
    expect(kinds(l)).toEqual(['verdict_mismatch@105']);
  });

  it('recorded DENY where ESCALATE was computed → verdict_mismatch', () => {
    const l = without(sampleCopy(), 106);
    Object.assign(call(l, 105), { status: 'blocked', outputs_hash: null });
    call(l, 105).decision.verdict = 'DENY';
    expect(kinds(l)).toEqual(['verdict_mismatch@105']);
  });

  it('other reason, same verdict → reason_mismatch (rule differences folded in)', () => {
    const l = sampleCopy();
    Object.assign(call(l, 43).decision, { reason: 'default', rule_id: null, rule_version: null });
    expect(kinds(l)).toEqual(['reason_mismatch@43']);
  });

  it('other rule version → rule_mismatch', () => {
    const l = sampleCopy();
    call(l, 43).decision.rule_version = 7;
    expect(kinds(l)).toEqual(['rule_mismatch@43']);
  });

  it('other deciding rule id → rule_mismatch', () => {
    const l = sampleCopy();
    call(l, 43).decision.rule_id = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    expect(kinds(l)).toEqual(['rule_mismatch@43']);
  });

  it('a factor off → risk_score_mismatch once, beside no decision finding', () => {
    const l = sampleCopy();
    call(l, 43).decision.factors.target += 5;
    call(l, 43).decision.risk_score = (call(l, 43).decision.risk_score as number) + 5;
    expect(kinds(l)).toEqual(['risk_score_mismatch@43']);
    const l2 = sampleCopy();
    call(l2, 43).decision.risk_score = 99;
    expect(kinds(l2)).toEqual(['risk_score_mismatch@43']);
  });

  it('status that does not follow the recorded verdict → status_mismatch', () => {
    const l = sampleCopy();
    call(l, 43).status = 'escalated';
    expect(kinds(l)).toEqual(['status_mismatch@43']);
  });

  it('an outputs_hash on a blocked call → status_mismatch', () => {
    const l = sampleCopy();
    call(l, 166).outputs_hash = 'cd'.repeat(32);
    expect(kinds(l)).toEqual(['status_mismatch@166']);
  });

  it('decision, risk and status findings stack on one call', () => {
    const l = sampleCopy();
    Object.assign(call(l, 43).decision, { verdict: 'DENY', risk_score: 1 });
    expect(kinds(l)).toEqual(['verdict_mismatch@43', 'risk_score_mismatch@43', 'status_mismatch@43']);
  });

  it('operation outside the connector config, recorded PERMIT → scope_violation', () => {
    const l = sampleCopy();
    call(l, 45).operation = 'projects:list'; // same verb, so the risk is unchanged
    const { findings } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['scope_violation@45']);
    expect(findings[0]!.severity).toBe('critical');
    expect(findings[0]!.message).toContain('no connector config of the agent for wiz permits projects:list');
  });

  it('connector without any config, recorded ESCALATE → scope_violation (not verdict_mismatch)', () => {
    const l = sampleCopy();
    Object.assign(call(l, 45), { connector: 'palo_alto', status: 'escalated', outputs_hash: null });
    Object.assign(call(l, 45).decision, { verdict: 'ESCALATE', reason: 'threshold' });
    // The connector weight changes the risk too, and the recorded ESCALATE still needs its request.
    expect(kinds(l)).toEqual(['scope_violation@45', 'risk_score_mismatch@45', 'approval_missing@45']);
  });

  it('a suspended agent recorded PERMIT → suspended_agent_permitted', () => {
    const l0 = sampleCopy();
    const susp = entry(9001, at(l0, 41), {
      actor: { type: 'user', id: ADMIN }, agent_id: CLOUD_BOT, ts: at(l0, 43).ts,
      action_type: 'agent.suspended', data: { agent_id: CLOUD_BOT, reason: 'manual', call_id: null },
    });
    const res = entry(9002, at(l0, 53), { agent_id: CLOUD_BOT, ts: at(l0, 43).ts, data: { agent_id: CLOUD_BOT } });
    const l = insertAfter(insertBefore(l0, 43, susp), 43, res);
    const { findings } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['suspended_agent_permitted@43']);
    expect(findings[0]!.message).toContain('the agent was suspended');
  });

  it('a suspended agent recorded DENY (suspended) agrees', () => {
    const l0 = sampleCopy();
    const susp = entry(9001, at(l0, 41), {
      actor: { type: 'user', id: ADMIN }, agent_id: CLOUD_BOT, ts: at(l0, 43).ts,
      action_type: 'agent.suspended', data: { agent_id: CLOUD_BOT, reason: 'manual', call_id: null },
    });
    const res = entry(9002, at(l0, 53), { agent_id: CLOUD_BOT, ts: at(l0, 43).ts, data: { agent_id: CLOUD_BOT } });
    const l = insertAfter(insertBefore(l0, 43, susp), 43, res);
    Object.assign(call(l, 43), { status: 'blocked', outputs_hash: null });
    Object.assign(call(l, 43).decision, { verdict: 'DENY', reason: 'suspended', rule_id: null, rule_version: null });
    expect(kinds(l)).toEqual([]);
  });
});

describe('approval findings (§8.4, on the call that used the approval)', () => {
  it('review denied → executed_without_approval', () => {
    const l = sampleCopy();
    (at(l, 98).data as Record<string, unknown>).decision = 'denied';
    const { findings } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['executed_without_approval@104']);
    expect(findings[0]!.severity).toBe('critical');
  });

  it('unknown approval id → executed_without_approval', () => {
    const l = sampleCopy();
    call(l, 104).approval_id = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';
    expect(kinds(l)).toEqual(['executed_without_approval@104']);
  });

  it('PERMIT approved without approval_id → executed_without_approval', () => {
    const l = sampleCopy();
    call(l, 104).approval_id = null;
    expect(kinds(l)).toEqual(['executed_without_approval@104']);
  });

  it('other inputs_hash → approval_target_mismatch', () => {
    const l = sampleCopy();
    call(l, 104).inputs_hash = '00'.repeat(32);
    expect(kinds(l)).toEqual(['approval_target_mismatch@104']);
  });

  it('a viewer approves → unauthorized_actor on the review and approval_by_unauthorized_role on the call', () => {
    const l = sampleCopy();
    at(l, 98).actor = { type: 'user', id: VIEWER };
    expect(kinds(l)).toEqual(['unauthorized_actor@98', 'approval_by_unauthorized_role@104']);
  });

  it('call after expires_at → approval_after_expiry (and the request carries a wrong expiry)', () => {
    const l = sampleCopy();
    (at(l, 91).data as Record<string, unknown>).expires_at = '2026-03-18T08:53:00.000Z';
    expect(kinds(l)).toEqual(['approval_expiry_mismatch@90', 'approval_after_expiry@104']);
  });

  it('review after expires_at → approval_after_expiry', () => {
    const l = sampleCopy();
    (at(l, 91).data as Record<string, unknown>).expires_at = '2026-03-18T08:50:00.000Z';
    expect(kinds(l)).toEqual(['approval_expiry_mismatch@90', 'approval_after_expiry@104']);
  });

  it('a second call under a used approval → approval_reused', () => {
    const l0 = sampleCopy();
    const again = entry(9104, at(l0, 104), {});
    (again.data as Data).call_id = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    const l = insertAfter(l0, 104, again);
    // The extra call also raises the frequency factor of the agent's next calls in the window.
    expect(kinds(l).filter((k) => k.endsWith('@9104'))).toEqual(['approval_reused@9104']);
    expect(kinds(l).filter((k) => !k.startsWith('risk_score_mismatch'))).toEqual(['approval_reused@9104']);
  });

  it('approval.requested missing for a recorded ESCALATE → approval_missing', () => {
    expect(kinds(without(sampleCopy(), 60))).toEqual(['approval_missing@59']);
  });

  it('approval.requested with another expires_at → approval_expiry_mismatch', () => {
    const l = sampleCopy();
    (at(l, 60).data as Record<string, unknown>).expires_at = '2026-03-18T09:37:00.038Z';
    const { findings } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['approval_expiry_mismatch@59']);
    expect(findings[0]!.expected).toEqual({ expires_at: '2026-03-18T09:36:59.038Z' });
  });

  it('the agent owner approves → self_approval (low) on the review only', () => {
    const l = sampleCopy();
    at(l, 98).actor = { type: 'user', id: DEPLOYER };
    const { findings, result } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['self_approval@98']);
    expect(findings[0]!.severity).toBe('low');
    expect(result.disagreed).toBe(0);
  });
});

describe('drift findings (one per call)', () => {
  it('drift.detected removed → drift_missed', () => {
    expect(kinds(without(sampleCopy(), 112))).toEqual(['drift_missed@111']);
  });

  it('drift.detected and agent.suspended both removed → drift_missed and suspension_missing', () => {
    const l = without(without(sampleCopy(), 40), 41);
    expect(kinds(l)).toEqual(['drift_missed@39', 'suspension_missing@39']);
  });

  it('drift.detected for a clean call → drift_unexpected', () => {
    const l0 = sampleCopy();
    const fake = entry(9110, at(l0, 112), { ts: at(l0, 110).ts });
    (fake.data as Record<string, unknown>).call_id = call(l0, 110).call_id;
    expect(kinds(insertAfter(l0, 110, fake))).toEqual(['drift_unexpected@110']);
  });

  it('other severity → drift_severity_mismatch; other types → drift_severity_mismatch', () => {
    const l = sampleCopy();
    (at(l, 112).data as Record<string, unknown>).severity = 'high';
    expect(kinds(l)).toEqual(['drift_severity_mismatch@111']);
    const l2 = sampleCopy();
    (at(l2, 112).data as Record<string, unknown>).drift_types = ['unauthorized_system'];
    expect(kinds(l2)).toEqual(['drift_severity_mismatch@111']);
  });

  it('types compared as sets: recorded order does not matter, duplicates do', () => {
    const l = sampleCopy();
    (at(l, 112).data as Record<string, unknown>).drift_types = ['unauthorized_data_type', 'unauthorized_data_type'];
    expect(kinds(l)).toEqual(['drift_severity_mismatch@111']);
  });

  it('same types and severity, other response → drift_response_mismatch', () => {
    const l = sampleCopy();
    (at(l, 112).data as Record<string, unknown>).response = 'alert';
    expect(kinds(l)).toEqual(['drift_response_mismatch@111']);
  });

  it('agent.suspended removed → suspension_missing on the drifting call', () => {
    expect(kinds(without(sampleCopy(), 41))).toEqual(['suspension_missing@39']);
  });

  it('agent.suspended with reason manual for the drifting call → suspension_missing', () => {
    const l = sampleCopy();
    (at(l, 41).data as Record<string, unknown>).reason = 'manual';
    expect(kinds(l)).toEqual(['suspension_missing@39']);
  });
});

describe('actor findings (§8.5)', () => {
  it('policy.created by a deployer → unauthorized_actor', () => {
    const l = sampleCopy();
    at(l, 9).actor = { type: 'user', id: DEPLOYER };
    const { findings } = evaluateAll(l);
    expect(findings.map((f) => `${f.kind}@${f.seq}`)).toEqual(['unauthorized_actor@9']);
    expect(findings[0]!.severity).toBe('high');
    expect(findings[0]!.controls).toEqual(['CC6.2', 'CC6.3', 'CC8.1']);
  });

  it('unknown, inactive or non-user actors are unauthorized; the change still takes effect', () => {
    const l = sampleCopy();
    at(l, 6).actor = { type: 'user', id: 'nobody' };
    expect(kinds(l)).toEqual(['unauthorized_actor@6']);
    const l2 = sampleCopy();
    at(l2, 9).actor = { type: 'system', id: 'arx-platform' };
    expect(kinds(l2)).toEqual(['unauthorized_actor@9']);
  });

  it('compliance.generated by an auditor is fine, by a viewer is not', () => {
    const l0 = sampleCopy();
    const mk = (seq: number, who: string): AuditEntry =>
      entry(seq, at(l0, 48), { action_type: 'compliance.generated', actor: { type: 'user', id: who }, data: { package_id: 'p', agent_id: CLOUD_BOT } });
    expect(kinds(insertAfter(l0, 48, mk(9001, '5cf3d230-47ab-4f4f-b937-fb8c7e2fbe44'), mk(9002, VIEWER)))).toEqual(['unauthorized_actor@9002']);
  });

  it('an unknown action type → unknown_action_type (info), not evaluated', () => {
    const l0 = sampleCopy();
    const odd = entry(9001, at(l0, 48), { action_type: 'weird.thing', data: { x: 1 } });
    const { findings } = evaluateAll(insertAfter(l0, 48, odd));
    expect(findings.map((f) => `${f.kind}@${f.seq}:${f.severity}`)).toEqual(['unknown_action_type@9001:info']);
  });
});

describe('catalog', () => {
  it('every finding carries the catalog severity and controls', () => {
    const l = sampleCopy();
    at(l, 98).actor = { type: 'user', id: VIEWER };
    call(l, 43).decision.risk_score = 1;
    for (const f of evaluateAll(l).findings) {
      expect(f.severity).toBe(FINDING_KINDS[f.kind].severity);
      expect(f.controls).toEqual(kindControls(f.kind));
    }
  });
});
