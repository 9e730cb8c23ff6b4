/** The decision the platform should make for one call, given the replayed state (spec §8.3). */
import type { Agent, CallStatus, DecisionReason, RiskFactors, Verdict } from '../format/export-types.js';
import { approvalProblem, type ApprovalVerdict } from './approval-check.js';
import type { CallInputs } from './call-data.js';
import { lowerBound, upperBound } from './deque.js';
import { computeDrift, type DriftResult } from './drift.js';
import { runLadder, type CompiledRule, type LadderStep } from './ladder.js';
import { operationListMatches } from './operation-match.js';
import { riskFactors, riskScore } from './risk-score.js';
import { agentWindow, rulesOf, scopeOf, type ReplayState, type WorkingApproval } from './state-replay.js';
import { HOUR_MS, hourStart } from './time.js';

/** What the platform should have decided for a connector.called entry. */
export interface ComputedCall {
  risk_score: number;
  factors: RiskFactors;
  drift: DriftResult | null;
  verdict: Verdict;
  reason: DecisionReason;
  rule_id: string | null;
  rule_version: number | null;
  /** Statuses that follow the computed verdict (shared, frozen). */
  expected_status: readonly CallStatus[];
}

/** The facts a computation saw, kept for messages and explanations. */
export interface CallContext {
  agent: Agent | undefined;
  /** Earlier calls of the agent in (t − window, t]. */
  windowCount: number;
  /** Earlier calls of the agent in the same UTC clock hour. */
  hourCount: number;
  /** United permitted_operations of the agent's configs for the connector; undefined without a config. */
  scope: string[] | undefined;
  matchingRules: CompiledRule[];
  approval: WorkingApproval | undefined;
  /** §8.4 outcome for the call's approval_id (checked even when null, for the approved-reason check). */
  approvalVerdict: ApprovalVerdict | null;
  /** Step of the ladder that decided. */
  step: number;
  /** Every ladder step, only when tracing. */
  steps: LadderStep[] | undefined;
}

const STATUS_OF: Record<Verdict, readonly CallStatus[]> = {
  PERMIT: Object.freeze(['success', 'error'] as const),
  ESCALATE: Object.freeze(['escalated'] as const),
  DENY: Object.freeze(['blocked'] as const),
};

/** Statuses that follow a verdict (spec §3.2). */
export function statusesFor(verdict: Verdict): readonly CallStatus[] {
  return STATUS_OF[verdict];
}

/** Computes risk, drift and verdict for a call against the current state, changing nothing the log would show. */
export function computeCall(st: ReplayState, c: CallInputs, trace: boolean): { computed: ComputedCall; ctx: CallContext } {
  const p = st.profile;
  const agent = st.agents.get(c.agent_id);

  let windowCount = 0;
  let hourCount = 0;
  const times = agentWindow(st, c.agent_id);
  if (times && times.length > 0) {
    const key = (t: number): number => t;
    const upToNow = upperBound(times, key, c.tsMs);
    windowCount = upToNow - upperBound(times, key, c.tsMs - p.windowMs);
    const hs = hourStart(c.tsMs);
    hourCount = lowerBound(times, key, hs + HOUR_MS) - lowerBound(times, key, hs);
  }

  const factors = riskFactors(p, c.connector, c.operation, c.environment, windowCount);
  const risk = riskScore(factors);
  const drift = agent?.intent ? computeDrift(p, agent.intent, c.connector, c.operation, c.data_types, hourCount) : null;
  const scope = scopeOf(st, c.agent_id, c.connector);

  const matchingRules: CompiledRule[] = [];
  for (const r of rulesOf(st, c.agent_id)) {
    if ((r.rule.connector === null || r.rule.connector === c.connector) && r.matcher.match(c.operation)) matchingRules.push(r);
  }

  const approval = c.approval_id === null ? undefined : st.approvals.get(c.approval_id);
  const approvalVerdict = approvalProblem(approval, c, c.tsMs, p.approverRoles);

  const steps: LadderStep[] | undefined = trace ? [] : undefined;
  const decision = runLadder(
    {
      agentSuspended: agent?.status === 'suspended',
      drift,
      hasConfig: scope !== undefined,
      operationInScope: scope !== undefined && operationListMatches(scope, c.operation),
      matchingRules,
      approvalId: c.approval_id,
      approvalValid: approvalVerdict === null,
      risk,
      defaultVerdict: p.defaultVerdict,
    },
    steps,
  );

  return {
    computed: {
      risk_score: risk,
      factors,
      drift,
      verdict: decision.verdict,
      reason: decision.reason,
      rule_id: decision.rule_id,
      rule_version: decision.rule_version,
      expected_status: statusesFor(decision.verdict),
    },
    ctx: { agent, windowCount, hourCount, scope, matchingRules, approval, approvalVerdict, step: decision.step, steps },
  };
}
