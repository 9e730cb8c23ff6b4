/**
 * Answers computed from an engagement's verified evidence (pure): each rule rests on SOC 2
 * criteria (their coverage conclusions, docs/coverage.md) and names the finding kinds that
 * contradict a "yes". A contradicted answer is never "yes"; nothing verified is "not evidenced".
 */
import type { CoverageLine } from '../frameworks/framework-coverage.js';
import { GAP_KINDS, QUESTION_CONTRADICTIONS, QUESTIONS, type QuestionId } from '../package/questionnaire.js';
import { isFindingKind, kindControls } from '../report/finding-kinds.js';
import type { AnswerValue, Citation, ComputedAnswer } from './questionnaire-types.js';

export interface ExportFact {
  exportId: string;
  origin: string;
  root: string;
  treeSize: number;
  firstSeq: number | null;
  lastSeq: number | null;
  integrity: 'VALID' | 'INVALID' | 'UNVERIFIABLE';
  trusted: boolean;
}

export interface FindingFact {
  kind: string;
  count: number;
  /** A few examples: export id and seq. */
  examples: { exportId: string; seq: number | null }[];
}

export interface DocumentFact {
  controlId: string;
  fileName: string;
  sha256: string;
}

/** What the trail of one engagement shows, gathered once per fill. */
export interface EvidenceFacts {
  exports: ExportFact[];
  coverage: CoverageLine[];
  findings: FindingFact[];
  documents: DocumentFact[];
}

export interface EvidenceRule {
  id: string;
  /** SOC 2 criteria whose conclusions answer the question. */
  criteria: readonly string[];
  /** Finding kinds that contradict a "yes". */
  contradictions: readonly string[];
  /** What a contradicted answer becomes. */
  onContradiction: 'no' | 'partial';
  /** Also "no" when an export in scope failed verification (the record itself). */
  integrity?: boolean;
}

/** A question the trail cannot answer, and why (said instead of guessing). */
export interface NotEvidencedRule {
  id: string;
  why: string;
}

const rule = (
  id: QuestionId,
  criteria: string[],
  onContradiction: 'no' | 'partial' = 'no',
  extra: readonly string[] = [],
): EvidenceRule => ({
  id,
  criteria,
  contradictions: [...(QUESTION_CONTRADICTIONS[id] ?? []), ...extra],
  onContradiction,
});

/** The evidence rules of Crosscheck's own questions (shared/package/questionnaire.ts). */
export const EVIDENCE_RULES: Readonly<Record<QuestionId, EvidenceRule>> = {
  'DA-1': rule('DA-1', ['CC6.1']),
  'DA-2': rule('DA-2', ['CC6.7']),
  'DA-3': rule('DA-3', ['CC6.1', 'CC6.3']),
  'DS-1': { ...rule('DS-1', ['CC2.1']), integrity: true },
  'DS-2': { ...rule('DS-2', ['CC2.1'], 'no', GAP_KINDS), integrity: true },
  'DS-3': rule('DS-3', ['CC6.7', 'CC9.2']),
  'AC-1': rule('AC-1', ['CC6.1', 'CC6.3']),
  'AC-2': rule('AC-2', ['CC6.1', 'CC8.1']),
  'AC-3': rule('AC-3', ['CC6.2', 'CC6.3']),
  'MO-1': rule('MO-1', ['CC6.1', 'CC7.2'], 'partial'),
  'MO-2': rule('MO-2', ['CC7.1', 'CC7.2'], 'partial'),
  'IR-1': rule('IR-1', ['CC7.4']),
  'IR-2': rule('IR-2', ['CC7.3']),
  'IR-3': rule('IR-3', ['CC7.3', 'CC7.4']),
};

export const BUILTIN_QUESTIONS = QUESTIONS;

const fmt = (n: number) => n.toLocaleString('en-US');

function exportCitations(facts: EvidenceFacts): Citation[] {
  const out: Citation[] = [];
  for (const e of facts.exports) {
    out.push({
      kind: 'export',
      ref: e.exportId,
      detail: `${e.integrity}${e.trusted ? '' : ' (not accepted)'}, tree size ${fmt(e.treeSize)}, root ${e.root}`,
    });
    if (e.firstSeq !== null && e.lastSeq !== null)
      out.push({
        kind: 'seq_range',
        ref: `${e.origin} seq ${e.firstSeq}–${e.lastSeq}`,
        detail: `${fmt(e.lastSeq - e.firstSeq + 1)} entries of export ${e.exportId}`,
      });
  }
  return out;
}

/** The answer of an evidence rule over one engagement's facts. */
export function computeAnswer(r: EvidenceRule, facts: EvidenceFacts): ComputedAnswer {
  const accepted = facts.exports.filter((e) => e.trusted);
  const failed = facts.exports.filter((e) => e.integrity === 'INVALID');
  const lines = r.criteria
    .map((c) => facts.coverage.find((l) => l.criterion === c))
    .filter((l): l is CoverageLine => l !== undefined);
  const contradictions = facts.findings
    .filter((f) => r.contradictions.includes(f.kind) && f.count > 0)
    .map((f) => ({ kind: f.kind, count: f.count }));
  const citations: Citation[] = [...exportCitations(facts)];
  for (const l of lines) {
    citations.push({ kind: 'coverage', ref: `SOC 2 ${l.criterion}`, detail: `${l.status}: ${l.rule}` });
    for (const a of l.actionTypes)
      citations.push({
        kind: 'count',
        ref: a.actionType,
        detail: `${fmt(a.count)} accepted entries (${l.criterion})`,
      });
  }
  const excepted = lines.filter((l) => l.status === 'exceptions').map((l) => l.criterion);
  const bears = (kind: string) =>
    r.contradictions.includes(kind) ||
    (isFindingKind(kind) && kindControls(kind).some((c) => excepted.includes(c)));
  for (const f of facts.findings.filter((x) => x.count > 0 && bears(x.kind))) {
    citations.push({
      kind: 'finding',
      ref: f.kind,
      detail: `${fmt(f.count)} finding(s)${f.examples.length > 0 ? `, e.g. ${f.examples.map((x) => `${x.exportId} seq ${x.seq ?? '-'}`).join(', ')}` : ''}`,
    });
  }
  for (const d of facts.documents.filter((x) => r.criteria.includes(x.controlId)))
    citations.push({
      kind: 'document',
      ref: d.fileName,
      detail: `attached to ${d.controlId}, sha256 ${d.sha256}`,
    });
  const dedup = citations.filter(
    (c, i) => citations.findIndex((x) => x.kind === c.kind && x.ref === c.ref) === i,
  );

  let answer: AnswerValue;
  let narrative: string;
  if (accepted.length === 0) {
    answer = 'not_evidenced';
    narrative = 'Not evidenced by the audit trail: no verified export in this engagement.';
  } else if (r.integrity && failed.length > 0) {
    answer = 'no';
    narrative = `${failed.length} of ${facts.exports.length} export(s) failed verification (INVALID): the record cannot be relied on as complete and untampered.`;
  } else if (contradictions.length > 0) {
    answer = r.onContradiction;
    narrative = `Contradicted by ${contradictions.map((c) => `${c.count} ${c.kind}`).join(', ')} finding(s) in the verified exports: a "Yes" would contradict the evidence.`;
  } else if (lines.some((l) => l.status === 'exceptions')) {
    answer = 'partial';
    narrative = `Exceptions on ${lines
      .filter((l) => l.status === 'exceptions')
      .map((l) => l.criterion)
      .join(', ')}: ${lines
      .filter((l) => l.status === 'exceptions')
      .map((l) => l.rule)
      .join(' ')}`;
  } else if (lines.length > 0 && lines.every((l) => l.status === 'tested' || l.status === 'documented')) {
    answer = 'yes';
    narrative = `Re-performed by Crosscheck over ${accepted.length} verified export(s) with no exception: ${lines.map((l) => `${l.criterion} — ${l.rule}`).join(' ')}`;
  } else if (
    lines.some((l) => l.status === 'tested' || l.status === 'evidenced' || l.status === 'documented')
  ) {
    answer = 'partial';
    narrative = `Partly evidenced: ${lines.map((l) => `${l.criterion} ${l.status}`).join(', ')}. ${lines
      .filter((l) => l.status !== 'tested')
      .map((l) => l.rule)
      .join(' ')}`;
  } else {
    answer = 'not_evidenced';
    narrative = `Not evidenced by the audit trail: nothing in the verified exports shows ${r.criteria.join(', ')}.`;
  }
  return { answer, narrative, citations: dedup, contradictions };
}

/** The answer of a question the trail cannot answer: it says so, and cites any document on file. */
export function notEvidencedAnswer(
  why: string,
  facts: EvidenceFacts,
  criteria: readonly string[] = [],
): ComputedAnswer {
  const docs = facts.documents.filter((d) => criteria.includes(d.controlId));
  return {
    answer: 'not_evidenced',
    narrative: `Not evidenced by the audit trail: ${why}${docs.length > 0 ? ` Document(s) on file, not tested by Crosscheck: ${docs.map((d) => d.fileName).join(', ')}.` : ''}`,
    citations: docs.map((d) => ({
      kind: 'document',
      ref: d.fileName,
      detail: `attached to ${d.controlId}, sha256 ${d.sha256}`,
    })),
    contradictions: [],
  };
}
