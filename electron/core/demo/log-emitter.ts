/**
 * Turns entry drafts into log entries: assigns seq and prev, encodes JCS lines, keeps the Merkle range
 * of the whole log, feeds every export that covers the position, and replays the entry into the
 * evaluator so the next decision sees it. Line-level tampering for integrity plants happens here,
 * before the leaf hash is taken, so the chain after it stays intact and exactly one finding results.
 */
import { hash } from 'node:crypto';
import { CompactRange } from '../merkle/merkle.js';
import { canonicalize } from '../../../shared/format/jcs.js';
import { ZERO_HASH, type Actor, type AuditEntry } from '../../../shared/format/export-types.js';
import type { Evaluator } from '../../../shared/evaluate/evaluator.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import type { BundleBuilder } from '../producer/bundle-writer.js';
import { sha256Hex } from '../crypto/sha256.js';
import { derivedUuid } from './rng.js';

/** How an integrity plant damages one line. */
export type LineTamper = 'non_canonical' | 'chain_broken';

export interface EntryDraft {
  id: string;
  tsMs: number;
  agent_id: string | null;
  actor: Actor;
  action_type: string;
  data: Record<string, unknown>;
  /** Findings a correct verifier must report on this entry. */
  expect?: FindingKind[];
  tamper?: LineTamper;
  /** `data` was built with its keys (and its objects' keys) in JCS order, so JSON.stringify is its JCS form. */
  sorted?: boolean;
}

/** JCS of an entry without a generic canonicalizer: the envelope's keys are spelled out in sorted order. */
function entryText(e: AuditEntry, dataText: string): string {
  const agent = e.agent_id === null ? 'null' : JSON.stringify(e.agent_id);
  return (
    `{"action_type":${JSON.stringify(e.action_type)},"actor":{"id":${JSON.stringify(e.actor.id)},"type":${JSON.stringify(e.actor.type)}},` +
    `"agent_id":${agent},"data":${dataText},"id":${JSON.stringify(e.id)},"org_id":${JSON.stringify(e.org_id)},` +
    `"prev":${JSON.stringify(e.prev)},"seq":${e.seq},"ts":${JSON.stringify(e.ts)}}`
  );
}

/** One export being written while the log runs: positions [first, end). */
export interface ExportSink {
  first: number;
  end: number;
  builder: BundleBuilder | null;
  /** Opens the builder when the log reaches `first` (the frontier and state are known only then). */
  open: (frontier: CompactRange, state: Buffer, prevTs: string | null) => BundleBuilder;
  /** This export holds another version of its last entry (a producer that signed two histories). */
  altLast?: boolean;
  firstTs: string | null;
  lastTs: string | null;
  periodFrom: string | null;
  /** True root of the log at `first`, for previous_export. */
  rootAtFirst: Buffer | null;
  /** state.json bytes (the evaluator's canonical state at `first`). */
  state: Buffer | null;
  /** Entries by action type, and connector.called by recorded verdict. */
  byAction: Record<string, number>;
  byVerdict: Record<string, number>;
}

export interface ExpectedFinding {
  kind: FindingKind;
  seq: number | null;
}

/** Writes the log entry by entry into every export that covers the position. */
export class LogEmitter {
  readonly range = new CompactRange();
  private prev = ZERO_HASH;
  private pos = 0;
  private seqShift = 0;
  private lastTsText: string | null = null;
  lastTsMs = Number.NaN;
  readonly expected: ExpectedFinding[] = [];
  /** The whole log's Merkle range is only needed up to the last export's first entry (for its frontier). */
  private readonly rangeUntil: number;

  constructor(
    private readonly orgId: string,
    private readonly seed: string,
    private readonly evaluator: Evaluator,
    private readonly sinks: ExportSink[],
  ) {
    this.rangeUntil = Math.max(0, ...sinks.map((s) => s.first));
  }

  /** The seq the next entry gets (its position in the log). */
  get position(): number {
    return this.pos;
  }

  /** From now on every seq is recorded one higher than its position (a seq_gap plant). */
  shiftSeqs(): void {
    this.seqShift = 1;
  }

  /** Writes one entry. */
  emit(d: EntryDraft): AuditEntry {
    const pos = this.pos;
    this.beforePosition(pos);
    const seq = pos + this.seqShift;
    const ts = new Date(d.tsMs).toISOString();
    const prev = d.tamper === 'chain_broken' ? sha256Hex(`${this.seed}/broken/${pos}`) : this.prev;
    const entry: AuditEntry = {
      seq,
      id: d.id,
      ts,
      org_id: this.orgId,
      agent_id: d.agent_id,
      actor: d.actor,
      action_type: d.action_type,
      data: d.data,
      prev,
    };
    let text = entryText(entry, d.sorted ? JSON.stringify(d.data) : canonicalize(d.data));
    // Same content, other bytes: a parser sees the same entry, a byte comparison does not.
    if (d.tamper === 'non_canonical') text = `{ ${text.slice(1)}`;
    // One-shot hashing of 0x00 ‖ line: a NUL code point is the single byte 0x00 in UTF-8.
    const leaf = hash('sha256', `\u0000${text}`, 'buffer');
    if (pos < this.rangeUntil) this.range.push(leaf);
    this.prev = leaf.toString('hex');
    for (const s of this.sinks) {
      if (s.builder === null || pos < s.first || pos >= s.end) continue;
      if (s.altLast && pos === s.end - 1) {
        const alt = { ...entry, id: derivedUuid(`${this.seed}/alt/${pos}`) };
        s.builder.appendLine(Buffer.from(canonicalize(alt), 'utf8'));
      } else {
        s.builder.appendText(text, leaf);
      }
      if (s.firstTs === null) s.firstTs = ts;
      s.lastTs = ts;
      s.byAction[entry.action_type] = (s.byAction[entry.action_type] ?? 0) + 1;
      if (entry.action_type === 'connector.called') {
        const v = String((entry.data.decision as { verdict?: unknown } | undefined)?.verdict);
        s.byVerdict[v] = (s.byVerdict[v] ?? 0) + 1;
      }
    }
    for (const k of d.expect ?? []) this.expected.push({ kind: k, seq });
    this.evaluator.apply(entry);
    this.lastTsText = ts;
    this.lastTsMs = d.tsMs;
    this.pos = pos + 1;
    this.beforePosition(this.pos);
    return entry;
  }

  private beforePosition(pos: number): void {
    for (const s of this.sinks) {
      if (s.builder === null && pos === s.first) {
        const state = Buffer.from(canonicalize(this.evaluator.state()), 'utf8');
        s.rootAtFirst = this.range.root();
        s.periodFrom = this.lastTsText;
        s.state = state;
        s.builder = s.open(this.range.clone(), state, this.lastTsText);
      }
    }
  }
}
