/**
 * The app's derived index beside the store (search-index.db): a substring search index over the
 * store's `entry_search` text (SQLite FTS5, trigram tokenizer) and the per-agent / per-action
 * tallies the Agents and Controls screens need, which would otherwise re-read every line. It is
 * derived data — delete it and it is rebuilt — so it lives outside the store's schema and
 * migrations. Built off the UI thread (in the import worker, or a worker at start-up when it lags
 * behind the store).
 */
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../core/store/store-dir.js';
import { throwIfAborted } from '../core/errors/crosscheck-error.js';
import { CHUNK, SUBTREE_BLOCK, SUBTREE_LEVEL, TallyCounter, type ChunkTally, type ImportTallies } from './chunk-tally.js';
import { parseLine } from './queries/entry-rows.js';
import { nodeHash } from '../core/merkle/merkle.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';

export const SEARCH_DB_FILE = 'search-index.db';

/** Bump when the tables change: an older index file is dropped and rebuilt. */
const INDEX_VERSION = 7;

/**
 * A UUID in the search text. The index keeps only its first 8 hex digits: two UUIDs made two
 * thirds of an entry's trigrams and half of the time to build the index (docs/store.md, profile
 * of 2026-12-06); a longer id prefix is found through its head and checked against the text.
 */
const UUID = /\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

/** The text the trigram index holds for an entry's search text: every UUID cut to its head. */
export function indexedWords(text: string): string {
  return text.replace(UUID, '$1');
}

/** How the index answers a term: an FTS5 phrase, and a LIKE pattern the candidates must also match (or null). */
export interface IndexTerm {
  phrase: string;
  like: string | null;
}

/** The index query for a lower-cased, trimmed term of 3 or more characters. */
export function indexTerm(term: string): IndexTerm {
  // An id prefix past the 8 indexed digits: its head finds the candidates, the stored text decides.
  if (/^[0-9a-f]{8}-/.test(term)) return { phrase: ftsPhrase(term.slice(0, 8)), like: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` };
  return { phrase: ftsPhrase(term), like: null };
}

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(text, content='', tokenize='trigram', detail='full');
CREATE TABLE IF NOT EXISTS indexed_runs (log_id INTEGER NOT NULL, pos_first INTEGER NOT NULL, pos_last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS action_counts (log_id INTEGER NOT NULL, action_type TEXT NOT NULL, agent_id TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (log_id, action_type, agent_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agent_calls (agent_id TEXT NOT NULL, connector TEXT NOT NULL, operation TEXT NOT NULL, verdict TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (agent_id, connector, operation, verdict)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS agent_data (agent_id TEXT NOT NULL, data_type TEXT NOT NULL, connector TEXT NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (agent_id, data_type, connector)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subtrees (log_id INTEGER NOT NULL, level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
  PRIMARY KEY (log_id, level, idx)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state_snapshots (export_ref INTEGER NOT NULL, pos INTEGER NOT NULL, json BLOB NOT NULL,
  PRIMARY KEY (export_ref, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshotted_exports (export_ref INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS agent_events (agent_id TEXT NOT NULL, log_id INTEGER NOT NULL, pos INTEGER NOT NULL,
  PRIMARY KEY (agent_id, log_id, pos)) WITHOUT ROWID;
`;

const DROP = `
DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS indexed_runs; DROP TABLE IF EXISTS action_counts;
DROP TABLE IF EXISTS agent_calls; DROP TABLE IF EXISTS agent_data; DROP TABLE IF EXISTS subtrees;
DROP TABLE IF EXISTS state_snapshots; DROP TABLE IF EXISTS snapshotted_exports; DROP TABLE IF EXISTS agent_events;
`;

export { AGENT_EVENT_TYPES, SUBTREE_LEVEL } from './chunk-tally.js';

type Run = [number, number];

/** Disjoint ascending runs from possibly overlapping ranges. */
export function mergeRuns(ranges: Run[]): Run[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Run[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts of `want` not covered by `have` (both disjoint and ascending). */
export function subtractRuns(want: Run[], have: Run[]): Run[] {
  const out: Run[] = [];
  for (const [a0, b] of want) {
    let a = a0;
    for (const [c, d] of have) {
      if (d < a || c > b) continue;
      if (c > a) out.push([a, c - 1]);
      a = Math.max(a, d + 1);
      if (a > b) break;
    }
    if (a <= b) out.push([a, b]);
  }
  return out;
}

function desiredRuns(db: Database.Database): Map<number, Run[]> {
  const rows = db
    .prepare('SELECT log_id, pos_first, pos_last FROM st.exports WHERE pos_first IS NOT NULL AND pos_last IS NOT NULL')
    .all() as { log_id: number; pos_first: number; pos_last: number }[];
  const by = new Map<number, Run[]>();
  for (const r of rows) {
    const l = by.get(r.log_id) ?? [];
    l.push([r.pos_first, r.pos_last]);
    by.set(r.log_id, l);
  }
  for (const [k, v] of by) by.set(k, mergeRuns(v));
  return by;
}

function indexedRuns(db: Database.Database): Map<number, Run[]> {
  const rows = db.prepare('SELECT log_id, pos_first, pos_last FROM indexed_runs').all() as { log_id: number; pos_first: number; pos_last: number }[];
  const by = new Map<number, Run[]>();
  for (const r of rows) {
    const l = by.get(r.log_id) ?? [];
    l.push([r.pos_first, r.pos_last]);
    by.set(r.log_id, l);
  }
  for (const [k, v] of by) by.set(k, mergeRuns(v));
  return by;
}

function openIndex(storeDir: string): Database.Database {
  const db = new Database(path.join(storeDir, SEARCH_DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== INDEX_VERSION) {
    db.exec(DROP);
    // The old tables' pages would otherwise stay in the file as free space.
    db.exec('VACUUM');
    db.exec(SCHEMA);
    db.pragma(`user_version = ${INDEX_VERSION}`);
  }
  db.prepare('ATTACH DATABASE ? AS st').run(path.join(storeDir, DB_FILE_NAME));
  db.function('indexed_words', { deterministic: true }, (t: unknown) => (typeof t === 'string' ? indexedWords(t) : t));
  return db;
}

/** Every this many entries of an export, the replayed platform state is kept for explanations. */
export const SNAPSHOT_EVERY = 32_768;

interface ExportToSnapshot {
  id: number;
  log_id: number;
  pos_first: number;
  pos_last: number;
  json: Buffer;
}

function exportsToSnapshot(db: Database.Database): ExportToSnapshot[] {
  // Only exports long enough to need one: shorter ones replay from their start state quickly.
  return db
    .prepare(
      `SELECT x.id, x.log_id, x.pos_first, x.pos_last, s.json FROM st.exports x JOIN st.states s ON s.export_ref = x.id AND s.kind = 'start'
       WHERE x.pos_first IS NOT NULL AND x.pos_last - x.pos_first >= ? AND x.id NOT IN (SELECT export_ref FROM snapshotted_exports) ORDER BY x.id`,
    )
    .all(SNAPSHOT_EVERY) as ExportToSnapshot[];
}

/**
 * Replays each long export once and keeps the state before every SNAPSHOT_EVERY-th entry, so
 * explaining a call deep in a million-entry export replays at most that many entries.
 */
async function snapshotStates(db: Database.Database, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<void> {
  const todo = exportsToSnapshot(db);
  const total = todo.reduce((s, x) => s + x.pos_last - x.pos_first + 1, 0);
  let done = 0;
  const lines = db.prepare('SELECT line FROM st.entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id');
  const put = db.prepare('INSERT OR REPLACE INTO state_snapshots (export_ref, pos, json) VALUES (?, ?, ?)');
  const finished = db.prepare('INSERT OR IGNORE INTO snapshotted_exports (export_ref) VALUES (?)');
  for (const x of todo) {
    let evaluator;
    try {
      evaluator = createEvaluator(JSON.parse(x.json.toString('utf8')) as PlatformState);
    } catch {
      finished.run(x.id);
      continue;
    }
    for (let from = x.pos_first; from <= x.pos_last; from += SNAPSHOT_EVERY) {
      throwIfAborted(signal);
      const to = Math.min(x.pos_last, from + SNAPSHOT_EVERY - 1);
      // Deflated: a replayed state keeps every approval, megabytes of JSON that compress ~10×.
      if (from > x.pos_first) put.run(x.id, from, packSnapshot(JSON.stringify(evaluator.state())));
      for (const r of lines.iterate(x.log_id, from, x.log_id, to) as Iterable<{ line: Buffer }>) {
        // Only JSON objects, as verification applied them: an unparsable line (kept for the record) is skipped.
        const e = parseLine(r.line);
        if (e) evaluator.apply(e as unknown as AuditEntry);
      }
      done += to - from + 1;
      onProgress?.(done, total);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    finished.run(x.id);
  }
}

/** A replayed state the import's re-evaluation took before line `index` of its export, deflated. */
export interface ImportSnapshot {
  index: number;
  json: Buffer;
}

/** The form a snapshot is kept in (deflated: a replayed state keeps every approval). */
export function packSnapshot(json: string): Buffer {
  return deflateRawSync(json, { level: 1 });
}

/**
 * Keeps the states an import's re-evaluation took (every SNAPSHOT_EVERY lines) as the export's
 * snapshots, so the index build need not replay the export again. The export counts as
 * snapshotted only when every snapshot is there; otherwise the build replays it as before.
 */
export function recordImportSnapshots(storeDir: string, exportRef: number, snapshots: ImportSnapshot[]): void {
  const db = openIndex(storeDir);
  try {
    const x = db.prepare('SELECT pos_first, pos_last FROM st.exports WHERE id = ?').get(exportRef) as { pos_first: number | null; pos_last: number | null } | undefined;
    if (!x || x.pos_first === null || x.pos_last === null) return;
    const lines = x.pos_last - x.pos_first + 1;
    const due = Math.floor((lines - 1) / SNAPSHOT_EVERY);
    const put = db.prepare('INSERT OR REPLACE INTO state_snapshots (export_ref, pos, json) VALUES (?, ?, ?)');
    db.transaction(() => {
      const kept = new Set<number>();
      for (const s of snapshots) {
        if (s.index <= 0 || s.index >= lines || s.index % SNAPSHOT_EVERY !== 0) continue;
        put.run(exportRef, x.pos_first! + s.index, s.json);
        kept.add(s.index);
      }
      if (due > 0 && kept.size === due) db.prepare('INSERT OR IGNORE INTO snapshotted_exports (export_ref) VALUES (?)').run(exportRef);
    }).immediate();
  } finally {
    db.close();
  }
}

/** What the index still lacks, as (log, runs); empty when it is up to date. */
function missing(db: Database.Database): [number, Run[]][] {
  const want = desiredRuns(db);
  const have = indexedRuns(db);
  const out: [number, Run[]][] = [];
  for (const [log, runs] of want) {
    const m = subtractRuns(runs, have.get(log) ?? []);
    if (m.length) out.push([log, m]);
  }
  return out;
}

/** Brings the index up to date with the store; returns the rows it added. */
export async function buildSearchIndex(
  storeDir: string,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
  onSnapshotProgress?: (done: number, total: number) => void,
  /** The tallies the import that just committed counted as it wrote (the app's import job). */
  counted?: ImportTallies,
): Promise<number> {
  const db = openIndex(storeDir);
  try {
    const todo = missing(db);
    const total = todo.reduce((s, [, runs]) => s + runs.reduce((t, [a, b]) => t + b - a + 1, 0), 0);
    let done = 0;
    const insert = db.prepare('INSERT INTO fts(rowid, text) SELECT id, indexed_words(text) FROM st.entry_search WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id');
    const mark = db.prepare('INSERT INTO indexed_runs (log_id, pos_first, pos_last) VALUES (?, ?, ?)');
    const tallies = new TallyWriter(db);
    const overlapping = db.prepare('SELECT 1 FROM indexed_runs WHERE log_id = ? AND pos_first <= ? AND pos_last >= ? LIMIT 1');
    for (const [log, runs] of todo) {
      for (const [a, b] of runs) {
        for (let from = a; from <= b; ) {
          throwIfAborted(signal);
          // Chunks end on CHUNK boundaries, so every full block lies inside one chunk.
          const to = Math.min(b, (Math.floor(from / CHUNK) + 1) * CHUNK - 1);
          // One transaction per chunk: a cancelled build keeps what it finished. IMMEDIATE plus the
          // overlap check keeps two builders (the app and a CLI import) from indexing a row twice;
          // whatever one skips, the next build finds missing and fills exactly.
          db.transaction(() => {
            if (overlapping.get(log, to, from)) return;
            insert.run(log, from, log, to);
            tallies.add(log, from, to, counted?.take(log, from, to) ?? null);
            mark.run(log, from, to);
          }).immediate();
          done += to - from + 1;
          from = to + 1;
          onProgress?.(done, total);
          // Let a cancel message (and, in-process, other requests) in between chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
    await snapshotStates(db, onSnapshotProgress, signal);
    return done;
  } finally {
    db.close();
  }
}

/** Whether the index covers everything the store holds (read on the app's own connection). */
export function searchIndexFresh(storeDir: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = openIndex(storeDir);
    return missing(db).length === 0 && exportsToSnapshot(db).length === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** Writes a chunk's tallies: counts per log and agent, each agent's calls and data types, its events, the subtree cache. */
class TallyWriter {
  private readonly rows: Database.Statement<
    [number, number, number, number],
    { pos: number; agent_id: string | null; action_type: string | null; verdict: string | null; line: Buffer | null; leaf_hash: Buffer }
  >;
  private readonly kind: Database.Statement<[number], { kind: string }>;
  private readonly putNode: Database.Statement;
  private readonly getNode: Database.Statement<[number, number, number], { hash: Buffer }>;
  private readonly event: Database.Statement;
  private readonly action: Database.Statement;
  private readonly call: Database.Statement;
  private readonly data: Database.Statement;

  constructor(db: Database.Database) {
    // The line is read only for an agent's calls; CASE keeps SQLite from copying the others.
    this.rows = db.prepare(
      "SELECT pos, agent_id, action_type, verdict, CASE WHEN action_type = 'connector.called' AND agent_id IS NOT NULL THEN line END AS line, leaf_hash FROM st.entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id",
    );
    this.kind = db.prepare('SELECT kind FROM st.logs WHERE id = ?');
    this.putNode = db.prepare('INSERT OR REPLACE INTO subtrees (log_id, level, idx, hash) VALUES (?, ?, ?, ?)');
    this.getNode = db.prepare('SELECT hash FROM subtrees WHERE log_id = ? AND level = ? AND idx = ?');
    this.event = db.prepare('INSERT OR IGNORE INTO agent_events (agent_id, log_id, pos) VALUES (?, ?, ?)');
    this.action = db.prepare('INSERT INTO action_counts (log_id, action_type, agent_id, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n');
    this.call = db.prepare('INSERT INTO agent_calls (agent_id, connector, operation, verdict, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n');
    this.data = db.prepare('INSERT INTO agent_data (agent_id, data_type, connector, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n');
  }

  /** The chunk [from, to] of `log`: its tallies as the import counted them, else read back from the store. */
  add(log: number, from: number, to: number, counted: ChunkTally | null): void {
    let t = counted;
    if (!t) {
      const c = new TallyCounter();
      for (const r of this.rows.iterate(log, from, log, to)) c.row(r.pos, r.agent_id, r.action_type, r.verdict, r.line, r.leaf_hash);
      t = c.finish();
    }
    // Written after the read: a connection cannot run a statement while it iterates another.
    for (const [k, n] of t.actions) this.action.run(log, ...k.split('\u0000'), n);
    for (const [k, n] of t.calls) this.call.run(...k.split('\u0000'), n);
    for (const [k, n] of t.data) this.data.run(...k.split('\u0000'), n);
    for (const [agent, pos] of t.events) this.event.run(agent, log, pos);
    // Leaf hashes of an accepted log (positions = tree indexes) feed the subtree cache.
    if (this.kind.get(log)?.kind === 'origin') this.addSubtrees(log, from, to, t.roots);
  }

  /** The roots of the complete blocks in [from, to], then their parents upwards. */
  private addSubtrees(log: number, from: number, to: number, roots: Map<number, Buffer>): void {
    for (const [start, root] of roots) {
      if (start < from || start + SUBTREE_BLOCK - 1 > to) continue;
      let level = SUBTREE_LEVEL;
      let idx = start / SUBTREE_BLOCK;
      let hash = root;
      this.putNode.run(log, level, idx, hash);
      // A right child whose left sibling is known completes their parent.
      while (idx % 2 === 1) {
        const left = this.getNode.get(log, level, idx - 1);
        if (!left) break;
        hash = nodeHash(left.hash, hash);
        level += 1;
        idx = (idx - 1) / 2;
        this.putNode.run(log, level, idx, hash);
      }
    }
  }
}

/** A kept state snapshot back to its JSON text. */
export function snapshotJson(blob: Buffer): string {
  return inflateRawSync(blob).toString('utf8');
}

/** An FTS5 phrase for a substring: double quotes doubled, so the text is never query syntax. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Trigram search needs at least three characters; shorter terms use a scan. */
export function indexable(term: string): boolean {
  return [...term].length >= 3;
}
