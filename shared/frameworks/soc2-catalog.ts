/**
 * The SOC 2 Trust Services Criteria (2017, points of focus revised 2022) as data: all 61
 * criteria with short titles in our own words (the AICPA's text is not reproduced). `basis` says
 * whether an agent audit trail can carry evidence for the criterion at all (`trail`) or only the
 * client's documents can (`document`): policies, governance, HR, physical security, privacy notices.
 */

export type Soc2Group = 'CC1' | 'CC2' | 'CC3' | 'CC4' | 'CC5' | 'CC6' | 'CC7' | 'CC8' | 'CC9' | 'A1' | 'C1' | 'PI1' | 'P';

export interface CatalogControl {
  id: string;
  group: string;
  title: string;
  /** `trail`: events of an audit export can evidence it; `document`: only the client's documents can. */
  basis: 'trail' | 'document';
}

export const SOC2_GROUPS: readonly { id: Soc2Group; title: string }[] = [
  { id: 'CC1', title: 'Control environment' },
  { id: 'CC2', title: 'Communication and information' },
  { id: 'CC3', title: 'Risk assessment' },
  { id: 'CC4', title: 'Monitoring activities' },
  { id: 'CC5', title: 'Control activities' },
  { id: 'CC6', title: 'Logical and physical access controls' },
  { id: 'CC7', title: 'System operations' },
  { id: 'CC8', title: 'Change management' },
  { id: 'CC9', title: 'Risk mitigation' },
  { id: 'A1', title: 'Availability' },
  { id: 'C1', title: 'Confidentiality' },
  { id: 'PI1', title: 'Processing integrity' },
  { id: 'P', title: 'Privacy' },
];

const rows: [string, Soc2Group, string, 'trail' | 'document'][] = [
  ['CC1.1', 'CC1', 'Commitment to integrity and ethical values', 'document'],
  ['CC1.2', 'CC1', 'Board independence and oversight of internal control', 'document'],
  ['CC1.3', 'CC1', 'Structures, reporting lines, authorities and responsibilities', 'document'],
  ['CC1.4', 'CC1', 'Attracting, developing and keeping competent people', 'document'],
  ['CC1.5', 'CC1', 'Holding people accountable for internal control', 'document'],
  ['CC2.1', 'CC2', 'Relevant, quality information supports internal control', 'trail'],
  ['CC2.2', 'CC2', 'Internal communication of control objectives and responsibilities', 'document'],
  ['CC2.3', 'CC2', 'Communication with external parties about internal control', 'document'],
  ['CC3.1', 'CC3', 'Objectives clear enough to identify and assess risks', 'document'],
  ['CC3.2', 'CC3', 'Risks to objectives identified and analysed', 'document'],
  ['CC3.3', 'CC3', 'Potential for fraud considered in assessing risks', 'document'],
  ['CC3.4', 'CC3', 'Significant changes that affect internal control identified and assessed', 'document'],
  ['CC4.1', 'CC4', 'Ongoing and separate evaluations of whether controls operate', 'document'],
  ['CC4.2', 'CC4', 'Control deficiencies evaluated and communicated in time', 'document'],
  ['CC5.1', 'CC5', 'Control activities chosen and developed to mitigate risks', 'document'],
  ['CC5.2', 'CC5', 'General control activities over technology', 'document'],
  ['CC5.3', 'CC5', 'Control activities deployed through policies and procedures', 'document'],
  ['CC6.1', 'CC6', 'Logical access security over protected information assets', 'trail'],
  ['CC6.2', 'CC6', 'Users registered and authorised before access is granted', 'trail'],
  ['CC6.3', 'CC6', 'Access granted, changed and removed by role and least privilege', 'trail'],
  ['CC6.4', 'CC6', 'Physical access to facilities and assets restricted', 'document'],
  ['CC6.5', 'CC6', 'Assets disposed of only once data can no longer be read', 'document'],
  ['CC6.6', 'CC6', 'Protection against threats from outside the system boundary', 'trail'],
  ['CC6.7', 'CC6', 'Movement of information restricted to authorised parties and channels', 'trail'],
  ['CC6.8', 'CC6', 'Unauthorised or malicious software prevented or detected', 'document'],
  ['CC7.1', 'CC7', 'Configuration changes and new vulnerabilities detected', 'trail'],
  ['CC7.2', 'CC7', 'System components monitored for anomalies', 'trail'],
  ['CC7.3', 'CC7', 'Security events evaluated to decide whether they are incidents', 'trail'],
  ['CC7.4', 'CC7', 'Security incidents responded to under a defined programme', 'trail'],
  ['CC7.5', 'CC7', 'Recovery from identified security incidents', 'trail'],
  ['CC8.1', 'CC8', 'Changes authorised, designed, tested, approved and implemented', 'trail'],
  ['CC9.1', 'CC9', 'Risks from business disruption identified and mitigated', 'document'],
  ['CC9.2', 'CC9', 'Risks from vendors and business partners assessed and managed', 'document'],
  ['A1.1', 'A1', 'Processing capacity and use of components monitored and planned', 'trail'],
  ['A1.2', 'A1', 'Environmental protections, backups and recovery infrastructure', 'document'],
  ['A1.3', 'A1', 'Recovery plans tested', 'document'],
  ['C1.1', 'C1', 'Confidential information identified and kept confidential', 'document'],
  ['C1.2', 'C1', 'Confidential information disposed of as committed', 'document'],
  ['PI1.1', 'PI1', 'Definitions of the data processed and of the processing obtained and communicated', 'document'],
  ['PI1.2', 'PI1', 'System inputs complete and accurate', 'document'],
  ['PI1.3', 'PI1', 'Processing complete, accurate and timely', 'document'],
  ['PI1.4', 'PI1', 'Outputs complete, accurate and delivered only as intended', 'document'],
  ['PI1.5', 'PI1', 'Stored data kept complete and accurate', 'document'],
  ['P1.1', 'P', 'Notice of privacy practices given to data subjects', 'document'],
  ['P2.1', 'P', 'Choice and consent for collection, use and disclosure', 'document'],
  ['P3.1', 'P', 'Personal information collected only for stated objectives', 'document'],
  ['P3.2', 'P', 'Explicit consent for sensitive personal information', 'document'],
  ['P4.1', 'P', 'Use of personal information limited to stated objectives', 'document'],
  ['P4.2', 'P', 'Personal information retained only as long as needed', 'document'],
  ['P4.3', 'P', 'Personal information securely disposed of', 'document'],
  ['P5.1', 'P', 'Data subjects can access their personal information', 'document'],
  ['P5.2', 'P', 'Data subjects can correct their personal information', 'document'],
  ['P6.1', 'P', 'Disclosure to third parties only with consent', 'document'],
  ['P6.2', 'P', 'Records kept of authorised disclosures', 'document'],
  ['P6.3', 'P', 'Records kept of unauthorised disclosures', 'document'],
  ['P6.4', 'P', 'Third parties bound to privacy commitments', 'document'],
  ['P6.5', 'P', 'Third parties report unauthorised disclosures', 'document'],
  ['P6.6', 'P', 'Affected data subjects notified of breaches', 'document'],
  ['P6.7', 'P', 'Data subjects given an accounting of disclosures', 'document'],
  ['P7.1', 'P', 'Personal information kept accurate, complete and relevant', 'document'],
  ['P8.1', 'P', 'Privacy inquiries, complaints and disputes handled', 'document'],
];

export const SOC2_CATALOG: readonly CatalogControl[] = rows.map(([id, group, title, basis]) => ({ id, group, title, basis }));

/** The catalog entry of a criterion id, if it is one of the 61. */
export function soc2Criterion(id: string): CatalogControl | undefined {
  return SOC2_CATALOG.find((c) => c.id === id);
}
