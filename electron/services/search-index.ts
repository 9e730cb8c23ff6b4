/**
 * A substring search index over the store's `entry_search` text: SQLite FTS5 with the trigram
 * tokenizer, kept in its own file beside the store (search-index.db). It is derived data — delete
 * it and it is rebuilt — so it lives outside the store's schema and migrations. Built off the UI
 * thread (in the import worker, or a worker at start-up when it lags behind the store).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME } from '../core/store/store-dir.js';
import { throwIfAborted } from '../core/errors/crosscheck-error.js';

export const SEARCH_DB_FILE = 'search-index.db';

const SCHEMA = `
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(text, content='', tokenize='trigram', detail='full');
CREATE TABLE IF NOT EXISTS indexed_runs (log_id INTEGER NOT NULL, pos_first INTEGER NOT NULL, pos_last INTEGER NOT NULL);
`;

const CHUNK = 50_000;

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
  db.exec(SCHEMA);
  db.prepare('ATTACH DATABASE ? AS st').run(path.join(storeDir, DB_FILE_NAME));
  return db;
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
export async function buildSearchIndex(storeDir: string, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<number> {
  const db = openIndex(storeDir);
  try {
    const todo = missing(db);
    const total = todo.reduce((s, [, runs]) => s + runs.reduce((t, [a, b]) => t + b - a + 1, 0), 0);
    let done = 0;
    const insert = db.prepare('INSERT INTO fts(rowid, text) SELECT id, text FROM st.entry_search WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id');
    const mark = db.prepare('INSERT INTO indexed_runs (log_id, pos_first, pos_last) VALUES (?, ?, ?)');
    for (const [log, runs] of todo) {
      for (const [a, b] of runs) {
        for (let from = a; from <= b; from += CHUNK) {
          throwIfAborted(signal);
          const to = Math.min(b, from + CHUNK - 1);
          // One transaction per chunk: a cancelled build keeps what it finished.
          db.transaction(() => {
            insert.run(log, from, log, to);
            mark.run(log, from, to);
          })();
          done += to - from + 1;
          onProgress?.(done, total);
          // Let a cancel message (and, in-process, other requests) in between chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
    }
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
    return missing(db).length === 0;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/** An FTS5 phrase for a substring: double quotes doubled, so the text is never query syntax. */
export function ftsPhrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/** Trigram search needs at least three characters; shorter terms use a scan. */
export function indexable(term: string): boolean {
  return [...term].length >= 3;
}
