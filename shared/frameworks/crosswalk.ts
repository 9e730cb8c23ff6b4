/**
 * The SOC 2 ↔ ISO/IEC 27001:2022 Annex A crosswalk as data: every SOC 2 criterion that has an
 * Annex A counterpart, with the relationship of each pair. Written by Crosscheck from the ids and
 * the subject of each criterion and control (docs/frameworks.md says where each pairing comes
 * from); no other project's mapping file is copied. CC5.1–CC5.2, processing integrity (PI1) and
 * privacy (P) have no counterpart here: the app says so rather than inventing one.
 */

/**
 * How the SOC 2 criterion relates to the Annex A control, read from the SOC 2 side:
 * `equal` the same requirement; `subset` the criterion asks for part of what the control asks;
 * `superset` the criterion asks for more than the control; `intersect` they overlap.
 */
export type CrosswalkRelation = 'equal' | 'subset' | 'superset' | 'intersect';

export const CROSSWALK_RELATIONS: readonly CrosswalkRelation[] = ['equal', 'subset', 'superset', 'intersect'];

export interface CrosswalkPair {
  soc2: string;
  iso: string;
  relation: CrosswalkRelation;
}

/** Where the pairings of one criterion come from (shown in the app and in docs/frameworks.md). */
export interface CrosswalkSource {
  soc2: string;
  basis: string;
}

type Row = [soc2: string, basis: string, pairs: [iso: string, relation: CrosswalkRelation][]];

const E = 'equal' as const;
const SUB = 'subset' as const;
const SUP = 'superset' as const;
const X = 'intersect' as const;

// Each row: the criterion, why these controls (the shared subject), and the controls with relation.
const rows: Row[] = [
  [
    'CC1.1',
    'integrity and ethics are set by management and enforced through employment terms and discipline',
    [
      ['5.4', X],
      ['6.2', X],
      ['6.4', X],
    ],
  ],
  [
    'CC1.2',
    'oversight of internal control; Annex A asks for management direction and independent review',
    [
      ['5.4', X],
      ['5.35', X],
    ],
  ],
  [
    'CC1.3',
    'structures, authorities and responsibilities are the roles Annex A asks to be assigned',
    [['5.2', SUP]],
  ],
  [
    'CC1.4',
    'competent people: screening and training of staff',
    [
      ['6.1', X],
      ['6.3', X],
    ],
  ],
  [
    'CC1.5',
    'accountability for internal control: management responsibilities and disciplinary process',
    [
      ['5.4', X],
      ['6.4', X],
    ],
  ],
  [
    'CC2.1',
    'relevant, quality information about the system: logs and monitoring data',
    [
      ['8.15', X],
      ['8.16', X],
    ],
  ],
  [
    'CC2.2',
    'internal communication: policies communicated, awareness, reporting of events by staff',
    [
      ['5.1', X],
      ['6.3', X],
      ['6.8', X],
    ],
  ],
  [
    'CC2.3',
    'communication with external parties: authorities and interest groups',
    [
      ['5.5', X],
      ['5.6', X],
    ],
  ],
  [
    'CC3.1',
    'objectives set so that risks can be assessed; Annex A sets them through the policies',
    [['5.1', X]],
  ],
  [
    'CC3.2',
    'risks identified and analysed: threat intelligence and technical vulnerabilities',
    [
      ['5.7', X],
      ['8.8', X],
    ],
  ],
  ['CC3.3', 'fraud risk: conflicting duties kept apart', [['5.3', X]]],
  [
    'CC3.4',
    'significant changes assessed: security in projects and changes under control',
    [
      ['5.8', X],
      ['8.32', X],
    ],
  ],
  [
    'CC4.1',
    'evaluations of whether controls operate: independent review and compliance checks',
    [
      ['5.35', X],
      ['5.36', X],
    ],
  ],
  [
    'CC4.2',
    'deficiencies evaluated and communicated: review results acted on',
    [
      ['5.35', X],
      ['5.36', X],
    ],
  ],
  [
    'CC5.3',
    'control activities deployed through policies and documented procedures',
    [
      ['5.1', X],
      ['5.37', X],
    ],
  ],
  [
    'CC6.1',
    'logical access security: asset inventory, access rules, privileged access, authentication, cryptography',
    [
      ['5.9', X],
      ['5.15', X],
      ['8.2', X],
      ['8.3', X],
      ['8.5', X],
      ['8.24', X],
    ],
  ],
  [
    'CC6.2',
    'users registered and authorised before access: identity management and access rights',
    [
      ['5.16', X],
      ['5.18', X],
    ],
  ],
  [
    'CC6.3',
    'access granted, changed and removed by role and least privilege',
    [
      ['5.18', E],
      ['5.15', X],
      ['8.2', X],
    ],
  ],
  [
    'CC6.4',
    'physical access to facilities restricted',
    [
      ['7.1', X],
      ['7.2', X],
      ['7.3', X],
      ['7.4', X],
    ],
  ],
  [
    'CC6.5',
    'assets disposed of once data cannot be read: disposal, media and deletion',
    [
      ['7.14', E],
      ['7.10', X],
      ['8.10', X],
    ],
  ],
  [
    'CC6.6',
    'threats from outside the boundary: network security, segregation and filtering',
    [
      ['8.20', X],
      ['8.21', X],
      ['8.22', X],
      ['8.23', X],
    ],
  ],
  [
    'CC6.7',
    'movement of information restricted: transfer rules, cryptography, media, leakage prevention',
    [
      ['5.14', X],
      ['8.24', X],
      ['7.10', X],
      ['8.12', X],
    ],
  ],
  [
    'CC6.8',
    'malicious software prevented and software installation controlled',
    [
      ['8.7', E],
      ['8.19', X],
    ],
  ],
  [
    'CC7.1',
    'configuration changes and new vulnerabilities detected',
    [
      ['8.8', X],
      ['8.9', X],
    ],
  ],
  [
    'CC7.2',
    'system components monitored for anomalies, logs analysed',
    [
      ['8.16', E],
      ['8.15', X],
    ],
  ],
  ['CC7.3', 'security events assessed to decide whether they are incidents', [['5.25', E]]],
  [
    'CC7.4',
    'incidents responded to under a programme: planning, response, evidence',
    [
      ['5.24', X],
      ['5.26', X],
      ['5.28', X],
    ],
  ],
  [
    'CC7.5',
    'recovery from incidents and learning from them',
    [
      ['5.26', X],
      ['5.27', X],
      ['5.29', X],
    ],
  ],
  [
    'CC8.1',
    'changes authorised, designed, tested, approved and implemented',
    [
      ['8.32', E],
      ['8.25', X],
      ['8.29', X],
      ['8.31', X],
      ['8.9', X],
    ],
  ],
  [
    'CC9.1',
    'business disruption: security during disruption and ICT continuity',
    [
      ['5.29', X],
      ['5.30', X],
    ],
  ],
  [
    'CC9.2',
    'vendor and partner risk: supplier relationships, agreements, supply chain, monitoring',
    [
      ['5.19', X],
      ['5.20', X],
      ['5.21', X],
      ['5.22', X],
    ],
  ],
  ['A1.1', 'capacity monitored and planned', [['8.6', E]]],
  [
    'A1.2',
    'environmental protection, utilities, backups and redundancy',
    [
      ['7.5', X],
      ['7.11', X],
      ['8.13', X],
      ['8.14', X],
    ],
  ],
  [
    'A1.3',
    'recovery plans tested: ICT continuity and backup restores',
    [
      ['5.30', X],
      ['8.13', SUB],
    ],
  ],
  [
    'C1.1',
    'confidential information identified and protected: classification, labelling, confidentiality agreements',
    [
      ['5.12', X],
      ['5.13', X],
      ['6.6', X],
    ],
  ],
  [
    'C1.2',
    'confidential information disposed of: deletion and secure disposal',
    [
      ['8.10', X],
      ['7.14', X],
    ],
  ],
];

export const CROSSWALK: readonly CrosswalkPair[] = rows.flatMap(([soc2, , pairs]) =>
  pairs.map(([iso, relation]) => ({ soc2, iso, relation })),
);

export const CROSSWALK_SOURCES: readonly CrosswalkSource[] = rows.map(([soc2, basis]) => ({ soc2, basis }));

/** Why a criterion has no Annex A counterpart in our crosswalk (shown instead of a guess). */
export const NO_ISO_COUNTERPART =
  'no ISO/IEC 27001 Annex A counterpart: control activities in general (CC5.1–CC5.2), processing integrity and privacy are not Annex A subjects';

/** The relation read from the ISO side: a criterion that is a subset of a control makes the control its superset. */
export function invertRelation(r: CrosswalkRelation): CrosswalkRelation {
  return r === 'subset' ? 'superset' : r === 'superset' ? 'subset' : r;
}

/** The Annex A controls a SOC 2 criterion pairs with (empty: no counterpart). */
export function isoForSoc2(soc2: string, pairs: readonly CrosswalkPair[] = CROSSWALK): CrosswalkPair[] {
  return pairs.filter((p) => p.soc2 === soc2);
}

/** The SOC 2 criteria an Annex A control pairs with, relation read from the ISO side. */
export function soc2ForIso(
  iso: string,
  pairs: readonly CrosswalkPair[] = CROSSWALK,
): { soc2: string; iso: string; relation: CrosswalkRelation }[] {
  return pairs.filter((p) => p.iso === iso).map((p) => ({ ...p, relation: invertRelation(p.relation) }));
}

/** Every reference of `pairs` that names no control of the two catalogs, as readable problems. */
export function crosswalkProblems(
  pairs: readonly CrosswalkPair[],
  soc2Ids: ReadonlySet<string>,
  isoIds: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  pairs.forEach((p, i) => {
    if (!soc2Ids.has(p.soc2)) problems.push(`pair ${i + 1}: "${p.soc2}" is not a SOC 2 criterion`);
    if (!isoIds.has(p.iso)) problems.push(`pair ${i + 1}: "${p.iso}" is not an Annex A control`);
    if (!CROSSWALK_RELATIONS.includes(p.relation))
      problems.push(
        `pair ${i + 1}: relation "${String(p.relation)}" is not one of ${CROSSWALK_RELATIONS.join(', ')}`,
      );
    const key = `${p.soc2}|${p.iso}`;
    if (seen.has(key)) problems.push(`pair ${i + 1}: ${p.soc2} ↔ ${p.iso} is listed twice`);
    seen.add(key);
  });
  return problems;
}
