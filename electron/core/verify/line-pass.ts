/**
 * One pass over entries.jsonl: every per-line check, optionally the re-evaluation, and a hook per
 * verified line. The same function runs in the caller's thread or inside the verification worker,
 * so both paths produce the same findings by construction.
 */
import type { AuditEntry, PlatformState } from '../../../shared/format/export-types.js';
import type { Finding } from '../../../shared/report/report-types.js';
import { createEvaluator } from '../../../shared/evaluate/evaluator.js';
import { canonicalBytes } from '../../../shared/format/jcs-bytes.js';
import { openBundle } from '../bundle/open-bundle.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { CompactRange } from '../merkle/merkle.js';
import { EntryChecker, type EntryCheckSummary } from './entry-checker.js';
import { readLines, type LineStreamResult, type ReadLimits } from './line-reader.js';
import type { CheckedLine } from './verify-api.js';

/** Everything a pass needs, as plain data (it crosses into the worker). */
export interface LinePassParams {
  bundlePath: string;
  firstSeq: number | null;
  frontier: { size: number; hashes: string[] } | null;
  firstPrev: { hex: string; source: string } | null;
  maxGapMs: number | null;
  periodFromMs: number | null;
  /**
   * The bytes the manifest gives entries.jsonl (null: no manifest). The pass reads no byte past
   * it, and none at all when the archive's directory (a folder's file size) already says more.
   */
  entriesBytes: number | null;
  /** Re-evaluate in this pass, starting from this state. */
  evaluateFrom: PlatformState | null;
  /**
   * Leave the SHA-256 of entries.jsonl to the caller, who is handed every line with its newline
   * (the worker's row batches): the pass then reports only how many bytes it read.
   */
  digestByCaller?: boolean;
  /**
   * With evaluateFrom: every this many lines, the replayed state before that line goes to
   * hooks.onSnapshot (the app keeps them so explaining a call deep in an export replays little).
   */
  snapshotEvery?: number | null;
  /**
   * With evaluateFrom: hand back the end state as its JCS bytes. Only an import keeps it; as bytes
   * it is written without the joined text and crosses from the worker as a transferred buffer,
   * not as a clone of the whole object graph (at 2M entries the clone alone added about 130 MB to
   * the importer's heap at its peak).
   */
  keepEndState?: boolean;
}

/** Longest line a pass takes in (spec §2 bounds a reader's memory, not only its bytes). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Why entries.jsonl is not read at all, or null: its listed size already exceeds the signed one. */
export function entriesOversize(listed: number, signed: number | null): string | null {
  return signed !== null && listed > signed ? `entries.jsonl is ${listed} bytes in the ZIP directory, more than the ${signed} bytes it may have (its signed bytes; 0 without a readable manifest): not inflated` : null;
}

function limitsFor(signed: number | null): ReadLimits {
  return { maxBytes: signed ?? undefined, maxLine: MAX_LINE_BYTES };
}

export interface EvaluationOutcome {
  /** canonicalize(end state) as UTF-8, when the pass was asked to keep it (keepEndState), else null. */
  endStateJcs: Uint8Array | null;
  calls: number;
  agreed: number;
  disagreed: number;
  /** connector.called entries whose data does not fit §3.2, so nothing could be re-decided. */
  unevaluable: number;
}

export interface LinePassResult {
  summary: Omit<EntryCheckSummary, 'computedRoot'> & { computedRoot: string | null };
  digest: LineStreamResult | null;
  /** With digestByCaller: the bytes of entries.jsonl read (digest is then null), null when none were. */
  unhashedBytes: number | null;
  readError: string | null;
  evaluation: EvaluationOutcome | null;
}

export interface LinePassHooks {
  onFinding: (f: Finding) => void;
  onEntry?: (e: CheckedLine) => void;
  onProgress?: (bytesRead: number, totalBytes: number, entries: number) => void;
  /** The replayed state (JSON text) before line `index`, for index = k × snapshotEvery, k ≥ 1. */
  onSnapshot?: (index: number, json: string) => void;
  signal?: AbortSignal;
}

/** Runs the pass; the bundle is opened afresh so the pass can live in any thread. */
export async function runLinePass(p: LinePassParams, hooks: LinePassHooks): Promise<LinePassResult> {
  const evaluator = p.evaluateFrom ? createEvaluator(p.evaluateFrom, { onFinding: hooks.onFinding }) : null;
  const frontier = p.frontier ? new CompactRange(p.frontier.size, p.frontier.hashes.map((h) => Buffer.from(h, 'hex'))) : null;
  const checker = new EntryChecker({
    firstSeq: p.firstSeq,
    frontier,
    firstPrev: p.firstPrev,
    maxGapMs: p.maxGapMs,
    periodFromMs: p.periodFromMs,
    add: hooks.onFinding,
    onEntry: hooks.onEntry,
    onParsed: evaluator ? (e: AuditEntry) => evaluator.apply(e) : undefined,
  });
  const every = evaluator && hooks.onSnapshot && p.snapshotEvery ? p.snapshotEvery : 0;
  const takeSnapshot = (index: number): void => {
    try {
      hooks.onSnapshot!(index, JSON.stringify(evaluator!.state()));
    } catch {
      // A state too large to serialize, or a failing hook: derived data only, never the verdict.
      // The export then lacks this snapshot, and the app replays it as before.
    }
  };
  let digest: LinePassResult['digest'] = null;
  let unhashedBytes: number | null = null;
  let readError: string | null = null;
  const bundle = await openBundle(p.bundlePath);
  try {
    const total = bundle.size('entries.jsonl');
    const oversize = entriesOversize(total, p.entriesBytes);
    if (oversize) readError = oversize;
    else if (bundle.has('entries.jsonl')) {
      let count = 0;
      try {
        const stream = await bundle.stream('entries.jsonl');
        const read = await readLines(
          stream,
          (line, complete, ascii) => {
            // Before the line is applied: the state a replay from the store reaches at this position.
            if (every && count > 0 && count % every === 0) takeSnapshot(count);
            checker.line(line, complete, ascii);
            count++;
          },
          (bytes) => hooks.onProgress?.(bytes, total, count),
          hooks.signal,
          !p.digestByCaller,
          limitsFor(p.entriesBytes),
        );
        if (read.sha256 === null) unhashedBytes = read.bytes;
        else digest = { bytes: read.bytes, sha256: read.sha256 };
      } catch (e) {
        if (e instanceof CrosscheckError) throw e;
        readError = (e as Error).message;
      }
    }
  } finally {
    bundle.close();
  }
  const s = checker.finish();
  const evaluation = evaluator ? evaluator.finish() : null;
  return {
    summary: { ...s, computedRoot: s.computedRoot ? s.computedRoot.toString('hex') : null },
    digest,
    unhashedBytes,
    readError,
    evaluation: evaluation
      ? { endStateJcs: p.keepEndState ? canonicalBytes(evaluation.endState) : null, calls: evaluation.calls, agreed: evaluation.agreed, disagreed: evaluation.disagreed, unevaluable: evaluation.skipped }
      : null,
  };
}

/** A second, evaluation-only pass (parse + re-evaluate), run beside the worker's integrity pass of a plain verify (which keeps no end state). */
export async function runEvaluationPass(bundlePath: string, state: PlatformState, onFinding: (f: Finding) => void, entriesBytes: number | null, signal?: AbortSignal): Promise<EvaluationOutcome | null> {
  const evaluator = createEvaluator(state, { onFinding });
  const bundle = await openBundle(bundlePath);
  try {
    if (!bundle.has('entries.jsonl') || entriesOversize(bundle.size('entries.jsonl'), entriesBytes)) return null;
    const stream = await bundle.stream('entries.jsonl');
    await readLines(
      stream,
      (line, _complete, ascii) => {
        let v: unknown;
        try {
          v = JSON.parse(ascii ?? line.toString('utf8'));
        } catch {
          return;
        }
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) evaluator.apply(v as AuditEntry);
      },
      undefined,
      signal,
      false, // the integrity pass takes the file's digest; this pass only evaluates
      limitsFor(entriesBytes),
    );
  } catch (e) {
    if (e instanceof CrosscheckError) throw e;
  } finally {
    bundle.close();
  }
  const r = evaluator.finish();
  return { endStateJcs: null, calls: r.calls, agreed: r.agreed, disagreed: r.disagreed, unevaluable: r.skipped };
}
