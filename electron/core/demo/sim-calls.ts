/**
 * Calls as the platform plans and records them: a plan (target, hashes, ids drawn from the seed),
 * the decision the shared evaluator computes for it, what an honest platform records, and the
 * entries that record it with their consequences.
 */
import type { ComputedCall } from '../../../shared/evaluate/evaluator.js';
import type { Actor, Environment, RecordedDecision } from '../../../shared/format/export-types.js';
import { CONNECTORS, operationSpec } from './catalog.js';
import type { EntryDraft } from './log-emitter.js';
import type { SimCore } from './sim-core.js';
import type { CallPlan, CallRecord, SimAgent, SimApproval } from './sim-types.js';

/** A new call of `agent`; its random parts are drawn now, in a fixed order. */
export function planCall(
  sim: SimCore,
  agent: SimAgent,
  connector: string,
  op: string,
  extraDataType?: string,
  approvalId: string | null = null,
): CallPlan {
  const spec = operationSpec(connector, op);
  const env: Environment | null =
    spec.envs.length === 0
      ? null
      : sim.rng.weighted(spec.envs, (e) => (e === 'prod' ? 5 : e === 'staging' ? 3 : 2));
  const prefix = sim.rng.pick(['ws', 'srv', 'db', 'usr', 'k8s', 'grp', 'vpc', 'app']);
  const dataTypes = extraDataType
    ? [...new Set([...spec.dataTypes, extraDataType])].sort()
    : [...spec.dataTypes];
  return {
    agentId: agent.id,
    connector,
    operation: op,
    target: {
      resource: `${connector}/${spec.resource}/${prefix}-${sim.rng.int(100, 9999)}`,
      environment: env,
    },
    dataTypes,
    inputsHash: sim.rng.hex(32),
    callId: sim.rng.uuid(),
    outputsHash: sim.rng.hex(32),
    durationMs: sim.rng.int(40, 4800),
    error: sim.rng.chance(0.03),
    approvalId,
    newApprovalId: sim.rng.uuid(),
    id: sim.rng.uuid(),
  };
}

/** The same call again (target, data types, inputs) under `approvalId`. */
export function retryPlan(sim: SimCore, a: SimApproval, approvalId: string | null): CallPlan {
  const agent = sim.agentById(a.agentId);
  const p = planCall(sim, agent, a.plan.connector, a.plan.operation, undefined, approvalId);
  return {
    ...p,
    target: { ...a.plan.target },
    dataTypes: [...a.plan.dataTypes],
    inputsHash: a.plan.inputsHash,
  };
}

/** `data` of a connector.called, keys in JCS order so the emitter can take JSON.stringify as canonical. */
export function callEntryData(
  sim: SimCore,
  p: CallPlan,
  rec: RecordedDecision,
  status: string,
  outputs: boolean,
): Record<string, unknown> {
  const f = rec.factors;
  return {
    approval_id: p.approvalId,
    call_id: p.callId,
    connector: p.connector,
    data_types: p.dataTypes,
    decision: {
      factors: { connector: f.connector, frequency: f.frequency, operation: f.operation, target: f.target },
      reason: rec.reason,
      risk_score: rec.risk_score,
      rule_id: rec.rule_id,
      rule_version: rec.rule_version,
      verdict: rec.verdict,
    },
    duration_ms:
      status === 'blocked' || status === 'escalated' ? Math.max(2, p.durationMs % 40) : p.durationMs,
    inputs_hash: p.inputsHash,
    operation: p.operation,
    outputs_hash: outputs ? p.outputsHash : null,
    status,
    target: { environment: p.target.environment, resource: p.target.resource },
  };
}

/** What the platform should decide for the call now, without recording it. */
export function decide(sim: SimCore, p: CallPlan, tsMs: number): ComputedCall {
  const placeholder: RecordedDecision = {
    verdict: 'DENY',
    reason: 'default',
    risk_score: 0,
    factors: { operation: 0, connector: 0, frequency: 0, target: 0 },
    rule_id: null,
    rule_version: null,
  };
  return sim.ev.decide({
    seq: sim.em.position,
    id: p.id,
    ts: new Date(tsMs).toISOString(),
    org_id: sim.w.orgId,
    agent_id: p.agentId,
    actor: { type: 'agent', id: p.agentId },
    action_type: 'connector.called',
    data: callEntryData(sim, p, placeholder, 'blocked', false),
    prev: '',
  });
}

/** What an honest platform records for a computed decision. */
export function honest(sim: SimCore, d: ComputedCall, p: CallPlan, tsMs: number): CallRecord {
  const status =
    d.verdict === 'PERMIT' ? (p.error ? 'error' : 'success') : d.verdict === 'DENY' ? 'blocked' : 'escalated';
  return {
    rec: {
      verdict: d.verdict,
      reason: d.reason,
      risk_score: d.risk_score,
      factors: { ...d.factors },
      rule_id: d.rule_id,
      rule_version: d.rule_version,
    },
    status,
    outputs: status === 'success' || status === 'error',
    drift: d.drift
      ? { drift_types: [...d.drift.drift_types], severity: d.drift.severity, response: d.drift.response }
      : null,
    suspend: d.drift?.response === 'suspend' && d.reason !== 'suspended',
    approval: d.verdict === 'ESCALATE',
    expiresAtMs: tsMs + sim.ttlMs,
    expectOnCall: [],
  };
}

/** The entries of a call as recorded (its lie applied, if any) and its consequences. */
export function materialize(
  sim: SimCore,
  p: CallPlan,
  tsMs: number,
): { drafts: EntryDraft[]; r: CallRecord } {
  const d = decide(sim, p, tsMs);
  const r = honest(sim, d, p, tsMs);
  if (p.lie) {
    p.lie(r, d, p);
    // Consequences follow the recorded verdict (§8.3 step 4).
    if (r.rec.verdict !== 'ESCALATE') r.approval = false;
  }
  const agentActor: Actor = { type: 'agent', id: p.agentId };
  const drafts: EntryDraft[] = [
    {
      id: p.id,
      tsMs,
      agent_id: p.agentId,
      actor: agentActor,
      action_type: 'connector.called',
      data: callEntryData(sim, p, r.rec, r.status, r.outputs),
      expect: r.expectOnCall,
      sorted: true,
    },
  ];
  const sys = sim.w.systemActor;
  if (r.drift) {
    drafts.push({
      id: sim.rng.uuid(),
      tsMs,
      agent_id: p.agentId,
      actor: sys,
      action_type: 'drift.detected',
      data: {
        call_id: p.callId,
        detail: `${p.connector} ${p.operation} [${p.dataTypes.join(', ')}]: ${r.drift.drift_types.join(', ')}`,
        drift_types: r.drift.drift_types,
        response: r.drift.response,
        severity: r.drift.severity,
      },
      sorted: true,
    });
  }
  if (r.suspend) {
    drafts.push({
      id: sim.rng.uuid(),
      tsMs,
      agent_id: p.agentId,
      actor: sys,
      action_type: 'agent.suspended',
      data: { agent_id: p.agentId, call_id: p.callId, reason: 'drift' },
      sorted: true,
    });
  }
  if (r.approval) {
    drafts.push({
      id: sim.rng.uuid(),
      tsMs,
      agent_id: p.agentId,
      actor: sys,
      action_type: 'approval.requested',
      data: {
        approval_id: p.newApprovalId,
        call_id: p.callId,
        expires_at: new Date(r.expiresAtMs).toISOString(),
        risk_score: r.rec.risk_score,
        rule_id: r.rec.rule_id,
      },
      sorted: true,
    });
  }
  return { drafts, r };
}

/** Tries candidate calls (without recording them) until one's computed decision fits. */
export function findCall(
  sim: SimCore,
  now: number,
  agents: SimAgent[],
  fits: (d: ComputedCall, a: SimAgent) => boolean,
  extraDataType?: string,
): CallPlan | null {
  for (const agent of agents) {
    const options = [
      ...agent.arch.routine.map((r) => ({ connector: r.connector, op: r.op })),
      ...agent.arch.stray.map((r) => ({ connector: r.connector, op: r.op })),
      ...Object.entries(CONNECTORS).flatMap(([connector, ops]) => ops.map((o) => ({ connector, op: o.op }))),
    ];
    for (const o of options) {
      const plan = planCall(sim, agent, o.connector, o.op, extraDataType);
      if (fits(decide(sim, plan, now), agent)) return plan;
    }
  }
  return null;
}
