/**
 * Readiness and progress, per framework and per theme (docs/frameworks.md "Readiness"), and the
 * gap analysis. Readiness says how much of what applies is shown to work; progress says how much
 * has been assessed at all. They are kept apart: a control assessed with exceptions is progress,
 * not readiness. Pure, so the app, the CLI and packages give the same numbers.
 */
import type { CoverageStatus } from '../api/view-types.js';
import type { CoverageLine } from './framework-coverage.js';
import { severityRank, type Severity } from '../report/finding-kinds.js';
import type { SoaRow } from './soa.js';

/** Conclusions that count as ready: re-performed with no finding, or a document on file reviewed by the auditor. */
export const READY_STATUSES: readonly CoverageStatus[] = ['tested', 'documented'];
/** Conclusions that count as assessed (there is something to conclude on). */
export const ASSESSED_STATUSES: readonly CoverageStatus[] = [
  'tested',
  'documented',
  'evidenced',
  'exceptions',
];

export const READINESS_FORMULA =
  'readiness = applicable controls tested without exceptions or with a document on file ÷ applicable controls (an exclusion counts only with a justification)';
export const PROGRESS_FORMULA =
  'progress = controls with a conclusion (tested, evidenced, documented or with exceptions) ÷ all controls';

export interface ReadinessFigure {
  group: string;
  title: string;
  ready: number;
  applicable: number;
  excluded: number;
  assessed: number;
  total: number;
  /** ready ÷ applicable, 0…1 (null when nothing applies). */
  readiness: number | null;
  /** assessed ÷ total, 0…1. */
  progress: number;
  /** The formula with this figure's numbers, e.g. "12 ÷ 37 = 32.4%". */
  shown: string;
  /** Control ids behind each number, for drill-down. */
  controls: { ready: string[]; notReady: string[]; excluded: string[] };
}

export interface Readiness {
  framework: string;
  formula: string;
  progressFormula: string;
  overall: ReadinessFigure;
  groups: ReadinessFigure[];
}

interface Item {
  id: string;
  group: string;
  status: CoverageStatus;
  applicable: boolean;
  justified: boolean;
}

function pct(n: number | null): string {
  return n === null ? 'n/a' : `${(n * 100).toFixed(1)}%`;
}

function figure(group: string, title: string, items: readonly Item[]): ReadinessFigure {
  // An exclusion without a justification does not take a control out of the denominator.
  const excludedItems = items.filter((i) => !i.applicable && i.justified);
  const applicableItems = items.filter((i) => i.applicable || !i.justified);
  const readyItems = applicableItems.filter((i) => READY_STATUSES.includes(i.status));
  const assessed = items.filter((i) => ASSESSED_STATUSES.includes(i.status)).length;
  const readiness = applicableItems.length === 0 ? null : readyItems.length / applicableItems.length;
  const progress = items.length === 0 ? 0 : assessed / items.length;
  return {
    group,
    title,
    ready: readyItems.length,
    applicable: applicableItems.length,
    excluded: excludedItems.length,
    assessed,
    total: items.length,
    readiness,
    progress,
    shown: `${readyItems.length} ÷ ${applicableItems.length} = ${pct(readiness)} ready; ${assessed} ÷ ${items.length} = ${pct(progress)} assessed`,
    controls: {
      ready: readyItems.map((i) => i.id),
      notReady: applicableItems.filter((i) => !READY_STATUSES.includes(i.status)).map((i) => i.id),
      excluded: excludedItems.map((i) => i.id),
    },
  };
}

function readinessOf(
  framework: string,
  groups: readonly { id: string; title: string }[],
  items: readonly Item[],
): Readiness {
  return {
    framework,
    formula: READINESS_FORMULA,
    progressFormula: PROGRESS_FORMULA,
    overall: figure('all', framework === 'iso27001' ? 'ISO/IEC 27001:2022 Annex A' : 'SOC 2', items),
    groups: groups.map((g) =>
      figure(
        g.id,
        g.title,
        items.filter((i) => i.group === g.id),
      ),
    ),
  };
}

/** Readiness of Annex A from the SoA (applicability and justifications as edited). */
export function soaReadiness(
  rows: readonly SoaRow[],
  themes: readonly { id: string; title: string }[],
): Readiness {
  return readinessOf(
    'iso27001',
    themes,
    rows.map((r) => ({
      id: r.control,
      group: r.theme,
      status: r.coverage,
      applicable: r.applicable,
      justified: r.justification.trim() !== '',
    })),
  );
}

/** Readiness of a framework without an SoA (SOC 2: every criterion applies). */
export function coverageReadiness(
  framework: string,
  lines: readonly CoverageLine[],
  groups: readonly { id: string; title: string }[],
): Readiness {
  return readinessOf(
    framework,
    groups,
    lines.map((l) => ({
      id: l.criterion,
      group: l.group,
      status: l.status,
      applicable: true,
      justified: true,
    })),
  );
}

/** How readiness moved between two packages of the same scope (a later minus an earlier). */
export function readinessMovement(
  before: Readiness,
  after: Readiness,
): { group: string; from: number | null; to: number | null; delta: number | null }[] {
  const pick = (r: Readiness) => new Map([r.overall, ...r.groups].map((g) => [g.group, g.readiness]));
  const a = pick(before);
  return [after.overall, ...after.groups].map((g) => {
    const from = a.get(g.group) ?? null;
    return {
      group: g.group,
      from,
      to: g.readiness,
      delta: from === null || g.readiness === null ? null : g.readiness - from,
    };
  });
}

/** The gap categories auditors name, with the Annex A controls each is made of. */
export const GAP_CATEGORIES: readonly { id: string; title: string; controls: readonly string[] }[] = [
  {
    id: 'isms-documentation',
    title: 'ISMS documentation',
    controls: ['5.1', '5.2', '5.4', '5.9', '5.31', '5.35', '5.36', '5.37'],
  },
  { id: 'business-continuity', title: 'Business continuity', controls: ['5.29', '5.30', '8.13', '8.14'] },
  { id: 'awareness-training', title: 'Awareness training', controls: ['6.3'] },
  { id: 'change-management', title: 'Change management', controls: ['8.32', '8.9', '8.19'] },
  { id: 'third-party-risk', title: 'Third-party risk', controls: ['5.19', '5.20', '5.21', '5.22', '5.23'] },
];

export type GapKind = 'no_evidence' | 'findings_above_low' | 'needs_document' | 'excluded_unjustified';

export const GAP_KIND_TITLES: Readonly<Record<GapKind, string>> = {
  no_evidence: 'no evidence in the period',
  findings_above_low: 'findings above low severity',
  needs_document: 'needs a document, none attached',
  excluded_unjustified: 'excluded without a justification',
};

export interface Gap {
  control: string;
  title: string;
  kind: GapKind;
  detail: string;
}

export interface GapAnalysis {
  gaps: Gap[];
  categories: { id: string; title: string; controls: string[]; open: string[]; closed: string[] }[];
}

/** The gaps of an SoA: applicable controls without evidence, with findings above low, needing a document, or excluded unjustified. */
export function gapAnalysis(rows: readonly SoaRow[]): GapAnalysis {
  const gaps: Gap[] = [];
  for (const r of rows) {
    if (!r.applicable) {
      if (r.justification.trim() === '')
        gaps.push({
          control: r.control,
          title: r.title,
          kind: 'excluded_unjustified',
          detail: 'excluded from the SoA with no justification',
        });
      continue;
    }
    if (r.coverage === 'not_evidenced')
      gaps.push({ control: r.control, title: r.title, kind: 'no_evidence', detail: r.rule });
    const above = r.findings.filter((f) => severityRank(f.severity as Severity) > severityRank('low'));
    if (above.length > 0) {
      gaps.push({
        control: r.control,
        title: r.title,
        kind: 'findings_above_low',
        detail: above
          .map(
            (f) =>
              `${f.count}× ${f.kind} (${f.severity})${f.seqs.length > 0 ? ` at seq ${f.seqs.slice(0, 5).join(', ')}${f.seqs.length > 5 ? ', …' : ''}` : ''}`,
          )
          .join('; '),
      });
    }
    if (r.coverage === 'needs_document')
      gaps.push({
        control: r.control,
        title: r.title,
        kind: 'needs_document',
        detail: 'the trail cannot show it and no document is attached',
      });
  }
  const byId = new Map(rows.map((r) => [r.control, r]));
  const isOpen = (id: string) => {
    const r = byId.get(id);
    return r !== undefined && r.applicable && !READY_STATUSES.includes(r.coverage);
  };
  return {
    gaps,
    categories: GAP_CATEGORIES.map((c) => ({
      id: c.id,
      title: c.title,
      controls: [...c.controls],
      open: c.controls.filter(isOpen),
      closed: c.controls.filter((id) => !isOpen(id)),
    })),
  };
}
