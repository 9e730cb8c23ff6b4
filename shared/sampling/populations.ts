/**
 * Populations a control rests on, as data: which verified entries make the population, and the
 * controls of each framework it tests. Editable here; a workpaper records the definition it used.
 */
/** How often a control operates (sets the sample size when it is not a transaction population). */
export type ControlFrequency = 'annual' | 'quarterly' | 'monthly' | 'weekly' | 'daily' | 'recurring';

export interface PopulationDef {
  id: string;
  title: string;
  actionTypes: readonly string[];
  controls: { soc2: readonly string[]; iso27001: readonly string[] };
  /** `transaction`: each entry is an occurrence (attribute sampling); else the control's frequency. */
  frequency: ControlFrequency | 'transaction';
  /** What the tester checks on each sampled item (the last, `no-finding`, is prefilled from the findings). */
  attributes: readonly TestAttribute[];
}

/** One attribute tested on every sampled item. */
export interface TestAttribute {
  id: string;
  title: string;
}

/** Every population's last attribute: an item carrying a finding starts as an exception on it. */
export const NO_FINDING: TestAttribute = {
  id: 'no-finding',
  title: 'Verification and re-evaluation raise no finding on the entry',
};

function attrs(...a: [string, string][]): readonly TestAttribute[] {
  return [...a.map(([id, title]) => ({ id, title })), NO_FINDING];
}

export const POPULATIONS: readonly PopulationDef[] = [
  {
    id: 'approvals-reviewed',
    title: 'Approval decisions by a reviewer',
    actionTypes: ['approval.reviewed'],
    controls: { soc2: ['CC6.1', 'CC7.2', 'CC8.1'], iso27001: ['8.2', '5.3'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-reviewer', 'The reviewer held a role allowed to approve'],
      ['not-self', 'The reviewer is not the requester'],
      ['before-expiry', 'Decided before the request expired'],
    ),
  },
  {
    id: 'agent-changes',
    title: 'Agent deployments, updates and rollbacks',
    actionTypes: ['agent.deployed', 'agent.updated', 'agent.rolled_back'],
    controls: { soc2: ['CC8.1'], iso27001: ['8.32'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-actor', 'The change was made by an authorised user'],
      ['recorded-version', 'The version and image are recorded'],
    ),
  },
  {
    id: 'policy-changes',
    title: 'Policy rules created, changed or deleted',
    actionTypes: ['policy.created', 'policy.updated', 'policy.deleted'],
    controls: { soc2: ['CC8.1', 'CC6.1'], iso27001: ['8.32', '5.15'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-actor', 'The change was made by an authorised user'],
      ['change-recorded', 'The rule and its new version are recorded'],
    ),
  },
  {
    id: 'role-changes',
    title: 'Users created, re-roled and deactivated',
    actionTypes: ['user.created', 'user.role_changed', 'user.deactivated'],
    controls: { soc2: ['CC6.2', 'CC6.3'], iso27001: ['5.16', '5.18'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-actor', 'The change was made by an administrator'],
      ['role-appropriate', 'The role granted fits the user’s duties'],
    ),
  },
  {
    id: 'key-lifecycle',
    title: 'API keys created and revoked',
    actionTypes: ['api_key.created', 'api_key.revoked'],
    controls: { soc2: ['CC6.2'], iso27001: ['5.17'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-actor', 'The key was created or revoked by an authorised user'],
      ['scoped', 'The key’s scope is recorded'],
    ),
  },
  {
    id: 'drift-responses',
    title: 'Drift events and the platform’s response',
    actionTypes: ['drift.detected'],
    controls: { soc2: ['CC7.2', 'CC7.3'], iso27001: ['8.16', '5.25'] },
    frequency: 'transaction',
    attributes: attrs(['responded', 'The platform responded as its policy requires']),
  },
  {
    id: 'suspensions',
    title: 'Agent suspensions and resumptions',
    actionTypes: ['agent.suspended', 'agent.resumed'],
    controls: { soc2: ['CC7.4', 'CC7.5'], iso27001: ['5.26'] },
    frequency: 'transaction',
    attributes: attrs(
      ['authorised-actor', 'Suspended or resumed by an authorised user or the platform'],
      ['reason-recorded', 'The reason is recorded'],
    ),
  },
  {
    id: 'connector-calls',
    title: 'Connector calls decided by policy',
    actionTypes: ['connector.called'],
    controls: { soc2: ['CC6.1', 'CC6.3'], iso27001: ['5.15', '8.3'] },
    frequency: 'transaction',
    attributes: attrs(
      ['decision-recorded', 'The decision, its reason and risk score are recorded'],
      ['within-scope', 'The call is within the agent’s granted scope'],
    ),
  },
];

/** The population that tests `control` of `framework` (the first listed), if any. */
export function populationForControl(
  framework: 'soc2' | 'iso27001',
  control: string,
): PopulationDef | undefined {
  return POPULATIONS.find((p) => p.controls[framework].includes(control));
}
