/** Building findings (spec §9) with messages a client can read. */
import { kindControls, kindSeverity, type FindingKind } from '../report/finding-kinds.js';
import type { Finding } from '../report/report-types.js';
import type { CallInputs } from './call-data.js';
import type { CallContext, ComputedCall } from './compute-call.js';
import type { DriftResult } from './drift.js';
import { decidingAllowRule } from './ladder.js';

/** Where a finding sits. */
export interface FindingSite {
  seq: number | null;
  entry_id: string | null;
  agent_id: string | null;
}

/** A finding of `kind` with severity and controls from the catalog. */
export function makeFinding(kind: FindingKind, site: FindingSite, recorded: unknown, expected: unknown, message: string): Finding {
  return {
    kind,
    severity: kindSeverity(kind),
    seq: site.seq,
    entry_id: site.entry_id,
    agent_id: site.agent_id,
    recorded,
    expected,
    controls: kindControls(kind),
    message,
  };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** `Call 4711 to okta users:delete`. */
export function callLabel(c: Pick<CallInputs, 'seq' | 'connector' | 'operation'>): string {
  return `Call ${c.seq ?? '?'} to ${c.connector} ${c.operation}`;
}

/** `PERMIT (rule r1 v2)`, `DENY (scope)`, with anything unreadable shown as found. */
export function decisionText(verdict: unknown, reason: unknown, ruleId: unknown, ruleVersion: unknown): string {
  const rule = ruleId === null || ruleId === undefined ? '' : ` ${show(ruleId)}${ruleVersion === null || ruleVersion === undefined ? '' : ` v${show(ruleVersion)}`}`;
  return `${show(verdict)} (${show(reason)}${rule})`;
}

/** Why the computation reached its verdict, in words. */
export function ladderWhy(c: CallInputs, computed: ComputedCall, ctx: CallContext): string {
  switch (ctx.step) {
    case 1:
      return 'the agent was suspended';
    case 2:
      return `the call drifted from the agent's intent (${computed.drift?.drift_types.join(', ') ?? ''}, ${computed.drift?.severity ?? ''}), which calls for suspension`;
    case 3:
      return ctx.scope === undefined
        ? `the agent had no connector config for ${c.connector}`
        : `no connector config of the agent for ${c.connector} permits ${c.operation}`;
    case 4:
      return `deny rule ${computed.rule_id ?? ''} matches ${c.operation}`;
    case 5:
      return `approval ${c.approval_id ?? ''} is valid`;
    case 6:
      return `escalate rule ${computed.rule_id ?? ''} matches ${c.operation}`;
    case 7: {
      const allow = decidingAllowRule(ctx.matchingRules);
      const t = allow?.risk_threshold ?? 0;
      return computed.verdict === 'ESCALATE'
        ? `risk ${computed.risk_score} exceeds threshold ${t} of allow rule ${computed.rule_id ?? ''}`
        : `allow rule ${computed.rule_id ?? ''} admits it at risk ${computed.risk_score} (threshold ${t})`;
    }
    default:
      return `no rule of the agent matches ${c.operation}`;
  }
}

/** Drift as `unauthorized_action (high, suspend)`. */
export function driftText(d: DriftResult | null): string {
  return d === null ? 'no drift' : `${d.drift_types.join(', ')} (${d.severity}, ${d.response})`;
}

/** Factors as `risk 55 (operation 10, connector 30, frequency 0, target 15)`. */
export function riskText(score: unknown, f: Record<string, unknown> | null): string {
  if (f === null) return `risk ${show(score)} (no factors)`;
  return `risk ${show(score)} (operation ${show(f.operation)}, connector ${show(f.connector)}, frequency ${show(f.frequency)}, target ${show(f.target)})`;
}
