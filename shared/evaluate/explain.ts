/** Explanations of single calls: the typed trace, and its text form for the CLI. */
import type { AuditEntry, PlatformState } from '../format/export-types.js';
import { createEvaluator } from './evaluator.js';
import { decisionText, driftText, riskText } from './findings.js';
import type { CallTrace } from './trace-types.js';

export type { CallTrace, ConsequenceTrace, DriftCheckTrace, RiskFactorTrace, RuleTrace } from './trace-types.js';

/**
 * Replays `entries` over `initial` and returns the trace of the connector.called whose seq is
 * `seq`, with its consequences and findings as the whole export settles them; null when there
 * is no such (evaluable) call. Only that one call is traced, so this is as fast as a plain run.
 */
export function explainCall(initial: PlatformState, entries: Iterable<AuditEntry>, seq: number): CallTrace | null {
  let trace: CallTrace | null = null;
  const ev = createEvaluator(initial, {
    trace: (e) => e.seq === seq,
    onTrace: (t) => {
      trace ??= t;
    },
  });
  for (const e of entries) ev.apply(e);
  ev.finish();
  return trace;
}

function list(xs: readonly string[]): string {
  return `[${xs.join(', ')}]`;
}

function short(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}

/** The trace as readable text (CLI `explain`). */
export function formatTrace(t: CallTrace): string {
  const out: string[] = [];
  const agent = t.seen.agent;
  out.push(`Call ${t.seq ?? '?'} (${t.call_id}) — ${t.connector} ${t.operation} at ${t.ts}`);
  out.push(`  agent ${agent ? `${agent.name} (${agent.id})` : `${t.agent_id} (unknown to the state)`}`);
  out.push(`  target ${t.environment ?? 'no environment'}, data types ${list(t.data_types)}, approval ${t.approval_id ?? 'none'}`);

  out.push('State the call saw');
  out.push(`  agent status: ${agent?.status ?? 'unknown'}${agent ? `, owner ${agent.owner_id}` : ''}`);
  const i = t.seen.intent;
  out.push(
    i
      ? `  intent: systems ${list(i.permitted_systems)}, actions ${list(i.permitted_actions)}, data types ${list(i.permitted_data_types)}, ${i.max_frequency ? `max ${i.max_frequency.per_hour}/hour` : 'no frequency cap'}`
      : '  intent: none (no drift is computed)',
  );
  if (t.seen.connectorConfigs.length === 0) out.push(`  connector configs for ${t.connector}: none`);
  for (const c of t.seen.connectorConfigs) out.push(`  connector config ${c.id} for ${c.connector}: ${list(c.permitted_operations)}`);
  if (t.seen.scope.operations) {
    out.push(`  scope: ${t.seen.scope.matchedBy === null ? `does not admit ${t.operation}` : `admits ${t.operation} through "${t.seen.scope.matchedBy}"`}`);
  }
  if (t.seen.rules.length === 0) out.push('  rules of the agent: none');
  for (const r of t.seen.rules) {
    const m = r.connectorMatches && r.patternMatches;
    const why = m ? 'matches' : !r.connectorMatches ? `other connector (${r.rule.connector ?? ''})` : 'pattern does not match';
    out.push(
      `  ${m ? '✓' : '·'} ${r.rule.rule_type.padEnd(8)} ${r.rule.id} v${r.rule.version} ${r.rule.connector ?? '(any connector)'} "${r.rule.action_pattern}" threshold ${r.rule.risk_threshold} — ${why}`,
    );
  }
  if (t.seen.approval) {
    const a = t.seen.approval;
    out.push(`  approval ${a.approval_id}: ${a.status}, for ${a.connector} ${a.operation} (agent ${short(a.agent_id)}), expires ${a.expires_at}, reviewer ${a.reviewer_id ?? 'none'} (${a.reviewer_role ?? 'no role'}) at ${a.reviewed_at ?? '-'}, ${a.used ? 'already used' : 'unused'}`);
  }

  out.push(`Risk ${t.risk.score}${t.risk.sum > 100 ? ` (sum ${t.risk.sum} capped at 100)` : ''}`);
  for (const f of t.risk.factors) out.push(`  ${f.factor.padEnd(9)} ${String(f.points).padStart(3)}  ${f.source}`);

  if (!t.drift.evaluated) out.push('Drift: not evaluated (the agent has no intent)');
  else {
    out.push(`Drift: ${driftText(t.drift.result)} (${t.drift.hourCount} earlier call(s) in this UTC clock hour)`);
    for (const c of t.drift.checks) out.push(`  ${c.found ? '✗' : '✓'} ${c.type}: ${c.why}`);
  }

  out.push('Verdict ladder');
  for (const s of t.ladder) out.push(`  ${s.step}. ${s.name}: ${s.applies ? 'APPLIES' : 'no'} — ${s.why}`);
  if (t.approvalCheck) out.push(`  approval check: ${t.approvalCheck.problem} — ${t.approvalCheck.why}`);

  const c = t.computed;
  out.push(`Computed: ${decisionText(c.verdict, c.reason, c.rule_id, c.rule_version)}, risk ${c.risk_score}, ${driftText(c.drift)}, status ${c.expected_status.join(' or ')}`);
  const r = t.recorded;
  out.push(`Recorded: ${decisionText(r.verdict, r.reason, r.rule_id, r.rule_version)}, ${riskText(r.risk_score, r.factors)}, status ${String(r.status)}`);

  out.push('Consequences');
  if (t.consequences.length === 0) out.push('  none expected, none seen');
  for (const q of t.consequences) {
    const where = q.found ? ` (seq ${q.found.seq ?? '?'})` : '';
    out.push(`  ${q.kind}: ${q.status}${where}`);
  }

  out.push(`Findings: ${t.findings.length === 0 ? 'none — the recorded decision agrees' : ''}`);
  for (const f of t.findings) out.push(`  ${f.severity.toUpperCase()} ${f.kind}: ${f.message}`);
  return out.join('\n');
}
