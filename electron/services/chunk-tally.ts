/**
 * The derived index's tallies for one chunk of a log — actions per agent, each agent's calls and
 * data types, the lifecycle entries the Agents timeline lists, and the roots of complete Merkle
 * subtree blocks — counted from rows either as the index build reads them back from the store or
 * as the app's import writes them (ImportTallies), so the build need not re-read 1.4 GB of lines
 * at a million entries. Both count through TallyCounter, so the two give the same tallies.
 */
import type { VerifiedEntry } from '../core/verify/verify-api.js';
import { merkleRoot } from '../core/merkle/merkle.js';
import { callFacts } from './queries/call-facts.js';

/** Rows per index transaction; a multiple of SUBTREE_BLOCK so chunks of a run stay block-aligned. */
export const CHUNK = 65_536;
/** Perfect subtrees of 2^12 leaves and up are kept, so an inclusion proof never folds more than 4,096 leaves. */
export const SUBTREE_LEVEL = 12;
export const SUBTREE_BLOCK = 2 ** SUBTREE_LEVEL;

/** The lifecycle entries the Agents timeline lists, located per agent so it never scans an agent's calls. */
export const AGENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'agent.created',
  'agent.deployed',
  'agent.updated',
  'intent.declared',
  'drift.detected',
  'agent.suspended',
  'agent.resumed',
  'agent.rolled_back',
  'approval.reviewed',
]);

export interface ChunkTally {
  /** `action_type \0 agent_id` → rows. */
  actions: Map<string, number>;
  /** `agent \0 connector \0 operation \0 verdict` → calls. */
  calls: Map<string, number>;
  /** `agent \0 data type \0 connector` → calls. */
  data: Map<string, number>;
  /** (agent, position) of each lifecycle entry, in position order. */
  events: [string, number][];
  /** Start position → root of the complete, aligned block of SUBTREE_BLOCK leaves there, ascending. */
  roots: Map<number, Buffer>;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Counts the rows of one chunk, given in ascending position order. */
export class TallyCounter {
  private readonly t: ChunkTally = {
    actions: new Map(),
    calls: new Map(),
    data: new Map(),
    events: [],
    roots: new Map(),
  };
  private blockStart = -1;
  private leaves: Buffer[] = [];

  /** One row; `line` only for an agent's connector call (the others are not read). */
  row(
    pos: number,
    agentId: string | null,
    actionType: string | null,
    verdict: string | null,
    line: Buffer | null,
    leaf: Buffer,
  ): void {
    const t = this.t;
    if (agentId && actionType && AGENT_EVENT_TYPES.has(actionType)) t.events.push([agentId, pos]);
    bump(t.actions, `${actionType ?? '(unparsable)'}\u0000${agentId ?? ''}`);
    if (line && agentId) {
      const f = callFacts(line, verdict);
      bump(t.calls, `${agentId}\u0000${f.connector}\u0000${f.operation}\u0000${f.verdict}`);
      for (const dt of f.dataTypes) bump(t.data, `${agentId}\u0000${dt}\u0000${f.connector}`);
    }
    const start = pos - (pos % SUBTREE_BLOCK);
    if (start !== this.blockStart) {
      this.blockStart = start;
      this.leaves = [];
    }
    // A block is complete when every one of its positions came, in order, from its first.
    if (this.leaves.length === pos - start) {
      this.leaves.push(leaf);
      if (this.leaves.length === SUBTREE_BLOCK) t.roots.set(start, merkleRoot(this.leaves));
    }
  }

  finish(): ChunkTally {
    this.leaves = [];
    return this.t;
  }
}

interface PendingChunk {
  from: number;
  to: number;
  counter: TallyCounter;
  /** A position was skipped (a row already stored): the build reads this chunk back instead. */
  broken: boolean;
}

/**
 * The tallies of an import's rows, per CHUNK of its log, for the index build that follows the
 * commit. Handed out only for a chunk the build is about to index exactly (same log, same first
 * and last position); anything else — rows of two logs (a move to quarantine), a gap — leaves
 * the build to read the rows back, as before.
 */
export class ImportTallies {
  private log: number | null = null;
  private invalid = false;
  private readonly chunks = new Map<number, PendingChunk>();
  /** Chunks the build took from here (for the tests and the bench's profile). */
  used = 0;

  /** One stored row (the import's EntryWriter hook); never throws into the import. */
  row(logId: number, pos: number, v: VerifiedEntry): void {
    if (this.invalid) return;
    try {
      this.count(logId, pos, v);
    } catch {
      // Whatever went wrong, the build reads the rows back instead.
      this.invalid = true;
      this.chunks.clear();
    }
  }

  private count(logId: number, pos: number, v: VerifiedEntry): void {
    if (this.log === null) this.log = logId;
    else if (logId !== this.log) {
      this.invalid = true;
      this.chunks.clear();
      return;
    }
    const key = Math.floor(pos / CHUNK);
    let c = this.chunks.get(key);
    if (!c) {
      c = { from: pos, to: pos - 1, counter: new TallyCounter(), broken: false };
      this.chunks.set(key, c);
    }
    if (pos !== c.to + 1) c.broken = true;
    c.to = pos;
    if (c.broken) return;
    const col = v.columns;
    const agent = col[2];
    const action = col[5];
    c.counter.row(
      pos,
      agent,
      action,
      col[6],
      action === 'connector.called' && agent !== null ? v.line : null,
      v.leafHash,
    );
  }

  /** The counted tallies of exactly [from, to] of `log`, once; null when they were not counted whole. */
  take(log: number, from: number, to: number): ChunkTally | null {
    if (this.invalid || log !== this.log) return null;
    const key = Math.floor(from / CHUNK);
    const c = this.chunks.get(key);
    if (!c || c.broken || c.from !== from || c.to !== to) return null;
    this.chunks.delete(key);
    this.used++;
    return c.counter.finish();
  }
}
