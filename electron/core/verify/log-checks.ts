/**
 * Step 6: the checks over the log as the entry pass saw it (§6): counts, the line checks, the
 * RFC 6962 root, and time coverage up to the end of the period.
 */
import type { Manifest } from '../../../shared/format/export-types.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { CheckId } from '../../../shared/report/report-types.js';
import type { BundleSource } from '../bundle/open-bundle.js';
import type { SignedNote } from '../crypto/signed-note.js';
import type { CompactRange } from '../merkle/merkle.js';
import type { EntryPassOutcome, LogPosition } from './entry-pass-step.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';

/** The counts check: lines, range, frontier size, tree size and checkpoint size agree. */
export function checkCounts(
  manifest: Manifest | null,
  frontier: CompactRange | null,
  note: SignedNote | null,
  entries: EntryPassOutcome,
  rb: ReportBuilder,
): void {
  const { sum, linesRead } = entries;
  if (manifest) {
    const problems: string[] = [];
    const { first_seq, last_seq, count } = manifest.range;
    if (linesRead && count !== sum.lines) problems.push(`range.count ${count} ≠ ${sum.lines} lines`);
    if (frontier && count !== manifest.tree.size - frontier.size)
      problems.push(
        `range.count ${count} ≠ tree.size ${manifest.tree.size} − frontier.size ${frontier.size}`,
      );
    if (frontier && first_seq !== frontier.size)
      problems.push(`first_seq ${first_seq} ≠ frontier.size ${frontier.size}`);
    if (last_seq !== first_seq + count - 1)
      problems.push(`last_seq ${last_seq} ≠ first_seq + count − 1 = ${first_seq + count - 1}`);
    if (note && note.treeSize !== manifest.tree.size)
      problems.push(`checkpoint tree size ${note.treeSize} ≠ tree.size ${manifest.tree.size}`);
    if (problems.length) {
      rb.add(
        makeFinding('count_mismatch', {
          recorded: {
            lines: sum.lines,
            frontier_size: frontier?.size ?? null,
            checkpoint_size: note?.treeSize ?? null,
          },
          expected: { range: manifest.range, tree_size: manifest.tree.size },
          message: `the export's counts disagree: ${problems.join('; ')}`,
        }),
      );
      rb.check('counts', 'fail', problems.join('; '));
    } else
      rb.check(
        'counts',
        'pass',
        `${sum.lines} entries, seq ${first_seq}–${last_seq}, tree size ${manifest.tree.size}`,
      );
  } else rb.check('counts', 'skip', 'no manifest');
}

/** The line checks: canonical entries, contiguous seq, the prev chain and timestamps. */
export function checkLines(
  bundle: BundleSource,
  pos: LogPosition,
  entries: EntryPassOutcome,
  rb: ReportBuilder,
): void {
  const { sum, linesRead, pass } = entries;
  const lineCheck = (id: CheckId, n: number, what: string, ok: string): void => {
    if (!bundle.has('entries.jsonl')) rb.check(id, 'skip', 'no entries.jsonl');
    else if (n === 0 && !linesRead)
      rb.check(id, 'skip', `entries.jsonl not read to its end: ${pass.readError}`);
    else rb.check(id, n ? 'fail' : 'pass', n ? `${n} ${what}` : ok);
  };
  lineCheck(
    'canonical_entries',
    sum.nonCanonical,
    'line(s) not in JCS form',
    `all ${sum.lines} lines are canonical JCS`,
  );
  lineCheck('seq_contiguous', sum.seqGaps, 'break(s) in seq', 'seq contiguous');
  if (!pos.firstPrev && bundle.has('entries.jsonl') && sum.chainBreaks === 0) {
    rb.check(
      'prev_chain',
      'pass',
      `chain intact from the first line on (the first line's prev, for seq ${pos.S}, is bound by the root and frontier)`,
    );
  } else
    lineCheck(
      'prev_chain',
      sum.chainBreaks,
      'break(s) in the prev chain',
      'every prev is the leaf hash of the line before',
    );
  lineCheck(
    'timestamps',
    sum.regressions,
    'timestamp regression(s) or invalid timestamps',
    'timestamps non-decreasing',
  );
}

/** The root check; true when the computed root equals the manifest's (and the checkpoint's). */
export function checkRoot(
  manifest: Manifest | null,
  note: SignedNote | null,
  entries: EntryPassOutcome,
  rb: ReportBuilder,
): boolean {
  const { sum, linesRead } = entries;
  if (manifest && sum.computedRoot && linesRead) {
    const computed = sum.computedRoot.toString('hex');
    const problems: string[] = [];
    if (computed !== manifest.tree.root)
      problems.push(`manifest tree.root ${manifest.tree.root.slice(0, 16)}…`);
    if (note?.root && note.root.toString('hex') !== computed)
      problems.push(`checkpoint root ${note.root.toString('hex').slice(0, 16)}…`);
    if (problems.length) {
      rb.add(
        makeFinding('root_mismatch', {
          recorded: { manifest: manifest.tree.root, checkpoint: note?.root?.toString('hex') ?? null },
          expected: computed,
          message: `the RFC 6962 root computed from frontier.json and the entries (${computed.slice(0, 16)}…) differs from the ${problems.join(' and the ')}`,
        }),
      );
      rb.check('root', 'fail', `computed ${computed} ≠ ${problems.join(', ')}`);
      return false;
    }
    rb.check(
      'root',
      'pass',
      `MTH(D[0:${sum.computedSize}]) = ${computed}${note ? ', equal to the checkpoint root' : ''}`,
    );
    return true;
  }
  rb.check(
    'root',
    'skip',
    !manifest
      ? 'no manifest'
      : !linesRead
        ? 'entries.jsonl missing or unreadable'
        : 'frontier.json unreadable',
  );
  return false;
}

/** The time_coverage check: no stretch of more than two heartbeats without an entry, up to the period's end. */
export function checkTimeCoverage(
  manifest: Manifest | null,
  pos: LogPosition,
  entries: EntryPassOutcome,
  rb: ReportBuilder,
): void {
  const { heartbeatMs, periodFrom } = pos;
  const { sum } = entries;
  if (manifest && heartbeatMs !== null) {
    const to = parseTimestamp(manifest.period.to);
    const last = sum.lastTsMs ?? periodFrom;
    if (to !== null && last !== null && to - last > 2 * heartbeatMs) {
      const fromText = sum.lastTs ?? manifest.period.from;
      rb.add(
        makeFinding('time_gap', {
          seq: null,
          recorded: { from: fromText, to: manifest.period.to, seconds: Math.round((to - last) / 1000) },
          expected: { max_seconds: (2 * heartbeatMs) / 1000 },
          message: `no entries were written between ${fromText} and the end of the period ${manifest.period.to}`,
        }),
      );
    }
    const gaps = rb.findings.filter((f) => f.kind === 'time_gap').length;
    rb.check(
      'time_coverage',
      gaps ? 'fail' : 'pass',
      gaps
        ? `${gaps} stretch(es) longer than ${(2 * heartbeatMs) / 1000} s without entries`
        : `no stretch longer than ${(2 * heartbeatMs) / 1000} s between ${manifest.period.from} and ${manifest.period.to}`,
    );
  } else rb.check('time_coverage', 'skip', 'no manifest');
}
