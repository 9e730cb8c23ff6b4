/**
 * Writes the entries of one import as verification streams them, inside the import's
 * transaction. Entries go straight to their origin's log keyed by seq (the common, valid case
 * pays nothing extra); as soon as an entry shows the export cannot be accepted, or when
 * verification ends without VALID, everything written so far moves to a quarantine log of its
 * own, keyed by line index.
 */
import { ENTRY_ID_SQL, POS_LIMIT } from '../store/entry-key.js';
import type { Statement } from 'better-sqlite3';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store-errors.js';
import type { VerifiedEntry } from '../verify/verify-api.js';

/** Rows per multi-row INSERT: fewer JS→SQLite crossings, well under the bound-parameter limit. */
const BATCH = 128;
const ENTRY_COLS = 12;
/** Rows per statement when a log moves into quarantine (about 8 MB of entries). */
const MOVE_CHUNK = 8192;

const ENTRY_COLUMNS =
  'id, seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, leaf_hash, line';
const ENTRY_VALUES = `(${ENTRY_ID_SQL}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SEARCH_VALUES = `(${ENTRY_ID_SQL}, ?)`;

/** Where the accepted log of the export's origin stands when the import starts. */
export interface OriginTarget {
  logId: number;
  /** The high-water mark N. */
  storedSize: number;
  /** The export's claimed first seq S (from its manifest). */
  firstSeq: number;
}

/** A row as the writer stores it (the app's derived index counts its tallies from these). */
export type StoredRowHook = (logId: number, pos: number, v: VerifiedEntry) => void;

export interface Placement {
  logId: number;
  posFirst: number | null;
  posLast: number | null;
}

export class EntryWriter {
  /** Lines seen so far. */
  lines = 0;
  /** Rows this import added to the store. */
  newEntries = 0;
  private mode: 'origin' | 'quarantine';
  private quarantineLog: number | null = null;
  /** Seq runs this import inserted into the origin log, [from, to] inclusive. */
  private readonly inserted: [number, number][] = [];
  private entryParams: unknown[] = [];
  private searchParams: unknown[] = [];
  private pendingLog = 0;
  private readonly statements = new Map<number, { entries: Statement; search: Statement }>();
  private readonly store: Store;
  private readonly target: OriginTarget | null;
  private readonly newLog: () => number;

  private readonly onRow: StoredRowHook | undefined;

  constructor(store: Store, target: OriginTarget | null, newQuarantineLog: () => number, onRow?: StoredRowHook) {
    this.onRow = onRow;
    this.store = store;
    this.target = target;
    this.newLog = newQuarantineLog;
    this.mode = target ? 'origin' : 'quarantine';
  }

  get accepting(): boolean {
    return this.mode === 'origin';
  }

  /** Takes one verified line; throws only on store failures. */
  add(v: VerifiedEntry): void {
    const index = this.lines;
    this.lines++;
    if (this.mode === 'origin') {
      const t = this.target!;
      const seq = t.firstSeq + index;
      if (v.index === index && v.canonical && v.columns[0] === seq && seq < POS_LIMIT) {
        if (seq < t.storedSize) {
          const stored = this.storedLeaf(t.logId, seq);
          // Identical to what was accepted earlier: the row is already there, shared by both exports.
          if (stored && stored.equals(v.leafHash)) return;
          if (!stored) {
            this.push(t.logId, seq, v, true);
            return;
          }
        } else {
          this.push(t.logId, seq, v, true);
          return;
        }
      }
      this.toQuarantine(index);
    }
    this.push(this.quarantineLog!, index, v, false);
  }

  /** Writes what is buffered and, unless the export was accepted, moves it to quarantine. */
  finish(accepted: boolean): Placement {
    if (!accepted && this.mode === 'origin') this.toQuarantine(this.lines);
    this.flush();
    if (this.mode === 'origin') {
      const t = this.target!;
      return {
        logId: t.logId,
        posFirst: this.lines ? t.firstSeq : null,
        posLast: this.lines ? t.firstSeq + this.lines - 1 : null,
      };
    }
    if (this.quarantineLog === null) this.quarantineLog = this.newLog();
    return {
      logId: this.quarantineLog,
      posFirst: this.lines ? 0 : null,
      posLast: this.lines ? this.lines - 1 : null,
    };
  }

  private storedLeaf(logId: number, seq: number): Buffer | null {
    const row = this.store
      .prepare<[number, number], { leaf_hash: Buffer }>(
        `SELECT leaf_hash FROM entries WHERE id = ${ENTRY_ID_SQL}`,
      )
      .get(logId, seq);
    return row?.leaf_hash ?? null;
  }

  private push(logId: number, pos: number, v: VerifiedEntry, intoOrigin: boolean): void {
    if (this.entryParams.length > 0 && logId !== this.pendingLog) this.flush();
    this.pendingLog = logId;
    // The columns were computed where the line was parsed (possibly the verification worker).
    const c = v.columns;
    this.entryParams.push(logId, pos, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], v.leafHash, v.line);
    this.searchParams.push(logId, pos, c[8]);
    this.onRow?.(logId, pos, v);
    if (intoOrigin) {
      const last = this.inserted[this.inserted.length - 1];
      if (last && last[1] === pos - 1) last[1] = pos;
      else this.inserted.push([pos, pos]);
    }
    this.newEntries++;
    if (this.entryParams.length >= BATCH * ENTRY_COLS) this.flush();
  }

  /** Inserts the buffered rows. */
  flush(): void {
    const rows = this.entryParams.length / ENTRY_COLS;
    if (rows === 0) return;
    try {
      const insert = this.inserts(rows);
      insert.entries.run(...this.entryParams);
      insert.search.run(...this.searchParams);
    } catch (cause) {
      throw new StoreError(
        'IMPORT_FAILED',
        `writing entries to the store failed: ${(cause as Error).message}`,
        { cause },
      );
    }
    this.entryParams = [];
    this.searchParams = [];
  }

  /**
   * The two INSERTs for `rows` rows, kept by row count: building and looking up their SQL (kilobytes
   * of text) for every batch of a million-entry import cost about half a second.
   */
  private inserts(rows: number): { entries: Statement; search: Statement } {
    let s = this.statements.get(rows);
    if (!s) {
      s = {
        entries: this.store.prepare(`INSERT INTO entries (${ENTRY_COLUMNS}) VALUES ${Array(rows).fill(ENTRY_VALUES).join(', ')}`),
        search: this.store.prepare(`INSERT INTO entry_search (id, text) VALUES ${Array(rows).fill(SEARCH_VALUES).join(', ')}`),
      };
      this.statements.set(rows, s);
    }
    return s;
  }

  /**
   * Moves the first `count` lines from the origin log to a fresh quarantine log: lines this
   * import inserted are moved, lines that were already there (identical) are copied.
   */
  private toQuarantine(count: number): void {
    this.flush();
    const t = this.target!;
    const q = this.newLog();
    this.quarantineLog = q;
    this.mode = 'quarantine';
    if (count === 0) return;
    const db = this.store;
    const shift = `- (? << 40) - ? + (? << 40)`;
    const range = `id >= ${ENTRY_ID_SQL} AND id < ${ENTRY_ID_SQL}`;
    const moveEntries = db.prepare(
      `INSERT INTO entries (${ENTRY_COLUMNS}) SELECT id ${shift}, seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, leaf_hash, line FROM entries WHERE ${range} ORDER BY id`,
    );
    const moveSearch = db.prepare(
      `INSERT INTO entry_search (id, text) SELECT id ${shift}, text FROM entry_search WHERE ${range} ORDER BY id`,
    );
    // SQLite copies the rows of an INSERT … SELECT from the same table into a temporary b-tree
    // first: in chunks, that b-tree stays small even with temporary storage in memory.
    const end = t.firstSeq + count;
    for (let from = t.firstSeq; from < end; from += MOVE_CHUNK) {
      const to = Math.min(end, from + MOVE_CHUNK);
      moveEntries.run(t.logId, t.firstSeq, q, t.logId, from, t.logId, to);
      moveSearch.run(t.logId, t.firstSeq, q, t.logId, from, t.logId, to);
    }
    for (const [from, to] of this.inserted) {
      db.prepare(`DELETE FROM entries WHERE id >= ${ENTRY_ID_SQL} AND id <= ${ENTRY_ID_SQL}`).run(
        t.logId,
        from,
        t.logId,
        to,
      );
      db.prepare(`DELETE FROM entry_search WHERE id >= ${ENTRY_ID_SQL} AND id <= ${ENTRY_ID_SQL}`).run(
        t.logId,
        from,
        t.logId,
        to,
      );
    }
    // The copied identical lines are new rows too (in the quarantine log).
    this.newEntries = count;
    this.inserted.length = 0;
  }
}
