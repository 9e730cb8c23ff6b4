/** The simulated platform's own records of people, agents, approvals and calls (what it knows, not what it logs). */
import type { ComputedCall } from '../../../shared/evaluate/evaluator.js';
import type {
  ConnectorConfig,
  DriftResponse,
  DriftSeverity,
  DriftType,
  Environment,
  Intent,
  PolicyRule,
  RecordedDecision,
  User,
} from '../../../shared/format/export-types.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import type { AgentArchetype } from './catalog.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export interface SimUser extends User {
  /** Never role-changed or deactivated (the founder and agent owners keep the org running). */
  keep: boolean;
}

export interface SimAgent {
  id: string;
  baseName: string;
  name: string;
  arch: AgentArchetype;
  ownerId: string;
  status: 'inactive' | 'active' | 'suspended';
  version: number;
  maxVersion: number;
  images: Map<number, string>;
  intent: Intent | null;
  configs: ConnectorConfig[];
  rules: PolicyRule[];
  tempConfig: ConnectorConfig | null;
}

export interface SimApproval {
  id: string;
  agentId: string;
  plan: CallPlan;
  expiresAtMs: number;
  status: 'pending' | 'approved' | 'denied' | 'expired';
}

export interface CallPlan {
  agentId: string;
  connector: string;
  operation: string;
  target: { resource: string; environment: Environment | null };
  dataTypes: string[];
  inputsHash: string;
  callId: string;
  outputsHash: string;
  durationMs: number;
  error: boolean;
  approvalId: string | null;
  newApprovalId: string;
  id: string;
  lie?: CallLie;
  /** The approval this call may open is driven by a plant scenario, not by the usual reviewers. */
  managed?: boolean;
}

export interface DriftView {
  drift_types: DriftType[];
  severity: DriftSeverity;
  response: DriftResponse;
}

/** What the platform records for a call and which consequences it writes. */
export interface CallRecord {
  rec: RecordedDecision;
  status: 'success' | 'error' | 'blocked' | 'escalated';
  outputs: boolean;
  drift: DriftView | null;
  suspend: boolean;
  approval: boolean;
  expiresAtMs: number;
  expectOnCall: FindingKind[];
}

export type CallLie = (r: CallRecord, d: ComputedCall, p: CallPlan) => void;
