/**
 * The state one evaluation run shares between its steps (call judging, consequences, user
 * actions): the replayed platform state, the calls still waiting for consequences, and how
 * findings are handed out and tied to their call.
 */
import type { AuditEntry } from '../format/export-types.js';
import type { FindingKind } from '../report/finding-kinds.js';
import type { Finding } from '../report/report-types.js';
import type { DriftResult } from './drift.js';
import { makeFinding, type FindingSite } from './findings.js';
import { isStr } from './schema.js';
import type { ReplayState } from './state-replay.js';
import type { CallTrace, ConsequenceTrace } from './trace-types.js';

/** A connector.called as its findings name it. */
export interface CallRef extends FindingSite {
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
export interface Pending {
  ref: CallRef;
  drift: DriftResult | null;
  suspension: boolean;
  approvalExpires: string | null;
  trace: CallTrace | undefined;
}

/** The callbacks of createEvaluator the steps use. */
export interface RunHooks {
  onFinding?: (f: Finding) => void;
  onTrace?: (t: CallTrace) => void;
  onSkip?: (entry: AuditEntry, reason: string) => void;
}

/** One evaluation run's shared state. */
export interface EvaluationRun {
  readonly st: ReplayState;
  readonly pending: Map<string, Pending>;
  /** Ordinals of the calls at least one finding landed on. */
  readonly disagreed: Set<number>;
  readonly traces: Map<number, CallTrace>;
  readonly hooks: RunHooks;
  readonly traceWanted: (e: AuditEntry) => boolean;
  calls: number;
  skipped: number;
}

/** Hands out a finding; one on a call (`ordinal`) marks the call disagreed and joins its trace. */
export function emit(run: EvaluationRun, f: Finding, ordinal: number | null): void {
  if (ordinal !== null) {
    run.disagreed.add(ordinal);
    run.traces.get(ordinal)?.findings.push(f);
  }
  run.hooks.onFinding?.(f);
}

/** A finding sited on the call `ref`. */
export function emitOnCall(
  run: EvaluationRun,
  kind: FindingKind,
  ref: CallRef,
  recorded: unknown,
  expected: unknown,
  message: string,
): void {
  emit(run, makeFinding(kind, ref, recorded, expected, message), ref.ordinal);
}

/** Where a finding about the entry itself sits (fields that are not well-formed are left out). */
export function entrySite(e: AuditEntry): FindingSite {
  return {
    seq: typeof e.seq === 'number' && Number.isSafeInteger(e.seq) ? e.seq : null,
    entry_id: isStr(e.id) ? e.id : null,
    agent_id: isStr(e.agent_id) ? e.agent_id : null,
  };
}

/** Settles an awaited consequence in a call's trace, or adds one that nothing awaited. */
export function consequence(
  t: CallTrace | undefined,
  kind: ConsequenceTrace['kind'],
  status: ConsequenceTrace['status'],
  found: ConsequenceTrace['found'],
): void {
  const c = t?.consequences.find((x) => x.kind === kind && x.status === 'awaited');
  if (c) {
    c.status = status;
    c.found = found;
  } else if (t) {
    t.consequences.push({ kind, expected: null, found, status });
  }
}

/** A recorded value as a message quotes it. */
export function show(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
