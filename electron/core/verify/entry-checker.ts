/**
 * The per-line checks of spec §6, run as the lines stream by: canonical form, seq contiguity,
 * the prev chain, timestamp order, time coverage, and the running RFC 6962 compact range.
 * State is O(1) per line plus the O(log n) compact range, so memory does not grow with the export.
 */
import { isUtf8 } from 'node:buffer';
import type { AuditEntry } from '../../../shared/format/export-types.js';
import { ZERO_HASH } from '../../../shared/format/export-types.js';
import { isCanonicalText } from '../../../shared/format/jcs.js';
import { formatTimestamp, parseTimestamp } from '../../../shared/format/timestamps.js';
import type { Finding } from '../../../shared/report/report-types.js';
import type { CompactRange} from '../merkle/merkle.js';
import { leafHashHex } from '../merkle/merkle.js';
import { makeFinding } from './findings.js';
import type { CheckedLine } from './verify-api.js';

export interface EntryCheckerParams {
  /** The seq the first line must carry (manifest first_seq), or null when unknown. */
  firstSeq: number | null;
  /** The compact range of D[0:S] from frontier.json, or null when it could not be read. */
  frontier: CompactRange | null;
  /** What the first line's prev must be, when anything can say (zeros, the frontier, the store). */
  firstPrev: { hex: string; source: string } | null;
  /** 2 × heartbeat_seconds in ms, or null when unknown. */
  maxGapMs: number | null;
  periodFromMs: number | null;
  add: (f: Finding) => void;
  onEntry?: (e: CheckedLine) => void;
  onParsed?: (entry: AuditEntry) => void;
}

export interface EntryCheckSummary {
  lines: number;
  nonCanonical: number;
  seqGaps: number;
  chainBreaks: number;
  regressions: number;
  timeGaps: number;
  firstTs: string | null;
  lastTs: string | null;
  lastTsMs: number | null;
  computedRoot: Buffer | null;
  computedSize: number | null;
}

function asEntry(v: unknown): AuditEntry | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AuditEntry) : null;
}

export class EntryChecker {
  private index = 0;
  /** The previous line's leaf hash in hex, what this line's prev must be. */
  private prevLeaf: string | null = null;
  private prevSeq: number | null = null;
  private prevTsMs: number | null = null;
  private prevTs: string | null = null;
  private readonly range: CompactRange | null;
  private readonly s: EntryCheckSummary = {
    lines: 0,
    nonCanonical: 0,
    seqGaps: 0,
    chainBreaks: 0,
    regressions: 0,
    timeGaps: 0,
    firstTs: null,
    lastTs: null,
    lastTsMs: null,
    computedRoot: null,
    computedSize: null,
  };

  constructor(private readonly p: EntryCheckerParams) {
    this.range = p.frontier ? p.frontier.clone() : null;
  }

  /**
   * Checks one line (without its newline). `complete` is false for a last line with no newline.
   * `ascii`, when given, is the line's text, known to be all ASCII (so valid UTF-8).
   */
  line(bytes: Buffer, complete: boolean, ascii?: string): void {
    const i = this.index++;
    const leaf = leafHashHex(bytes);
    this.range?.pushHex(leaf);
    const text = ascii ?? bytes.toString('utf8');
    let parsed: unknown = undefined;
    let isJson = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      isJson = false;
    }
    const entry = isJson ? asEntry(parsed) : null;
    // A line is "the JCS encoding of one object" (§3): JSON that is not an object is not canonical either.
    // The comparison is of text, and decoding replaces bytes that are not UTF-8 with U+FFFD, whose JCS
    // form would be other bytes: such a line is not byte-identical to its JCS re-encoding.
    const canonical = entry !== null && complete && (ascii !== undefined || isUtf8(bytes)) && isCanonicalText(text, parsed);
    const ownSeq = entry && Number.isSafeInteger(entry.seq) && entry.seq >= 0 ? entry.seq : null;
    const expectedSeq =
      i === 0 ? this.p.firstSeq : this.prevSeq === null ? null : this.prevSeq + 1;
    const seq = ownSeq ?? expectedSeq;
    // Where a finding points, built only when there is one (most lines have none).
    const where = (): Pick<Finding, 'seq' | 'entry_id' | 'agent_id'> => ({
      seq,
      entry_id: entry && typeof entry.id === 'string' ? entry.id : null,
      agent_id: entry && typeof entry.agent_id === 'string' ? entry.agent_id : null,
    });
    const label = (): string => `line ${i + 1}${seq === null ? '' : ` (seq ${seq})`}`;

    if (entry === null) {
      // Not an entry at all (a BOM, a truncated or blank line): one finding, non_canonical_entry, at
      // the seq due there. It has no seq, prev or ts to be wrong, so those checks do not pile on; its
      // bytes still enter the tree and the chain, so the next line's prev and the root catch it.
      this.s.nonCanonical++;
      this.p.add(
        makeFinding('non_canonical_entry', {
          ...where(),
          message: isJson ? `${label()} is JSON but not an object: it is not an entry` : `${label()} is not JSON${complete ? '' : ' (and not terminated by a newline)'}`,
        }),
      );
      this.prevSeq = seq;
      this.prevLeaf = leaf;
      this.p.onEntry?.({ index: i, line: bytes, leafHex: leaf, complete, entry, canonical });
      return;
    }

    if (!canonical) {
      this.s.nonCanonical++;
      this.p.add(
        makeFinding('non_canonical_entry', {
          ...where(),
          message: !complete
              ? `${label()} is not terminated by a newline`
              : `${label()} is not byte-identical to the JCS (RFC 8785) form of its own content: it was re-encoded or edited`,
        }),
      );
    }

    if (expectedSeq !== null && ownSeq !== expectedSeq) {
      this.s.seqGaps++;
      this.p.add(
        makeFinding('seq_gap', {
          ...where(),
          recorded: ownSeq,
          expected: expectedSeq,
          message: `${label()} carries seq ${ownSeq ?? 'none'} where ${expectedSeq} was due: entries are missing, duplicated or out of order`,
        }),
      );
    }
    this.prevSeq = seq;

    const prevDue = i === 0 ? (this.p.firstPrev?.hex ?? null) : this.prevLeaf!;
    const prev = entry && typeof entry.prev === 'string' ? entry.prev : null;
    if (prevDue !== null && prev !== prevDue) {
      this.s.chainBreaks++;
      this.p.add(
        makeFinding('chain_broken', {
          ...where(),
          recorded: prev,
          expected: prevDue,
          message:
            i === 0
              ? `${label()}: prev does not match ${this.p.firstPrev!.source}`
              : `${label()}: prev does not match the leaf hash of the line before it: an entry was altered, removed or inserted`,
        }),
      );
    }
    this.prevLeaf = leaf;

    const tsText = entry && typeof entry.ts === 'string' ? entry.ts : null;
    const tsMs = parseTimestamp(tsText);
    if (tsMs === null) {
      this.s.regressions++;
      this.p.add(
        makeFinding('timestamp_regression', {
          ...where(),
          recorded: tsText,
          message: `${label()} has no valid timestamp (RFC 3339 UTC with three fractional digits and Z)`,
        }),
      );
    } else {
      if (this.prevTsMs !== null && tsMs < this.prevTsMs) {
        this.s.regressions++;
        this.p.add(
          makeFinding('timestamp_regression', {
            ...where(),
            recorded: tsText,
            expected: `at or after ${this.prevTs}`,
            message: `${label()} is timestamped ${tsText}, before the entry ahead of it (${this.prevTs})`,
          }),
        );
      }
      const gapStart = this.prevTsMs ?? (i === 0 ? this.p.periodFromMs : null);
      const gapStartText = this.prevTs ?? (gapStart === null ? null : formatTimestamp(gapStart));
      if (this.p.maxGapMs !== null && gapStart !== null && tsMs - gapStart > this.p.maxGapMs) {
        this.s.timeGaps++;
        this.p.add(
          makeFinding('time_gap', {
            ...where(),
            recorded: { from: gapStartText, to: tsText, seconds: Math.round((tsMs - gapStart) / 1000) },
            expected: { max_seconds: this.p.maxGapMs / 1000 },
            message: `no entries were written between ${gapStartText} and ${tsText} (${Math.round((tsMs - gapStart) / 1000)} s, more than twice the heartbeat interval)${i === 0 ? ', from the start of the period' : ''}`,
          }),
        );
      }
      if (this.s.firstTs === null) this.s.firstTs = tsText;
      this.prevTsMs = tsMs;
      this.prevTs = tsText;
      this.s.lastTs = tsText;
      this.s.lastTsMs = tsMs;
    }

    this.p.onEntry?.({ index: i, line: bytes, leafHex: leaf, complete, entry, canonical });
    if (entry) this.p.onParsed?.(entry);
  }

  finish(): EntryCheckSummary {
    this.s.lines = this.index;
    if (this.range) {
      this.s.computedRoot = this.range.root();
      this.s.computedSize = this.range.size;
    }
    return this.s;
  }
}

export const ZERO_PREV = ZERO_HASH;
