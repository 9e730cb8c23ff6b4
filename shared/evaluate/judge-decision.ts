/**
 * §9.1 for one connector.called: the recorded decision, risk score and status held to the
 * computed ones. Pure: the findings go to `emit`, texts are built only for a disagreement.
 */
import type { Verdict } from '../format/export-types.js';
import type { FindingKind } from '../report/finding-kinds.js';
import type { CallInputs, RecordedView } from './call-data.js';
import { statusesFor, type CallContext, type ComputedCall } from './compute-call.js';
import { show } from './evaluation-run.js';
import { callLabel, decisionText, ladderWhy, riskText } from './findings.js';
import { publicApproval, type WorkingApproval } from './state-replay.js';

/** Receives one finding on the call being judged. */
export type CallFindingSink = (
  kind: FindingKind,
  recorded: unknown,
  expected: unknown,
  message: string,
) => void;

/** Compares what the log recorded for a call with what the platform should have decided (`windowMs`: the profile's frequency window). */
export function judgeDecision(
  c: CallInputs,
  rec: RecordedView,
  computed: ComputedCall,
  ctx: CallContext,
  windowMs: number,
  emit: CallFindingSink,
): void {
  // Texts and payloads are built only once a finding needs them: most calls agree.
  // §9.1: a call recorded PERMIT/approved whose approval fails §8.4 gets the approval finding
  // instead of a decision finding.
  if (rec.verdict === 'PERMIT' && rec.reason === 'approved' && ctx.approvalVerdict !== null) {
    const a = ctx.approval;
    emit(
      ctx.approvalVerdict.problem,
      { ...recordedDecision(rec), approval_id: c.approval_id, approval: a ? publicApprovalView(a) : null },
      expectedDecision(computed),
      `${callLabel(c)} was recorded ${decisionText(rec.verdict, rec.reason, rec.rule_id, rec.rule_version)} under approval ${c.approval_id ?? '(none)'} but ${ctx.approvalVerdict.why}: expected ${decisionText(computed.verdict, computed.reason, computed.rule_id, computed.rule_version)} because ${ladderWhy(c, computed, ctx)}`,
    );
  } else {
    const kind = decisionFindingKind(rec, computed);
    if (kind !== null) {
      emit(
        kind,
        recordedDecision(rec),
        expectedDecision(computed),
        `${callLabel(c)} was recorded ${decisionText(rec.verdict, rec.reason, rec.rule_id, rec.rule_version)} but ${ladderWhy(c, computed, ctx)}: expected ${decisionText(computed.verdict, computed.reason, computed.rule_id, computed.rule_version)}`,
      );
    }
  }

  const f = rec.factors;
  const e = computed.factors;
  if (
    rec.risk_score !== computed.risk_score ||
    f === null ||
    f.operation !== e.operation ||
    f.connector !== e.connector ||
    f.frequency !== e.frequency ||
    f.target !== e.target
  ) {
    emit(
      'risk_score_mismatch',
      { risk_score: rec.risk_score, factors: rec.factors },
      { risk_score: computed.risk_score, factors: computed.factors },
      `${callLabel(c)} was recorded with ${riskText(rec.risk_score, rec.factors)}: expected ${riskText(computed.risk_score, { ...computed.factors })}, with ${ctx.windowCount} earlier call(s) of the agent in the ${windowMs / 1000} s window`,
    );
  }

  const verdictOk = rec.verdict === 'PERMIT' || rec.verdict === 'ESCALATE' || rec.verdict === 'DENY';
  const allowed = verdictOk ? statusesFor(rec.verdict as Verdict) : null;
  const statusOk = allowed === null || allowed.includes(rec.status as never);
  const outputsOk = !((rec.status === 'blocked' || rec.status === 'escalated') && rec.outputs_hash !== null);
  if (!statusOk || !outputsOk) {
    emit(
      'status_mismatch',
      { verdict: rec.verdict, status: rec.status, outputs_hash: rec.outputs_hash },
      {
        status: allowed,
        outputs_hash: rec.status === 'blocked' || rec.status === 'escalated' ? null : undefined,
      },
      !statusOk
        ? `${callLabel(c)} was recorded ${show(rec.verdict)} with status ${show(rec.status)}: expected ${allowed?.join(' or ') ?? ''}`
        : `${callLabel(c)} has status ${show(rec.status)} but carries an outputs_hash: a ${show(rec.status)} call produced no output`,
    );
  }
}

/** The one decision finding a recorded decision earns (null when it agrees), the most telling first. */
export function decisionFindingKind(
  rec: Pick<RecordedView, 'verdict' | 'reason' | 'rule_id' | 'rule_version'>,
  computed: Pick<ComputedCall, 'verdict' | 'reason' | 'rule_id' | 'rule_version'>,
): FindingKind | null {
  if (computed.reason === 'suspended' && rec.verdict !== 'DENY') return 'suspended_agent_permitted';
  if (computed.reason === 'scope' && rec.verdict !== 'DENY') return 'scope_violation';
  if (rec.verdict !== computed.verdict) return 'verdict_mismatch';
  if (rec.reason !== computed.reason) return 'reason_mismatch';
  if (rec.rule_id !== computed.rule_id || rec.rule_version !== computed.rule_version) return 'rule_mismatch';
  return null;
}

function recordedDecision(rec: RecordedView): Record<string, unknown> {
  return { verdict: rec.verdict, reason: rec.reason, rule_id: rec.rule_id, rule_version: rec.rule_version };
}

function expectedDecision(c: ComputedCall): Record<string, unknown> {
  return { verdict: c.verdict, reason: c.reason, rule_id: c.rule_id, rule_version: c.rule_version };
}

/** The approval a finding quotes: its §7 form without call_id, which the call itself names. */
function publicApprovalView(a: WorkingApproval): Record<string, unknown> {
  const { call_id: _, ...view } = publicApproval(a);
  return view;
}
