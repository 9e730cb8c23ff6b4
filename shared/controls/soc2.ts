/**
 * The platform's declared SOC 2 evidence mapping (spec §10), pure so the package builder can reuse
 * it. Crosscheck's own mapping and the coverage rule are in shared/frameworks/.
 */

/** Action types to the SOC 2 criteria they evidence (spec §10). */
export const ACTION_CRITERIA: Readonly<Record<string, readonly string[]>> = {
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

/** Short titles of the criteria the app shows (AICPA TSC 2017, revised points of focus 2022). */
export const CRITERION_TITLES: Readonly<Record<string, string>> = {
  'CC2.1': 'Information to support internal control',
  'CC6.1': 'Logical access security software, infrastructure and architectures',
  'CC6.2': 'User registration and authorization',
  'CC6.3': 'Role-based access: add, change, remove',
  'CC6.6': 'Protection against threats from outside system boundaries',
  'CC7.1': 'Detection of configuration changes and vulnerabilities',
  'CC7.2': 'Monitoring of system components for anomalies',
  'CC8.1': 'Change management',
  'A1.2': 'Environmental protections, backups and recovery infrastructure',
};

/** Orders criteria the way the TSC lists them: CC before A, then numerically. */
export function compareCriteria(a: string, b: string): number {
  const parse = (c: string): [string, number, number] => {
    const m = /^([A-Z]+)(\d+)\.(\d+)$/.exec(c);
    return m ? [m[1]!, Number(m[2]), Number(m[3])] : [c, 0, 0];
  };
  const [pa, ma, na] = parse(a);
  const [pb, mb, nb] = parse(b);
  if (pa !== pb) return pa === 'CC' ? -1 : pb === 'CC' ? 1 : pa < pb ? -1 : 1;
  return ma - mb || na - nb;
}

/** The criteria an action type evidences; unknown action types evidence nothing. */
export function criteriaForAction(actionType: string): readonly string[] {
  return Object.prototype.hasOwnProperty.call(ACTION_CRITERIA, actionType) ? ACTION_CRITERIA[actionType]! : [];
}

/** Every criterion the §10 mapping touches. */
export function mappedCriteria(): string[] {
  const all = new Set<string>();
  for (const cs of Object.values(ACTION_CRITERIA)) for (const c of cs) all.add(c);
  return [...all].sort(compareCriteria);
}
