/**
 * The shared-responsibility model of an agent-governance platform running on a SOC 2 certified
 * host: the defaults of the Responsibility matrix before an auditor edits a cell.
 */
import type { ResponsibilityLayer } from '../api/view-types.js';

export const RESPONSIBILITY_LAYERS: readonly ResponsibilityLayer[] = ['infrastructure', 'platform', 'tenant'];

export const LAYER_TITLES: Readonly<Record<ResponsibilityLayer, string>> = {
  infrastructure: 'Infrastructure (inherited from the host)',
  platform: 'Platform (governance vendor)',
  tenant: 'Tenant (customer organisation)',
};

/** Criteria the matrix always lists (issue 4), in TSC order. */
export const RESPONSIBILITY_CRITERIA: readonly string[] = ['CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC7.1', 'CC7.2', 'CC8.1', 'A1.2'];

type Defaults = Readonly<Record<string, Readonly<Record<ResponsibilityLayer, string>>>>;

export const RESPONSIBILITY_DEFAULTS: Defaults = {
  'CC6.1': {
    infrastructure: 'Inherited: network segmentation, physical access to data centres, encrypted storage (host SOC 2 report).',
    platform: 'Authentication, RBAC enforcement, policy enforcement on every connector call, scoped connector credentials.',
    tenant: 'Assign roles, write policy rules and connector scopes, declare intent manifests for each agent.',
  },
  'CC6.2': {
    infrastructure: 'Inherited: host identity and access management for operators of the underlying infrastructure.',
    platform: 'User registration, API key issuance and revocation, audit logging of every account change.',
    tenant: 'Approve new users and their roles; deactivate leavers promptly; review API keys.',
  },
  'CC6.3': {
    infrastructure: 'Inherited: least-privilege access for host personnel.',
    platform: 'Role-based authorisation of every action; intent enforcement per agent.',
    tenant: 'Periodic access reviews; keep roles and intent manifests current.',
  },
  'CC6.6': {
    infrastructure: 'Inherited: perimeter firewalls, DDoS protection, TLS termination.',
    platform: 'Secret storage and access logging for connector credentials; rotation support.',
    tenant: 'Rotate connector secrets; restrict which agents may access which secrets.',
  },
  'CC7.1': {
    infrastructure: 'Inherited: vulnerability management and configuration baselines of the host.',
    platform: 'Drift detection against declared intent; tamper-evident, signed audit log.',
    tenant: 'Declare intent manifests; configure SIEM forwarding and retention.',
  },
  'CC7.2': {
    infrastructure: 'Inherited: host monitoring and incident response.',
    platform: 'Anomaly and drift alerts, automatic suspension, approval workflow with expiry.',
    tenant: 'Staff the approval queue; respond to drift alerts and suspensions; retain exports.',
  },
  'CC8.1': {
    infrastructure: 'Inherited: change management of host infrastructure.',
    platform: 'Agent change management: versioned deployments, rollbacks, policy versioning.',
    tenant: 'Approve agent deployments and policy changes; keep change records.',
  },
  'A1.2': {
    infrastructure: 'Inherited: backups, redundant power and network, recovery infrastructure.',
    platform: 'Heartbeats proving the log was running; export of signed audit bundles.',
    tenant: 'Configure retention and backup of exports; monitor heartbeat coverage.',
  },
};

/** The default text of one cell (empty for criteria outside the prefilled model). */
export function defaultResponsibility(criterion: string, layer: ResponsibilityLayer): string {
  return RESPONSIBILITY_DEFAULTS[criterion]?.[layer] ?? '';
}
