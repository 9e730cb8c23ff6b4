/**
 * Step 4: the one streaming pass over entries.jsonl (digest, lines, chain, root, re-evaluation),
 * in a worker thread when one is available, with the overlap against the store checked line by
 * line (§6) and each verified line handed to an importer's `onEntry`.
 */
import type { Manifest, PlatformState } from '../../../shared/format/export-types.js';
import { ZERO_HASH } from '../../../shared/format/export-types.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { BundleSource } from '../bundle/open-bundle.js';
import { throwIfAborted } from '../errors/crosscheck-error.js';
import type { CompactRange } from '../merkle/merkle.js';
import type { EntryCheckSummary } from './entry-checker.js';
import { entryColumns } from './entry-columns.js';
import { makeFinding } from './findings.js';
import {
  entriesOversize,
  runEvaluationPass,
  runLinePass,
  type EvaluationOutcome,
  type LinePassParams,
  type LinePassResult,
} from './line-pass.js';
import type { LineStreamResult } from './line-reader.js';
import type { ReportBuilder } from './report-builder.js';
import type { SignedFiles } from './signed-files.js';
import type {
  CheckedLine,
  ContinuityView,
  VerifiedEntry,
  VerifyOptions,
  VerifyResult,
} from './verify-api.js';
import { runLinePassInWorker, workerAvailable } from './worker-pass.js';

/** Where the export sits in its log, as far as the frontier, the manifest and the store say. */
export interface LogPosition {
  /** The seq the first line is due to have. */
  S: number;
  cont: ContinuityView | undefined;
  origin: string | null;
  /** Entries of the origin the store holds (0 without a store). */
  storedN: number;
  /** What the first line's prev is held to, when anything binds it. */
  firstPrev: { hex: string; source: string } | null;
  heartbeatMs: number | null;
  periodFrom: number | null;
}

/** The pass's tallies with the root as bytes and the first overlap conflict with the store. */
export type EntrySummary = EntryCheckSummary & { overlapConflictSeq: number | null };

/** What the entry pass established. */
export interface EntryPassOutcome {
  pass: LinePassResult;
  evaluated: EvaluationOutcome | null;
  sum: EntrySummary;
  entriesDigest: LineStreamResult | null;
  /** entries.jsonl is present and was read to its end. */
  linesRead: boolean;
}

/** The export's position in its log: due first seq, stored size, and the prev the first line must name. */
export function logPosition(
  manifest: Manifest | null,
  frontier: CompactRange | null,
  opts: VerifyOptions,
): LogPosition {
  const S = frontier?.size ?? manifest?.range.first_seq ?? 0;
  const cont = opts.continuity;
  const origin = manifest?.origin ?? null;
  const storedN = cont && origin ? cont.storedSize(origin) : 0;
  let firstPrev: { hex: string; source: string } | null = null;
  if (S === 0) firstPrev = { hex: ZERO_HASH, source: 'the 64 zeros due at seq 0' };
  else if (frontier && S % 2 === 1) {
    firstPrev = {
      hex: frontier.frontier[frontier.frontier.length - 1]!.toString('hex'),
      source: `the leaf hash of entry ${S - 1} in frontier.json`,
    };
  } else if (cont && origin && storedN >= S) {
    const h = cont.leafHash(origin, S - 1);
    if (h) firstPrev = { hex: h.toString('hex'), source: `the leaf hash of entry ${S - 1} imported earlier` };
  }
  const heartbeatMs = manifest ? manifest.heartbeat_seconds * 1000 : null;
  const periodFrom = manifest ? parseTimestamp(manifest.period.from) : null;
  return { S, cont, origin, storedN, firstPrev, heartbeatMs, periodFrom };
}

/** Streams entries.jsonl once; findings go to `rb` as they are found. */
export async function runEntryPass(
  bundle: BundleSource,
  opts: VerifyOptions,
  manifest: Manifest | null,
  frontier: CompactRange | null,
  state: PlatformState | null,
  files: SignedFiles,
  pos: LogPosition,
  rb: ReportBuilder,
  result: VerifyResult,
): Promise<EntryPassOutcome> {
  const { S, cont, origin, storedN, firstPrev, heartbeatMs, periodFrom } = pos;
  const evaluate = opts.evaluate !== false && state !== null;
  const params: LinePassParams = {
    bundlePath: bundle.path,
    // Lines are placed in the tree after the frontier's leaves, so the first line's seq is due to be
    // frontier.size (§6 "whatever the seq values say"); a manifest first_seq that disagrees is the
    // manifest's count_mismatch, not a seq_gap of lines that are themselves in order.
    firstSeq: frontier ? frontier.size : (manifest?.range.first_seq ?? null),
    frontier: frontier
      ? { size: frontier.size, hashes: frontier.frontier.map((h) => h.toString('hex')) }
      : S === 0
        ? { size: 0, hashes: [] }
        : null,
    firstPrev,
    entriesBytes: files.signed.get('entries.jsonl') ?? (files.unsized ? 0 : null),
    maxGapMs: heartbeatMs === null ? null : 2 * heartbeatMs,
    periodFromMs: periodFrom,
    evaluateFrom: null,
    keepEndState: opts.onEntry !== undefined,
  };
  // Overlap with what the store holds (S < N): each line's leaf must equal the stored one (§6).
  const overlap = { checked: 0, conflictSeq: null as number | null };
  const needOverlap = cont !== undefined && origin !== null && storedN > S;
  const onEntry =
    needOverlap || opts.onEntry
      ? (v: VerifiedEntry): void => {
          if (needOverlap && overlap.conflictSeq === null) {
            const seq = v.columns[0] ?? (params.firstSeq === null ? null : params.firstSeq + v.index);
            const stored = seq !== null && seq < storedN ? cont.leafHash(origin, seq) : null;
            if (stored) {
              overlap.checked++;
              if (!stored.equals(v.leafHash)) {
                overlap.conflictSeq = seq;
                rb.add(
                  makeFinding('overlap_conflict', {
                    seq,
                    entry_id: null,
                    agent_id: v.columns[2],
                    recorded: v.leafHash.toString('hex'),
                    expected: stored.toString('hex'),
                    message: `entry ${seq} differs from the entry with the same seq imported earlier from this log: the producer rewrote history`,
                  }),
                );
              }
            }
          }
          opts.onEntry?.(v);
        }
      : undefined;
  const onProgress = opts.onProgress
    ? (bytesRead: number, totalBytes: number, entries: number) =>
        opts.onProgress!({ bytesRead, totalBytes, entries })
    : undefined;
  let pass: LinePassResult;
  let evaluated: EvaluationOutcome | null;
  if (opts.worker ?? workerAvailable()) {
    // An importer's writer keeps this thread busy: the worker then also re-evaluates. A plain
    // verify leaves this thread free, so it re-evaluates here, beside the worker's integrity pass.
    const evaluateInWorker = evaluate && opts.onEntry !== undefined;
    const snapshots = evaluateInWorker ? opts.stateSnapshots : undefined;
    const [p, e] = await Promise.all([
      runLinePassInWorker(
        { ...params, evaluateFrom: evaluateInWorker ? state : null, snapshotEvery: snapshots?.every ?? null },
        {
          onFinding: rb.add,
          onEntry,
          onProgress,
          onSnapshot: snapshots?.onSnapshot,
          signal: opts.signal,
          foldInWorker: evaluate && !evaluateInWorker,
        },
      ),
      evaluate && !evaluateInWorker
        ? runEvaluationPass(bundle.path, state!, rb.add, params.entriesBytes, opts.signal)
        : Promise.resolve(null),
    ]);
    pass = p;
    evaluated = evaluateInWorker ? p.evaluation : e;
  } else {
    const onChecked =
      onEntry &&
      ((c: CheckedLine): void =>
        onEntry({ ...c, leafHash: Buffer.from(c.leafHex, 'hex'), columns: entryColumns(c.entry) }));
    const snapshots = evaluate && opts.onEntry !== undefined ? opts.stateSnapshots : undefined;
    pass = await runLinePass(
      { ...params, evaluateFrom: evaluate ? state : null, snapshotEvery: snapshots?.every ?? null },
      {
        onFinding: rb.add,
        onEntry: onChecked,
        onProgress,
        onSnapshot: snapshots?.onSnapshot,
        signal: opts.signal,
      },
    );
    evaluated = pass.evaluation;
  }
  throwIfAborted(opts.signal);
  // An entries.jsonl listed larger than signed is checkFiles' file_digest_mismatch, not unreadable.
  const entriesOver = entriesOversize(bundle.size('entries.jsonl'), params.entriesBytes) !== null;
  if (pass.readError && !entriesOver)
    rb.add(makeFinding('bundle_malformed', { message: `entries.jsonl cannot be read: ${pass.readError}` }));
  const entriesDigest = pass.digest;
  const sum = {
    ...pass.summary,
    computedRoot: pass.summary.computedRoot ? Buffer.from(pass.summary.computedRoot, 'hex') : null,
    overlapConflictSeq: overlap.conflictSeq,
  };
  result.computedRoot = sum.computedRoot;
  result.entriesDigest = entriesDigest;
  // With entries.jsonl absent (file_missing) or unreadable (bundle_malformed) there are no lines to
  // count and no root to fold: one such file is one finding, not also a count and a root mismatch.
  const linesRead = bundle.has('entries.jsonl') && !pass.readError;
  return { pass, evaluated, sum, entriesDigest, linesRead };
}
