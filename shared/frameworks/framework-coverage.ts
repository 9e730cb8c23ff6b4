/**
 * One conclusion rule for every framework (docs/coverage.md), over a framework's catalog, its
 * accepted evidence pairings, the tests Crosscheck re-performs and the findings that contradict
 * its controls. SOC 2 and ISO/IEC 27001 are two definitions of the same rule.
 */
import type { CoverageStatus } from '../api/view-types.js';
import type { CatalogControl } from './soc2-catalog.js';
import type { EvidencePairing, EvidenceRelation } from './soc2-evidence-map.js';

/** How each status reads, in the app and in packages (a PDF sets exceptions in capitals). */
export const COVERAGE_LABELS: Readonly<Record<CoverageStatus, string>> = {
  exceptions: 'exceptions',
  tested: 'tested, no exceptions',
  evidenced: 'evidenced, not tested',
  documented: 'document on file',
  needs_document: 'needs a document',
  not_evidenced: 'not evidenced',
};

export interface FrameworkTest {
  id: string;
  label: string;
  criteria: readonly string[];
  /** The population: entries of these action types (integrity: the exports themselves). */
  population: readonly string[] | 'exports';
}

export interface FrameworkDef {
  id: string;
  catalog: readonly CatalogControl[];
  groups: readonly { id: string; title: string }[];
  pairings: readonly EvidencePairing[];
  tests: readonly FrameworkTest[];
}

export interface CoverageInput {
  /** Accepted (origin-log) entries per action type in the engagement's scope. */
  actionCounts: Readonly<Record<string, number>>;
  /** Findings in scope per control of this framework. */
  findingCounts: Readonly<Record<string, number>>;
  /** Accepted exports in scope (the integrity checks' population). */
  acceptedExports: number;
  /** Calls the re-evaluation decided in those exports (0: it did not run). */
  reEvaluatedCalls: number;
  /** Documents the auditor attached, per control. */
  documents?: Readonly<Record<string, number>>;
}

export interface CoverageTest {
  id: string;
  label: string;
  population: number;
  /** How many of the population Crosscheck re-performed. */
  reperformed: number;
}

export interface CoverageLine {
  framework: string;
  criterion: string;
  title: string;
  group: string;
  groupTitle: string;
  basis: 'trail' | 'document';
  status: CoverageStatus;
  /** The rule that gave the status, in a sentence an auditor can quote. */
  rule: string;
  evidence: number;
  findings: number;
  documents: number;
  actionTypes: { actionType: string; count: number; relation: EvidenceRelation; reason: string }[];
  tests: CoverageTest[];
  /** The platform maps these here (spec §10) and we do not, with why. */
  disputed: { actionType: string; reason: string }[];
}

function testPopulation(t: FrameworkTest, input: CoverageInput): CoverageTest {
  if (t.population === 'exports') return { id: t.id, label: t.label, population: input.acceptedExports, reperformed: input.acceptedExports };
  const population = t.population.reduce((s, a) => s + (input.actionCounts[a] ?? 0), 0);
  // The re-evaluation replays the whole log: when it ran, it re-performed every test's population.
  const reperformed = input.reEvaluatedCalls > 0 ? population : 0;
  return { id: t.id, label: t.label, population, reperformed };
}

/** Coverage of every control of `def`, in catalog order. */
export function frameworkCoverage(def: FrameworkDef, input: CoverageInput): CoverageLine[] {
  const groupTitle = new Map(def.groups.map((g) => [g.id, g.title]));
  return def.catalog.map((c) => {
    const actionTypes = def.pairings
      .filter((p) => p.criterion === c.id && p.relation !== 'disputed')
      .map((p) => ({ actionType: p.actionType, count: input.actionCounts[p.actionType] ?? 0, relation: p.relation, reason: p.reason }))
      .filter((a) => a.count > 0)
      .sort((x, y) => y.count - x.count || (x.actionType < y.actionType ? -1 : 1));
    const evidence = actionTypes.reduce((s, a) => s + a.count, 0);
    const findings = input.findingCounts[c.id] ?? 0;
    const documents = input.documents?.[c.id] ?? 0;
    const tests = def.tests.filter((t) => t.criteria.includes(c.id)).map((t) => testPopulation(t, input));
    const ran = tests.filter((t) => t.population > 0 && t.reperformed > 0);
    const disputed = def.pairings.filter((p) => p.criterion === c.id && p.relation === 'disputed').map((p) => ({ actionType: p.actionType, reason: p.reason }));
    let status: CoverageStatus;
    let rule: string;
    if (findings > 0) {
      status = 'exceptions';
      rule = `${findings} finding(s) in this engagement map to ${c.id}: exceptions, whatever else the log shows.`;
    } else if (ran.length > 0) {
      status = 'tested';
      rule = `Crosscheck re-performed ${ran.map((t) => `${t.label} (${t.reperformed} of ${t.population})`).join('; ')}, with no finding.`;
    } else if (evidence > 0) {
      status = 'evidenced';
      rule = `${evidence} accepted event(s) map to ${c.id}, but Crosscheck re-performs no test of it: the log shows the activity, not that the control operated.`;
    } else if (documents > 0) {
      status = 'documented';
      rule = `${documents} document(s) attached to ${c.id} by the auditor (content hashed into the custody log); the trail does not test it.`;
    } else if (c.basis === 'document') {
      status = 'needs_document';
      rule = `An agent audit trail cannot show ${c.id}; it needs the client’s documents.`;
    } else {
      status = 'not_evidenced';
      rule = `Nothing in this engagement’s accepted exports evidences ${c.id}.`;
    }
    return { framework: def.id, criterion: c.id, title: c.title, group: c.group, groupTitle: groupTitle.get(c.group) ?? c.group, basis: c.basis, status, rule, evidence, findings, documents, actionTypes, tests, disputed };
  });
}
