/**
 * Hand-written shape checks for the objects the evaluator reads (faster than a schema library on
 * a million entries, and they never throw). Anything that fails is skipped, never guessed at.
 */
import type {
  Agent,
  Approval,
  ConnectorConfig,
  Environment,
  Intent,
  PolicyRule,
  RecentCall,
  Role,
  User,
} from '../format/export-types.js';

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string. */
export function isStr(v: unknown): v is string {
  return typeof v === 'string';
}

/** A safe integer. */
export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** A finite number. */
export function isFiniteNum(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** An array of strings only. */
export function isStrArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(isStr);
}

/** A string or null. */
export function isNullableStr(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

/** User roles of §7. */
export const ROLES: readonly Role[] = ['admin', 'deployer', 'auditor', 'viewer'];
/** Target environments of §3.2 (besides null). */
export const ENVIRONMENTS: readonly Environment[] = ['prod', 'staging', 'dev'];

/** One of the §7 roles. */
export function isRole(v: unknown): v is Role {
  return ROLES.includes(v as Role);
}

/** A user object of §7, copied to exactly its fields, or null. */
export function readUser(v: unknown): User | null {
  if (!isRecord(v) || !isStr(v.id) || !isStr(v.email) || !isRole(v.role) || typeof v.active !== 'boolean') return null;
  return { id: v.id, email: v.email, role: v.role, active: v.active };
}

/** An intent of §7, copied, or null when malformed (callers tell "no intent" apart by `v === null`). */
export function readIntent(v: unknown): Intent | null {
  if (!isRecord(v)) return null;
  const { permitted_systems: s, permitted_actions: a, permitted_data_types: d, max_frequency: f } = v;
  if (!isStrArray(s) || !isStrArray(a) || !isStrArray(d)) return null;
  let max: Intent['max_frequency'];
  if (f === null) max = null;
  else if (isRecord(f) && isFiniteNum(f.per_hour)) max = { per_hour: f.per_hour };
  else return null;
  return { permitted_systems: [...s], permitted_actions: [...a], permitted_data_types: [...d], max_frequency: max };
}

const AGENT_STATUSES: readonly Agent['status'][] = ['inactive', 'active', 'suspended'];

/** An agent object of §7, copied to exactly its fields, or null. */
export function readAgent(v: unknown): Agent | null {
  if (!isRecord(v) || !isStr(v.id) || !isStr(v.name) || !isStr(v.owner_id) || !isStr(v.image_uri)) return null;
  if (!AGENT_STATUSES.includes(v.status as Agent['status']) || !isInt(v.version)) return null;
  let intent: Intent | null = null;
  if (v.intent !== null) {
    intent = readIntent(v.intent);
    if (intent === null) return null;
  }
  return {
    id: v.id,
    name: v.name,
    owner_id: v.owner_id,
    status: v.status as Agent['status'],
    version: v.version,
    image_uri: v.image_uri,
    intent,
  };
}

/** A connector config of §7, copied, or null. */
export function readConnectorConfig(v: unknown): ConnectorConfig | null {
  if (!isRecord(v) || !isStr(v.id) || !isStr(v.agent_id) || !isStr(v.connector) || !isStrArray(v.permitted_operations)) return null;
  return { id: v.id, agent_id: v.agent_id, connector: v.connector, permitted_operations: [...v.permitted_operations] };
}

const RULE_TYPES: readonly PolicyRule['rule_type'][] = ['allow', 'deny', 'escalate'];

/** A policy rule of §7, copied, or null. */
export function readRule(v: unknown): PolicyRule | null {
  if (!isRecord(v) || !isStr(v.id) || !isInt(v.version) || !isStr(v.agent_id) || !isStr(v.name)) return null;
  if (!RULE_TYPES.includes(v.rule_type as PolicyRule['rule_type'])) return null;
  if (!isNullableStr(v.connector) || !isStr(v.action_pattern) || !isFiniteNum(v.risk_threshold)) return null;
  if (!isNullableStr(v.approval_channel)) return null;
  return {
    id: v.id,
    version: v.version,
    agent_id: v.agent_id,
    name: v.name,
    rule_type: v.rule_type as PolicyRule['rule_type'],
    connector: v.connector,
    action_pattern: v.action_pattern,
    risk_threshold: v.risk_threshold,
    approval_channel: v.approval_channel,
  };
}

const APPROVAL_STATUSES: readonly Approval['status'][] = ['pending', 'approved', 'denied', 'expired'];

/** An approval of §7, copied, or null. */
export function readApproval(v: unknown): Approval | null {
  if (!isRecord(v)) return null;
  const ok =
    isStr(v.approval_id) && isStr(v.call_id) && isStr(v.agent_id) && isStr(v.connector) && isStr(v.operation) &&
    isStr(v.inputs_hash) && isStr(v.expires_at) && APPROVAL_STATUSES.includes(v.status as Approval['status']) &&
    isNullableStr(v.reviewer_id) && (v.reviewer_role === null || isRole(v.reviewer_role)) &&
    isNullableStr(v.reviewed_at) && typeof v.used === 'boolean';
  if (!ok) return null;
  return {
    approval_id: v.approval_id as string,
    call_id: v.call_id as string,
    agent_id: v.agent_id as string,
    connector: v.connector as string,
    operation: v.operation as string,
    inputs_hash: v.inputs_hash as string,
    expires_at: v.expires_at as string,
    status: v.status as Approval['status'],
    reviewer_id: v.reviewer_id as string | null,
    reviewer_role: v.reviewer_role as Role | null,
    reviewed_at: v.reviewed_at as string | null,
    used: v.used as boolean,
  };
}

/** A recent_calls item of §7, or null. */
export function readRecentCall(v: unknown): RecentCall | null {
  if (!isRecord(v) || !isInt(v.seq) || !isStr(v.agent_id) || !isStr(v.ts)) return null;
  return { seq: v.seq, agent_id: v.agent_id, ts: v.ts };
}
