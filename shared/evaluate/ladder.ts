/** The verdict ladder of spec §8.3 step 3: the first step that applies decides. */
import type { DecisionReason, PolicyRule, Verdict } from '../format/export-types.js';
import type { DriftResult } from './drift.js';
import type { GlobMatcher } from './glob.js';

/** A policy rule with its action pattern compiled once per rule version. */
export interface CompiledRule {
  readonly rule: PolicyRule;
  readonly matcher: GlobMatcher;
}

/** Facts the ladder decides from. */
export interface LadderInput {
  agentSuspended: boolean;
  drift: DriftResult | null;
  /** Some connector config of the agent exists for this connector. */
  hasConfig: boolean;
  /** The united `permitted_operations` of those configs admit the operation. */
  operationInScope: boolean;
  /** Rules of this agent whose connector is null or equal and whose glob matches the operation. */
  matchingRules: readonly CompiledRule[];
  approvalId: string | null;
  /** The approval passes every check of §8.4. */
  approvalValid: boolean;
  risk: number;
  defaultVerdict: Verdict;
}

/** The decision of the ladder. */
export interface LadderResult {
  verdict: Verdict;
  reason: DecisionReason;
  rule_id: string | null;
  rule_version: number | null;
  /** 1–8, the step of §8.3.3 that decided. */
  step: number;
}

/** One ladder step as explained in a trace. */
export interface LadderStep {
  step: number;
  name: string;
  applies: boolean;
  why: string;
}

/** "Smallest id" of the spec: code unit by code unit, which is JS string order. */
export function smallerId(a: string, b: string): boolean {
  return a < b;
}

function smallestOfType(rules: readonly CompiledRule[], type: PolicyRule['rule_type']): PolicyRule | null {
  let best: PolicyRule | null = null;
  for (const { rule } of rules) {
    if (rule.rule_type === type && (best === null || smallerId(rule.id, best.id))) best = rule;
  }
  return best;
}

/** The allow rule that decides: lowest `risk_threshold`, ties broken by smallest id. */
export function decidingAllowRule(rules: readonly CompiledRule[]): PolicyRule | null {
  let best: PolicyRule | null = null;
  for (const { rule } of rules) {
    if (rule.rule_type !== 'allow') continue;
    if (
      best === null ||
      rule.risk_threshold < best.risk_threshold ||
      (rule.risk_threshold === best.risk_threshold && smallerId(rule.id, best.id))
    ) {
      best = rule;
    }
  }
  return best;
}

function ruleResult(verdict: Verdict, reason: DecisionReason, rule: PolicyRule, step: number): LadderResult {
  return { verdict, reason, rule_id: rule.id, rule_version: rule.version, step };
}

// Callers guard with `if (steps)` so the explanation strings are only built when tracing.
function note(steps: LadderStep[], step: number, name: string, applies: boolean, why: string): void {
  steps.push({ step, name, applies, why });
}

/** Runs the ladder; when `steps` is given, records why each step did or did not apply. */
export function runLadder(input: LadderInput, steps?: LadderStep[]): LadderResult {
  if (input.agentSuspended) {
    if (steps) note(steps, 1, 'agent suspended', true, 'the agent was suspended when the call was made');
    return { verdict: 'DENY', reason: 'suspended', rule_id: null, rule_version: null, step: 1 };
  }
  if (steps) note(steps, 1, 'agent suspended', false, 'the agent was not suspended');

  if (input.drift !== null && input.drift.response === 'suspend') {
    if (steps) note(steps, 2, 'drift response suspend', true, `drift ${input.drift.drift_types.join('+')} is ${input.drift.severity}, response suspend`);
    return { verdict: 'DENY', reason: 'drift', rule_id: null, rule_version: null, step: 2 };
  }
  if (steps) note(steps, 2, 'drift response suspend', false, input.drift === null ? 'no drift' : `drift response is ${input.drift.response}`);

  if (!input.hasConfig || !input.operationInScope) {
    if (steps) note(steps, 3, 'scope', true, input.hasConfig ? 'the operation is not in the permitted_operations of the connector config' : 'the agent has no connector config for this connector');
    return { verdict: 'DENY', reason: 'scope', rule_id: null, rule_version: null, step: 3 };
  }
  if (steps) note(steps, 3, 'scope', false, 'a connector config permits the operation');

  const deny = smallestOfType(input.matchingRules, 'deny');
  if (deny !== null) {
    if (steps) note(steps, 4, 'deny rule', true, `deny rule ${deny.id} v${deny.version} (${deny.action_pattern}) matches`);
    return ruleResult('DENY', 'rule', deny, 4);
  }
  if (steps) note(steps, 4, 'deny rule', false, 'no matching deny rule');

  if (input.approvalId !== null && input.approvalValid) {
    if (steps) note(steps, 5, 'valid approval', true, `approval ${input.approvalId} is valid`);
    return { verdict: 'PERMIT', reason: 'approved', rule_id: null, rule_version: null, step: 5 };
  }
  if (steps) note(steps, 5, 'valid approval', false, input.approvalId === null ? 'the call carries no approval' : `approval ${input.approvalId} is not valid`);

  const escalate = smallestOfType(input.matchingRules, 'escalate');
  if (escalate !== null) {
    if (steps) note(steps, 6, 'escalate rule', true, `escalate rule ${escalate.id} v${escalate.version} (${escalate.action_pattern}) matches`);
    return ruleResult('ESCALATE', 'rule', escalate, 6);
  }
  if (steps) note(steps, 6, 'escalate rule', false, 'no matching escalate rule');

  const allow = decidingAllowRule(input.matchingRules);
  if (allow !== null) {
    const over = input.risk > allow.risk_threshold;
    if (steps) note(steps, 7, 'allow rule', true, `allow rule ${allow.id} v${allow.version} (${allow.action_pattern}), threshold ${allow.risk_threshold}: risk ${input.risk} ${over ? '>' : '≤'} threshold`);
    return over ? ruleResult('ESCALATE', 'threshold', allow, 7) : ruleResult('PERMIT', 'rule', allow, 7);
  }
  if (steps) note(steps, 7, 'allow rule', false, 'no matching allow rule');

  if (steps) note(steps, 8, 'default', true, `no rule matches: default verdict ${input.defaultVerdict}`);
  return { verdict: input.defaultVerdict, reason: 'default', rule_id: null, rule_version: null, step: 8 };
}
