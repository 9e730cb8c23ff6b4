/**
 * The re-evaluation engine of spec §7–§9: takes every entry in file order, computes what the
 * platform should have decided, compares it with what the log recorded, checks that the expected
 * consequences follow, and replays the entry into the state exactly as recorded.
 *
 * Memory stays bounded for long exports: windows slide (the last hour of calls), expectations are
 * dropped once met, and findings are handed out through `onFinding` rather than kept.
 */
import type { AuditEntry, PlatformState, Verdict } from '../format/export-types.js';
import type { FindingKind } from '../report/finding-kinds.js';
import type { Finding } from '../report/report-types.js';
import { readCallInputs, readRecorded, type CallInputs, type RecordedView } from './call-data.js';
import { computeCall, statusesFor, type CallContext, type ComputedCall } from './compute-call.js';
import type { DriftResult } from './drift.js';
import { buildCallTrace } from './trace-build.js';
import {
  callLabel,
  decisionText,
  driftText,
  ladderWhy,
  makeFinding,
  riskText,
  type FindingSite,
} from './findings.js';
import { actionRequirement, allowedRolesText, rbacViolation } from './rbac.js';
import { isRecord, isStr } from './schema.js';
import {
  addAgentCall,
  addCall,
  advanceTime,
  loadState,
  replayEntry,
  snapshotState,
  type CallRecord,
  type ReplayState,
} from './state-replay.js';
import { formatTs, parseTs } from './time.js';
import type { CallTrace, ConsequenceTrace } from './trace-types.js';

export type { ComputedCall } from './compute-call.js';

/** Every action type of spec §3.1; anything else is `unknown_action_type`. */
export const KNOWN_ACTION_TYPES: ReadonlySet<string> = new Set([
  'connector.called', 'drift.detected', 'approval.requested', 'approval.reviewed', 'approval.expired',
  'agent.created', 'agent.updated', 'agent.deployed', 'agent.suspended', 'agent.resumed', 'agent.rolled_back',
  'intent.declared', 'connector.configured', 'connector.removed', 'policy.created', 'policy.updated',
  'policy.deleted', 'user.created', 'user.role_changed', 'user.deactivated', 'api_key.created',
  'api_key.revoked', 'secret.accessed', 'secret.rotated', 'compliance.generated', 'system.heartbeat',
]);

/** Options of createEvaluator. */
export interface EvaluatorOptions {
  /** Receives every finding as soon as it is known (consequence findings may come much later, or at finish()). */
  onFinding?: (f: Finding) => void;
  /** Build a CallTrace for every call (true) or for the calls the predicate picks; off by default for speed. */
  trace?: boolean | ((entry: AuditEntry) => boolean);
  /** Receives each trace when its call is applied; the object keeps filling in (consequences, findings) until finish(). */
  onTrace?: (t: CallTrace) => void;
  /** Receives each connector.called that could not be evaluated because its data does not fit §3.2. */
  onSkip?: (entry: AuditEntry, reason: string) => void;
}

/** What finish() returns. */
export interface EvaluationResult {
  /** The state after the last entry, canonical §7 form: `canonicalize(endState)` is the next export's state.json. */
  endState: PlatformState;
  /** connector.called entries evaluated (agreed + disagreed). */
  calls: number;
  agreed: number;
  /** Calls on which at least one finding landed. */
  disagreed: number;
  /** connector.called entries skipped because their data does not fit §3.2 (see docs/evaluation.md). */
  skipped: number;
}

/** The stateful evaluator over one export. */
export interface Evaluator {
  /** Evaluates one entry (in file order) and replays it into the state; never throws. */
  apply(entry: AuditEntry): void;
  /** The decision the platform should make for a connector.called given the current state, without applying it; throws TypeError on malformed data. */
  decide(entry: AuditEntry): ComputedCall;
  /** A full trace of what decide() would compute for this connector.called now, without applying it. */
  explain(entry: AuditEntry): CallTrace;
  /** Reports consequences still missing and returns the end state and counts. */
  finish(): EvaluationResult;
  /** The current replayed state, canonical §7 form. */
  state(): PlatformState;
}

interface CallRef extends FindingSite {
  ordinal: number;
  call_id: string;
  connector: string;
  operation: string;
  inputs_hash: string;
  seq: number | null;
  tsMs: number;
  recordedVerdict: unknown;
}

/** Consequences a call still waits for (spec §8.3 step 4). */
interface Pending {
  ref: CallRef;
  drift: DriftResult | null;
  suspension: boolean;
  approvalExpires: string | null;
  trace: CallTrace | undefined;
}

const SORTED_DRIFT = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? [...(v as string[])].sort() : null;

/** Creates an evaluator over the state just before the first entry it will be given. */
export function createEvaluator(initial: PlatformState, opts: EvaluatorOptions = {}): Evaluator {
  const st: ReplayState = loadState(initial);
  const pending = new Map<string, Pending>();
  const disagreed = new Set<number>();
  const traces = new Map<number, CallTrace>();
  let calls = 0;
  let skipped = 0;
  let finished: EvaluationResult | null = null;

  const traceWanted = (e: AuditEntry): boolean =>
    typeof opts.trace === 'function' ? opts.trace(e) : opts.trace === true;

  function emit(f: Finding, ordinal: number | null): void {
    if (ordinal !== null) {
      disagreed.add(ordinal);
      traces.get(ordinal)?.findings.push(f);
    }
    opts.onFinding?.(f);
  }

  function emitOnCall(kind: FindingKind, ref: CallRef, recorded: unknown, expected: unknown, message: string): void {
    emit(makeFinding(kind, ref, recorded, expected, message), ref.ordinal);
  }

  function entrySite(e: AuditEntry): FindingSite {
    return {
      seq: typeof e.seq === 'number' && Number.isSafeInteger(e.seq) ? e.seq : null,
      entry_id: isStr(e.id) ? e.id : null,
      agent_id: isStr(e.agent_id) ? e.agent_id : null,
    };
  }

  function consequence(t: CallTrace | undefined, kind: ConsequenceTrace['kind'], status: ConsequenceTrace['status'], found: ConsequenceTrace['found']): void {
    const c = t?.consequences.find((x) => x.kind === kind && x.status === 'awaited');
    if (c) {
      c.status = status;
      c.found = found;
    } else if (t) {
      t.consequences.push({ kind, expected: null, found, status });
    }
  }

  // ---- connector.called ----

  function judgeDecision(c: CallInputs, ref: CallRef, rec: RecordedView, computed: ComputedCall, ctx: CallContext): void {
    // Texts and payloads are built only once a finding needs them: most calls agree.
    // §9.1: a call recorded PERMIT/approved whose approval fails §8.4 gets the approval finding
    // instead of a decision finding.
    if (rec.verdict === 'PERMIT' && rec.reason === 'approved' && ctx.approvalVerdict !== null) {
      const a = ctx.approval;
      emitOnCall(
        ctx.approvalVerdict.problem,
        ref,
        { ...recordedDecision(rec), approval_id: c.approval_id, approval: a ? publicApprovalView(a) : null },
        expectedDecision(computed),
        `${callLabel(c)} was recorded ${decisionText(rec.verdict, rec.reason, rec.rule_id, rec.rule_version)} under approval ${c.approval_id ?? '(none)'} but ${ctx.approvalVerdict.why}: expected ${decisionText(computed.verdict, computed.reason, computed.rule_id, computed.rule_version)} because ${ladderWhy(c, computed, ctx)}`,
      );
    } else {
      let kind: FindingKind | null = null;
      if (computed.reason === 'suspended' && rec.verdict !== 'DENY') kind = 'suspended_agent_permitted';
      else if (computed.reason === 'scope' && rec.verdict !== 'DENY') kind = 'scope_violation';
      else if (rec.verdict !== computed.verdict) kind = 'verdict_mismatch';
      else if (rec.reason !== computed.reason) kind = 'reason_mismatch';
      else if (rec.rule_id !== computed.rule_id || rec.rule_version !== computed.rule_version) kind = 'rule_mismatch';
      if (kind !== null) {
        emitOnCall(kind, ref, recordedDecision(rec), expectedDecision(computed), `${callLabel(c)} was recorded ${decisionText(rec.verdict, rec.reason, rec.rule_id, rec.rule_version)} but ${ladderWhy(c, computed, ctx)}: expected ${decisionText(computed.verdict, computed.reason, computed.rule_id, computed.rule_version)}`);
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
      emitOnCall(
        'risk_score_mismatch',
        ref,
        { risk_score: rec.risk_score, factors: rec.factors },
        { risk_score: computed.risk_score, factors: computed.factors },
        `${callLabel(c)} was recorded with ${riskText(rec.risk_score, rec.factors)}: expected ${riskText(computed.risk_score, { ...computed.factors })}, with ${ctx.windowCount} earlier call(s) of the agent in the ${st.profile.windowMs / 1000} s window`,
      );
    }

    const verdictOk = rec.verdict === 'PERMIT' || rec.verdict === 'ESCALATE' || rec.verdict === 'DENY';
    const allowed = verdictOk ? statusesFor(rec.verdict as Verdict) : null;
    const statusOk = allowed === null || allowed.includes(rec.status as never);
    const outputsOk = !((rec.status === 'blocked' || rec.status === 'escalated') && rec.outputs_hash !== null);
    if (!statusOk || !outputsOk) {
      emitOnCall(
        'status_mismatch',
        ref,
        { verdict: rec.verdict, status: rec.status, outputs_hash: rec.outputs_hash },
        { status: allowed, outputs_hash: rec.status === 'blocked' || rec.status === 'escalated' ? null : undefined },
        !statusOk
          ? `${callLabel(c)} was recorded ${show(rec.verdict)} with status ${show(rec.status)}: expected ${allowed?.join(' or ') ?? ''}`
          : `${callLabel(c)} has status ${show(rec.status)} but carries an outputs_hash: a ${show(rec.status)} call produced no output`,
      );
    }
  }

  function applyCall(entry: AuditEntry): void {
    const inputs = readCallInputs(entry);
    if (typeof inputs === 'string') {
      skipped++;
      opts.onSkip?.(entry, inputs);
      // Even an unreadable call happened: it still counts toward frequency and recent_calls.
      const tsMs = parseTs(entry.ts);
      if (isStr(entry.agent_id) && Number.isFinite(tsMs)) {
        const site = entrySite(entry);
        const d = isRecord(entry.data) ? entry.data : {};
        recordCall(
          site.seq, entry.agent_id, entry.ts, tsMs, null, site.entry_id, isStr(d.connector) ? d.connector : '',
          isStr(d.operation) ? d.operation : '', isStr(d.inputs_hash) ? d.inputs_hash : '', null, false,
        );
      }
      return;
    }
    const tracing = traceWanted(entry);
    const { computed, ctx } = computeCall(st, inputs, tracing);
    const rec = readRecorded(entry);
    const ordinal = calls++;
    const ref: CallRef = {
      ordinal, seq: inputs.seq, entry_id: inputs.entry_id, agent_id: inputs.agent_id, call_id: inputs.call_id,
      connector: inputs.connector, operation: inputs.operation, inputs_hash: inputs.inputs_hash, tsMs: inputs.tsMs,
      recordedVerdict: rec.verdict,
    };
    let trace: CallTrace | undefined;
    if (tracing) {
      trace = buildCallTrace(st, inputs, computed, ctx, rec);
      traces.set(ordinal, trace);
      opts.onTrace?.(trace);
    }

    judgeDecision(inputs, ref, rec, computed, ctx);

    // Expected consequences (§8.3 step 4), checked as they arrive.
    const suspension = computed.drift?.response === 'suspend' && ctx.agent?.status !== 'suspended';
    const approvalExpires = rec.verdict === 'ESCALATE' ? formatTs(inputs.tsMs + st.profile.ttlMs) ?? '' : null;
    if (computed.drift !== null || suspension || approvalExpires !== null) {
      const prior = pending.get(inputs.call_id);
      // A call id used twice is tampering; the earlier call's expectations are settled now so
      // neither is silently lost.
      if (prior) settleMissing(prior);
      pending.set(inputs.call_id, { ref, drift: computed.drift, suspension, approvalExpires, trace });
    }
    if (trace) {
      if (computed.drift) trace.consequences.push({ kind: 'drift.detected', expected: computed.drift, found: null, status: 'awaited' });
      if (suspension) trace.consequences.push({ kind: 'agent.suspended', expected: { reason: 'drift', call_id: inputs.call_id }, found: null, status: 'awaited' });
      if (approvalExpires !== null) trace.consequences.push({ kind: 'approval.requested', expected: { call_id: inputs.call_id, expires_at: approvalExpires }, found: null, status: 'awaited' });
    }

    // Replay as recorded: a call recorded PERMIT under an approval uses it (§8.4 single use).
    if (inputs.approval_id !== null && rec.verdict === 'PERMIT') {
      const a = st.approvals.get(inputs.approval_id);
      if (a) st.approvals.set(a.approval_id, { ...a, used: true });
    }
    recordCall(
      inputs.seq, inputs.agent_id, inputs.ts, inputs.tsMs, inputs.call_id, inputs.entry_id, inputs.connector,
      inputs.operation, inputs.inputs_hash, ordinal, computed.drift !== null,
    );
  }

  function recordCall(
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
      addAgentCall(st, agentId, tsMs);
      return;
    }
    // One literal of a fixed shape: these records are the hottest objects of a long run.
    addCall(st, {
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

  // ---- consequences ----

  function settleMissing(p: Pending): void {
    const c = p.ref;
    if (p.drift !== null) {
      emitOnCall('drift_missed', c, null, p.drift, `${callLabel(c)} drifted from the agent's intent (${driftText(p.drift)}) but no drift.detected for call ${c.call_id} was recorded`);
      consequence(p.trace, 'drift.detected', 'missing', null);
    }
    if (p.suspension) {
      emitOnCall('suspension_missing', c, null, { action_type: 'agent.suspended', reason: 'drift', call_id: c.call_id }, `${callLabel(c)} drifted with response suspend but no agent.suspended (reason drift) for call ${c.call_id} was recorded`);
      consequence(p.trace, 'agent.suspended', 'missing', null);
    }
    if (p.approvalExpires !== null) {
      emitOnCall('approval_missing', c, null, { action_type: 'approval.requested', call_id: c.call_id, expires_at: p.approvalExpires }, `${callLabel(c)} was recorded ESCALATE but no approval.requested for call ${c.call_id} was recorded`);
      consequence(p.trace, 'approval.requested', 'missing', null);
    }
  }

  function donePending(callId: string, p: Pending): void {
    if (p.drift === null && !p.suspension && p.approvalExpires === null) pending.delete(callId);
  }

  function refOfRecord(r: CallRecord): CallRef | null {
    if (r.ordinal === null || r.call_id === null) return null;
    return {
      ordinal: r.ordinal, seq: r.seq, entry_id: r.entry_id, agent_id: r.agent_id, call_id: r.call_id,
      connector: r.connector, operation: r.operation, inputs_hash: r.inputs_hash, tsMs: r.tsMs, recordedVerdict: undefined,
    };
  }

  function onDriftDetected(entry: AuditEntry, d: Record<string, unknown>): void {
    if (!isStr(d.call_id)) return;
    const here = entrySite(entry);
    const recorded = { seq: here.seq, drift_types: d.drift_types, severity: d.severity, response: d.response };
    const p = pending.get(d.call_id);
    const rec = st.callsById.get(d.call_id);
    if (p && p.drift !== null) {
      const exp = p.drift;
      const types = SORTED_DRIFT(d.drift_types);
      const sameTypes = types !== null && types.length === exp.drift_types.length && new Set(types).size === types.length && types.every((t, i) => t === exp.drift_types[i]);
      let kind: FindingKind | null = null;
      if (!sameTypes || d.severity !== exp.severity) kind = 'drift_severity_mismatch';
      else if (d.response !== exp.response) kind = 'drift_response_mismatch';
      if (kind) {
        emitOnCall(kind, p.ref, recorded, exp, `drift.detected (seq ${here.seq ?? '?'}) reports ${show(d.drift_types)} (${show(d.severity)}, ${show(d.response)}) for ${callLabel(p.ref)}: expected ${driftText(exp)}`);
      }
      consequence(p.trace, 'drift.detected', kind ? 'different' : 'found', { seq: here.seq, data: d });
      if (rec && rec.ordinal === p.ref.ordinal) {
        rec.driftSettled = true;
        rec.driftFlagged = kind !== null;
      }
      p.drift = null;
      donePending(d.call_id, p);
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
      makeFinding('drift_unexpected', here, recorded, null, `drift.detected (seq ${here.seq ?? '?'}) names call ${d.call_id}, which is not a connector.called of this export within the hour before it`),
      null,
    );
  }

  function onAgentSuspended(entry: AuditEntry, d: Record<string, unknown>): void {
    if (!isStr(d.call_id)) return;
    const p = pending.get(d.call_id);
    if (!p || !p.suspension) return;
    const here = entrySite(entry);
    const ok = d.reason === 'drift' && d.agent_id === p.ref.agent_id;
    if (!ok) {
      emitOnCall(
        'suspension_missing',
        p.ref,
        { seq: here.seq, agent_id: d.agent_id, reason: d.reason, call_id: d.call_id },
        { action_type: 'agent.suspended', agent_id: p.ref.agent_id, reason: 'drift', call_id: p.ref.call_id },
        `${callLabel(p.ref)} drifted with response suspend but agent.suspended (seq ${here.seq ?? '?'}) for it says agent ${show(d.agent_id)}, reason ${show(d.reason)}: expected agent ${p.ref.agent_id ?? ''}, reason drift`,
      );
    }
    consequence(p.trace, 'agent.suspended', ok ? 'found' : 'different', { seq: here.seq, data: d });
    p.suspension = false;
    donePending(d.call_id, p);
  }

  function onApprovalRequested(entry: AuditEntry, d: Record<string, unknown>): void {
    if (!isStr(d.call_id)) return;
    const p = pending.get(d.call_id);
    if (!p || p.approvalExpires === null) return;
    const here = entrySite(entry);
    const expected = p.approvalExpires;
    const ok = parseTs(d.expires_at) === parseTs(expected) && Number.isFinite(parseTs(expected));
    if (!ok) {
      emitOnCall(
        'approval_expiry_mismatch',
        p.ref,
        { seq: here.seq, expires_at: d.expires_at },
        { expires_at: expected },
        `approval.requested (seq ${here.seq ?? '?'}) for ${callLabel(p.ref)} expires at ${show(d.expires_at)}: expected ${expected} (the call's time + ${st.profile.ttlMs / 1000} s)`,
      );
    }
    consequence(p.trace, 'approval.requested', ok ? 'found' : 'different', { seq: here.seq, data: d });
    p.approvalExpires = null;
    donePending(d.call_id, p);
  }

  function findPendingCall(callId: string): { agent_id: string; connector: string; operation: string; inputs_hash: string } | undefined {
    const p = pending.get(callId);
    return p && p.ref.agent_id !== null ? { ...p.ref, agent_id: p.ref.agent_id } : undefined;
  }

  // ---- user actions ----

  function checkActor(entry: AuditEntry): void {
    const req = actionRequirement(entry.action_type);
    if (req === null) return;
    const actor: Record<string, unknown> = isRecord(entry.actor) ? entry.actor : {};
    const actorId = isStr(actor.id) ? actor.id : null;
    const user = actor.type === 'user' && actorId !== null ? st.users.get(actorId) : undefined;
    const why = rbacViolation(req, { type: isStr(actor.type) ? actor.type : 'missing', user: user ?? null }, st.profile.approverRoles);
    if (why === null) return;
    const site = entrySite(entry);
    emit(
      makeFinding(
        'unauthorized_actor',
        site,
        { actor: entry.actor, role: user?.role ?? null, active: user?.active ?? null },
        { roles: allowedRolesText(req, st.profile.approverRoles).split(' or ') },
        `${entry.action_type} (seq ${site.seq ?? '?'}) by ${show(actor.type)} ${actorId ?? '(no id)'}: ${why}; it needs ${allowedRolesText(req, st.profile.approverRoles)}`,
      ),
      null,
    );
  }

  function checkSelfApproval(entry: AuditEntry, d: Record<string, unknown>): void {
    if (d.decision !== 'approved' || !isStr(d.approval_id) || !isRecord(entry.actor) || !isStr(entry.actor.id)) return;
    const a = st.approvals.get(d.approval_id);
    const agentId = a?.agent_id ?? (isStr(entry.agent_id) ? entry.agent_id : null);
    const agent = agentId === null ? undefined : st.agents.get(agentId);
    if (!agent || agent.owner_id !== entry.actor.id) return;
    const site = entrySite(entry);
    emit(
      makeFinding('self_approval', site, { reviewer_id: entry.actor.id }, { reviewer_not: agent.owner_id }, `Approval ${d.approval_id} was approved (seq ${site.seq ?? '?'}) by user ${entry.actor.id}, the owner of agent ${agent.name} (${agent.id})`),
      null,
    );
  }

  // ---- the entry point ----

  function applyUnsafe(entry: AuditEntry): void {
    if (!isRecord(entry)) return;
    const tsMs = parseTs(entry.ts);
    if (Number.isFinite(tsMs)) advanceTime(st, tsMs);
    const at = entry.action_type;
    const d = isRecord(entry.data) ? entry.data : {};
    if (!isStr(at) || !KNOWN_ACTION_TYPES.has(at)) {
      const site = entrySite(entry);
      emit(makeFinding('unknown_action_type', site, at, null, `Entry ${site.seq ?? '?'} has action type ${show(at)}, which this format does not define: kept and shown, not evaluated`), null);
    } else if (at === 'connector.called') {
      applyCall(entry);
    } else {
      // The actor's rights are those held before its own entry takes effect.
      checkActor(entry);
      if (at === 'approval.reviewed') checkSelfApproval(entry, d);
      // Replay before settling expectations: approval.requested takes its target from the pending call.
      replayEntry(st, entry, findPendingCall);
      if (at === 'drift.detected') onDriftDetected(entry, d);
      else if (at === 'agent.suspended') onAgentSuspended(entry, d);
      else if (at === 'approval.requested') onApprovalRequested(entry, d);
    }
    st.asOfSeq = typeof entry.seq === 'number' && Number.isSafeInteger(entry.seq) ? entry.seq + 1 : st.asOfSeq + 1;
  }

  return {
    apply(entry: AuditEntry): void {
      if (finished) return;
      try {
        applyUnsafe(entry);
      } catch (err) {
        // Defence in depth: every read above is shape-checked, but a verifier must not fall over
        // on hostile input. The entry counts as not evaluated.
        skipped++;
        try {
          opts.onSkip?.(entry, `internal error: ${err instanceof Error ? err.message : String(err)}`);
        } catch {
          // A throwing callback must not break the never-throws promise either.
        }
      }
    },
    decide(entry: AuditEntry): ComputedCall {
      const inputs = readCallInputs(entry);
      if (typeof inputs === 'string') throw new TypeError(`decide: ${inputs}`);
      return computeCall(st, inputs, false).computed;
    },
    explain(entry: AuditEntry): CallTrace {
      const inputs = readCallInputs(entry);
      if (typeof inputs === 'string') throw new TypeError(`explain: ${inputs}`);
      const { computed, ctx } = computeCall(st, inputs, true);
      return buildCallTrace(st, inputs, computed, ctx, readRecorded(entry));
    },
    finish(): EvaluationResult {
      if (finished) return finished;
      for (const p of pending.values()) settleMissing(p);
      pending.clear();
      finished = {
        endState: snapshotState(st),
        calls,
        agreed: calls - disagreed.size,
        disagreed: disagreed.size,
        skipped,
      };
      return finished;
    },
    state(): PlatformState {
      return snapshotState(st);
    },
  };
}

function recordedDecision(rec: RecordedView): Record<string, unknown> {
  return { verdict: rec.verdict, reason: rec.reason, rule_id: rec.rule_id, rule_version: rec.rule_version };
}

function expectedDecision(c: ComputedCall): Record<string, unknown> {
  return { verdict: c.verdict, reason: c.reason, rule_id: c.rule_id, rule_version: c.rule_version };
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function publicApprovalView(a: { approval_id: string; agent_id: string; connector: string; operation: string; inputs_hash: string; expires_at: string; status: string; reviewer_id: string | null; reviewer_role: string | null; reviewed_at: string | null; used: boolean }): Record<string, unknown> {
  return {
    approval_id: a.approval_id, agent_id: a.agent_id, connector: a.connector, operation: a.operation,
    inputs_hash: a.inputs_hash, expires_at: a.expires_at, status: a.status, reviewer_id: a.reviewer_id,
    reviewer_role: a.reviewer_role, reviewed_at: a.reviewed_at, used: a.used,
  };
}
