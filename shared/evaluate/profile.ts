/** The evaluation profile (spec §8.1), read defensively into lookup tables. */
import { isFiniteNum, isRecord } from './schema.js';
import type { DriftResponse, DriftSeverity, DriftType, FrequencyStep, Profile, Role, Verdict } from '../format/export-types.js';

/** The §8.1 defaults, used for any profile field that is missing or malformed. */
export const DEFAULT_PROFILE: Profile = {
  verb_weights: {
    read: 10, list: 10, get: 10, search: 15, create: 25, write: 30, update: 30, execute: 40,
    isolate: 45, contain: 45, delete: 50, remove: 50, quarantine: 50,
  },
  default_verb_weight: 20,
  connector_weights: {
    okta: 35, palo_alto: 35, crowdstrike: 30, sentinel: 25, wiz: 20, splunk: 15, servicenow: 15,
    jira: 10, pagerduty: 10, slack: 5,
  },
  default_connector_weight: 15,
  frequency_window_seconds: 60,
  frequency_steps: [
    { min_calls: 3, points: 5 },
    { min_calls: 6, points: 10 },
    { min_calls: 11, points: 15 },
  ],
  target_weights: { prod: 15, staging: 5, dev: 0 },
  default_verdict: 'DENY',
  approval_ttl_seconds: 3600,
  approver_roles: ['admin', 'deployer'],
  drift_severity: {
    unauthorized_system: 'high',
    unauthorized_action: 'high',
    unauthorized_data_type: 'medium',
    frequency_exceeded: 'medium',
  },
  drift_response: { low: 'alert', medium: 'throttle', high: 'suspend', critical: 'suspend' },
};

/** The profile as lookup tables; Maps so that a key like `constructor` never reaches a prototype. */
export interface CompiledProfile {
  verbWeights: ReadonlyMap<string, number>;
  defaultVerbWeight: number;
  connectorWeights: ReadonlyMap<string, number>;
  defaultConnectorWeight: number;
  windowMs: number;
  /** Sorted by min_calls ascending. */
  steps: readonly FrequencyStep[];
  targetWeights: ReadonlyMap<string, number>;
  defaultVerdict: Verdict;
  ttlMs: number;
  approverRoles: ReadonlySet<string>;
  driftSeverity: ReadonlyMap<DriftType, DriftSeverity>;
  driftResponse: ReadonlyMap<DriftSeverity, DriftResponse>;
}

const SEVERITIES: readonly DriftSeverity[] = ['low', 'medium', 'high', 'critical'];
const RESPONSES: readonly DriftResponse[] = ['alert', 'throttle', 'suspend'];
const DRIFT_TYPES: readonly DriftType[] = ['unauthorized_system', 'unauthorized_action', 'unauthorized_data_type', 'frequency_exceeded'];
const VERDICTS: readonly Verdict[] = ['PERMIT', 'ESCALATE', 'DENY'];
const ROLES: readonly Role[] = ['admin', 'deployer', 'auditor', 'viewer'];


function numberTable(v: unknown, fallback: Record<string, number>): Map<string, number> {
  const src = isRecord(v) ? v : fallback;
  const out = new Map<string, number>();
  for (const [k, w] of Object.entries(src)) if (isFiniteNum(w)) out.set(k, w);
  return out;
}

/** Reads a profile, falling back to the §8.1 default field by field. */
export function compileProfile(raw: unknown): CompiledProfile {
  const p = isRecord(raw) ? raw : {};
  const d = DEFAULT_PROFILE;
  const steps: FrequencyStep[] = Array.isArray(p.frequency_steps)
    ? p.frequency_steps.filter((s): s is FrequencyStep => isRecord(s) && isFiniteNum(s.min_calls) && isFiniteNum(s.points))
    : d.frequency_steps;
  const sev = new Map<DriftType, DriftSeverity>();
  const sevSrc = isRecord(p.drift_severity) ? p.drift_severity : {};
  for (const t of DRIFT_TYPES) {
    const v = sevSrc[t];
    sev.set(t, SEVERITIES.includes(v as DriftSeverity) ? (v as DriftSeverity) : d.drift_severity[t]);
  }
  const resp = new Map<DriftSeverity, DriftResponse>();
  const respSrc = isRecord(p.drift_response) ? p.drift_response : {};
  for (const s of SEVERITIES) {
    const v = respSrc[s];
    resp.set(s, RESPONSES.includes(v as DriftResponse) ? (v as DriftResponse) : d.drift_response[s]);
  }
  const roles = Array.isArray(p.approver_roles)
    ? p.approver_roles.filter((r): r is Role => ROLES.includes(r as Role))
    : d.approver_roles;
  return {
    verbWeights: numberTable(p.verb_weights, d.verb_weights),
    defaultVerbWeight: isFiniteNum(p.default_verb_weight) ? p.default_verb_weight : d.default_verb_weight,
    connectorWeights: numberTable(p.connector_weights, d.connector_weights),
    defaultConnectorWeight: isFiniteNum(p.default_connector_weight) ? p.default_connector_weight : d.default_connector_weight,
    windowMs: (isFiniteNum(p.frequency_window_seconds) ? p.frequency_window_seconds : d.frequency_window_seconds) * 1000,
    steps: [...steps].sort((a, b) => a.min_calls - b.min_calls),
    targetWeights: numberTable(p.target_weights, d.target_weights),
    defaultVerdict: VERDICTS.includes(p.default_verdict as Verdict) ? (p.default_verdict as Verdict) : d.default_verdict,
    ttlMs: (isFiniteNum(p.approval_ttl_seconds) ? p.approval_ttl_seconds : d.approval_ttl_seconds) * 1000,
    approverRoles: new Set(roles),
    driftSeverity: sev,
    driftResponse: resp,
  };
}
