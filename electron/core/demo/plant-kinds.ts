/** The defects the demo generator can plant, and how each one is produced. */
import type { FindingKind } from '../../../shared/report/finding-kinds.js';

/** How a plant is made: by the simulated platform lying, by damaging lines, by damaging the signed files, or across two exports. */
export type PlantMethod = 'decision' | 'line' | 'bundle' | 'zip' | 'continuity';

interface PlantSpec {
  method: PlantMethod;
  /** The finding kind the plant is about. */
  kind: FindingKind;
}

const SPECS = {
  // integrity, damaged files or signatures (seq null)
  bundle_malformed: { method: 'zip', kind: 'bundle_malformed' },
  'bundle_malformed:absolute': { method: 'zip', kind: 'bundle_malformed' },
  'bundle_malformed:backslash': { method: 'zip', kind: 'bundle_malformed' },
  'bundle_malformed:duplicate': { method: 'zip', kind: 'bundle_malformed' },
  'bundle_malformed:json': { method: 'bundle', kind: 'bundle_malformed' },
  envelope_signature_invalid: { method: 'bundle', kind: 'envelope_signature_invalid' },
  key_unverifiable: { method: 'bundle', kind: 'key_unverifiable' },
  file_missing: { method: 'bundle', kind: 'file_missing' },
  file_unexpected: { method: 'bundle', kind: 'file_unexpected' },
  file_digest_mismatch: { method: 'bundle', kind: 'file_digest_mismatch' },
  checkpoint_signature_invalid: { method: 'bundle', kind: 'checkpoint_signature_invalid' },
  origin_mismatch: { method: 'bundle', kind: 'origin_mismatch' },
  count_mismatch: { method: 'bundle', kind: 'count_mismatch' },
  root_mismatch: { method: 'bundle', kind: 'root_mismatch' },
  // integrity, damaged lines
  non_canonical_entry: { method: 'line', kind: 'non_canonical_entry' },
  seq_gap: { method: 'line', kind: 'seq_gap' },
  chain_broken: { method: 'line', kind: 'chain_broken' },
  timestamp_regression: { method: 'line', kind: 'timestamp_regression' },
  time_gap: { method: 'line', kind: 'time_gap' },
  // integrity across two exports (a `previous/` export is written next to the bundle)
  frontier_mismatch: { method: 'continuity', kind: 'frontier_mismatch' },
  export_gap: { method: 'continuity', kind: 'export_gap' },
  overlap_conflict: { method: 'continuity', kind: 'overlap_conflict' },
  rollback: { method: 'continuity', kind: 'rollback' },
  state_mismatch: { method: 'continuity', kind: 'state_mismatch' },
  // a lying platform: the entry is recorded wrong before it is hashed and signed
  verdict_mismatch: { method: 'decision', kind: 'verdict_mismatch' },
  reason_mismatch: { method: 'decision', kind: 'reason_mismatch' },
  risk_score_mismatch: { method: 'decision', kind: 'risk_score_mismatch' },
  rule_mismatch: { method: 'decision', kind: 'rule_mismatch' },
  status_mismatch: { method: 'decision', kind: 'status_mismatch' },
  scope_violation: { method: 'decision', kind: 'scope_violation' },
  suspended_agent_permitted: { method: 'decision', kind: 'suspended_agent_permitted' },
  drift_missed: { method: 'decision', kind: 'drift_missed' },
  drift_unexpected: { method: 'decision', kind: 'drift_unexpected' },
  drift_severity_mismatch: { method: 'decision', kind: 'drift_severity_mismatch' },
  drift_response_mismatch: { method: 'decision', kind: 'drift_response_mismatch' },
  suspension_missing: { method: 'decision', kind: 'suspension_missing' },
  approval_missing: { method: 'decision', kind: 'approval_missing' },
  approval_expiry_mismatch: { method: 'decision', kind: 'approval_expiry_mismatch' },
  executed_without_approval: { method: 'decision', kind: 'executed_without_approval' },
  approval_by_unauthorized_role: { method: 'decision', kind: 'approval_by_unauthorized_role' },
  approval_after_expiry: { method: 'decision', kind: 'approval_after_expiry' },
  approval_reused: { method: 'decision', kind: 'approval_reused' },
  approval_target_mismatch: { method: 'decision', kind: 'approval_target_mismatch' },
  self_approval: { method: 'decision', kind: 'self_approval' },
  unauthorized_actor: { method: 'decision', kind: 'unauthorized_actor' },
  unknown_action_type: { method: 'decision', kind: 'unknown_action_type' },
} as const satisfies Record<string, PlantSpec>;

export type PlantKind = keyof typeof SPECS;

/** Every plant the generator knows, in a stable order (a variant `kind:variant` names another way to cause that kind). */
export const PLANTABLE_KINDS = Object.keys(SPECS) as PlantKind[];

/** Whether a string names a plant. */
export function isPlantKind(k: string): k is PlantKind {
  return Object.prototype.hasOwnProperty.call(SPECS, k);
}

/** How a plant is made. */
export function plantMethod(k: PlantKind): PlantMethod {
  return SPECS[k].method;
}

/** The finding kind a plant causes. */
export function plantFindingKind(k: PlantKind): FindingKind {
  return SPECS[k].kind;
}
