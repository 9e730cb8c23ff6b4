/**
 * The Statement of Applicability: every Annex A control with whether it applies, why, how far it
 * is implemented, the evidence and findings behind it and which party carries it. The first draft
 * is computed from the engagement's coverage (pure, here); the auditor's edits override a field
 * and are kept with who and when (electron/core/frameworks/soa-edits.ts).
 */
import type { CoverageStatus, ResponsibilityLayer } from '../api/view-types.js';
import type { CoverageLine } from './framework-coverage.js';
import { soc2ForIso, type CrosswalkPair, type CrosswalkRelation } from './crosswalk.js';

export const IMPLEMENTATION_STATUSES = ['implemented', 'partial', 'not_implemented', 'unknown'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

export const IMPLEMENTATION_LABELS: Readonly<Record<ImplementationStatus, string>> = {
  implemented: 'implemented',
  partial: 'partially implemented',
  not_implemented: 'not implemented',
  unknown: 'not yet known',
};

/** Findings of one kind and severity against a control, with the seqs they name. */
export interface SoaFinding {
  kind: string;
  severity: string;
  count: number;
  /** Entry seqs (up to 50; export-level findings have none). */
  seqs: number[];
}

/** Where a control's evidence lies: a run of accepted lines of one origin log. */
export interface SoaEvidenceRun {
  origin: string;
  fromSeq: number;
  toSeq: number;
  count: number;
}

export interface SoaEvidence {
  count: number;
  actionTypes: { actionType: string; count: number }[];
  /** Export ids (manifest export_id) of the accepted exports holding the evidence. */
  exports: string[];
  runs: SoaEvidenceRun[];
}

/** The auditor's edit in force for a control: null fields leave the draft standing. */
export interface SoaEdit {
  applicable: boolean | null;
  justification: string | null;
  implementation: ImplementationStatus | null;
  at: string;
  by: string;
}

export interface SoaRow {
  control: string;
  title: string;
  /** The licensed catalog's full text when one was imported (else null: our short title stands). */
  text: string | null;
  theme: string;
  themeTitle: string;
  basis: 'trail' | 'document';
  applicable: boolean;
  justification: string;
  implementation: ImplementationStatus;
  coverage: CoverageStatus;
  rule: string;
  evidence: SoaEvidence;
  findings: SoaFinding[];
  documents: number;
  responsibility: { layers: ResponsibilityLayer[]; basis: string };
  soc2: { id: string; relation: CrosswalkRelation }[];
  draft: { applicable: boolean; justification: string; implementation: ImplementationStatus };
  edited: { at: string; by: string } | null;
  /** Problems an auditor must resolve (an exclusion without a justification). */
  flags: string[];
}

/** What the SoA is computed from, per control. */
export interface SoaInput {
  coverage: readonly CoverageLine[];
  evidence: ReadonlyMap<string, SoaEvidence>;
  findings: ReadonlyMap<string, SoaFinding[]>;
  crosswalk: readonly CrosswalkPair[];
  /** The responsibility matrix rows in force: criterion → the layers whose cell says something. */
  responsibility: ReadonlyMap<string, ResponsibilityLayer[]>;
  edits: ReadonlyMap<string, SoaEdit>;
  texts?: ReadonlyMap<string, { title: string; text: string }>;
}

const EMPTY_EVIDENCE: SoaEvidence = { count: 0, actionTypes: [], exports: [], runs: [] };

/** The draft implementation status a coverage conclusion supports. */
export function draftImplementation(status: CoverageStatus): ImplementationStatus {
  switch (status) {
    case 'tested':
    case 'evidenced':
    case 'documented':
      return 'implemented';
    case 'exceptions':
      return 'partial';
    case 'needs_document':
    case 'not_evidenced':
      return 'unknown';
  }
}

/** Who carries a control when the matrix says nothing of it: by theme and by what can show it. */
function defaultLayers(line: CoverageLine): { layers: ResponsibilityLayer[]; basis: string } {
  if (line.group === 'A.7')
    return {
      layers: ['infrastructure'],
      basis: 'physical controls are inherited from the host (default for theme A.7)',
    };
  if (line.group === 'A.6')
    return {
      layers: ['tenant'],
      basis: 'people controls are the customer organisation’s (default for theme A.6)',
    };
  if (line.basis === 'trail')
    return {
      layers: ['platform', 'tenant'],
      basis:
        'the platform enforces and records it, the tenant configures it (default for controls the trail shows)',
    };
  return {
    layers: ['tenant'],
    basis: 'the customer organisation’s own policy or process (default for controls that need a document)',
  };
}

/** The SoA rows, in catalog order: the draft from the evidence, with the auditor's edits applied. */
export function buildSoa(input: SoaInput): SoaRow[] {
  return input.coverage.map((line) => {
    const soc2 = soc2ForIso(line.criterion, input.crosswalk).map((p) => ({
      id: p.soc2,
      relation: p.relation,
    }));
    const matrix = soc2.filter((s) => input.responsibility.has(s.id));
    const responsibility =
      matrix.length > 0
        ? {
            layers: (['infrastructure', 'platform', 'tenant'] as const).filter((l) =>
              matrix.some((s) => input.responsibility.get(s.id)!.includes(l)),
            ),
            basis: `responsibility matrix rows ${matrix.map((s) => s.id).join(', ')} (crosswalk)`,
          }
        : defaultLayers(line);
    const draft = {
      applicable: true,
      justification: `Included: ${line.rule}`,
      implementation: draftImplementation(line.status),
    };
    const edit = input.edits.get(line.criterion);
    const applicable = edit?.applicable ?? draft.applicable;
    // An exclusion's justification is the auditor's: the draft's text argues for inclusion.
    const justification = edit?.justification ?? (applicable ? draft.justification : '');
    const flags: string[] = [];
    if (!applicable && justification.trim() === '') flags.push('excluded without a justification');
    if (!applicable && (line.findings > 0 || line.evidence > 0))
      flags.push('excluded although the trail holds evidence or findings for it');
    const text = input.texts?.get(line.criterion);
    return {
      control: line.criterion,
      title: text?.title ?? line.title,
      text: text?.text ?? null,
      theme: line.group,
      themeTitle: line.groupTitle,
      basis: line.basis,
      applicable,
      justification,
      implementation: applicable ? (edit?.implementation ?? draft.implementation) : 'not_implemented',
      coverage: line.status,
      rule: line.rule,
      evidence: input.evidence.get(line.criterion) ?? EMPTY_EVIDENCE,
      findings: input.findings.get(line.criterion) ?? [],
      documents: line.documents,
      responsibility,
      soc2,
      draft,
      edited: edit ? { at: edit.at, by: edit.by } : null,
      flags,
    };
  });
}

/** "A.5.1": the id as the SoA, the CLI and packages print an Annex A control. */
export function annexId(control: string): string {
  return `A.${control}`;
}
