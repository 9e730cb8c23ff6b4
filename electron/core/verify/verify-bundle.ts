/**
 * verifyBundle: one streaming pass over a bundle that runs every check of spec §6 in order, the
 * continuity checks against the store, and the re-evaluation of §8, and assembles the §9 report.
 * Nothing here writes: an importer observes the entries through `onEntry`. Each step lives in its
 * own module (docs/architecture.md lists them); this one only runs them in order.
 */
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { Report } from '../../../shared/report/report-types.js';
import { BundleMalformedError, openBundle, type BundleSource } from '../bundle/open-bundle.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { trustedKeys, type TrustedKey } from '../keyring/keyring.js';
import { checkCheckpointSignature, checkOrigin, readCheckpoint } from './checkpoint-step.js';
import { checkStartState, continuityStep } from './continuity-check.js';
import { logPosition, runEntryPass, type EntryPassOutcome } from './entry-pass-step.js';
import { checkEnvelopeSignature, readEnvelope } from './envelope-step.js';
import { checkFiles } from './file-digests.js';
import { readFrontier, readState } from './frontier-state.js';
import { makeFinding } from './findings.js';
import { checkCounts, checkLines, checkRoot, checkTimeCoverage } from './log-checks.js';
import { assembleReport, ReportBuilder, type Conclusions } from './report-builder.js';
import { checkBundleShape, readSignedFiles } from './signed-files.js';
import type { VerifyOptions, VerifyResult } from './verify-api.js';

export { ENVELOPE_LIMIT } from './envelope-step.js';

/** Verifies a bundle (folder or ZIP) against the auditor's keyring; see the module comment. */
export async function verifyBundle(bundlePath: string, opts: VerifyOptions): Promise<VerifyResult> {
  const rb = new ReportBuilder();
  const result: VerifyResult = {
    report: undefined as unknown as Report,
    manifest: null,
    manifestPayload: null,
    envelopeBytes: null,
    checkpointBytes: null,
    frontierBytes: null,
    stateBytes: null,
    endStateJcs: null,
    computedRoot: null,
    entriesDigest: null,
    envelopeKey: null,
    checkpointKey: null,
  };
  const keys = trustedKeys(opts.keyring);
  let conclusions: Conclusions = {
    manifest: null,
    continuity: 'first',
    tailPinned: false,
    evaluation: { calls: 0, agreed: 0, disagreed: 0 },
  };

  let bundle: BundleSource | null = null;
  try {
    try {
      bundle = await openBundle(bundlePath);
    } catch (e) {
      if (e instanceof BundleMalformedError) {
        rb.add(makeFinding('bundle_malformed', { message: e.message }));
        rb.check('bundle_shape', 'fail', e.message);
      } else {
        throw new CrosscheckError(
          'FILE_UNREADABLE',
          `cannot read the bundle ${bundlePath}: ${(e as Error).message}`,
        );
      }
    }
    if (bundle) conclusions = await verifyOpened(bundle, opts, keys, rb, result);
  } finally {
    bundle?.close();
  }
  result.report = assembleReport(rb, conclusions);
  return result;
}

/** The steps over an opened bundle, in the order their findings and checks are due. */
async function verifyOpened(
  bundle: BundleSource,
  opts: VerifyOptions,
  keys: TrustedKey[],
  rb: ReportBuilder,
  result: VerifyResult,
): Promise<Conclusions> {
  // Envelope and manifest, then the small files they size, then the bundle's shape as a whole.
  const head = await readEnvelope(bundle, rb, result);
  const { manifest, shapeProblems } = head;
  const createdAt = manifest ? parseTimestamp(manifest.created_at) : null;
  checkEnvelopeSignature(head, keys, createdAt, rb, result);
  const files = await readSignedFiles(bundle, manifest, rb, result);
  const note = readCheckpoint(files.checkpointBytes, shapeProblems, rb);
  const frontier = readFrontier(files, shapeProblems, rb);
  const { state, stateProblem } = readState(bundle, files, shapeProblems, rb);
  checkBundleShape(bundle, shapeProblems, rb);

  // The one pass over entries.jsonl, then every check that needs its tallies.
  const pos = logPosition(manifest, frontier, opts);
  const entries = await runEntryPass(bundle, opts, manifest, frontier, state, files, pos, rb, result);
  await checkFiles(
    bundle,
    manifest,
    {
      checkpoint: files.checkpointBytes,
      'frontier.json': files.frontierBytes,
      'state.json': files.stateBytes,
    },
    entries.entriesDigest,
    rb,
  );
  checkCheckpointSignature(note, manifest, keys, createdAt, rb, result);
  checkOrigin(note, manifest, rb);
  checkCounts(manifest, frontier, note, entries, rb);
  checkLines(bundle, pos, entries, rb);
  const rootOk = checkRoot(manifest, note, entries, rb);
  const continuity = continuityStep(manifest, frontier, note, pos, entries.sum, rb);
  checkTimeCoverage(manifest, pos, entries, rb);
  checkStartState(state, files.stateBytes, stateProblem, pos, rb);

  const tailPinned =
    result.checkpointKey !== null && rootOk && note !== null && note.treeSize === entries.sum.computedSize;
  return { manifest, continuity, tailPinned, evaluation: evaluationSummary(entries, stateProblem, result) };
}

/** The report's evaluation counts (the end state kept for the importer), or why none ran. */
function evaluationSummary(
  { evaluated }: EntryPassOutcome,
  stateProblem: string | null,
  result: VerifyResult,
): Report['evaluation'] {
  if (!evaluated)
    return { calls: 0, agreed: 0, disagreed: 0, skipped: stateProblem ?? 'evaluation switched off' };
  result.endStateJcs = evaluated.endStateJcs;
  const out: Report['evaluation'] = {
    calls: evaluated.calls,
    agreed: evaluated.agreed,
    disagreed: evaluated.disagreed,
  };
  // Not part of the spec's shape, so present only when it matters: calls nothing could re-decide.
  if (evaluated.unevaluable > 0) out.unevaluable = evaluated.unevaluable;
  return out;
}
