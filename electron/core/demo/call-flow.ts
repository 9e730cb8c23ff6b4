/**
 * A call's life on the platform: bursts of work, each call written with its consequences, and
 * what it sets going — an agent suspended and later resumed, an approval reviewed, retried under
 * it, or left to expire.
 */
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import type { SimCore } from './sim-core.js';
import { materialize, planCall, retryPlan } from './sim-calls.js';
import {
  MINUTE,
  SECOND,
  type CallPlan,
  type CallRecord,
  type SimAgent,
  type SimApproval,
  type SimUser,
} from './sim-types.js';

/** A burst of calls by one agent, mostly one kind of work, scheduled a few seconds apart. */
export function callBurst(sim: SimCore, now: number): void {
  const suspended = sim.agents.filter((a) => a.status === 'suspended');
  let agent: SimAgent;
  if (suspended.length > 0 && sim.rng.chance(0.02)) agent = sim.rng.pick(suspended);
  else {
    const act = sim.activeAgents();
    if (act.length === 0) return;
    agent = sim.rng.weighted(act, (a) => a.arch.activity);
  }
  const r = sim.rng.float();
  const size = r < 0.7 ? 1 : r < 0.92 ? sim.rng.int(2, 5) : sim.rng.int(6, 16);
  let t = now;
  const routine = sim.rng.weighted(agent.arch.routine, (x) => x.weight);
  for (let i = 0; i < size; i++) {
    // Bursts mostly repeat one kind of work (a triage sweep, a search loop) with a stray call now and then.
    const pickStray = sim.rng.chance(0.007);
    const pick = pickStray
      ? sim.rng.pick(agent.arch.stray)
      : i === 0 || sim.rng.chance(0.6)
        ? routine
        : sim.rng.weighted(agent.arch.routine, (x) => x.weight);
    const plan = planCall(
      sim,
      agent,
      pick.connector,
      pick.op,
      'extraDataType' in pick ? pick.extraDataType : undefined,
    );
    sim.queue.push(t, (at) => emitCall(sim, plan, at));
    t += sim.rng.int(200, 4000);
  }
}

/** Writes a call and its consequences as one group; returns what was recorded, or null when the run stopped. */
export function emitCall(sim: SimCore, p: CallPlan, now: number): CallRecord | null {
  let m = materialize(sim, p, now);
  const cut = sim.straddled(m.drafts.length);
  if (cut !== null) {
    sim.padTo(cut);
    if (sim.stopped) return null;
    m = materialize(sim, p, now);
  }
  if (!sim.emitGroup(m.drafts)) return null;
  const agent = sim.agentById(p.agentId);
  if (m.r.suspend) {
    agent.status = 'suspended';
    sim.queue.push(now + sim.rng.int(20, 120) * MINUTE, (t) => resume(sim, t, agent));
  }
  if (m.r.approval) {
    const a: SimApproval = {
      id: p.newApprovalId,
      agentId: p.agentId,
      plan: p,
      expiresAtMs: m.r.expiresAtMs,
      status: 'pending',
    };
    sim.approvals.set(a.id, a);
    sim.queue.push(a.expiresAtMs, (t) => expire(sim, t, a));
    if (!p.managed && sim.rng.chance(0.8)) {
      const delay = Math.min(sim.ttlMs - 5 * MINUTE, MINUTE + Math.round(sim.rng.exp(12 * MINUTE)));
      sim.queue.push(now + delay, (t) => review(sim, t, a));
    }
  }
  return m.r;
}

/** A suspended agent back to work (by an admin or deployer). */
export function resume(sim: SimCore, now: number, agent: SimAgent): void {
  if (agent.status !== 'suspended') return;
  sim.userAction(now, sim.adminOrDeployer(), 'agent.resumed', agent.id, { agent_id: agent.id });
  agent.status = 'active';
}

/** A pending approval past its expiry. */
export function expire(sim: SimCore, now: number, a: SimApproval): void {
  // Past its expiry an approval is of no further use to the simulation.
  sim.approvals.delete(a.id);
  if (a.status !== 'pending') return;
  sim.systemAction(now, 'approval.expired', a.agentId, { approval_id: a.id });
  a.status = 'expired';
}

/** Who may review an approval: active admins and deployers other than the agent's owner. */
export function reviewers(sim: SimCore, a: SimApproval): SimUser[] {
  const owner = sim.agentById(a.agentId).ownerId;
  return sim.active(['admin', 'deployer']).filter((u) => u.id !== owner);
}

/** An approval.reviewed by `reviewer`. */
export function writeReview(
  sim: SimCore,
  now: number,
  a: SimApproval,
  reviewer: SimUser,
  decision: 'approved' | 'denied',
  expect?: FindingKind[],
): void {
  sim.userAction(
    now,
    reviewer,
    'approval.reviewed',
    a.agentId,
    { approval_id: a.id, decision, notes_sha256: sim.rng.hex(32) },
    expect,
  );
  a.status = decision;
}

/** The usual review of a pending approval, and most often the call retried under it. */
export function review(sim: SimCore, now: number, a: SimApproval): void {
  if (a.status !== 'pending' || now >= a.expiresAtMs - SECOND) return;
  const who = reviewers(sim, a);
  if (who.length === 0) return;
  const decision = sim.rng.chance(0.78) ? 'approved' : 'denied';
  writeReview(sim, now, a, sim.rng.pick(who), decision);
  if (decision === 'approved' && sim.rng.chance(0.9)) {
    const at = now + sim.rng.int(30, 360) * SECOND;
    if (at < a.expiresAtMs - 5 * SECOND) sim.queue.push(at, (t) => retry(sim, t, a));
  }
}

/** The escalated call again, under its approval. */
export function retry(sim: SimCore, now: number, a: SimApproval): void {
  if (now >= a.expiresAtMs - SECOND) return;
  emitCall(sim, retryPlan(sim, a, a.id), now);
}
