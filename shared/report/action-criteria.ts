/** Spec §10: which SOC 2 criteria each action type evidences — the one copy every view reads. */

/** Spec §10, verbatim as data. */
export const ACTION_TYPE_CRITERIA: Readonly<Record<string, readonly string[]>> = {
  'agent.created': ['CC6.1', 'CC8.1'],
  'agent.deployed': ['CC6.1', 'CC8.1'],
  'agent.updated': ['CC6.1', 'CC8.1'],
  'agent.rolled_back': ['CC6.1', 'CC8.1'],
  'agent.suspended': ['CC6.1', 'CC7.2'],
  'agent.resumed': ['CC6.1', 'CC7.2'],
  'connector.called': ['CC6.1', 'CC6.3'],
  'connector.configured': ['CC6.1', 'CC6.3', 'CC8.1'],
  'connector.removed': ['CC6.1', 'CC6.3', 'CC8.1'],
  'policy.created': ['CC6.1', 'CC6.2', 'CC8.1'],
  'policy.updated': ['CC6.1', 'CC6.2', 'CC8.1'],
  'policy.deleted': ['CC6.1', 'CC6.2', 'CC8.1'],
  'intent.declared': ['CC6.3', 'CC7.1'],
  'secret.accessed': ['CC6.1', 'CC6.6'],
  'secret.rotated': ['CC6.6'],
  'approval.requested': ['CC6.1', 'CC7.2'],
  'approval.reviewed': ['CC6.1', 'CC7.2'],
  'approval.expired': ['CC6.1', 'CC7.2'],
  'drift.detected': ['CC7.1', 'CC7.2'],
  'user.created': ['CC6.2', 'CC6.3'],
  'user.role_changed': ['CC6.2', 'CC6.3'],
  'user.deactivated': ['CC6.2', 'CC6.3'],
  'api_key.created': ['CC6.2', 'CC6.3'],
  'api_key.revoked': ['CC6.2', 'CC6.3'],
  'compliance.generated': ['CC2.1', 'A1.2'],
  'system.heartbeat': ['A1.2'],
};

