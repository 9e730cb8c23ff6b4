/** The typed explanation of one connector.called (filled only when tracing is asked for). */
import type { Approval, ConnectorConfig, Intent, PolicyRule, RiskFactors } from '../format/export-types.js';
import type { Finding } from '../report/report-types.js';
import type { ApprovalVerdict } from './approval-check.js';
import type { RecordedView } from './call-data.js';
import type { ComputedCall } from './compute-call.js';
import type { DriftResult } from './drift.js';
import type { LadderStep } from './ladder.js';

/** One risk factor with the profile row it came from. */
export interface RiskFactorTrace {
  factor: keyof RiskFactors;
  points: number;
  /** The profile row the points came from, e.g. `verb_weights.get` or `frequency_steps[min_calls 3]`. */
  source: string;
}

/** One rule of the agent and whether it matched the call. */
export interface RuleTrace {
  rule: PolicyRule;
  connectorMatches: boolean;
  patternMatches: boolean;
}

/** One drift check and its outcome. */
export interface DriftCheckTrace {
  type: 'unauthorized_system' | 'unauthorized_action' | 'unauthorized_data_type' | 'frequency_exceeded';
  found: boolean;
  why: string;
}

/** Entries a call can require later in the export. */
export type ConsequenceKind = 'drift.detected' | 'agent.suspended' | 'approval.requested';

/** A consequence a call required, and what was found for it. */
export interface ConsequenceTrace {
  kind: ConsequenceKind;
  /** What the log must show (null: a drift.detected must NOT appear). */
  expected: unknown;
  /** The entry found for it, if any. */
  found: { seq: number | null; data: unknown } | null;
  status: 'awaited' | 'found' | 'different' | 'missing' | 'unexpected';
}

/** Everything about one call's evaluation. */
export interface CallTrace {
  seq: number | null;
  entry_id: string | null;
  ts: string;
  agent_id: string;
  call_id: string;
  connector: string;
  operation: string;
  environment: string | null;
  data_types: string[];
  approval_id: string | null;
  /** The state the call saw. */
  seen: {
    agent: { id: string; name: string; owner_id: string; status: string } | null;
    intent: Intent | null;
    connectorConfigs: ConnectorConfig[];
    /** United permitted_operations, null without a config; and the entry that admitted the operation. */
    scope: { operations: string[] | null; matchedBy: string | null };
    rules: RuleTrace[];
    approval: Approval | null;
  };
  risk: {
    factors: RiskFactorTrace[];
    windowCount: number;
    windowSeconds: number;
    sum: number;
    score: number;
  };
  drift: { evaluated: boolean; checks: DriftCheckTrace[]; hourCount: number; result: DriftResult | null };
  ladder: LadderStep[];
  approvalCheck: ApprovalVerdict | null;
  computed: ComputedCall;
  recorded: RecordedView;
  consequences: ConsequenceTrace[];
  findings: Finding[];
}
