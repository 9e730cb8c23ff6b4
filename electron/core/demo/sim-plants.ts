/**
 * Plants a lying platform makes (the decision recorded wrong before it is hashed), line and time
 * plants set up for the next entry, and the approval scenarios (approval-plants.ts).
 */
import type { ComputedCall } from '../../../shared/evaluate/evaluator.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import { approvalScenario } from './approval-plants.js';
import { emitCall } from './call-flow.js';
import type { SimCore } from './sim-core.js';
import { findCall } from './sim-calls.js';
import { MINUTE, type CallLie, type CallRecord, type SimAgent } from './sim-types.js';

/** Thrown when a plant could not be placed inside the requested export; a RangeError because more entries fix it. */
export class PlantNotPlacedError extends RangeError {}

/** One attempt at setting up the plant; the plant is done once its entry is written. */
export function plantStep(sim: SimCore, now: number): void {
  const kind = sim.plant!;
  sim.plantTries++;
  if (sim.plantTries > 400)
    throw new PlantNotPlacedError(`could not set up plant ${kind}: no suitable moment in the log`);
  const act = sim.activeAgents();
  const permitRule = (d: ComputedCall): boolean =>
    d.verdict === 'PERMIT' && d.reason === 'rule' && d.drift === null;
  const lieCall = (
    fits: (d: ComputedCall, a: SimAgent) => boolean,
    lie: CallLie,
    agents = act,
    extra?: string,
  ): boolean => {
    const plan = findCall(sim, now, agents, fits, extra);
    if (!plan) return false;
    plan.lie = lie;
    plan.managed = true;
    const r = emitCall(sim, plan, now);
    if (r !== null) sim.plantDone = true;
    return true;
  };
  const expect = (r: CallRecord, k: FindingKind): void => {
    r.expectOnCall.push(k);
  };
  switch (kind) {
    case 'verdict_mismatch':
      lieCall(permitRule, (r) => {
        r.rec.verdict = 'DENY';
        r.status = 'blocked';
        r.outputs = false;
        expect(r, 'verdict_mismatch');
      });
      return;
    case 'reason_mismatch':
      lieCall(permitRule, (r) => {
        r.rec.reason = 'threshold';
        expect(r, 'reason_mismatch');
      });
      return;
    case 'rule_mismatch':
      lieCall(
        (d, a) => permitRule(d) && a.rules.some((x) => x.id !== d.rule_id),
        (r, d, p) => {
          const other = sim.agentById(p.agentId).rules.find((x) => x.id !== d.rule_id)!;
          r.rec.rule_id = other.id;
          r.rec.rule_version = other.version;
          expect(r, 'rule_mismatch');
        },
      );
      return;
    case 'risk_score_mismatch':
      lieCall(permitRule, (r) => {
        r.rec.factors.connector += 5;
        r.rec.risk_score = Math.min(100, r.rec.risk_score + 5);
        expect(r, 'risk_score_mismatch');
      });
      return;
    case 'status_mismatch':
      lieCall(permitRule, (r) => {
        r.status = 'blocked';
        r.outputs = false;
        expect(r, 'status_mismatch');
      });
      return;
    case 'scope_violation':
      lieCall(
        (d) => d.reason === 'scope' && d.drift === null,
        (r) => {
          r.rec = { ...r.rec, verdict: 'PERMIT', reason: 'default', rule_id: null, rule_version: null };
          r.status = 'success';
          r.outputs = true;
          expect(r, 'scope_violation');
        },
      );
      return;
    case 'suspended_agent_permitted': {
      const suspended = sim.agents.filter((a) => a.status === 'suspended');
      if (suspended.length === 0) {
        // Make one: an honest drift call that gets its agent suspended.
        const plan = findCall(sim, now, act, (d) => d.reason === 'drift' && d.drift?.response === 'suspend');
        if (plan) emitCall(sim, plan, now);
        return;
      }
      lieCall(
        (d) => d.reason === 'suspended' && d.drift === null,
        (r) => {
          r.rec = { ...r.rec, verdict: 'PERMIT', reason: 'default', rule_id: null, rule_version: null };
          r.status = 'success';
          r.outputs = true;
          expect(r, 'suspended_agent_permitted');
        },
        suspended,
      );
      return;
    }
    case 'drift_missed':
      lieCall(
        (d) => d.drift !== null && d.drift.response !== 'suspend' && d.reason !== 'suspended',
        (r) => {
          r.drift = null;
          expect(r, 'drift_missed');
        },
        act,
        'credentials',
      );
      return;
    case 'drift_unexpected':
      lieCall(
        (d, a) => d.drift === null && a.intent !== null && d.verdict === 'PERMIT',
        (r) => {
          r.drift = { drift_types: ['frequency_exceeded'], severity: 'medium', response: 'throttle' };
          expect(r, 'drift_unexpected');
        },
      );
      return;
    case 'drift_severity_mismatch':
      lieCall(
        (d) =>
          d.drift !== null &&
          d.drift.response === 'throttle' &&
          d.drift.severity === 'medium' &&
          d.reason !== 'suspended',
        (r) => {
          r.drift!.severity = 'low';
          expect(r, 'drift_severity_mismatch');
        },
        act,
        'credentials',
      );
      return;
    case 'drift_response_mismatch':
      lieCall(
        (d) => d.drift !== null && d.drift.response === 'throttle' && d.reason !== 'suspended',
        (r) => {
          r.drift!.response = 'alert';
          expect(r, 'drift_response_mismatch');
        },
        act,
        'credentials',
      );
      return;
    case 'suspension_missing':
      lieCall(
        (d) => d.reason === 'drift' && d.drift?.response === 'suspend',
        (r) => {
          r.suspend = false;
          expect(r, 'suspension_missing');
        },
      );
      return;
    case 'approval_missing':
      lieCall(
        (d) => d.verdict === 'ESCALATE' && d.drift === null,
        (r) => {
          r.approval = false;
          expect(r, 'approval_missing');
        },
      );
      return;
    case 'approval_expiry_mismatch':
      lieCall(
        (d) => d.verdict === 'ESCALATE' && d.drift === null,
        (r) => {
          r.expiresAtMs += 15 * MINUTE;
          expect(r, 'approval_expiry_mismatch');
        },
      );
      return;
    case 'executed_without_approval':
    case 'approval_by_unauthorized_role':
    case 'approval_after_expiry':
    case 'approval_reused':
    case 'approval_target_mismatch':
    case 'self_approval':
      approvalScenario(sim, now, kind);
      return;
    case 'unauthorized_actor': {
      const viewers = sim.active(['viewer']);
      const who = viewers.length > 0 ? sim.rng.pick(viewers) : sim.createUser(now, 'viewer');
      const agent = sim.rng.pick(sim.agents);
      sim.userAction(
        now,
        who,
        'compliance.generated',
        agent.id,
        { package_id: sim.rng.uuid(), agent_id: agent.id },
        ['unauthorized_actor'],
      );
      sim.plantDone = true;
      return;
    }
    case 'unknown_action_type':
      sim.emitGroup([
        {
          id: sim.rng.uuid(),
          tsMs: now,
          agent_id: null,
          actor: sim.w.systemActor,
          action_type: 'billing.usage_reported',
          data: { period: new Date(now).toISOString().slice(0, 10), units: sim.rng.int(100, 9000) },
          expect: ['unknown_action_type'],
        },
      ]);
      sim.plantDone = true;
      return;
    case 'non_canonical_entry':
      sim.pendingLine = 'non_canonical';
      sim.plantStarted = true;
      return;
    case 'chain_broken':
      sim.pendingLine = 'chain_broken';
      sim.plantStarted = true;
      return;
    case 'seq_gap':
      sim.pendingLine = 'seq_gap';
      sim.plantStarted = true;
      return;
    case 'timestamp_regression':
      // A heartbeat stamped before the entry ahead of it: nothing evaluates it, so only the order is wrong.
      sim.emitGroup([
        {
          id: sim.rng.uuid(),
          tsMs: sim.lastMs - 1500,
          agent_id: null,
          actor: sim.w.systemActor,
          action_type: 'system.heartbeat',
          data: {},
          expect: ['timestamp_regression'],
        },
      ]);
      sim.plantDone = true;
      return;
    case 'time_gap':
      // The platform goes dark for longer than two heartbeat intervals; what fell due meanwhile is written when it comes back.
      sim.outageUntil = now + 2 * sim.hbMs + 7 * MINUTE;
      sim.nextHb = sim.outageUntil;
      sim.gapPending = true;
      sim.plantStarted = true;
      sim.queue.push(sim.outageUntil, () => {
        if (!sim.gapPending) sim.plantDone = true;
      });
      return;
    default:
      // File, signature and two-export plants are made by the bundle writer.
      sim.plantDone = true;
      return;
  }
}
