/**
 * The package as an OSCAL v1.0.6 assessment-results document: each finding becomes OSCAL
 * findings targeting its SOC 2 criteria, backed by an observation citing the entry in the
 * binder's population CSV. Criteria with evidence and no finding are reported satisfied.
 */
import { CRITERION_TITLES, compareCriteria } from '../../../shared/controls/soc2.js';
import type { PackageDoc } from '../../../shared/package/package-types.js';
import { findingCriteria } from '../../../shared/package/soc2-mapping.js';
import { sha256Hex } from '../crypto/sha256.js';
import { includesIso } from '../../../shared/frameworks/package-frameworks.js';
import { ISO27001_FINDING_GROUPS } from '../../../shared/frameworks/iso27001-evidence-map.js';
import { isFindingKind, kindGroup } from '../../../shared/report/finding-kinds.js';

export const OSCAL_VERSION = '1.0.6';

/** A name-based (version 5 layout) UUID from a seed, so the same package gives the same ids. */
export function seededUuid(seed: string): string {
  const h = sha256Hex(seed);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** OSCAL control ids are lower-case tokens (`cc6.1`). */
export function controlId(criterion: string): string {
  return criterion.toLowerCase();
}

/** An Annex A control as an OSCAL control id (`a.8.15`), the form ISO catalogs in OSCAL use; no SOC 2 id starts with "a.". */
export function isoControlId(control: string): string {
  return `a.${control}`;
}

type Json = Record<string, unknown>;

/** The assessment-results document for a package (deterministic). */
export function buildAssessmentResults(doc: PackageDoc, packageId: string, files: { pdf: string; json: string; csv: string }): Json {
  const u = (label: string): string => seededUuid(`${packageId}/${label}`);
  const scope = doc.scope.kind === 'agent' ? `agent ${doc.scope.agent_name ?? doc.scope.agent_id}` : 'all agents';
  const observations: Json[] = [];
  const findings: Json[] = [];
  const criteriaWithFindings = new Set<string>();

  const findingObservations: string[] = [];
  doc.findings.forEach((f, i) => {
    const obsUuid = u(`observation/${i}`);
    findingObservations.push(obsUuid);
    const origin = doc.population.origins.length === 1 ? doc.population.origins[0]! : null;
    const evidence: Json[] = [
      {
        href: f.seq === null ? files.json : `${files.csv}#seq=${f.seq}`,
        description:
          f.seq === null
            ? `Export-level finding; see the verification results in ${files.json}.`
            : `Entry seq ${f.seq}${origin === null ? '' : ` of ${origin}`}${f.entry_id === null ? '' : ` (id ${f.entry_id})`} in the population CSV.`,
      },
    ];
    const props: Json[] = [
      { name: 'finding-kind', value: f.kind },
      { name: 'severity', value: f.severity },
    ];
    if (f.entry_id !== null) props.push({ name: 'entry-id', value: f.entry_id });
    if (f.seq !== null) props.push({ name: 'seq', value: String(f.seq) });
    observations.push({
      uuid: obsUuid,
      title: `${f.kind}${f.seq === null ? '' : ` at seq ${f.seq}`}`,
      description: f.message,
      props,
      methods: ['TEST'],
      types: ['finding'],
      'relevant-evidence': evidence,
      collected: doc.generated_at,
    });
    for (const c of findingCriteria(f)) {
      criteriaWithFindings.add(c);
      findings.push({
        uuid: u(`finding/${i}/${c}`),
        title: `${c}: ${f.kind}`,
        description: f.message,
        props: [{ name: 'severity', value: f.severity }],
        target: {
          type: 'objective-id',
          'target-id': controlId(c),
          title: CRITERION_TITLES[c] ?? c,
          status: { state: 'not-satisfied', reason: 'fail' },
        },
        'related-observations': [{ 'observation-uuid': obsUuid }],
      });
    }
  });

  for (const c of doc.soc2.criteria) {
    if (criteriaWithFindings.has(c.criterion) || c.evidence_count === 0) continue;
    const obsUuid = u(`evidence/${c.criterion}`);
    observations.push({
      uuid: obsUuid,
      title: `${c.criterion}: evidence without exceptions`,
      description: `${c.evidence_count} entries evidence ${c.criterion} (${c.action_types.map((a) => `${a.action_type} ${a.count}`).join(', ')}); re-evaluation found no exception.`,
      methods: ['TEST'],
      types: ['control-objective'],
      'relevant-evidence': [{ href: files.csv, description: `Rows of the population CSV whose action_type maps to ${c.criterion} (spec §10).` }],
      collected: doc.generated_at,
    });
    findings.push({
      uuid: u(`satisfied/${c.criterion}`),
      title: `${c.criterion}: no exceptions`,
      description: `No finding maps to ${c.criterion} in this period.`,
      target: {
        type: 'objective-id',
        'target-id': controlId(c.criterion),
        title: CRITERION_TITLES[c.criterion] ?? c.criterion,
        status: { state: 'satisfied', reason: 'pass' },
      },
      'related-observations': [{ 'observation-uuid': obsUuid }],
    });
  }

  const isoReviewed = includesIso(doc.frameworks) ? isoTargets(doc, u, findingObservations, files.json, observations, findings) : [];
  const reviewed = [...new Set([...doc.soc2.criteria.map((c) => c.criterion), ...criteriaWithFindings])].sort(compareCriteria);
  const result: Json = {
    uuid: u('result'),
    title: `Agent activity assessment, ${doc.org.name}, ${scope}`,
    description: `Verification and offline re-evaluation of ${doc.population.entries} audit entries from ${doc.exports.length} signed exports (${doc.period.from} to ${doc.period.to}).`,
    start: doc.period.from,
    end: doc.period.to,
    props: [
      { name: 'package-id', value: packageId },
      { name: 'population-entries', value: String(doc.population.entries) },
    ],
    'reviewed-controls': {
      description: 'SOC 2 trust services criteria evidenced by the action types observed (spec §10) or named by findings (spec §9).',
      'control-selections': [{ 'include-controls': [...reviewed.map((c) => ({ 'control-id': controlId(c) })), ...isoReviewed.map((c) => ({ 'control-id': isoControlId(c) }))] }],
    },
  };
  if (observations.length > 0) result['observations'] = observations;
  if (findings.length > 0) result['findings'] = findings;

  return {
    'assessment-results': {
      uuid: u('assessment-results'),
      metadata: {
        title: `Crosscheck assessment results: ${doc.org.name}, ${scope}`,
        published: doc.generated_at,
        'last-modified': doc.generated_at,
        version: packageId,
        'oscal-version': OSCAL_VERSION,
        roles: [{ id: 'assessor', title: 'Assessor' }],
        parties: [{ uuid: u('party/assessor'), type: 'person', name: doc.generated_by }],
        'responsible-parties': [{ 'role-id': 'assessor', 'party-uuids': [u('party/assessor')] }],
      },
      // No separate assessment plan exists: the package JSON states scope, period and method.
      'import-ap': { href: files.json, remarks: 'Scope, period and method are stated in the package JSON.' },
      results: [result],
      'back-matter': {
        resources: [
          { uuid: u('resource/pdf'), title: 'Compliance package (PDF)', rlinks: [{ href: files.pdf, 'media-type': 'application/pdf' }] },
          { uuid: u('resource/json'), title: 'Compliance package (JSON)', rlinks: [{ href: files.json, 'media-type': 'application/json' }] },
          { uuid: u('resource/csv'), title: 'Population (CSV)', rlinks: [{ href: files.csv, 'media-type': 'text/csv' }] },
        ],
      },
    },
  };
}

/**
 * Annex A beside SOC 2: the package's findings onto the controls their group contradicts, and the
 * SoA's applicable controls Crosscheck tested with no exception reported satisfied. Returns the
 * controls reviewed (applicable, or named by a finding).
 */
function isoTargets(doc: PackageDoc, u: (label: string) => string, findingObservations: readonly string[], json: string, observations: Json[], findings: Json[]): string[] {
  const soa = doc.frameworks?.soa ?? [];
  const withFindings = new Set<string>();
  doc.findings.forEach((f, i) => {
    for (const c of ISO27001_FINDING_GROUPS[isFindingKind(f.kind) ? kindGroup(f.kind) : 'other']) {
      withFindings.add(c);
      findings.push({
        uuid: u(`iso-finding/${i}/${c}`),
        title: `A.${c}: ${f.kind}`,
        description: f.message,
        props: [
          { name: 'severity', value: f.severity },
          { name: 'framework', value: 'ISO/IEC 27001:2022' },
        ],
        target: { type: 'objective-id', 'target-id': isoControlId(c), title: `A.${c}`, status: { state: 'not-satisfied', reason: 'fail' } },
        'related-observations': [{ 'observation-uuid': findingObservations[i]! }],
      });
    }
  });
  for (const r of soa) {
    if (!r.applicable || withFindings.has(r.control) || r.coverage !== 'tested') continue;
    const obsUuid = u(`iso-evidence/${r.control}`);
    observations.push({
      uuid: obsUuid,
      title: `A.${r.control}: tested without exceptions`,
      description: r.rule,
      methods: ['TEST'],
      types: ['control-objective'],
      'relevant-evidence': [{ href: json, description: `The Statement of Applicability row of A.${r.control} in the package JSON (frameworks.soa).` }],
      collected: doc.generated_at,
    });
    findings.push({
      uuid: u(`iso-satisfied/${r.control}`),
      title: `A.${r.control}: no exceptions`,
      description: `No finding maps to A.${r.control} in this package.`,
      props: [{ name: 'framework', value: 'ISO/IEC 27001:2022' }],
      target: { type: 'objective-id', 'target-id': isoControlId(r.control), title: `A.${r.control} ${r.title}`, status: { state: 'satisfied', reason: 'pass' } },
      'related-observations': [{ 'observation-uuid': obsUuid }],
    });
  }
  return soa.filter((r) => r.applicable || withFindings.has(r.control)).map((r) => r.control);
}
