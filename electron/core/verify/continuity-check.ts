/**
 * Step 7: continuity against the exports of the same log the store already holds (§6): gap,
 * frontier, overlap, previous_export and rollback; and state.json held to the state replayed
 * from the export that ends where this one starts.
 */
import type { Manifest, PlatformState } from '../../../shared/format/export-types.js';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { Continuity } from '../../../shared/report/report-types.js';
import type { SignedNote } from '../crypto/signed-note.js';
import type { CompactRange } from '../merkle/merkle.js';
import type { EntrySummary, LogPosition } from './entry-pass-step.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';
import type { ContinuityView } from './verify-api.js';

/** The continuity check and the report's continuity value ('first' without a store or an earlier export). */
export function continuityStep(
  manifest: Manifest | null,
  frontier: CompactRange | null,
  note: SignedNote | null,
  pos: LogPosition,
  sum: EntrySummary,
  rb: ReportBuilder,
): Continuity {
  const { cont, origin, storedN } = pos;
  if (manifest && cont && origin && storedN > 0)
    return checkContinuity(cont, origin, storedN, manifest, frontier, note, sum, rb);
  rb.check(
    'continuity',
    manifest ? 'pass' : 'skip',
    manifest
      ? cont
        ? `first export of ${manifest.origin} in this store (trusted on first use)`
        : 'no store given: continuity not checked (first use)'
      : 'no manifest',
  );
  return 'first';
}

function checkContinuity(
  cont: ContinuityView,
  origin: string,
  N: number,
  manifest: Manifest,
  frontier: CompactRange | null,
  note: SignedNote | null,
  sum: Pick<EntrySummary, 'lines' | 'overlapConflictSeq'>,
  rb: ReportBuilder,
): Continuity {
  const S = manifest.range.first_seq;
  const E = S + sum.lines - 1;
  const details: string[] = [];
  let conflict = false;
  let gap = false;

  if (S > N) {
    gap = true;
    const fromTs = cont.entryTs(origin, N - 1);
    rb.add(
      makeFinding('export_gap', {
        seq: S,
        recorded: { first_seq: S },
        expected: { first_seq: N },
        message: `entries ${N}–${S - 1} of this log were never imported: nothing covers ${fromTs ?? 'the last imported entry'} to ${manifest.period.from}`,
      }),
    );
    details.push(`gap: seq ${N}–${S - 1} (${fromTs} → ${manifest.period.from}) never seen`);
  } else if (frontier) {
    const stored = cont.rootAt(origin, S);
    if (S > 0 && stored && !frontier.root().equals(stored)) {
      conflict = true;
      rb.add(
        makeFinding('frontier_mismatch', {
          seq: S,
          recorded: frontier.root().toString('hex'),
          expected: stored.toString('hex'),
          message: `frontier.json does not fold to the root of the first ${S} entries imported earlier: this export does not continue the log you hold`,
        }),
      );
      details.push('frontier does not fold to the stored root');
    }
  }
  if (sum.overlapConflictSeq !== null) {
    conflict = true;
    details.push(`entry ${sum.overlapConflictSeq} differs from the one imported earlier`);
  }
  const prev = manifest.previous_export;
  if (prev && prev.tree_size > 0 && prev.tree_size <= N) {
    const stored = cont.rootAt(origin, prev.tree_size);
    if (stored && stored.toString('hex') !== prev.root) {
      conflict = true;
      rb.add(
        makeFinding('overlap_conflict', {
          seq: null,
          recorded: prev,
          expected: { tree_size: prev.tree_size, root: stored.toString('hex') },
          message: `previous_export names root ${prev.root.slice(0, 16)}… for tree size ${prev.tree_size}, but the log you imported has ${stored.toString('hex').slice(0, 16)}…`,
        }),
      );
      details.push('previous_export names another root');
    }
  }
  if (note?.root && note.treeSize > 0 && note.treeSize <= N) {
    const stored = cont.rootAt(origin, note.treeSize);
    if (stored && !stored.equals(note.root)) {
      conflict = true;
      rb.add(
        makeFinding('rollback', {
          seq: null,
          recorded: note.root.toString('hex'),
          expected: stored.toString('hex'),
          message: `the checkpoint for tree size ${note.treeSize} names another root than the one already imported for that size: the producer signed two histories`,
        }),
      );
      details.push('checkpoint contradicts a stored root (rollback)');
    }
  }
  if (conflict) {
    rb.check('continuity', 'fail', details.join('; '));
    return 'conflict';
  }
  if (gap) {
    rb.check('continuity', 'fail', details.join('; '));
    return 'gap';
  }
  if (E < N) {
    rb.check(
      'continuity',
      'pass',
      `already covered: seq ${S}–${E} imported earlier, byte for byte identical`,
    );
    return 'covered';
  }
  rb.check(
    'continuity',
    'pass',
    S === N
      ? `continues the ${N} entries imported earlier (frontier folds to the stored root)`
      : `overlaps the ${N} entries imported earlier identically and extends them to ${E + 1}`,
  );
  return 'consistent';
}

/** The state check: as_of_seq is the first seq, and with an earlier export ending there, equal to its replayed end state. */
export function checkStartState(
  state: PlatformState | null,
  stateBytes: Buffer | null,
  stateProblem: string | null,
  pos: LogPosition,
  rb: ReportBuilder,
): void {
  const { S, cont, origin, storedN } = pos;
  if (state && stateBytes) {
    const problems: string[] = [];
    if (state.as_of_seq !== S) problems.push(`as_of_seq ${state.as_of_seq} ≠ first seq ${S}`);
    const prior = cont && origin && S > 0 && storedN >= S ? cont.endStateAt(origin, S) : null;
    if (prior && canonicalize(prior) !== stateBytes.toString('utf8'))
      problems.push(
        `differs from the state replayed from the export imported earlier that ends at seq ${S - 1}`,
      );
    if (problems.length) {
      rb.add(
        makeFinding('state_mismatch', {
          recorded: { as_of_seq: state.as_of_seq },
          expected: { as_of_seq: S },
          message: `state.json ${problems.join('; ')}`,
        }),
      );
      rb.check('state', 'fail', problems.join('; '));
    } else
      rb.check(
        'state',
        'pass',
        prior
          ? `equal to the end state of the previous export (seq ${S})`
          : `as of seq ${S}${S > 0 ? ' (no earlier export in the store to compare with)' : ''}`,
      );
  } else rb.check('state', 'skip', stateProblem ?? 'no state');
}
