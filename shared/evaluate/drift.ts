/** Drift of spec §8.3 step 2. */
import type { DriftResponse, DriftSeverity, DriftType, Intent } from '../format/export-types.js';
import type { CompiledProfile } from './profile.js';
import { operationListMatches } from './operation-match.js';

/** Computed drift of one call (what a matching drift.detected must say). */
export interface DriftResult {
  /** Sorted (code units), as drift.detected lists them. */
  drift_types: DriftType[];
  severity: DriftSeverity;
  response: DriftResponse;
}

const SEVERITY_RANK: Record<DriftSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** Drift of one call of an agent with an intent; `hourCount` = earlier calls of the agent in the same UTC clock hour. */
export function computeDrift(
  profile: CompiledProfile,
  intent: Intent,
  connector: string,
  operation: string,
  dataTypes: readonly string[],
  hourCount: number,
): DriftResult | null {
  const types: DriftType[] = [];
  if (!intent.permitted_systems.includes('*') && !intent.permitted_systems.includes(connector)) {
    types.push('unauthorized_system');
  }
  if (!operationListMatches(intent.permitted_actions, operation)) types.push('unauthorized_action');
  if (!intent.permitted_data_types.includes('*') && dataTypes.some((t) => !intent.permitted_data_types.includes(t))) {
    types.push('unauthorized_data_type');
  }
  if (intent.max_frequency !== null && hourCount + 1 > intent.max_frequency.per_hour) types.push('frequency_exceeded');
  if (types.length === 0) return null;
  types.sort();
  return { drift_types: types, ...driftSeverityOf(profile, types) };
}

/** Severity (highest of the types, `critical` for two or more) and the response it maps to. */
export function driftSeverityOf(
  profile: CompiledProfile,
  types: readonly DriftType[],
): { severity: DriftSeverity; response: DriftResponse } {
  let severity: DriftSeverity = 'low';
  for (const t of types) {
    const s = profile.driftSeverity.get(t) ?? 'low';
    if (SEVERITY_RANK[s] > SEVERITY_RANK[severity]) severity = s;
  }
  if (types.length >= 2) severity = 'critical';
  return { severity, response: profile.driftResponse.get(severity) ?? 'alert' };
}
