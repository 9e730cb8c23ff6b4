/**
 * One connector.called (§8.3): computed, judged against the record, its consequences made due,
 * and replayed into the state exactly as recorded (an unreadable call still counts toward
 * frequency and recent_calls).
 */
import type { AuditEntry } from '../format/export-types.js';
import { readCallInputs, readRecorded } from './call-data.js';
import { computeCall } from './compute-call.js';
import { settleMissing } from './consequences.js';
import { emitOnCall, entrySite, type CallRef, type EvaluationRun } from './evaluation-run.js';
import { judgeDecision } from './judge-decision.js';
import { isRecord, isStr } from './schema.js';
import { addAgentCall, addCall } from './state-replay.js';
import { formatTs, parseTs } from './time.js';
import { buildCallTrace } from './trace-build.js';
import type { CallTrace } from './trace-types.js';

/** Evaluates and replays one connector.called. */
export function applyCall(run: EvaluationRun, entry: AuditEntry): void {
  const { st, pending, traces, hooks } = run;
  const inputs = readCallInputs(entry);
  if (typeof inputs === 'string') {
    run.skipped++;
    hooks.onSkip?.(entry, inputs);
    // Even an unreadable call happened: it still counts toward frequency and recent_calls.
    const tsMs = parseTs(entry.ts);
    if (isStr(entry.agent_id) && Number.isFinite(tsMs)) {
      const site = entrySite(entry);
      const d = isRecord(entry.data) ? entry.data : {};
      recordCall(
        run,
        site.seq,
        entry.agent_id,
        entry.ts,
        tsMs,
        null,
        site.entry_id,
        isStr(d.connector) ? d.connector : '',
        isStr(d.operation) ? d.operation : '',
        isStr(d.inputs_hash) ? d.inputs_hash : '',
        null,
        false,
      );
    }
    return;
  }
  const tracing = run.traceWanted(entry);
  const { computed, ctx } = computeCall(st, inputs, tracing);
  const rec = readRecorded(entry);
  const ordinal = run.calls++;
  const ref: CallRef = {
    ordinal,
    seq: inputs.seq,
    entry_id: inputs.entry_id,
    agent_id: inputs.agent_id,
    call_id: inputs.call_id,
    connector: inputs.connector,
    operation: inputs.operation,
    inputs_hash: inputs.inputs_hash,
    tsMs: inputs.tsMs,
    recordedVerdict: rec.verdict,
  };
  let trace: CallTrace | undefined;
  if (tracing) {
    trace = buildCallTrace(st, inputs, computed, ctx, rec);
    traces.set(ordinal, trace);
    hooks.onTrace?.(trace);
  }

  judgeDecision(inputs, rec, computed, ctx, st.profile.windowMs, (kind, recorded, expected, message) =>
    emitOnCall(run, kind, ref, recorded, expected, message),
  );

  // Expected consequences (§8.3 step 4), checked as they arrive.
  const suspension = computed.drift?.response === 'suspend' && ctx.agent?.status !== 'suspended';
  const approvalExpires =
    rec.verdict === 'ESCALATE' ? (formatTs(inputs.tsMs + st.profile.ttlMs) ?? '') : null;
  if (computed.drift !== null || suspension || approvalExpires !== null) {
    const prior = pending.get(inputs.call_id);
    // A call id used twice is tampering; the earlier call's expectations are settled now so
    // neither is silently lost.
    if (prior) settleMissing(run, prior);
    pending.set(inputs.call_id, { ref, drift: computed.drift, suspension, approvalExpires, trace });
  }
  if (trace) {
    if (computed.drift)
      trace.consequences.push({
        kind: 'drift.detected',
        expected: computed.drift,
        found: null,
        status: 'awaited',
      });
    if (suspension)
      trace.consequences.push({
        kind: 'agent.suspended',
        expected: { reason: 'drift', call_id: inputs.call_id },
        found: null,
        status: 'awaited',
      });
    if (approvalExpires !== null)
      trace.consequences.push({
        kind: 'approval.requested',
        expected: { call_id: inputs.call_id, expires_at: approvalExpires },
        found: null,
        status: 'awaited',
      });
  }

  // Replay as recorded: a call recorded PERMIT under an approval uses it (§8.4 single use).
  if (inputs.approval_id !== null && rec.verdict === 'PERMIT') {
    const a = st.approvals.get(inputs.approval_id);
    if (a) st.approvals.set(a.approval_id, { ...a, used: true });
  }
  recordCall(
    run,
    inputs.seq,
    inputs.agent_id,
    inputs.ts,
    inputs.tsMs,
    inputs.call_id,
    inputs.entry_id,
    inputs.connector,
    inputs.operation,
    inputs.inputs_hash,
    ordinal,
    computed.drift !== null,
  );
}

function recordCall(
  run: EvaluationRun,
  seq: number | null,
  agentId: string,
  ts: string,
  tsMs: number,
  callId: string | null,
  entryId: string | null,
  connector: string,
  operation: string,
  inputsHash: string,
  ordinal: number | null,
  driftComputed: boolean,
): void {
  // Without a seq the call cannot appear in recent_calls, but it still counts for frequency.
  if (seq === null) {
    addAgentCall(run.st, agentId, tsMs);
    return;
  }
  // One literal of a fixed shape: these records are the hottest objects of a long run.
  addCall(run.st, {
    seq,
    agent_id: agentId,
    ts,
    tsMs,
    call_id: callId,
    entry_id: entryId,
    connector,
    operation,
    inputs_hash: inputsHash,
    ordinal,
    driftComputed,
    driftSettled: false,
    driftFlagged: false,
  });
}
