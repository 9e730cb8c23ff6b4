/**
 * Vendor security questionnaire answered from the data. Question wording is Crosscheck's own;
 * only the CAIQ v4 question IDs are referenced so a reviewer can file each answer.
 */
import type { Finding } from '../report/report-types.js';
import type {
  EvidenceRef,
  ExecutionGraph,
  ExportEvidence,
  QuestionnaireAnswer,
  SubprocessorRow,
} from './package-types.js';

export interface QuestionnaireInput {
  execution: ExecutionGraph;
  exports: ExportEvidence[];
  findings: Finding[];
  subprocessors: SubprocessorRow[];
  dataTypes: Record<string, number>;
  reasons: Record<string, number>;
  userActions: Record<string, number>;
  secretAccesses: number;
  highRiskCalls: number;
}

function countKinds(findings: Finding[], kinds: readonly string[]): number {
  return findings.filter((f) => kinds.includes(f.kind)).length;
}

function list(r: Record<string, number>): string {
  const parts = Object.entries(r).map(([k, v]) => `${k} (${v})`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

const DECISION_KINDS = ['verdict_mismatch', 'reason_mismatch', 'risk_score_mismatch', 'rule_mismatch', 'status_mismatch'];
const SCOPE_KINDS = ['scope_violation', 'suspended_agent_permitted'];
const APPROVAL_KINDS = [
  'approval_missing',
  'approval_expiry_mismatch',
  'executed_without_approval',
  'approval_by_unauthorized_role',
  'approval_after_expiry',
  'approval_reused',
  'approval_target_mismatch',
  'self_approval',
];
const DRIFT_KINDS = ['drift_missed', 'drift_unexpected', 'drift_severity_mismatch', 'drift_response_mismatch'];
/** Finding kinds of a gap in the record (sequence, time, export). */
export const GAP_KINDS = ['time_gap', 'export_gap', 'seq_gap'];
/** Every kind the offline re-evaluation reports when a recorded decision disagrees with it. */
const RE_EVALUATION_KINDS = [...DECISION_KINDS, ...SCOPE_KINDS, ...APPROVAL_KINDS, ...DRIFT_KINDS, 'suspension_missing', 'unauthorized_actor'];
const RESPONSE_KINDS = ['drift_response_mismatch', 'suspension_missing'];

/**
 * The finding kinds that contradict a "yes" to each question: an answer is never "yes" while the
 * same package holds one of them (tested over every plantable kind).
 */
export const QUESTION_CONTRADICTIONS: Readonly<Record<string, readonly string[]>> = {
  'AC-1': SCOPE_KINDS,
  'AC-2': APPROVAL_KINDS,
  'AC-3': ['unauthorized_actor'],
  'MO-1': RE_EVALUATION_KINDS,
  'MO-2': DRIFT_KINDS,
  'IR-1': ['suspension_missing'],
  'IR-3': RESPONSE_KINDS,
};

/** Crosscheck's own questions (wording ours), their category and the CAIQ v4 ids each addresses. */
/** The ids of Crosscheck's own questions. */
export type QuestionId = 'DA-1' | 'DA-2' | 'DA-3' | 'DS-1' | 'DS-2' | 'DS-3' | 'AC-1' | 'AC-2' | 'AC-3' | 'MO-1' | 'MO-2' | 'IR-1' | 'IR-2' | 'IR-3';

export const QUESTIONS: Readonly<Record<QuestionId, Pick<QuestionnaireAnswer, 'id' | 'category' | 'caiq' | 'question'>>> = {
  'DA-1': { id: 'DA-1', category: 'data_access', caiq: ['DSP-05.1', 'IAM-16.1'], question: 'Which external systems did the agent reach, and was every reach decided by policy before it ran?' },
  'DA-2': { id: 'DA-2', category: 'data_access', caiq: ['DSP-03.1', 'DSP-04.1'], question: 'What kinds of data did the agent handle through its connectors?' },
  'DA-3': { id: 'DA-3', category: 'data_access', caiq: ['IAM-05.1'], question: 'Are operations that change external systems held to tighter control than read-only ones?' },
  'DS-1': { id: 'DS-1', category: 'data_storage', caiq: ['LOG-02.1', 'LOG-09.1'], question: 'Is the record of agent activity kept in tamper-evident form, and did it verify?' },
  'DS-2': { id: 'DS-2', category: 'data_storage', caiq: ['LOG-07.1', 'LOG-08.1'], question: 'Does the activity record cover the whole period without missing stretches?' },
  'DS-3': { id: 'DS-3', category: 'data_storage', caiq: ['STA-07.1', 'DSP-10.1'], question: 'Which third parties received data from the agent, and are they all identified?' },
  'AC-1': { id: 'AC-1', category: 'access_control', caiq: ['IAM-05.1', 'IAM-16.1'], question: 'Is the agent held to a declared scope, with calls outside it blocked?' },
  'AC-2': { id: 'AC-2', category: 'access_control', caiq: ['IAM-04.1', 'IAM-10.1'], question: 'Do risky actions wait for a person with an approving role before they run?' },
  'AC-3': { id: 'AC-3', category: 'access_control', caiq: ['IAM-06.1', 'IAM-07.1'], question: 'Are changes to agents, policies, users and keys made only by people holding the required role?' },
  'MO-1': { id: 'MO-1', category: 'monitoring', caiq: ['LOG-03.1', 'LOG-11.1'], question: 'Is every agent decision recorded and independently re-checked?' },
  'MO-2': { id: 'MO-2', category: 'monitoring', caiq: ['LOG-05.1', 'LOG-13.1'], question: 'Is departure from the agent\u2019s declared intent detected when it happens?' },
  'IR-1': { id: 'IR-1', category: 'incident_response', caiq: ['SEF-03.1', 'SEF-06.1'], question: 'When an agent leaves its intent badly enough, is it contained without waiting for a person?' },
  'IR-2': { id: 'IR-2', category: 'incident_response', caiq: ['SEF-05.1', 'SEF-06.1'], question: 'Are escalated actions triaged before their deadline?' },
  'IR-3': { id: 'IR-3', category: 'incident_response', caiq: ['SEF-05.1', 'SEF-07.1'], question: 'Is every drift event answered with the response its severity calls for (suspension, review)?' },
};

/** The five-category questionnaire, every answer computed and citing its evidence. */
export function answerQuestionnaire(q: QuestionnaireInput): QuestionnaireAnswer[] {
  const x = q.execution;
  const f = q.findings;
  const exportEvidence: EvidenceRef[] = q.exports.map((e) => ({
    source: `export:${e.export_id}`,
    detail: `${e.integrity}, tree size ${e.tree.size}, root ${e.tree.root}`,
  }));
  const writes = x.operations.filter((o) => o.access === 'write');
  const reads = x.operations.filter((o) => o.access === 'read');
  const sum = (rows: typeof writes, k: 'calls' | 'permit' | 'escalate' | 'deny'): number => rows.reduce((s, r) => s + r[k], 0);
  const writeCalls = sum(writes, 'calls');
  const writeHeld = sum(writes, 'escalate') + sum(writes, 'deny');
  const readCalls = sum(reads, 'calls');
  const invalid = q.exports.filter((e) => e.integrity === 'INVALID').length;
  const unverifiable = q.exports.filter((e) => e.integrity === 'UNVERIFIABLE').length;
  const unmapped = q.subprocessors.filter((s) => s.role === 'connector' && !s.mapped);
  const thirdParties = q.subprocessors.filter((s) => s.role === 'connector');
  const scopeDenials = (q.reasons['scope'] ?? 0) + (q.reasons['drift'] ?? 0) + (q.reasons['suspended'] ?? 0);
  const scopeBreaches = countKinds(f, SCOPE_KINDS);
  const approvalBreaches = countKinds(f, APPROVAL_KINDS);
  const actorBreaches = countKinds(f, ['unauthorized_actor']);
  const decisionBreaches = countKinds(f, DECISION_KINDS);
  const driftBreaches = countKinds(f, DRIFT_KINDS);
  const suspensionMissing = countKinds(f, ['suspension_missing']);
  const gaps = countKinds(f, GAP_KINDS);
  const reEvaluation = f.filter((fi) => RE_EVALUATION_KINDS.includes(fi.kind));
  const reEvaluationByKind: Record<string, number> = {};
  for (const fi of reEvaluation) reEvaluationByKind[fi.kind] = (reEvaluationByKind[fi.kind] ?? 0) + 1;
  const responseBreaches = countKinds(f, RESPONSE_KINDS);
  const severeDrift = (x.drift.by_severity['high'] ?? 0) + (x.drift.by_severity['critical'] ?? 0);
  const esc = x.escalations;
  const adminActions = Object.entries(q.userActions).filter(([k]) => /^(policy|user|api_key|connector|intent|agent)\./.test(k));
  const adminCount = adminActions.reduce((s, [, v]) => s + v, 0);

  return [
    {
      ...QUESTIONS['DA-1'],
      answer: x.totals.calls === 0 ? 'not_observed' : 'yes',
      response:
        x.totals.calls === 0
          ? 'No connector calls in this period.'
          : `${x.totals.calls} calls to ${x.totals.connectors} connectors (${x.connectors_used.join(', ')}); each carries a recorded policy decision: ${x.verdicts.PERMIT} permitted, ${x.verdicts.ESCALATE} escalated, ${x.verdicts.DENY} denied.`,
      evidence: [
        { source: 'execution.verdicts', detail: `PERMIT ${x.verdicts.PERMIT}, ESCALATE ${x.verdicts.ESCALATE}, DENY ${x.verdicts.DENY}` },
        { source: 'execution.connectors', detail: `${x.totals.connectors} connectors, ${x.totals.operations} operations` },
      ],
    },
    {
      ...QUESTIONS['DA-2'],
      answer: Object.keys(q.dataTypes).length === 0 ? 'not_observed' : 'yes',
      response: `Data types declared on calls: ${list(q.dataTypes)}.`,
      evidence: [{ source: 'population.connector.called.data_types', detail: `${Object.keys(q.dataTypes).length} distinct types` }],
    },
    {
      ...QUESTIONS['DA-3'],
      answer: writeCalls === 0 ? 'not_observed' : writeHeld > 0 ? 'yes' : 'partial',
      response: `${readCalls} read calls and ${writeCalls} write calls; ${writeHeld} of the writes were escalated for approval or denied.`,
      evidence: [{ source: 'execution.operations', detail: `${reads.length} read operations, ${writes.length} write operations` }],
    },
    {
      ...QUESTIONS['DS-1'],
      answer: q.exports.length === 0 ? 'not_observed' : invalid > 0 ? 'no' : unverifiable > 0 ? 'partial' : 'yes',
      response: `${q.exports.length} signed exports, hash-chained and Merkle-rooted; ${q.exports.length - invalid - unverifiable} verified VALID, ${invalid} INVALID, ${unverifiable} UNVERIFIABLE.`,
      evidence: exportEvidence,
    },
    {
      ...QUESTIONS['DS-2'],
      answer: q.exports.length === 0 ? 'not_observed' : gaps === 0 ? 'yes' : 'no',
      response:
        gaps === 0
          ? `No sequence, time or export gaps between ${x.first_action?.ts ?? '-'} and ${x.last_action?.ts ?? '-'}.`
          : `${gaps} gap findings (sequence, time or export gaps) in the period.`,
      evidence: [{ source: 'findings', detail: `time_gap/export_gap/seq_gap: ${gaps}` }, ...exportEvidence],
    },
    {
      ...QUESTIONS['DS-3'],
      answer: thirdParties.length === 0 ? 'not_observed' : unmapped.length === 0 ? 'yes' : 'partial',
      response: `${thirdParties.length} third-party services used; ${thirdParties.length - unmapped.length} mapped to a legal entity${unmapped.length > 0 ? `, unmapped: ${unmapped.map((u) => u.connector).join(', ')}` : ''}.`,
      evidence: [{ source: 'subprocessors', detail: `${q.subprocessors.length} rows including platform and hosting` }],
    },
    {
      ...QUESTIONS['AC-1'],
      answer: scopeBreaches > 0 ? 'no' : x.totals.calls === 0 ? 'not_observed' : 'yes',
      response: `${scopeDenials} calls denied for scope, drift or suspension; ${scopeBreaches} calls let through although scope or suspension required a denial.`,
      evidence: [
        { source: 'execution.reasons', detail: list(q.reasons) },
        { source: 'findings', detail: `scope_violation/suspended_agent_permitted: ${scopeBreaches}` },
      ],
    },
    {
      ...QUESTIONS['AC-2'],
      answer: esc.requested === 0 ? 'not_observed' : approvalBreaches > 0 ? 'no' : 'yes',
      response: `${esc.requested} escalations: ${esc.approved} approved, ${esc.denied} denied, ${esc.expired} expired, ${esc.pending} pending; ${q.highRiskCalls} calls scored 70 or more; ${approvalBreaches} approval findings.`,
      evidence: [
        { source: 'execution.escalations', detail: `${esc.requested} requested` },
        { source: 'findings', detail: `approval findings: ${approvalBreaches}` },
      ],
    },
    {
      ...QUESTIONS['AC-3'],
      answer: actorBreaches > 0 ? 'no' : adminCount === 0 ? 'not_observed' : 'yes',
      response: `${adminCount} administrative actions by users; ${actorBreaches} by a user lacking the role.`,
      evidence: [
        { source: 'population.user_actions', detail: adminActions.map(([k, v]) => `${k} (${v})`).join(', ') || 'none' },
        { source: 'findings', detail: `unauthorized_actor: ${actorBreaches}` },
      ],
    },
    {
      ...QUESTIONS['MO-1'],
      // Any disagreement of the re-evaluation (verdict, scope, approval, drift, actor) is one: a
      // "yes" beside a scope_violation in the same package would contradict the package.
      answer: x.totals.calls === 0 ? 'not_observed' : reEvaluation.length === 0 && invalid + unverifiable === 0 ? 'yes' : 'partial',
      response:
        `${x.totals.calls} decisions re-evaluated offline against the recorded policy state; ${reEvaluation.length} recorded decision(s) disagreed with the re-evaluation` +
        `${reEvaluation.length > 0 ? ` (${list(reEvaluationByKind)})` : ''}${invalid + unverifiable > 0 ? `; ${invalid + unverifiable} export(s) not verified, so their decisions are not evidenced` : ''}.`,
      evidence: [
        { source: 'findings', detail: `re-evaluation findings: ${reEvaluation.length} (decisions ${decisionBreaches}, scope ${scopeBreaches}, approvals ${approvalBreaches}, drift ${driftBreaches}, actors ${actorBreaches})` },
        ...exportEvidence,
      ],
    },
    {
      ...QUESTIONS['MO-2'],
      answer: x.totals.calls === 0 ? 'not_observed' : driftBreaches > 0 ? 'partial' : 'yes',
      response: `${x.drift.events} drift events recorded (${list(x.drift.by_type)}); ${driftBreaches} drift findings on re-evaluation.`,
      evidence: [
        { source: 'execution.drift', detail: `by severity: ${list(x.drift.by_severity)}` },
        { source: 'findings', detail: `drift findings: ${driftBreaches}` },
      ],
    },
    {
      ...QUESTIONS['IR-1'],
      answer: suspensionMissing > 0 ? 'no' : x.suspensions.suspended === 0 ? 'not_observed' : 'yes',
      response: `${x.suspensions.suspended} suspensions and ${x.suspensions.resumed} resumptions; ${suspensionMissing} required suspensions missing.`,
      evidence: [{ source: 'execution.suspensions', detail: `${x.suspensions.rows.length} events` }],
    },
    {
      ...QUESTIONS['IR-2'],
      answer: esc.requested === 0 ? 'not_observed' : esc.expired === 0 ? 'yes' : 'partial',
      response: `${esc.approved + esc.denied} of ${esc.requested} escalations decided by a reviewer; ${esc.expired} expired undecided.`,
      evidence: [{ source: 'execution.escalations', detail: `approved ${esc.approved}, denied ${esc.denied}, expired ${esc.expired}` }],
    },
    {
      ...QUESTIONS['IR-3'],
      // About the client's response to what its monitoring found, not about this review.
      answer: responseBreaches > 0 ? 'no' : x.drift.events === 0 ? 'not_observed' : 'yes',
      response: `${x.drift.events} drift events (${severeDrift} high or critical); ${x.suspensions.suspended} suspensions; ${responseBreaches} event(s) without the response the platform's own rules require.`,
      evidence: [
        { source: 'execution.drift', detail: `by severity: ${list(x.drift.by_severity)}` },
        { source: 'findings', detail: `drift_response_mismatch/suspension_missing: ${responseBreaches}` },
      ],
    },
  ];
}
