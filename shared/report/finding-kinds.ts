/** Every finding kind of spec §9.1 with its severity, group and SOC 2 criteria. */

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type FindingGroup = 'integrity' | 'decisions' | 'drift' | 'approvals' | 'actors' | 'other';

export const SEVERITY_ORDER: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Larger is worse. */
export function severityRank(s: Severity): number {
  return 4 - SEVERITY_ORDER.indexOf(s);
}

interface KindSpec {
  severity: Severity;
  group: FindingGroup;
}

const GROUP_CONTROLS: Record<FindingGroup, string[]> = {
  integrity: ['CC7.1', 'CC7.2'],
  decisions: ['CC6.1', 'CC6.3'],
  drift: ['CC7.1', 'CC7.2'],
  approvals: ['CC6.1', 'CC7.2'],
  actors: ['CC6.2', 'CC6.3', 'CC8.1'],
  other: [],
};

export const FINDING_KINDS = {
  // integrity
  bundle_malformed: { severity: 'high', group: 'integrity' },
  envelope_signature_invalid: { severity: 'critical', group: 'integrity' },
  key_unverifiable: { severity: 'high', group: 'integrity' },
  file_missing: { severity: 'high', group: 'integrity' },
  file_unexpected: { severity: 'high', group: 'integrity' },
  file_digest_mismatch: { severity: 'critical', group: 'integrity' },
  checkpoint_signature_invalid: { severity: 'critical', group: 'integrity' },
  origin_mismatch: { severity: 'high', group: 'integrity' },
  count_mismatch: { severity: 'high', group: 'integrity' },
  non_canonical_entry: { severity: 'high', group: 'integrity' },
  seq_gap: { severity: 'high', group: 'integrity' },
  chain_broken: { severity: 'critical', group: 'integrity' },
  timestamp_regression: { severity: 'medium', group: 'integrity' },
  root_mismatch: { severity: 'critical', group: 'integrity' },
  frontier_mismatch: { severity: 'high', group: 'integrity' },
  overlap_conflict: { severity: 'critical', group: 'integrity' },
  export_gap: { severity: 'high', group: 'integrity' },
  rollback: { severity: 'critical', group: 'integrity' },
  state_mismatch: { severity: 'high', group: 'integrity' },
  time_gap: { severity: 'medium', group: 'integrity' },
  // decisions
  verdict_mismatch: { severity: 'high', group: 'decisions' },
  reason_mismatch: { severity: 'medium', group: 'decisions' },
  risk_score_mismatch: { severity: 'medium', group: 'decisions' },
  rule_mismatch: { severity: 'medium', group: 'decisions' },
  status_mismatch: { severity: 'medium', group: 'decisions' },
  scope_violation: { severity: 'critical', group: 'decisions' },
  suspended_agent_permitted: { severity: 'critical', group: 'decisions' },
  // drift
  drift_missed: { severity: 'high', group: 'drift' },
  drift_unexpected: { severity: 'medium', group: 'drift' },
  drift_severity_mismatch: { severity: 'medium', group: 'drift' },
  drift_response_mismatch: { severity: 'medium', group: 'drift' },
  suspension_missing: { severity: 'high', group: 'drift' },
  // approvals
  approval_missing: { severity: 'high', group: 'approvals' },
  approval_expiry_mismatch: { severity: 'medium', group: 'approvals' },
  executed_without_approval: { severity: 'critical', group: 'approvals' },
  approval_by_unauthorized_role: { severity: 'high', group: 'approvals' },
  approval_after_expiry: { severity: 'high', group: 'approvals' },
  approval_reused: { severity: 'high', group: 'approvals' },
  approval_target_mismatch: { severity: 'high', group: 'approvals' },
  self_approval: { severity: 'low', group: 'approvals' },
  // actors
  unauthorized_actor: { severity: 'high', group: 'actors' },
  // other
  unknown_action_type: { severity: 'info', group: 'other' },
} as const satisfies Record<string, KindSpec>;

export type FindingKind = keyof typeof FINDING_KINDS;

export const ALL_FINDING_KINDS = Object.keys(FINDING_KINDS) as FindingKind[];

/** Integrity kinds that do not make the status INVALID (spec §9.1). */
export const NON_INVALIDATING_INTEGRITY_KINDS: ReadonlySet<FindingKind> = new Set([
  'key_unverifiable',
  'time_gap',
  'export_gap',
]);

export function isFindingKind(k: string): k is FindingKind {
  return Object.prototype.hasOwnProperty.call(FINDING_KINDS, k);
}

export function kindSeverity(kind: FindingKind): Severity {
  return FINDING_KINDS[kind].severity;
}

export function kindGroup(kind: FindingKind): FindingGroup {
  return FINDING_KINDS[kind].group;
}

/** SOC 2 criteria a finding kind bears on (spec §9). */
export function kindControls(kind: FindingKind): string[] {
  return [...GROUP_CONTROLS[FINDING_KINDS[kind].group]];
}
