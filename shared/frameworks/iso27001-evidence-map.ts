/**
 * Crosscheck's evidence mapping onto ISO/IEC 27001:2022 Annex A: which accepted events evidence
 * which control (with why), what Crosscheck re-performs per control, and which finding groups
 * contradict which controls. Written from the control ids and what the audit trail records; no
 * other project's mapping is copied (docs/frameworks.md).
 */
import type { FindingGroup } from '../report/finding-kinds.js';
import type { EvidencePairing } from './soc2-evidence-map.js';
import type { FrameworkTest } from './framework-coverage.js';

const P = (actionType: string, criterion: string, reason: string): EvidencePairing => ({ actionType, criterion, relation: 'added', reason });

export const ISO27001_EVIDENCE_MAP: readonly EvidencePairing[] = [
  P('connector.called', '5.15', 'every call was decided by the access policy before it ran'),
  P('connector.called', '8.3', 'each call was restricted to the systems and operations the agent’s policy allows'),
  P('connector.called', '5.14', 'each call records the data types sent to which external system'),
  P('connector.called', '8.12', 'the data types of each call are compared with the agent’s declared intent'),
  P('intent.declared', '5.15', 'the declared intent is the agent’s access rule'),
  P('policy.created', '5.15', 'access rules are written down in the policy engine'),
  P('policy.updated', '5.15', 'access rules are changed in the policy engine'),
  P('policy.deleted', '5.15', 'access rules are removed in the policy engine'),
  P('policy.created', '8.32', 'a policy change is a recorded change with its author'),
  P('policy.updated', '8.32', 'a policy change is a recorded change with its author'),
  P('policy.deleted', '8.32', 'a policy change is a recorded change with its author'),
  P('user.created', '5.16', 'identities are registered with who created them'),
  P('user.deactivated', '5.16', 'identities are retired with who retired them'),
  P('user.created', '5.18', 'access rights are granted with a role'),
  P('user.role_changed', '5.18', 'access rights are changed with who changed them'),
  P('user.deactivated', '5.18', 'access rights are removed'),
  P('api_key.created', '5.17', 'machine credentials are issued to a registered user'),
  P('api_key.revoked', '5.17', 'machine credentials are withdrawn'),
  P('secret.accessed', '5.17', 'use of connector credentials is logged per access'),
  P('secret.rotated', '5.17', 'connector credentials are rotated'),
  P('approval.requested', '8.2', 'high-risk operations wait for a human with an approving role'),
  P('approval.reviewed', '8.2', 'the approver’s decision on the privileged operation is recorded'),
  P('approval.reviewed', '5.3', 'the reviewer is recorded beside the requester, so self-approval is visible'),
  P('agent.deployed', '8.32', 'deploying an agent version is a recorded production change'),
  P('agent.updated', '8.32', 'an agent update is a recorded change'),
  P('agent.rolled_back', '8.32', 'a rollback is a recorded change'),
  P('connector.configured', '8.9', 'connector configuration is recorded when it changes'),
  P('connector.removed', '8.9', 'connector configuration is recorded when it is removed'),
  P('connector.configured', '8.32', 'a connector change is a recorded change'),
  P('drift.detected', '8.16', 'behaviour outside declared intent is detected by monitoring'),
  P('drift.detected', '5.25', 'each drift event carries the platform’s assessment (severity, response)'),
  P('system.heartbeat', '8.16', 'heartbeats show the platform’s components are monitored'),
  P('system.heartbeat', '8.6', 'heartbeats report the platform’s running state over time'),
  P('agent.suspended', '5.26', 'suspending the agent is the response to the security event'),
  P('agent.resumed', '5.26', 'resuming after review closes the response'),
  // Where Annex A is more precise than the TSC: activity the trail shows, never the whole control.
  P('approval.reviewed', '8.5', 'each decision is made under an identified user account, not anonymously; the authentication policy itself needs a document'),
  P('api_key.created', '8.5', 'machine credentials are issued per registered user'),
  P('api_key.revoked', '8.5', 'machine credentials are withdrawn'),
  P('connector.called', '5.22', 'use of each supplier’s service is recorded call by call and re-decided (the sub-processor list names the supplier and its SOC 2 status)'),
];

/** What Crosscheck re-performs, onto Annex A (population as for SOC 2). */
export const ISO27001_TESTS: readonly FrameworkTest[] = [
  { id: 'decisions', label: 'every call’s verdict, risk score and reason re-decided from the policy (spec §8)', criteria: ['5.15', '8.3'], population: ['connector.called'] },
  { id: 'drift', label: 'every call compared with the agent’s declared intent, drift events re-derived', criteria: ['8.16', '5.25', '8.12'], population: ['connector.called'] },
  { id: 'approvals', label: 'every escalated call checked for a timely approval by an authorised, independent reviewer', criteria: ['8.2', '5.3'], population: ['approval.requested'] },
  { id: 'suspension', label: 'calls of suspended agents checked to be denied', criteria: ['5.26'], population: ['agent.suspended'] },
  {
    id: 'actors',
    label: 'every change by a user checked against the role allowed to make it',
    criteria: ['5.18', '8.32'],
    population: ['user.created', 'user.role_changed', 'user.deactivated', 'api_key.created', 'api_key.revoked', 'policy.created', 'policy.updated', 'policy.deleted', 'connector.configured', 'connector.removed'],
  },
  { id: 'integrity', label: 'the 14 integrity checks of spec §6 (signatures, chain, tree, continuity, coverage) on every export', criteria: ['8.15', '5.28', '5.33'], population: 'exports' },
];

/** The Annex A controls a finding of each group contradicts. */
export const ISO27001_FINDING_GROUPS: Readonly<Record<FindingGroup, readonly string[]>> = {
  integrity: ['8.15', '5.33'],
  decisions: ['5.15', '8.3'],
  approvals: ['8.2', '5.3'],
  drift: ['8.16', '5.25', '5.26'],
  actors: ['5.18', '8.32'],
  other: ['8.15'],
};
