/**
 * ISO/IEC 27001:2022 Annex A as data: all 93 controls (37 organisational, 8 people, 14 physical,
 * 34 technological) with short titles in our own words — ISO's text is copyrighted and is not
 * reproduced. `basis` says whether an agent audit trail can carry evidence for the control at all
 * (`trail`) or only the client's documents can (`document`).
 */
import type { CatalogControl } from './soc2-catalog.js';

export type Iso27001Theme = 'A.5' | 'A.6' | 'A.7' | 'A.8';

export const ISO27001_THEMES: readonly { id: Iso27001Theme; title: string }[] = [
  { id: 'A.5', title: 'Organisational controls' },
  { id: 'A.6', title: 'People controls' },
  { id: 'A.7', title: 'Physical controls' },
  { id: 'A.8', title: 'Technological controls' },
];

const T = 'trail' as const;
const D = 'document' as const;

const rows: [string, string, 'trail' | 'document'][] = [
  ['5.1', 'Information security policies set and reviewed', D],
  ['5.2', 'Security roles and responsibilities assigned', D],
  ['5.3', 'Conflicting duties kept apart', T],
  ['5.4', 'Management requires staff to apply security', D],
  ['5.5', 'Contact kept with relevant authorities', D],
  ['5.6', 'Contact kept with security interest groups', D],
  ['5.7', 'Threat information gathered and analysed', D],
  ['5.8', 'Security built into project management', D],
  ['5.9', 'Inventory of information and related assets', D],
  ['5.10', 'Acceptable use of information and assets', D],
  ['5.11', 'Assets returned when engagement ends', D],
  ['5.12', 'Information classified by need for protection', D],
  ['5.13', 'Information labelled by its classification', D],
  ['5.14', 'Rules for transferring information', T],
  ['5.15', 'Access to information controlled by rules', T],
  ['5.16', 'Identities managed over their whole life', T],
  ['5.17', 'Authentication information allocated and managed', T],
  ['5.18', 'Access rights granted, reviewed, changed and removed', T],
  ['5.19', 'Security in supplier relationships', D],
  ['5.20', 'Security requirements in supplier agreements', D],
  ['5.21', 'Security in the ICT supply chain', D],
  ['5.22', 'Supplier services monitored, reviewed and changed under control', T],
  ['5.23', 'Security of cloud service use', D],
  ['5.24', 'Incident management planned and prepared', D],
  ['5.25', 'Security events assessed and decided on', T],
  ['5.26', 'Response to security incidents', T],
  ['5.27', 'Learning from security incidents', D],
  ['5.28', 'Evidence collected and preserved', T],
  ['5.29', 'Security maintained during disruption', D],
  ['5.30', 'ICT ready for business continuity', D],
  ['5.31', 'Legal, regulatory and contractual requirements identified', D],
  ['5.32', 'Intellectual property rights protected', D],
  ['5.33', 'Records protected against loss and tampering', T],
  ['5.34', 'Privacy and protection of personal data', D],
  ['5.35', 'Independent review of information security', D],
  ['5.36', 'Compliance with security policies and standards checked', D],
  ['5.37', 'Operating procedures documented', D],
  ['6.1', 'Background checks on candidates', D],
  ['6.2', 'Security in terms of employment', D],
  ['6.3', 'Security awareness, education and training', D],
  ['6.4', 'Disciplinary process for violations', D],
  ['6.5', 'Duties after termination or change of employment', D],
  ['6.6', 'Confidentiality or non-disclosure agreements', D],
  ['6.7', 'Security of remote working', D],
  ['6.8', 'Reporting of security events by staff', D],
  ['7.1', 'Physical security perimeters defined', D],
  ['7.2', 'Physical entry controlled', D],
  ['7.3', 'Offices, rooms and facilities secured', D],
  ['7.4', 'Premises monitored for unauthorised physical access', D],
  ['7.5', 'Protection against physical and environmental threats', D],
  ['7.6', 'Rules for working in secure areas', D],
  ['7.7', 'Clear desk and clear screen', D],
  ['7.8', 'Equipment sited and protected', D],
  ['7.9', 'Security of assets off-premises', D],
  ['7.10', 'Storage media managed', D],
  ['7.11', 'Supporting utilities protected', D],
  ['7.12', 'Cabling protected', D],
  ['7.13', 'Equipment maintained', D],
  ['7.14', 'Equipment disposed of or re-used securely', D],
  ['8.1', 'User endpoint devices protected', D],
  ['8.2', 'Privileged access rights restricted and managed', T],
  ['8.3', 'Access to information restricted by policy', T],
  ['8.4', 'Access to source code managed', D],
  ['8.5', 'Secure authentication', T],
  ['8.6', 'Capacity monitored and adjusted', T],
  ['8.7', 'Protection against malware', D],
  ['8.8', 'Technical vulnerabilities managed', D],
  ['8.9', 'Configurations established and managed', T],
  ['8.10', 'Information deleted when no longer needed', D],
  ['8.11', 'Data masking', D],
  ['8.12', 'Data leakage prevented', T],
  ['8.13', 'Information backed up and backups tested', D],
  ['8.14', 'Redundancy of processing facilities', D],
  ['8.15', 'Activities logged, logs protected and analysed', T],
  ['8.16', 'Networks, systems and applications monitored for anomalies', T],
  ['8.17', 'Clocks synchronised', D],
  ['8.18', 'Use of privileged utility programs restricted', D],
  ['8.19', 'Software installation on operational systems controlled', D],
  ['8.20', 'Networks secured', D],
  ['8.21', 'Security of network services', D],
  ['8.22', 'Networks segregated', D],
  ['8.23', 'Web filtering', D],
  ['8.24', 'Use of cryptography', D],
  ['8.25', 'Secure development life cycle', D],
  ['8.26', 'Application security requirements', D],
  ['8.27', 'Secure architecture and engineering principles', D],
  ['8.28', 'Secure coding', D],
  ['8.29', 'Security testing in development and acceptance', D],
  ['8.30', 'Outsourced development directed and monitored', D],
  ['8.31', 'Development, test and production kept apart', D],
  ['8.32', 'Changes subject to change management', T],
  ['8.33', 'Test information protected', D],
  ['8.34', 'Systems protected during audit testing', D],
];

export const ISO27001_CATALOG: readonly CatalogControl[] = rows.map(([id, title, basis]) => ({ id, group: `A.${id.split('.')[0]}`, title, basis }));

/** The catalog entry of an Annex A control id (e.g. "8.15"), if it is one of the 93. */
export function iso27001Control(id: string): CatalogControl | undefined {
  return ISO27001_CATALOG.find((c) => c.id === id);
}
