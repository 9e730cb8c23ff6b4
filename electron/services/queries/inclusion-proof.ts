/**
 * RFC 6962 inclusion proofs from the store: any subtree root is folded from stored leaf hashes,
 * or taken from a verified frontier for the part of the log before the first stored entry.
 */
import type { InclusionProof } from '../../../shared/api/view-types.js';
import { frontierSizes, inclusionProof, merkleRoot, nodeHash, splitPoint, verifyInclusion } from '../../core/merkle/merkle.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';
import { SUBTREE_LEVEL } from '../search-index.js';

const BULK = 4096;

/** Known subtree roots from the stored frontiers of an origin: key `start:end`. */
function frontierRoots(store: Store, logId: number): Map<string, Buffer> {
  const rows = store
    .prepare<[number], { size: number; frontier: Buffer | null }>(
      'SELECT a.size AS size, a.frontier AS frontier FROM anchors a JOIN origins o ON o.id = a.origin_id WHERE o.log_id = ? AND a.frontier IS NOT NULL',
    )
    .all(logId);
  const out = new Map<string, Buffer>();
  for (const r of rows) {
    if (!r.frontier) continue;
    let start = 0;
    frontierSizes(r.size).forEach((size, i) => {
      const h = r.frontier!.subarray(i * 32, i * 32 + 32);
      if (h.length === 32) out.set(`${start}:${start + size}`, Buffer.from(h));
      start += size;
    });
  }
  return out;
}

export function subtreeRootFn(store: Store, cache: DerivedCache, logId: number): (start: number, end: number) => Buffer {
  const known = cache.remember(`frontiers:${logId}`, () => frontierRoots(store, logId));
  // Perfect aligned subtrees of 2^12 leaves and up, kept by the derived index when it has them.
  const stored = cache.indexReady()
    ? store.prepare<[number, number, number], { hash: Buffer }>('SELECT hash FROM si.subtrees WHERE log_id = ? AND level = ? AND idx = ?')
    : null;
  const leaves = store.prepare<[number, number, number, number], { leaf_hash: Buffer }>(
    'SELECT leaf_hash FROM entries WHERE id >= ((? << 40) + ?) AND id < ((? << 40) + ?) ORDER BY id',
  );
  const root = (start: number, end: number): Buffer => {
    const key = `${start}:${end}`;
    const k = known.get(key);
    if (k) return k;
    const size = end - start;
    if (stored && size >= 2 ** SUBTREE_LEVEL && (size & (size - 1)) === 0 && start % size === 0) {
      const hit = stored.get(logId, Math.log2(size), start / size);
      if (hit) return hit.hash;
    }
    if (size <= BULK) {
      const got = leaves.all(logId, start, logId, end);
      if (got.length === size) return merkleRoot(got.map((g) => g.leaf_hash));
      if (size === 1) throw new Error(`leaf ${start} is not in the store`);
    }
    const compute = (): Buffer => {
      const m = splitPoint(size);
      return nodeHash(root(start, start + m), root(start + m, end));
    };
    // Large subtrees recur across proofs of nearby entries: keep them until the next import.
    return size > BULK ? cache.remember(`subtree:${logId}:${key}`, compute) : compute();
  };
  return root;
}

export interface ProofTarget {
  logId: number;
  pos: number;
  leafHash: Buffer;
  treeSize: number;
  root: string;
  checkpoint: string | null;
}

/** The audit path of `pos` to the checkpointed root, re-verified before it is shown. */
export function proveInclusion(store: Store, cache: DerivedCache, t: ProofTarget): InclusionProof {
  const sub = subtreeRootFn(store, cache, t.logId);
  const path = inclusionProof(t.pos, t.treeSize, sub);
  const rootBuf = Buffer.from(t.root, 'hex');
  return {
    treeSize: t.treeSize,
    root: t.root,
    leafIndex: t.pos,
    leafHash: t.leafHash.toString('hex'),
    path: path.map((p) => p.toString('hex')),
    checkpoint: t.checkpoint,
    verified: verifyInclusion(t.pos, t.treeSize, t.leafHash, path, rootBuf),
  };
}
