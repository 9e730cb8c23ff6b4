/**
 * The re-evaluation engine of spec §7–§9: takes every entry in file order, computes what the
 * platform should have decided, compares it with what the log recorded, checks that the expected
 * consequences follow, and replays the entry into the state exactly as recorded.
 *
 * Memory stays bounded for long exports: windows slide (the last hour of calls), expectations are
 * dropped once met, and findings are handed out through `onFinding` rather than kept.
 *
 * The steps live beside it: apply-call.ts (one connector.called: compute, judge-decision.ts,
 * consequences made due, replay), consequences.ts (§8.3 step 4), user-actions.ts (§8.5), and the
 * run's shared state in evaluation-run.ts. This module dispatches each entry to them.
 */
import { ACTION_TYPE_CRITERIA } from '../report/action-criteria.js';
import type { AuditEntry, PlatformState } from '../format/export-types.js';
import type { Finding } from '../report/report-types.js';
import { applyCall } from './apply-call.js';
import { readCallInputs, readRecorded } from './call-data.js';
import { computeCall, type ComputedCall } from './compute-call.js';
import {
  findPendingCall,
  onAgentSuspended,
  onApprovalRequested,
  onDriftDetected,
  settleMissing,
} from './consequences.js';
import { emit, entrySite, show, type EvaluationRun } from './evaluation-run.js';
import { makeFinding } from './findings.js';
import { isRecord, isStr } from './schema.js';
import { advanceTime, loadState, replayEntry, snapshotState } from './state-replay.js';
import { parseTs } from './time.js';
import { buildCallTrace } from './trace-build.js';
import type { CallTrace } from './trace-types.js';
import { checkActor, checkSelfApproval } from './user-actions.js';

export type { ComputedCall } from './compute-call.js';

/** Every action type of spec §3.1 (the §10 table names each one once); anything else is `unknown_action_type`. */
export const KNOWN_ACTION_TYPES: ReadonlySet<string> = new Set(Object.keys(ACTION_TYPE_CRITERIA));

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

/** Creates an evaluator over the state just before the first entry it will be given. */
export function createEvaluator(initial: PlatformState, opts: EvaluatorOptions = {}): Evaluator {
  const run: EvaluationRun = {
    st: loadState(initial),
    pending: new Map(),
    disagreed: new Set(),
    traces: new Map(),
    hooks: opts,
    traceWanted: (e: AuditEntry): boolean =>
      typeof opts.trace === 'function' ? opts.trace(e) : opts.trace === true,
    calls: 0,
    skipped: 0,
  };
  const { st, pending, disagreed } = run;
  const findCall = (callId: string): ReturnType<typeof findPendingCall> => findPendingCall(run, callId);
  let finished: EvaluationResult | null = null;

  function applyUnsafe(entry: AuditEntry): void {
    if (!isRecord(entry)) return;
    const tsMs = parseTs(entry.ts);
    if (Number.isFinite(tsMs)) advanceTime(st, tsMs);
    const at = entry.action_type;
    const d = isRecord(entry.data) ? entry.data : {};
    if (!isStr(at) || !KNOWN_ACTION_TYPES.has(at)) {
      const site = entrySite(entry);
      emit(
        run,
        makeFinding(
          'unknown_action_type',
          site,
          at,
          null,
          `Entry ${site.seq ?? '?'} has action type ${show(at)}, which this format does not define: kept and shown, not evaluated`,
        ),
        null,
      );
    } else if (at === 'connector.called') {
      applyCall(run, entry);
    } else {
      // The actor's rights are those held before its own entry takes effect.
      checkActor(run, entry);
      if (at === 'approval.reviewed') checkSelfApproval(run, entry, d);
      // Replay before settling expectations: approval.requested takes its target from the pending call.
      replayEntry(st, entry, findCall);
      if (at === 'drift.detected') onDriftDetected(run, entry, d);
      else if (at === 'agent.suspended') onAgentSuspended(run, entry, d);
      else if (at === 'approval.requested') onApprovalRequested(run, entry, d);
    }
    st.asOfSeq =
      typeof entry.seq === 'number' && Number.isSafeInteger(entry.seq) ? entry.seq + 1 : st.asOfSeq + 1;
  }

  return {
    apply(entry: AuditEntry): void {
      if (finished) return;
      try {
        applyUnsafe(entry);
      } catch (err) {
        // Defence in depth: every read above is shape-checked, but a verifier must not fall over
        // on hostile input. The entry counts as not evaluated.
        run.skipped++;
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
      for (const p of pending.values()) settleMissing(run, p);
      pending.clear();
      finished = {
        endState: snapshotState(st),
        calls: run.calls,
        agreed: run.calls - disagreed.size,
        disagreed: disagreed.size,
        skipped: run.skipped,
      };
      return finished;
    },
    state(): PlatformState {
      return snapshotState(st);
    },
  };
}
