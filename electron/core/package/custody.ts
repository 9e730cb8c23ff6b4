/** Crosscheck's own append-only, hash-chained custody log: who generated what, when, from which exports. */
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { CustodyEvent, CustodyRecord, CustodyVerification } from '../../../shared/package/record-types.js';
import { sha256Hex } from '../crypto/sha256.js';
import { hasPackageTables } from './package-schema.js';

type Db = BetterSqlite3.Database;

export const CUSTODY_GENESIS = '0'.repeat(64);

export type { CustodyEvent, CustodyRecord, CustodyVerification };

interface CustodyRow {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  subject: string;
  exports: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** Hash of one custody record: SHA-256 of the canonical JSON of its fields and the previous hash. */
export function custodyHash(seq: number, prev: string, e: CustodyEvent): string {
  return sha256Hex(
    canonicalize({ seq, prev, ts: e.ts, actor: e.actor, action: e.action, subject: e.subject, exports: e.exports, detail: e.detail }),
  );
}

/** Appends one event at the head of the chain; call inside the caller's transaction. */
export function appendCustody(db: Db, e: CustodyEvent): CustodyRecord {
  const head = db.prepare('SELECT seq, hash FROM custody_log ORDER BY seq DESC LIMIT 1').get() as
    | { seq: number; hash: string }
    | undefined;
  const seq = head === undefined ? 0 : head.seq + 1;
  const prev = head === undefined ? CUSTODY_GENESIS : head.hash;
  const exports = [...e.exports].sort();
  const event = { ...e, exports };
  const hash = custodyHash(seq, prev, event);
  db.prepare(
    'INSERT INTO custody_log (seq, ts, actor, action, subject, exports, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, e.ts, e.actor, e.action, e.subject, canonicalize(exports), canonicalize(e.detail), prev, hash);
  return { ...event, seq, prev_hash: prev, hash };
}

function toRecord(r: CustodyRow): CustodyRecord {
  return {
    seq: r.seq,
    ts: r.ts,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    exports: JSON.parse(r.exports) as string[],
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prev_hash: r.prev_hash,
    hash: r.hash,
  };
}

/** Custody records, newest first (the app's view). */
export function listCustody(db: Db, opts: { subject?: string; limit?: number } = {}): CustodyRecord[] {
  if (!hasPackageTables(db)) return [];
  const rows =
    opts.subject === undefined
      ? (db.prepare('SELECT * FROM custody_log ORDER BY seq DESC LIMIT ?').all(opts.limit ?? -1) as CustodyRow[])
      : (db.prepare('SELECT * FROM custody_log WHERE subject = ? ORDER BY seq DESC LIMIT ?').all(opts.subject, opts.limit ?? -1) as CustodyRow[]);
  return rows.map(toRecord);
}

/** Recomputes the whole chain: every hash, every link, no gaps (`crosscheck custody verify`). */
export function verifyCustody(db: Db): CustodyVerification {
  const problems: CustodyVerification['problems'] = [];
  let prev = CUSTODY_GENESIS;
  if (!hasPackageTables(db)) return { ok: true, entries: 0, head: prev, problems };
  let expectSeq = 0;
  let entries = 0;
  for (const row of db.prepare('SELECT * FROM custody_log ORDER BY seq').iterate() as IterableIterator<CustodyRow>) {
    entries++;
    if (row.seq !== expectSeq) problems.push({ seq: row.seq, problem: `sequence gap: expected ${expectSeq}` });
    if (row.prev_hash !== prev) problems.push({ seq: row.seq, problem: 'prev_hash does not link to the record before' });
    let rec: CustodyRecord | null = null;
    try {
      rec = toRecord(row);
    } catch {
      problems.push({ seq: row.seq, problem: 'exports or detail is not JSON' });
    }
    if (rec !== null) {
      const expected = custodyHash(row.seq, row.prev_hash, rec);
      if (expected !== row.hash) problems.push({ seq: row.seq, problem: 'hash does not match the record' });
    }
    prev = row.hash;
    expectSeq = row.seq + 1;
  }
  return { ok: problems.length === 0, entries, head: prev, problems };
}
