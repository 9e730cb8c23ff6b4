/**
 * The store's side of spec §6 continuity: what Crosscheck accepted per origin, read through its
 * own read-only connection so an import in progress on the main connection is never visible.
 */
import Database from 'better-sqlite3';
import type { PlatformState } from '../../../shared/format/export-types.js';
import { CompactRange } from '../merkle/merkle.js';
import type { ContinuityView } from '../verify/verify-api.js';
import { ENTRY_ID_SQL } from './entry-key.js';
import type { Store } from './store.js';
import { configureConnection } from './store.js';

interface OriginRow {
  id: number;
  log_id: number;
  trusted_size: number;
}

/** A ContinuityView over committed store data; close it when the verification is done. */
export interface StoreContinuityView extends ContinuityView {
  close(): void;
}

/** Splits a stored frontier blob (concatenated 32-byte hashes) back into hashes. */
export function splitFrontier(blob: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 32 <= blob.length; i += 32) out.push(Buffer.from(blob.subarray(i, i + 32)));
  return out;
}

class SqliteContinuityView implements StoreContinuityView {
  private readonly db: Database.Database;
  private readonly origins = new Map<string, OriginRow | null>();
  private readonly roots = new Map<string, Buffer | null>();
  private readonly stmts;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    configureConnection(this.db, 16 * 1024);
    this.stmts = {
      origin: this.db.prepare<[string], OriginRow>(
        'SELECT id, log_id, trusted_size FROM origins WHERE origin = ?',
      ),
      leaf: this.db.prepare<[number, number], { leaf_hash: Buffer }>(
        `SELECT leaf_hash FROM entries WHERE id = ${ENTRY_ID_SQL}`,
      ),
      ts: this.db.prepare<[number, number], { ts: string | null }>(
        `SELECT ts FROM entries WHERE id = ${ENTRY_ID_SQL}`,
      ),
      exactRoot: this.db.prepare<[number, number], { root: Buffer }>(
        'SELECT root FROM anchors WHERE origin_id = ? AND size = ?',
      ),
      baseAnchor: this.db.prepare<[number, number], { size: number; frontier: Buffer }>(
        'SELECT size, frontier FROM anchors WHERE origin_id = ? AND size < ? AND frontier IS NOT NULL ORDER BY size DESC LIMIT 1',
      ),
      leaves: this.db
        .prepare<[number, number, number, number], Buffer>(
          `SELECT leaf_hash FROM entries WHERE id >= ${ENTRY_ID_SQL} AND id < ${ENTRY_ID_SQL} ORDER BY id`,
        )
        .pluck(),
      endState: this.db.prepare<[number, number], { json: Buffer }>(
        "SELECT json FROM states WHERE origin_id = ? AND kind = 'end' AND tree_size = ? ORDER BY id DESC LIMIT 1",
      ),
    };
  }

  private origin(origin: string): OriginRow | null {
    if (!this.origins.has(origin)) this.origins.set(origin, this.stmts.origin.get(origin) ?? null);
    return this.origins.get(origin)!;
  }

  storedSize(origin: string): number {
    return this.origin(origin)?.trusted_size ?? 0;
  }

  leafHash(origin: string, seq: number): Buffer | null {
    const o = this.origin(origin);
    if (!o || !Number.isSafeInteger(seq) || seq < 0 || seq >= o.trusted_size) return null;
    return this.stmts.leaf.get(o.log_id, seq)?.leaf_hash ?? null;
  }

  rootAt(origin: string, size: number): Buffer | null {
    const o = this.origin(origin);
    if (!o || !Number.isSafeInteger(size) || size <= 0 || size > o.trusted_size) return null;
    const key = `${o.id}:${size}`;
    if (!this.roots.has(key)) this.roots.set(key, this.computeRoot(o, size));
    return this.roots.get(key)!;
  }

  private computeRoot(o: OriginRow, size: number): Buffer | null {
    const exact = this.stmts.exactRoot.get(o.id, size);
    if (exact) return exact.root;
    // Fold the stored leaves onto the nearest verified frontier below; a hole (leaves never
    // imported, after an export_gap) means the root is unknown rather than guessed.
    const base = this.stmts.baseAnchor.get(o.id, size);
    if (!base) return null;
    const range = new CompactRange(base.size, splitFrontier(base.frontier));
    let n = 0;
    for (const leaf of this.stmts.leaves.iterate(o.log_id, base.size, o.log_id, size)) {
      range.push(leaf);
      n++;
    }
    return n === size - base.size ? range.root() : null;
  }

  entryTs(origin: string, seq: number): string | null {
    const o = this.origin(origin);
    if (!o || !Number.isSafeInteger(seq) || seq < 0 || seq >= o.trusted_size) return null;
    return this.stmts.ts.get(o.log_id, seq)?.ts ?? null;
  }

  endStateAt(origin: string, size: number): PlatformState | null {
    const o = this.origin(origin);
    if (!o) return null;
    const row = this.stmts.endState.get(o.id, size);
    return row ? (JSON.parse(row.json.toString('utf8')) as PlatformState) : null;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Continuity for verifyBundle as the store last committed it (spec §6); writes nothing. */
export function createContinuityView(store: Store): StoreContinuityView {
  return new SqliteContinuityView(store.file);
}
