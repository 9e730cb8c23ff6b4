/** Types of the signed agent-audit export, version 1 (spec §3, §4, §5, §7). */

export type Timestamp = string;
export type Uuid = string;
export type Hex = string;

export type Verdict = 'PERMIT' | 'ESCALATE' | 'DENY';
export type DecisionReason = 'suspended' | 'drift' | 'scope' | 'rule' | 'approved' | 'threshold' | 'default';
export type CallStatus = 'success' | 'error' | 'blocked' | 'escalated';
export type Environment = 'prod' | 'staging' | 'dev';
export type Role = 'admin' | 'deployer' | 'auditor' | 'viewer';
export type DriftType =
  | 'unauthorized_system'
  | 'unauthorized_action'
  | 'unauthorized_data_type'
  | 'frequency_exceeded';
export type DriftSeverity = 'low' | 'medium' | 'high' | 'critical';
export type DriftResponse = 'alert' | 'throttle' | 'suspend';
export type ActorType = 'agent' | 'user' | 'system';

export interface Actor {
  type: ActorType;
  id: string;
}

/** One line of entries.jsonl, parsed (spec §3). `data` is per action type. */
export interface AuditEntry {
  seq: number;
  id: Uuid;
  ts: Timestamp;
  org_id: Uuid;
  agent_id: Uuid | null;
  actor: Actor;
  action_type: string;
  data: Record<string, unknown>;
  prev: Hex;
}

export interface RiskFactors {
  operation: number;
  connector: number;
  frequency: number;
  target: number;
}

export interface RecordedDecision {
  verdict: Verdict;
  reason: DecisionReason;
  risk_score: number;
  factors: RiskFactors;
  rule_id: Uuid | null;
  rule_version: number | null;
}

/** `data` of a `connector.called` entry (spec §3.2). */
export interface ConnectorCallData {
  call_id: Uuid;
  connector: string;
  operation: string;
  target: { resource: string; environment: Environment | null };
  data_types: string[];
  inputs_hash: Hex;
  outputs_hash: Hex | null;
  status: CallStatus;
  duration_ms: number;
  approval_id: Uuid | null;
  decision: RecordedDecision;
}

export interface ManifestFile {
  path: string;
  sha256: Hex;
  bytes: number;
}

/** The DSSE payload (spec §4). */
export interface Manifest {
  format: 'agent-audit-export/1';
  export_id: Uuid;
  origin: string;
  org: { id: Uuid; name: string };
  platform: { name: string; version: string };
  created_at: Timestamp;
  period: { from: Timestamp; to: Timestamp };
  range: { first_seq: number; last_seq: number; count: number };
  tree: { size: number; root: Hex };
  previous_export: { export_id: Uuid; tree_size: number; root: Hex } | null;
  heartbeat_seconds: number;
  files: ManifestFile[];
}

export interface DsseSignature {
  keyid: string;
  sig: string;
}

export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: DsseSignature[];
}

export interface Frontier {
  size: number;
  hashes: Hex[];
}

export type KeyRole = 'log' | 'export';

export interface KeyringKey {
  name: string;
  public_key: string;
  roles: KeyRole[];
  valid_from: Timestamp;
  valid_until: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface Keyring {
  keys: KeyringKey[];
}

// ---- state.json (spec §7) ----

export interface FrequencyStep {
  min_calls: number;
  points: number;
}

/** The evaluation profile (spec §8.1); complete in every state.json. */
export interface Profile {
  verb_weights: Record<string, number>;
  default_verb_weight: number;
  connector_weights: Record<string, number>;
  default_connector_weight: number;
  frequency_window_seconds: number;
  frequency_steps: FrequencyStep[];
  target_weights: Record<string, number>;
  default_verdict: Verdict;
  approval_ttl_seconds: number;
  approver_roles: Role[];
  drift_severity: Record<DriftType, DriftSeverity>;
  drift_response: Record<DriftSeverity, DriftResponse>;
}

export interface User {
  id: string;
  email: string;
  role: Role;
  active: boolean;
}

export interface Intent {
  permitted_systems: string[];
  permitted_actions: string[];
  permitted_data_types: string[];
  max_frequency: { per_hour: number } | null;
}

export interface Agent {
  id: Uuid;
  name: string;
  owner_id: string;
  status: 'inactive' | 'active' | 'suspended';
  version: number;
  image_uri: string;
  intent: Intent | null;
}

export interface ConnectorConfig {
  id: Uuid;
  agent_id: Uuid;
  connector: string;
  permitted_operations: string[];
}

export interface PolicyRule {
  id: Uuid;
  version: number;
  agent_id: Uuid;
  name: string;
  rule_type: 'allow' | 'deny' | 'escalate';
  connector: string | null;
  action_pattern: string;
  risk_threshold: number;
  approval_channel: string | null;
}

export interface Approval {
  approval_id: Uuid;
  call_id: Uuid;
  agent_id: Uuid;
  connector: string;
  operation: string;
  inputs_hash: Hex;
  expires_at: Timestamp;
  status: 'pending' | 'approved' | 'denied' | 'expired';
  reviewer_id: string | null;
  reviewer_role: Role | null;
  reviewed_at: Timestamp | null;
  used: boolean;
}

export interface RecentCall {
  seq: number;
  agent_id: Uuid;
  ts: Timestamp;
}

export interface PlatformState {
  as_of_seq: number;
  profile: Profile;
  users: User[];
  agents: Agent[];
  connectors: ConnectorConfig[];
  rules: PolicyRule[];
  approvals: Approval[];
  recent_calls: RecentCall[];
}

export const PAYLOAD_TYPE = 'application/vnd.agent-audit-export.v1+json';
export const FORMAT_ID = 'agent-audit-export/1';
export const ZERO_HASH = '0'.repeat(64);
export const BUNDLE_FILES = ['checkpoint', 'entries.jsonl', 'frontier.json', 'state.json'] as const;
export const ENVELOPE_FILE = 'manifest.dsse.json';
