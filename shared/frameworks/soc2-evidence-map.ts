/**
 * Crosscheck's own evidence mapping for SOC 2 (spec §10 lets a reader keep one, extend or correct
 * the platform's declared table with a stated reason, and show where the two differ). Each pairing
 * says why the event is evidence for the criterion; `disputed` pairings are the platform's that we
 * do not accept, shown as such. `SOC2_TESTS` are what Crosscheck re-performs over the population
 * itself: a criterion they cover can be *tested*, not only evidenced.
 */
import { ACTION_CRITERIA } from '../controls/soc2.js';
import type { FrameworkTest } from './framework-coverage.js';

export type EvidenceRelation = 'declared' | 'added' | 'disputed';

export interface EvidencePairing {
  actionType: string;
  criterion: string;
  relation: EvidenceRelation;
  reason: string;
}

/** Reasons for the platform's declared pairings we accept (spec §10), by action type. */
const DECLARED_REASONS: Record<string, string> = {
  'agent.created': 'an agent is a new identity with access; its creation is a change record',
  'agent.deployed': 'deploying an agent grants it access and is a production change',
  'agent.updated': 'an agent update changes its access or behaviour and is a change record',
  'agent.rolled_back': 'a rollback is a change to production, recorded with who did it',
  'agent.suspended': 'suspending an agent revokes its access in response to a monitored event',
  'agent.resumed': 'resuming restores access after review, recorded with who did it',
  'connector.called': 'every call was authorised by the policy engine against the agent’s scope',
  'connector.configured': 'configuring a connector grants access to a system and is a change record',
  'connector.removed': 'removing a connector withdraws access and is a change record',
  'policy.created': 'access rules are created under change control',
  'policy.updated': 'access rules are changed under change control',
  'policy.deleted': 'access rules are removed under change control',
  'intent.declared': 'the declared intent is the baseline that least privilege and drift are measured against',
  'secret.accessed': 'access to credentials is logged per use',
  'secret.rotated': 'credential rotation protects against use of leaked credentials from outside',
  'approval.requested': 'risky calls were routed to a human before access',
  'approval.reviewed': 'a human reviewer decided on the risky call',
  'approval.expired': 'an unreviewed request lapsed instead of being executed',
  'drift.detected': 'behaviour outside declared intent was detected by monitoring',
  'user.created': 'user registration is recorded with who created the account',
  'user.role_changed': 'role changes are recorded with who made them',
  'user.deactivated': 'access removal is recorded with who removed it',
  'api_key.created': 'machine credentials are issued to registered users',
  'api_key.revoked': 'machine credentials are withdrawn',
  'compliance.generated': 'the platform produces the compliance information the auditor receives',
};

/** Platform pairings we do not accept, with why (shown beside the criterion, never counted). */
const DISPUTED: Record<string, Record<string, string>> = {
  'system.heartbeat': { 'A1.2': 'a heartbeat shows the platform was running; it does not show environmental protections, backups or recovery infrastructure' },
  'compliance.generated': { 'A1.2': 'generating a compliance report says nothing about backups or recovery infrastructure' },
};

/** Pairings we add to the declared table, with why. */
const ADDED: EvidencePairing[] = [
  { actionType: 'system.heartbeat', criterion: 'A1.1', relation: 'added', reason: 'regular heartbeats show the platform’s components are monitored for availability' },
  { actionType: 'agent.suspended', criterion: 'CC7.3', relation: 'added', reason: 'a suspension is the outcome of evaluating a security event' },
  { actionType: 'agent.suspended', criterion: 'CC7.4', relation: 'added', reason: 'suspending the agent is the incident response action' },
  { actionType: 'agent.resumed', criterion: 'CC7.5', relation: 'added', reason: 'resuming the agent after review is recovery from the incident' },
  { actionType: 'agent.rolled_back', criterion: 'CC7.5', relation: 'added', reason: 'rolling back to a known-good version is recovery' },
  { actionType: 'drift.detected', criterion: 'CC7.3', relation: 'added', reason: 'a drift event carries the platform’s evaluation (severity, response)' },
  { actionType: 'connector.called', criterion: 'CC6.7', relation: 'added', reason: 'each call names the data types moved and the system they moved to, checked against intent' },
];

function build(): EvidencePairing[] {
  const out: EvidencePairing[] = [];
  for (const [actionType, criteria] of Object.entries(ACTION_CRITERIA)) {
    for (const criterion of criteria) {
      const disputed = DISPUTED[actionType]?.[criterion];
      if (disputed !== undefined) out.push({ actionType, criterion, relation: 'disputed', reason: disputed });
      else out.push({ actionType, criterion, relation: 'declared', reason: DECLARED_REASONS[actionType] ?? 'declared by the platform (spec §10)' });
    }
  }
  return [...out, ...ADDED];
}

export const SOC2_EVIDENCE_MAP: readonly EvidencePairing[] = build();

/** What Crosscheck re-performs over the population, and the criteria that re-performance tests. */
export type Soc2TestId = 'decisions' | 'drift' | 'approvals' | 'suspension' | 'actors' | 'integrity';

export interface Soc2Test extends FrameworkTest {
  id: Soc2TestId;
}

export const SOC2_TESTS: readonly Soc2Test[] = [
  { id: 'decisions', label: 'every call’s verdict, risk score and reason re-decided from the policy (spec §8)', criteria: ['CC6.1', 'CC6.3', 'CC6.7'], population: ['connector.called'] },
  { id: 'drift', label: 'every call compared with the agent’s declared intent, drift events re-derived', criteria: ['CC7.1', 'CC7.2', 'CC7.3'], population: ['connector.called'] },
  { id: 'approvals', label: 'every escalated call checked for a timely approval by an authorised, independent reviewer', criteria: ['CC6.1', 'CC7.2', 'CC8.1'], population: ['approval.requested'] },
  { id: 'suspension', label: 'calls of suspended agents checked to be denied', criteria: ['CC7.4'], population: ['agent.suspended'] },
  {
    id: 'actors',
    label: 'every change by a user checked against the role allowed to make it',
    criteria: ['CC6.2', 'CC6.3', 'CC8.1'],
    population: ['user.created', 'user.role_changed', 'user.deactivated', 'api_key.created', 'api_key.revoked', 'policy.created', 'policy.updated', 'policy.deleted', 'connector.configured', 'connector.removed'],
  },
  { id: 'integrity', label: 'the 14 integrity checks of spec §6 (signatures, chain, tree, continuity, coverage) on every export', criteria: ['CC2.1'], population: 'exports' },
];
