/**
 * §8.3 step 4: the entries a call makes due (drift.detected, agent.suspended for drift,
 * approval.requested), matched as they arrive, and the findings for those that never came,
 * came different, or came for a call that did not cause them.
 */
import type { AuditEntry } from '../format/export-types.js';
import type { FindingKind } from '../report/finding-kinds.js';
import {
  consequence,
  emit,
  emitOnCall,
  entrySite,
  show,
  type CallRef,
  type EvaluationRun,
  type Pending,
} from './evaluation-run.js';
import { callLabel, driftText, makeFinding } from './findings.js';
import { isStr } from './schema.js';
import type { CallRecord } from './state-replay.js';
import { parseTs } from './time.js';

const SORTED_DRIFT = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])].sort() : null;

/** Reports every consequence `p` still waits for as missing. */
export function settleMissing(run: EvaluationRun, p: Pending): void {
  const c = p.ref;
  if (p.drift !== null) {
    emitOnCall(
      run,
      'drift_missed',
      c,
      null,
      p.drift,
      `${callLabel(c)} drifted from the agent's intent (${driftText(p.drift)}) but no drift.detected for call ${c.call_id} was recorded`,
    );
    consequence(p.trace, 'drift.detected', 'missing', null);
  }
  if (p.suspension) {
    emitOnCall(
      run,
      'suspension_missing',
      c,
      null,
      { action_type: 'agent.suspended', reason: 'drift', call_id: c.call_id },
      `${callLabel(c)} drifted with response suspend but no agent.suspended (reason drift) for call ${c.call_id} was recorded`,
    );
    consequence(p.trace, 'agent.suspended', 'missing', null);
  }
  if (p.approvalExpires !== null) {
    emitOnCall(
      run,
      'approval_missing',
      c,
      null,
      { action_type: 'approval.requested', call_id: c.call_id, expires_at: p.approvalExpires },
      `${callLabel(c)} was recorded ESCALATE but no approval.requested for call ${c.call_id} was recorded`,
    );
    consequence(p.trace, 'approval.requested', 'missing', null);
  }
}

function donePending(run: EvaluationRun, callId: string, p: Pending): void {
  if (p.drift === null && !p.suspension && p.approvalExpires === null) run.pending.delete(callId);
}

function refOfRecord(r: CallRecord): CallRef | null {
  if (r.ordinal === null || r.call_id === null) return null;
  return {
    ordinal: r.ordinal,
    seq: r.seq,
    entry_id: r.entry_id,
    agent_id: r.agent_id,
    call_id: r.call_id,
    connector: r.connector,
    operation: r.operation,
    inputs_hash: r.inputs_hash,
    tsMs: r.tsMs,
    recordedVerdict: undefined,
  };
}

/** A drift.detected: the expected report of its call, a report of a call that did not drift, or of a call this run does not hold. */
export function onDriftDetected(run: EvaluationRun, entry: AuditEntry, d: Record<string, unknown>): void {
  const { st, pending, traces } = run;
  if (!isStr(d.call_id)) return;
  const here = entrySite(entry);
  const recorded = { seq: here.seq, drift_types: d.drift_types, severity: d.severity, response: d.response };
  const p = pending.get(d.call_id);
  const rec = st.callsById.get(d.call_id);
  if (p && p.drift !== null) {
    const exp = p.drift;
    const types = SORTED_DRIFT(d.drift_types);
    const sameTypes =
      types !== null &&
      types.length === exp.drift_types.length &&
      new Set(types).size === types.length &&
      types.every((t, i) => t === exp.drift_types[i]);
    let kind: FindingKind | null = null;
    if (!sameTypes || d.severity !== exp.severity) kind = 'drift_severity_mismatch';
    else if (d.response !== exp.response) kind = 'drift_response_mismatch';
    if (kind) {
      emitOnCall(
        run,
        kind,
        p.ref,
        recorded,
        exp,
        `drift.detected (seq ${here.seq ?? '?'}) reports ${show(d.drift_types)} (${show(d.severity)}, ${show(d.response)}) for ${callLabel(p.ref)}: expected ${driftText(exp)}`,
      );
    }
    consequence(p.trace, 'drift.detected', kind ? 'different' : 'found', { seq: here.seq, data: d });
    if (rec && rec.ordinal === p.ref.ordinal) {
      rec.driftSettled = true;
      rec.driftFlagged = kind !== null;
    }
    p.drift = null;
    donePending(run, d.call_id, p);
    return;
  }
  // A call still waiting for other consequences is known even when it left the hour window.
  const ref = rec ? refOfRecord(rec) : (p?.ref ?? null);
  if (ref) {
    if (rec?.driftFlagged) return;
    const dup = rec?.driftSettled ?? false;
    if (rec) {
      rec.driftFlagged = true;
      rec.driftSettled = true;
    }
    emitOnCall(
      run,
      'drift_unexpected',
      ref,
      recorded,
      null,
      dup
        ? `drift.detected (seq ${here.seq ?? '?'}) reports drift for ${callLabel(ref)} a second time`
        : `drift.detected (seq ${here.seq ?? '?'}) reports ${show(d.drift_types)} for ${callLabel(ref)} but the call does not drift from the agent's intent`,
    );
    consequence(traces.get(ref.ordinal), 'drift.detected', 'unexpected', { seq: here.seq, data: d });
    return;
  }
  // The call is not one this evaluator holds (before the export, or over an hour back): the
  // finding sits on the drift.detected itself rather than going unreported.
  emit(
    run,
    makeFinding(
      'drift_unexpected',
      here,
      recorded,
      null,
      `drift.detected (seq ${here.seq ?? '?'}) names call ${d.call_id}, which is not a connector.called of this export within the hour before it`,
    ),
    null,
  );
}

/** An agent.suspended: the suspension a drifted call with response suspend made due. */
export function onAgentSuspended(run: EvaluationRun, entry: AuditEntry, d: Record<string, unknown>): void {
  const { pending } = run;
  if (!isStr(d.call_id)) return;
  const p = pending.get(d.call_id);
  if (!p || !p.suspension) return;
  const here = entrySite(entry);
  const ok = d.reason === 'drift' && d.agent_id === p.ref.agent_id;
  if (!ok) {
    emitOnCall(
      run,
      'suspension_missing',
      p.ref,
      { seq: here.seq, agent_id: d.agent_id, reason: d.reason, call_id: d.call_id },
      { action_type: 'agent.suspended', agent_id: p.ref.agent_id, reason: 'drift', call_id: p.ref.call_id },
      `${callLabel(p.ref)} drifted with response suspend but agent.suspended (seq ${here.seq ?? '?'}) for it says agent ${show(d.agent_id)}, reason ${show(d.reason)}: expected agent ${p.ref.agent_id ?? ''}, reason drift`,
    );
  }
  consequence(p.trace, 'agent.suspended', ok ? 'found' : 'different', { seq: here.seq, data: d });
  p.suspension = false;
  donePending(run, d.call_id, p);
}

/** An approval.requested: the request an ESCALATE made due, expiring at the call's time plus the TTL. */
export function onApprovalRequested(run: EvaluationRun, entry: AuditEntry, d: Record<string, unknown>): void {
  const { st, pending } = run;
  if (!isStr(d.call_id)) return;
  const p = pending.get(d.call_id);
  if (!p || p.approvalExpires === null) return;
  const here = entrySite(entry);
  const expected = p.approvalExpires;
  const ok = parseTs(d.expires_at) === parseTs(expected) && Number.isFinite(parseTs(expected));
  if (!ok) {
    emitOnCall(
      run,
      'approval_expiry_mismatch',
      p.ref,
      { seq: here.seq, expires_at: d.expires_at },
      { expires_at: expected },
      `approval.requested (seq ${here.seq ?? '?'}) for ${callLabel(p.ref)} expires at ${show(d.expires_at)}: expected ${expected} (the call's time + ${st.profile.ttlMs / 1000} s)`,
    );
  }
  consequence(p.trace, 'approval.requested', ok ? 'found' : 'different', { seq: here.seq, data: d });
  p.approvalExpires = null;
  donePending(run, d.call_id, p);
}

/** The call a pending approval.requested names, for the replay to take its target from. */
export function findPendingCall(
  run: EvaluationRun,
  callId: string,
): { agent_id: string; connector: string; operation: string; inputs_hash: string } | undefined {
  const p = run.pending.get(callId);
  return p && p.ref.agent_id !== null ? { ...p.ref, agent_id: p.ref.agent_id } : undefined;
}
