/** The simulated world: connectors and their operations, agent archetypes, people, organisations. */
import type { Environment, Intent, PolicyRule, Profile } from '../../../shared/format/export-types.js';

export interface OperationSpec {
  op: string;
  dataTypes: string[];
  /** Environments the target may live in; empty for SaaS targets (environment null). */
  envs: Environment[];
  resource: string;
}

/** Operations each connector offers, by connector name. */
export const CONNECTORS: Record<string, OperationSpec[]> = {
  crowdstrike: [
    { op: 'detections:list', dataTypes: ['security_events'], envs: ['prod', 'staging'], resource: 'detections' },
    { op: 'detections:get', dataTypes: ['security_events'], envs: ['prod', 'staging'], resource: 'detections' },
    { op: 'detections:update', dataTypes: ['security_events'], envs: ['prod', 'staging'], resource: 'detections' },
    { op: 'hosts:get', dataTypes: ['host_metadata'], envs: ['prod', 'staging', 'dev'], resource: 'hosts' },
    { op: 'hosts:contain', dataTypes: ['host_metadata'], envs: ['prod', 'staging'], resource: 'hosts' },
    { op: 'rtr:execute', dataTypes: ['host_metadata'], envs: ['prod'], resource: 'rtr' },
    { op: 'hosts:delete', dataTypes: ['host_metadata'], envs: ['prod', 'dev'], resource: 'hosts' },
  ],
  okta: [
    { op: 'users:get', dataTypes: ['identity'], envs: [], resource: 'users' },
    { op: 'users:list', dataTypes: ['identity'], envs: [], resource: 'users' },
    { op: 'users:suspend', dataTypes: ['identity'], envs: [], resource: 'users' },
    { op: 'sessions:delete', dataTypes: ['identity'], envs: [], resource: 'sessions' },
    { op: 'groups:list', dataTypes: ['identity'], envs: [], resource: 'groups' },
    { op: 'groups:update', dataTypes: ['identity', 'pii'], envs: [], resource: 'groups' },
  ],
  splunk: [
    { op: 'search:create', dataTypes: ['security_events', 'logs'], envs: ['prod', 'staging', 'dev'], resource: 'search' },
    { op: 'search_jobs', dataTypes: ['logs'], envs: ['prod', 'staging'], resource: 'jobs' },
    { op: 'search:get', dataTypes: ['logs'], envs: ['prod', 'staging', 'dev'], resource: 'search' },
    { op: 'alerts:list', dataTypes: ['security_events'], envs: ['prod'], resource: 'alerts' },
    { op: 'savedsearches:update', dataTypes: ['logs'], envs: ['prod', 'staging'], resource: 'savedsearches' },
  ],
  jira: [
    { op: 'issues:create', dataTypes: ['ticket'], envs: [], resource: 'issues' },
    { op: 'issues:update', dataTypes: ['ticket'], envs: [], resource: 'issues' },
    { op: 'issues:get', dataTypes: ['ticket'], envs: [], resource: 'issues' },
    { op: 'issues:search', dataTypes: ['ticket'], envs: [], resource: 'issues' },
    { op: 'projects:delete', dataTypes: ['ticket'], envs: [], resource: 'projects' },
  ],
  slack: [
    { op: 'messages:write', dataTypes: ['message'], envs: [], resource: 'channels' },
    { op: 'channels:list', dataTypes: ['message'], envs: [], resource: 'channels' },
    { op: 'messages:search', dataTypes: ['message'], envs: [], resource: 'messages' },
  ],
  wiz: [
    { op: 'issues:list', dataTypes: ['vulnerability'], envs: ['prod', 'staging', 'dev'], resource: 'issues' },
    { op: 'issues:update', dataTypes: ['vulnerability'], envs: ['prod', 'staging', 'dev'], resource: 'issues' },
    { op: 'resources:get', dataTypes: ['cloud_config'], envs: ['prod', 'staging', 'dev'], resource: 'resources' },
    { op: 'cloud_config:read', dataTypes: ['cloud_config'], envs: ['prod', 'staging', 'dev'], resource: 'configs' },
    { op: 'reports:export', dataTypes: ['cloud_config', 'vulnerability'], envs: ['prod'], resource: 'reports' },
    { op: 'inventory_export', dataTypes: ['asset_inventory'], envs: ['prod'], resource: 'inventory' },
  ],
  servicenow: [
    { op: 'incidents:create', dataTypes: ['ticket'], envs: ['prod', 'staging'], resource: 'incidents' },
    { op: 'incidents:update', dataTypes: ['ticket'], envs: ['prod', 'staging'], resource: 'incidents' },
    { op: 'incidents:get', dataTypes: ['ticket'], envs: ['prod', 'staging'], resource: 'incidents' },
    { op: 'changes:create', dataTypes: ['ticket', 'asset_inventory'], envs: ['prod', 'staging'], resource: 'changes' },
    { op: 'cmdb:read', dataTypes: ['asset_inventory'], envs: ['prod', 'staging', 'dev'], resource: 'cmdb' },
  ],
  pagerduty: [
    { op: 'incidents:create', dataTypes: ['incident'], envs: [], resource: 'incidents' },
    { op: 'incidents:update', dataTypes: ['incident'], envs: [], resource: 'incidents' },
    { op: 'oncall:list', dataTypes: ['incident'], envs: [], resource: 'schedules' },
  ],
  palo_alto: [
    { op: 'rules:get', dataTypes: ['network_config'], envs: ['prod', 'staging'], resource: 'rules' },
    { op: 'rules:update', dataTypes: ['network_config'], envs: ['prod', 'staging'], resource: 'rules' },
    { op: 'address_groups:update', dataTypes: ['network_config'], envs: ['prod'], resource: 'address-groups' },
    { op: 'traffic:search', dataTypes: ['security_events'], envs: ['prod', 'staging', 'dev'], resource: 'traffic' },
    { op: 'hosts:quarantine', dataTypes: ['network_config'], envs: ['prod'], resource: 'hosts' },
  ],
  sentinel: [
    { op: 'incidents:list', dataTypes: ['security_events'], envs: ['prod', 'staging'], resource: 'incidents' },
    { op: 'incidents:update', dataTypes: ['security_events'], envs: ['prod', 'staging'], resource: 'incidents' },
    { op: 'hunting:execute', dataTypes: ['security_events', 'logs'], envs: ['prod', 'staging', 'dev'], resource: 'hunting' },
    { op: 'watchlists:update', dataTypes: ['security_events'], envs: ['prod'], resource: 'watchlists' },
  ],
};

/** The operation spec of a connector's operation. */
export function operationSpec(connector: string, op: string): OperationSpec {
  const spec = CONNECTORS[connector]?.find((o) => o.op === op);
  if (!spec) throw new Error(`catalog has no ${connector} ${op}`);
  return spec;
}

export interface RuleTemplate {
  name: string;
  rule_type: PolicyRule['rule_type'];
  connector: string | null;
  action_pattern: string;
  risk_threshold: number;
  approval_channel: string | null;
}

export interface RoutineCall {
  connector: string;
  op: string;
  weight: number;
}

export interface AgentArchetype {
  name: string;
  team: string;
  intent: Intent | null;
  configs: { connector: string; ops: string[] }[];
  rules: RuleTemplate[];
  /** What the agent does day to day (in scope, within intent). */
  routine: RoutineCall[];
  /** Occasional attempts outside its scope or intent. */
  stray: { connector: string; op: string; extraDataType?: string }[];
  /** Relative share of the org's traffic. */
  activity: number;
}

const allow = (name: string, connector: string | null, pattern: string, threshold: number, channel: string | null = null): RuleTemplate => ({
  name,
  rule_type: 'allow',
  connector,
  action_pattern: pattern,
  risk_threshold: threshold,
  approval_channel: channel,
});
const escalate = (name: string, connector: string | null, pattern: string, channel: string): RuleTemplate => ({
  name,
  rule_type: 'escalate',
  connector,
  action_pattern: pattern,
  risk_threshold: 0,
  approval_channel: channel,
});
const deny = (name: string, connector: string | null, pattern: string): RuleTemplate => ({
  name,
  rule_type: 'deny',
  connector,
  action_pattern: pattern,
  risk_threshold: 0,
  approval_channel: null,
});

/** Agent archetypes an org is drawn from (3–6 of them per seed). */
export const ARCHETYPES: AgentArchetype[] = [
  {
    name: 'soc-triage-agent',
    team: 'soc',
    intent: {
      permitted_systems: ['crowdstrike', 'splunk', 'jira', 'slack'],
      permitted_actions: ['detections:*', 'hosts:*', 'rtr:*', 'search_jobs', 'search:*', 'issues:*', 'messages:write'],
      permitted_data_types: ['security_events', 'host_metadata', 'logs', 'ticket', 'message'],
      max_frequency: { per_hour: 240 },
    },
    configs: [
      { connector: 'crowdstrike', ops: ['detections:list', 'detections:get', 'hosts:*', 'rtr:execute'] },
      { connector: 'splunk', ops: ['search:*', 'search_jobs'] },
      { connector: 'jira', ops: ['issues:*'] },
      { connector: 'slack', ops: ['messages:write'] },
    ],
    rules: [
      allow('soc-allow-detections', 'crowdstrike', 'detections:*', 70, 'pagerduty:secops'),
      allow('soc-allow-hosts', 'crowdstrike', 'hosts:*', 80, 'pagerduty:secops'),
      escalate('soc-escalate-rtr', 'crowdstrike', 'rtr:*', 'slack:#soc-approvals'),
      deny('soc-deny-host-delete', 'crowdstrike', 'hosts:delete'),
      allow('soc-allow-splunk', 'splunk', '*', 60),
      allow('soc-allow-jira', 'jira', 'issues:*', 60),
      allow('soc-allow-slack', 'slack', 'messages:*', 40),
    ],
    routine: [
      { connector: 'crowdstrike', op: 'detections:list', weight: 14 },
      { connector: 'crowdstrike', op: 'detections:get', weight: 14 },
      { connector: 'crowdstrike', op: 'hosts:get', weight: 10 },
      { connector: 'crowdstrike', op: 'hosts:contain', weight: 2 },
      { connector: 'crowdstrike', op: 'rtr:execute', weight: 1 },
      { connector: 'splunk', op: 'search:create', weight: 8 },
      { connector: 'splunk', op: 'search:get', weight: 8 },
      { connector: 'splunk', op: 'search_jobs', weight: 3 },
      { connector: 'jira', op: 'issues:create', weight: 4 },
      { connector: 'jira', op: 'issues:update', weight: 4 },
      { connector: 'slack', op: 'messages:write', weight: 5 },
    ],
    stray: [
      // Within the intent (`detections:*`) but outside the connector config: denied for scope, no drift.
      { connector: 'crowdstrike', op: 'detections:update' },
      { connector: 'crowdstrike', op: 'hosts:delete' },
      { connector: 'jira', op: 'projects:delete' },
      { connector: 'okta', op: 'users:suspend' },
      { connector: 'splunk', op: 'alerts:list' },
      { connector: 'jira', op: 'issues:get', extraDataType: 'pii' },
    ],
    activity: 10,
  },
  {
    name: 'identity-guard',
    team: 'iam',
    intent: {
      permitted_systems: ['okta', 'slack', 'servicenow'],
      permitted_actions: ['users:*', 'groups:*', 'sessions:*', 'messages:write', 'incidents:*'],
      permitted_data_types: ['identity', 'pii', 'message', 'ticket'],
      max_frequency: { per_hour: 150 },
    },
    configs: [
      { connector: 'okta', ops: ['users:*', 'groups:list', 'sessions:delete'] },
      { connector: 'slack', ops: ['messages:write'] },
      { connector: 'servicenow', ops: ['incidents:create', 'incidents:update'] },
    ],
    rules: [
      allow('idg-allow-users', 'okta', 'users:*', 65, 'pagerduty:iam'),
      escalate('idg-escalate-sessions', 'okta', 'sessions:*', 'slack:#iam-approvals'),
      allow('idg-allow-groups', 'okta', 'groups:list', 60),
      allow('idg-allow-notify', null, 'messages:write', 45),
      allow('idg-allow-incidents', 'servicenow', 'incidents:*', 70),
    ],
    routine: [
      { connector: 'okta', op: 'users:get', weight: 16 },
      { connector: 'okta', op: 'users:list', weight: 8 },
      { connector: 'okta', op: 'groups:list', weight: 6 },
      { connector: 'okta', op: 'users:suspend', weight: 2 },
      { connector: 'okta', op: 'sessions:delete', weight: 1 },
      { connector: 'slack', op: 'messages:write', weight: 5 },
      { connector: 'servicenow', op: 'incidents:create', weight: 2 },
      { connector: 'servicenow', op: 'incidents:update', weight: 3 },
    ],
    stray: [
      { connector: 'okta', op: 'groups:update' },
      { connector: 'crowdstrike', op: 'hosts:contain' },
      { connector: 'servicenow', op: 'cmdb:read', extraDataType: 'asset_inventory' },
    ],
    activity: 6,
  },
  {
    name: 'cloud-posture-agent',
    team: 'cloudsec',
    intent: {
      permitted_systems: ['*'],
      permitted_actions: ['*'],
      permitted_data_types: ['*'],
      max_frequency: null,
    },
    configs: [
      { connector: 'wiz', ops: ['*'] },
      { connector: 'jira', ops: ['issues:create', 'issues:search'] },
      { connector: 'servicenow', ops: ['changes:create', 'cmdb:read'] },
    ],
    rules: [
      allow('cps-allow-wiz-read', 'wiz', '*:*', 70),
      escalate('cps-escalate-export', 'wiz', 'reports:export', 'pagerduty:cloudsec'),
      allow('cps-allow-tickets', 'jira', 'issues:*', 50),
      allow('cps-allow-changes', 'servicenow', '*', 60),
    ],
    routine: [
      { connector: 'wiz', op: 'issues:list', weight: 12 },
      { connector: 'wiz', op: 'resources:get', weight: 12 },
      { connector: 'wiz', op: 'cloud_config:read', weight: 8 },
      { connector: 'wiz', op: 'issues:update', weight: 4 },
      { connector: 'wiz', op: 'reports:export', weight: 1 },
      { connector: 'jira', op: 'issues:create', weight: 3 },
      { connector: 'jira', op: 'issues:search', weight: 3 },
      { connector: 'servicenow', op: 'cmdb:read', weight: 4 },
      { connector: 'servicenow', op: 'changes:create', weight: 1 },
    ],
    stray: [
      // In scope (wiz allows `*`) but matched by no rule (`*:*` needs a colon): the default verdict.
      { connector: 'wiz', op: 'inventory_export' },
      { connector: 'okta', op: 'users:list' },
      { connector: 'jira', op: 'issues:update' },
      { connector: 'palo_alto', op: 'rules:get' },
    ],
    activity: 7,
  },
  {
    name: 'netsec-responder',
    team: 'netsec',
    intent: {
      permitted_systems: ['palo_alto', 'pagerduty', 'splunk'],
      permitted_actions: ['rules:*', 'address_groups:*', 'traffic:*', 'hosts:quarantine', 'incidents:*', 'search:*'],
      permitted_data_types: ['network_config', 'security_events', 'incident', 'logs'],
      max_frequency: { per_hour: 120 },
    },
    configs: [
      { connector: 'palo_alto', ops: ['rules:get', 'rules:update', 'address_groups:update', 'traffic:search', 'hosts:quarantine'] },
      { connector: 'pagerduty', ops: ['incidents:*'] },
      { connector: 'splunk', ops: ['search:create', 'search:get'] },
    ],
    rules: [
      allow('nsr-allow-read', 'palo_alto', '*:get', 70),
      allow('nsr-allow-traffic', 'palo_alto', 'traffic:*', 75),
      allow('nsr-allow-changes', 'palo_alto', '*:update', 75, 'pagerduty:netsec'),
      escalate('nsr-escalate-quarantine', 'palo_alto', 'hosts:quarantine', 'pagerduty:netsec'),
      allow('nsr-allow-paging', 'pagerduty', 'incidents:*', 50),
      allow('nsr-allow-search', 'splunk', 'search:?et', 55),
      allow('nsr-allow-search-create', 'splunk', 'search:create', 60),
    ],
    routine: [
      { connector: 'palo_alto', op: 'rules:get', weight: 10 },
      { connector: 'palo_alto', op: 'traffic:search', weight: 12 },
      { connector: 'palo_alto', op: 'rules:update', weight: 2 },
      { connector: 'palo_alto', op: 'address_groups:update', weight: 2 },
      { connector: 'palo_alto', op: 'hosts:quarantine', weight: 1 },
      { connector: 'pagerduty', op: 'incidents:create', weight: 2 },
      { connector: 'pagerduty', op: 'incidents:update', weight: 3 },
      { connector: 'splunk', op: 'search:create', weight: 5 },
      { connector: 'splunk', op: 'search:get', weight: 5 },
    ],
    stray: [
      { connector: 'crowdstrike', op: 'hosts:contain' },
      { connector: 'pagerduty', op: 'oncall:list' },
      { connector: 'splunk', op: 'savedsearches:update' },
    ],
    activity: 5,
  },
  {
    name: 'ir-coordinator',
    team: 'ir',
    intent: {
      permitted_systems: ['pagerduty', 'servicenow', 'jira', 'slack'],
      permitted_actions: ['*'],
      permitted_data_types: ['incident', 'ticket', 'message'],
      max_frequency: { per_hour: 90 },
    },
    configs: [
      { connector: 'pagerduty', ops: ['*'] },
      { connector: 'servicenow', ops: ['incidents:*'] },
      { connector: 'jira', ops: ['issues:create', 'issues:update', 'issues:get'] },
      { connector: 'slack', ops: ['messages:*', 'channels:list'] },
    ],
    rules: [
      allow('irc-allow-paging', 'pagerduty', '*', 45),
      allow('irc-allow-incidents', 'servicenow', 'incidents:*', 50, 'slack:#ir-leads'),
      allow('irc-allow-jira', 'jira', 'issues:*', 45),
      allow('irc-allow-slack', 'slack', '*', 45),
      deny('irc-deny-slack-search', 'slack', 'messages:search'),
    ],
    routine: [
      { connector: 'pagerduty', op: 'oncall:list', weight: 5 },
      { connector: 'pagerduty', op: 'incidents:update', weight: 4 },
      { connector: 'servicenow', op: 'incidents:get', weight: 6 },
      { connector: 'servicenow', op: 'incidents:update', weight: 4 },
      { connector: 'servicenow', op: 'incidents:create', weight: 2 },
      { connector: 'jira', op: 'issues:get', weight: 4 },
      { connector: 'jira', op: 'issues:update', weight: 3 },
      { connector: 'slack', op: 'messages:write', weight: 8 },
      { connector: 'slack', op: 'channels:list', weight: 2 },
    ],
    stray: [
      { connector: 'slack', op: 'messages:search' },
      { connector: 'splunk', op: 'search:create' },
      { connector: 'jira', op: 'issues:search' },
    ],
    activity: 4,
  },
  {
    name: 'threat-hunter',
    team: 'hunt',
    intent: {
      permitted_systems: ['*'],
      permitted_actions: ['hunting:*', 'search:*', 'search_jobs', 'incidents:list', 'detections:*', 'watchlists:update'],
      permitted_data_types: ['security_events', 'logs', 'host_metadata'],
      max_frequency: { per_hour: 45 },
    },
    configs: [
      { connector: 'sentinel', ops: ['hunting:execute', 'incidents:list', 'watchlists:update'] },
      { connector: 'splunk', ops: ['search:*', 'search_jobs'] },
      { connector: 'crowdstrike', ops: ['detections:*'] },
    ],
    rules: [
      allow('th-allow-hunting', 'sentinel', 'hunting:*', 70),
      allow('th-allow-incidents', 'sentinel', 'incidents:list', 60),
      escalate('th-escalate-watchlists', 'sentinel', 'watchlists:*', 'slack:#hunt-leads'),
      allow('th-allow-search', 'splunk', 's*', 65),
      allow('th-allow-detections', 'crowdstrike', 'detections:*', 60),
    ],
    routine: [
      { connector: 'sentinel', op: 'hunting:execute', weight: 8 },
      { connector: 'sentinel', op: 'incidents:list', weight: 6 },
      { connector: 'sentinel', op: 'watchlists:update', weight: 1 },
      { connector: 'splunk', op: 'search:create', weight: 8 },
      { connector: 'splunk', op: 'search_jobs', weight: 4 },
      { connector: 'crowdstrike', op: 'detections:list', weight: 5 },
      { connector: 'crowdstrike', op: 'detections:get', weight: 4 },
    ],
    stray: [
      { connector: 'crowdstrike', op: 'hosts:get' },
      { connector: 'sentinel', op: 'incidents:update' },
      { connector: 'splunk', op: 'search:get', extraDataType: 'pii' },
    ],
    activity: 5,
  },
];

export interface OrgProfile {
  name: string;
  slug: string;
  domain: string;
}

/** Organisations a seed picks from. */
export const ORGS: OrgProfile[] = [
  { name: 'Northwind Security', slug: 'northwind', domain: 'northwind.example' },
  { name: 'Contoso SecOps', slug: 'contoso', domain: 'contoso.example' },
  { name: 'Fabrikam Cyber Defense', slug: 'fabrikam', domain: 'fabrikam.example' },
  { name: 'Woodgrove Bank SOC', slug: 'woodgrove', domain: 'woodgrove.example' },
  { name: 'Adatum Health Security', slug: 'adatum', domain: 'adatum.example' },
  { name: 'Litware Threat Ops', slug: 'litware', domain: 'litware.example' },
];

/** Names for the org's people (e-mails are first.last@domain). */
export const FIRST_NAMES = [
  'amara', 'bruno', 'chen', 'dana', 'elif', 'farah', 'goran', 'hana', 'ivan', 'jules', 'kofi', 'lena',
  'mateo', 'nadia', 'omar', 'priya', 'quinn', 'rosa', 'sven', 'tariq', 'uma', 'victor', 'wen', 'yara', 'zane',
];
export const LAST_NAMES = [
  'adeyemi', 'bauer', 'castillo', 'dubois', 'eriksen', 'fujita', 'garcia', 'haddad', 'ito', 'jensen', 'kowalski',
  'lindqvist', 'moreau', 'nakamura', 'okafor', 'petrov', 'quintero', 'rossi', 'santos', 'tanaka', 'varga', 'weber',
];

/** The default evaluation profile of spec §8.1, spelled out completely as state.json carries it. */
export function defaultProfile(): Profile {
  return {
    verb_weights: {
      read: 10, list: 10, get: 10, search: 15, create: 25, write: 30, update: 30, execute: 40,
      isolate: 45, contain: 45, delete: 50, remove: 50, quarantine: 50,
    },
    default_verb_weight: 20,
    connector_weights: {
      okta: 35, palo_alto: 35, crowdstrike: 30, sentinel: 25, wiz: 20, splunk: 15, servicenow: 15, jira: 10,
      pagerduty: 10, slack: 5,
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
}
