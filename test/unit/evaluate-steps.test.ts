/**
 * The evaluator's steps on their own (shared/evaluate: judge-decision, consequences,
 * user-actions), over a real replayed state: which finding each disagreement earns, and that an
 * agreeing record earns none.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';
import type { Finding } from '../../shared/report/report-types.js';
import type { CallInputs, RecordedView } from '../../shared/evaluate/call-data.js';
import type { CallContext, ComputedCall } from '../../shared/evaluate/compute-call.js';
import { onApprovalRequested, onDriftDetected, settleMissing } from '../../shared/evaluate/consequences.js';
import type { CallRef, EvaluationRun, Pending } from '../../shared/evaluate/evaluation-run.js';
import { decisionFindingKind, judgeDecision } from '../../shared/evaluate/judge-decision.js';
import { DEFAULT_PROFILE } from '../../shared/evaluate/profile.js';
import { loadState } from '../../shared/evaluate/state-replay.js';
import { checkActor, checkSelfApproval } from '../../shared/evaluate/user-actions.js';

const OWNER = 'u-owner';
const VIEWER = 'u-viewer';
const AGENT = 'a-1';

function org(): PlatformState {
  return {
    as_of_seq: 0,
    profile: structuredClone(DEFAULT_PROFILE),
    users: [
      { id: OWNER, email: 'o@x', role: 'deployer', active: true },
      { id: VIEWER, email: 'v@x', role: 'viewer', active: true },
    ],
    agents: [
      {
        id: AGENT,
        name: 'bot',
        owner_id: OWNER,
        status: 'active',
        version: 1,
        image_uri: 'img',
        intent: null,
      },
    ],
    connectors: [],
    rules: [],
    approvals: [],
    recent_calls: [],
  };
}

function run(): { run: EvaluationRun; findings: Finding[] } {
  const findings: Finding[] = [];
  const r: EvaluationRun = {
    st: loadState(org()),
    pending: new Map(),
    disagreed: new Set(),
    traces: new Map(),
    hooks: { onFinding: (f) => findings.push(f) },
    traceWanted: () => false,
    calls: 0,
    skipped: 0,
  };
  return { run: r, findings };
}

const INPUTS: CallInputs = {
  seq: 7,
  entry_id: 'e-7',
  ts: '2026-03-02T08:00:00.000Z',
  tsMs: Date.parse('2026-03-02T08:00:00.000Z'),
  agent_id: AGENT,
  call_id: 'c-7',
  connector: 'slack',
  operation: 'messages:write',
  environment: 'dev',
  data_types: ['message'],
  inputs_hash: 'h',
  approval_id: null,
};
const COMPUTED: ComputedCall = {
  risk_score: 20,
  factors: { operation: 10, connector: 5, frequency: 0, target: 5 },
  drift: null,
  verdict: 'PERMIT',
  reason: 'rule',
  rule_id: 'r-1',
  rule_version: 1,
  expected_status: ['success', 'error'],
};
const CTX: CallContext = {
  agent: undefined,
  windowCount: 0,
  hourCount: 0,
  scope: ['messages:*'],
  matchingRules: [],
  approval: undefined,
  approvalVerdict: null,
  step: 6,
  steps: undefined,
};
const AGREEING: RecordedView = {
  verdict: 'PERMIT',
  reason: 'rule',
  risk_score: 20,
  factors: { operation: 10, connector: 5, frequency: 0, target: 5 },
  rule_id: 'r-1',
  rule_version: 1,
  status: 'success',
  outputs_hash: 'o',
};

function judged(
  rec: Partial<RecordedView>,
  computed: Partial<ComputedCall> = {},
  ctx: Partial<CallContext> = {},
): string[] {
  const kinds: string[] = [];
  judgeDecision(
    INPUTS,
    { ...AGREEING, ...rec },
    { ...COMPUTED, ...computed },
    { ...CTX, ...ctx },
    3_600_000,
    (kind) => kinds.push(kind),
  );
  return kinds;
}

describe('judge-decision', () => {
  it('a record that agrees earns nothing', () => {
    expect(judged({})).toEqual([]);
  });

  it('the decision finding is the most telling one: suspended, scope, verdict, reason, rule (a DENY of a suspended agent is only a reason off)', () => {
    const base = { verdict: 'PERMIT', reason: 'rule', rule_id: 'r-1', rule_version: 1 } as const;
    expect(decisionFindingKind(base, { ...base, verdict: 'DENY', reason: 'suspended' })).toBe(
      'suspended_agent_permitted',
    );
    expect(decisionFindingKind(base, { ...base, verdict: 'DENY', reason: 'scope' })).toBe('scope_violation');
    expect(decisionFindingKind(base, { ...base, verdict: 'ESCALATE', reason: 'threshold' })).toBe(
      'verdict_mismatch',
    );
    expect(decisionFindingKind(base, { ...base, reason: 'default' })).toBe('reason_mismatch');
    expect(decisionFindingKind(base, { ...base, rule_version: 2 })).toBe('rule_mismatch');
    expect(
      decisionFindingKind({ ...base, verdict: 'DENY' }, { ...base, verdict: 'DENY', reason: 'suspended' }),
    ).toBe('reason_mismatch');
  });

  it('risk, status and outputs are judged besides the decision', () => {
    expect(judged({ risk_score: 21 })).toEqual(['risk_score_mismatch']);
    expect(judged({ factors: null })).toEqual(['risk_score_mismatch']);
    expect(judged({ status: 'blocked' })).toEqual(['status_mismatch']);
    expect(judged({ verdict: 'DENY', status: 'blocked', outputs_hash: 'o' })).toEqual([
      'verdict_mismatch',
      'status_mismatch',
    ]);
  });

  it('a call recorded PERMIT/approved under a failing approval gets the approval finding instead', () => {
    const kinds = judged(
      { reason: 'approved', rule_id: null, rule_version: null },
      { verdict: 'ESCALATE', reason: 'threshold' },
      {
        approvalVerdict: { problem: 'approval_reused', why: 'the approval was already used' },
      },
    );
    expect(kinds).toEqual(['approval_reused']);
  });
});

const REF: CallRef = {
  ordinal: 0,
  seq: 7,
  entry_id: 'e-7',
  agent_id: AGENT,
  call_id: 'c-7',
  connector: 'slack',
  operation: 'messages:write',
  inputs_hash: 'h',
  tsMs: INPUTS.tsMs,
  recordedVerdict: 'PERMIT',
};
const DRIFT = {
  drift_types: ['frequency_exceeded'],
  severity: 'medium',
  response: 'throttle',
} as Pending['drift'];
const sys = (seq: number, action_type: string, data: Record<string, unknown>): AuditEntry => ({
  seq,
  id: `e-${seq}`,
  ts: INPUTS.ts,
  org_id: 'o',
  agent_id: AGENT,
  actor: { type: 'system', id: 'p' },
  action_type,
  data,
  prev: '',
});

describe('consequences', () => {
  it('every consequence still awaited is reported missing on its call', () => {
    const { run: r, findings } = run();
    settleMissing(r, {
      ref: REF,
      drift: DRIFT,
      suspension: true,
      approvalExpires: '2026-03-02T09:00:00.000Z',
      trace: undefined,
    });
    expect(findings.map((f) => [f.kind, f.seq])).toEqual([
      ['drift_missed', 7],
      ['suspension_missing', 7],
      ['approval_missing', 7],
    ]);
    expect([...r.disagreed]).toEqual([0]);
  });

  it('a drift report with another severity is a mismatch; a second one names a call no longer awaited', () => {
    const { run: r, findings } = run();
    r.pending.set('c-7', {
      ref: REF,
      drift: DRIFT,
      suspension: false,
      approvalExpires: null,
      trace: undefined,
    });
    const data = {
      call_id: 'c-7',
      drift_types: ['frequency_exceeded'],
      severity: 'low',
      response: 'throttle',
    };
    onDriftDetected(r, sys(8, 'drift.detected', data), data);
    expect(r.pending.has('c-7')).toBe(false);
    onDriftDetected(r, sys(9, 'drift.detected', data), data);
    expect(findings.map((f) => [f.kind, f.seq])).toEqual([
      ['drift_severity_mismatch', 7],
      ['drift_unexpected', 9],
    ]);
  });

  it('the same drift in another order of types matches', () => {
    const { run: r, findings } = run();
    const two = {
      drift_types: ['data_type_violation', 'frequency_exceeded'],
      severity: 'high',
      response: 'alert',
    } as Pending['drift'];
    r.pending.set('c-7', {
      ref: REF,
      drift: two,
      suspension: false,
      approvalExpires: null,
      trace: undefined,
    });
    const data = {
      call_id: 'c-7',
      drift_types: ['frequency_exceeded', 'data_type_violation'],
      severity: 'high',
      response: 'alert',
    };
    onDriftDetected(r, sys(8, 'drift.detected', data), data);
    expect(findings).toEqual([]);
  });

  it('an approval request that expires off the TTL is an expiry mismatch', () => {
    const { run: r, findings } = run();
    const due = '2026-03-02T09:00:00.000Z';
    r.pending.set('c-7', {
      ref: REF,
      drift: null,
      suspension: false,
      approvalExpires: due,
      trace: undefined,
    });
    const late = { call_id: 'c-7', approval_id: 'ap-1', expires_at: '2026-03-02T09:15:00.000Z' };
    onApprovalRequested(r, sys(8, 'approval.requested', late), late);
    expect(findings.map((f) => f.kind)).toEqual(['approval_expiry_mismatch']);
    expect(r.pending.has('c-7')).toBe(false);
  });
});

describe('user-actions', () => {
  const byUser = (id: string, action_type: string, data: Record<string, unknown>): AuditEntry => ({
    seq: 3,
    id: 'e-3',
    ts: INPUTS.ts,
    org_id: 'o',
    agent_id: AGENT,
    actor: { type: 'user', id },
    action_type,
    data,
    prev: '',
  });

  it('a viewer creating a policy is an unauthorized actor; the owner deploying is not', () => {
    const { run: r, findings } = run();
    checkActor(r, byUser(VIEWER, 'policy.created', {}));
    checkActor(r, byUser(OWNER, 'agent.deployed', { agent_id: AGENT }));
    expect(findings.map((f) => [f.kind, f.seq])).toEqual([['unauthorized_actor', 3]]);
  });

  it("the owner approving their own agent's call is a self-approval; denying it is not", () => {
    const { run: r, findings } = run();
    checkSelfApproval(r, byUser(OWNER, 'approval.reviewed', {}), { decision: 'denied', approval_id: 'ap-1' });
    checkSelfApproval(r, byUser(OWNER, 'approval.reviewed', {}), {
      decision: 'approved',
      approval_id: 'ap-1',
    });
    expect(findings.map((f) => f.kind)).toEqual(['self_approval']);
  });
});
