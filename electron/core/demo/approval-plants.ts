/** The approval plants: an escalated call, then a review or a retry that breaks §8.4 in the planted way. */
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import { emitCall, reviewers, writeReview } from './call-flow.js';
import type { PlantKind } from './plant-kinds.js';
import type { SimCore } from './sim-core.js';
import { findCall, retryPlan } from './sim-calls.js';
import { MINUTE, SECOND, type CallLie, type CallPlan } from './sim-types.js';

/** Escalates a call and schedules the planted misuse of its approval. */
export function approvalScenario(sim: SimCore, now: number, kind: PlantKind): void {
  const plan = findCall(
    sim,
    now,
    sim.activeAgents(),
    (d) => d.verdict === 'ESCALATE' && d.drift === null && d.reason !== 'suspended',
  );
  if (!plan) return;
  plan.managed = true;
  const r = emitCall(sim, plan, now);
  if (r === null || !r.approval) return;
  sim.plantStarted = true;
  const a = sim.approvals.get(plan.newApprovalId)!;
  const agent = sim.agentById(a.agentId);
  const approvedLie: CallLie = (rr) => {
    rr.rec = { ...rr.rec, verdict: 'PERMIT', reason: 'approved', rule_id: null, rule_version: null };
    rr.status = 'success';
    rr.outputs = true;
    rr.approval = false;
    rr.expectOnCall.push(kind as FindingKind);
  };
  const lyingRetry = (at: number, change?: (p: CallPlan) => void): void => {
    sim.queue.push(at, (t) => {
      const p = retryPlan(sim, a, a.id);
      if (change) change(p);
      p.lie = approvedLie;
      p.managed = true;
      if (emitCall(sim, p, t) !== null) sim.plantDone = true;
    });
  };
  const properReview = (at: number): void => {
    sim.queue.push(at, (t) => writeReview(sim, t, a, sim.rng.pick(reviewers(sim, a)), 'approved'));
  };
  switch (kind) {
    case 'executed_without_approval':
      lyingRetry(now + 90 * SECOND);
      return;
    case 'approval_by_unauthorized_role':
      sim.queue.push(now + 3 * MINUTE, (t) => {
        const lesser = sim.active(['viewer', 'auditor']);
        const who = lesser.length > 0 ? sim.rng.pick(lesser) : sim.createUser(t, 'viewer');
        writeReview(sim, t, a, who, 'approved', ['unauthorized_actor']);
      });
      lyingRetry(now + 5 * MINUTE);
      return;
    case 'approval_after_expiry':
      properReview(now + 4 * MINUTE);
      lyingRetry(a.expiresAtMs + 30 * SECOND);
      return;
    case 'approval_reused':
      properReview(now + 4 * MINUTE);
      sim.queue.push(now + 6 * MINUTE, (t) => emitCall(sim, retryPlan(sim, a, a.id), t));
      lyingRetry(now + 9 * MINUTE);
      return;
    case 'approval_target_mismatch':
      properReview(now + 4 * MINUTE);
      lyingRetry(now + 6 * MINUTE, (p) => {
        p.inputsHash = sim.rng.hex(32);
      });
      return;
    case 'self_approval':
      sim.queue.push(now + 4 * MINUTE, (t) => {
        const owner = sim.users.find((u) => u.id === agent.ownerId)!;
        writeReview(sim, t, a, owner, 'approved', ['self_approval']);
        sim.plantDone = true;
      });
      sim.queue.push(now + 6 * MINUTE, (t) => {
        if (t < a.expiresAtMs - SECOND) emitCall(sim, retryPlan(sim, a, a.id), t);
      });
      return;
    default:
      return;
  }
}
