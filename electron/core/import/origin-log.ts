/** The logs and origins an import writes into, the keyring it records, and the origin's advance on accept. */
import { CompactRange } from '../merkle/merkle.js';
import { LOG_LIMIT } from '../store/entry-key.js';
import type { Store } from '../store/store.js';
import { StoreError } from '../store/store-errors.js';
import type { VerifyResult } from '../verify/verify-api.js';
import type { OriginTarget } from './entry-writer.js';
import type { KeyringRecord } from '../keyring/keyring-record.js';

/** A new log row (an origin's accepted log, or a quarantine log); STORE_LIMIT past the key space. */
export function newLog(store: Store, kind: 'origin' | 'quarantine', origin: string | null): number {
  const id = Number(
    store.prepare('INSERT INTO logs (kind, origin) VALUES (?, ?)').run(kind, origin).lastInsertRowid,
  );
  if (id >= LOG_LIMIT) throw new StoreError('STORE_LIMIT', `the store holds ${LOG_LIMIT} logs, its limit`);
  return id;
}

/** The stored row of `origin`, if the store has seen it. */
export function storedOrigin(
  store: Store,
  origin: string,
): { id: number; log_id: number; trusted_size: number } | undefined {
  return store
    .prepare<[string], { id: number; log_id: number; trusted_size: number }>(
      'SELECT id, log_id, trusted_size FROM origins WHERE origin = ?',
    )
    .get(origin);
}

/** The log the entries of `origin` go to, the origin created (with its log) on first sight. */
export function originTarget(
  store: Store,
  origin: string,
  firstSeq: number,
  now: string,
): OriginTarget & { originId: number } {
  const row = storedOrigin(store, origin);
  if (row) return { originId: row.id, logId: row.log_id, storedSize: row.trusted_size, firstSeq };
  const logId = newLog(store, 'origin', origin);
  const originId = Number(
    store
      .prepare(
        'INSERT INTO origins (origin, log_id, trusted_size, trusted_root, updated_at) VALUES (?, ?, 0, NULL, ?)',
      )
      .run(origin, logId, now).lastInsertRowid,
  );
  return { originId, logId, storedSize: 0, firstSeq };
}

/** The stored keyring row of `ring`: the very bytes the import verified with, recorded once. */
export function keyringId(store: Store, ring: KeyringRecord, now: string): number {
  const found = store
    .prepare<[string], { id: number }>('SELECT id FROM keyrings WHERE sha256 = ?')
    .get(ring.sha256);
  if (found) return found.id;
  return Number(
    store
      .prepare('INSERT INTO keyrings (sha256, name, json, first_used_at) VALUES (?, ?, ?, ?)')
      .run(ring.sha256, ring.name, ring.canonical, now).lastInsertRowid,
  );
}
/** Moves the origin's high-water mark and records the verified roots this export proves. */
export function advanceOrigin(
  store: Store,
  target: OriginTarget & { originId: number },
  result: VerifyResult,
  now: string,
): void {
  const m = result.manifest!;
  const anchor = store.prepare(
    'INSERT INTO anchors (origin_id, size, root, frontier) VALUES (?, ?, ?, ?) ON CONFLICT (origin_id, size) DO UPDATE SET frontier = coalesce(anchors.frontier, excluded.frontier)',
  );
  if (result.frontierBytes) {
    const f = JSON.parse(result.frontierBytes.toString('utf8')) as { size: number; hashes: string[] };
    const hashes = f.hashes.map((h) => Buffer.from(h, 'hex'));
    const range = new CompactRange(f.size, hashes);
    if (f.size > 0) anchor.run(target.originId, f.size, range.root(), Buffer.concat(hashes));
    else anchor.run(target.originId, 0, range.root(), Buffer.alloc(0));
  }
  const root = Buffer.from(m.tree.root, 'hex');
  anchor.run(target.originId, m.tree.size, root, null);
  if (m.tree.size >= target.storedSize) {
    store
      .prepare('UPDATE origins SET trusted_size = ?, trusted_root = ?, updated_at = ? WHERE id = ?')
      .run(m.tree.size, root, now, target.originId);
  }
}
