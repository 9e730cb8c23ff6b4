/**
 * The sampling path as it was before the raw first pass (commit 224b067): every member read as an
 * object with its leaf hash as hex, sorted by that hex, digested, and selected with a list of
 * members per stratum. Kept only so a test can hold the fast path to exactly the same population,
 * digest, sample and risk items.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { acceptedRuns } from '../../electron/core/engagement/accepted-runs.js';
import { engagementScope } from '../../electron/core/engagement/engagements.js';
import { selectIndices } from '../../electron/core/sampling/sample-math.js';
import { allocate, stratumKey, stratumSeed } from '../../electron/core/sampling/stratified.js';
import type {
  PopulationItem,
  SampleMethod,
  StratifyBy,
  StratumAllocation,
} from '../../shared/sampling/workpaper-types.js';

export interface ReferenceDraw {
  size: number;
  digest: string;
  items: (PopulationItem & { index: number; stratum?: string })[];
  strata?: StratumAllocation[];
  riskIndices: number[];
}

function selectStratifiedByLists(keys: readonly string[], k: number, seed: string) {
  const members = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    let m = members.get(keys[i]!);
    if (!m) members.set(keys[i]!, (m = []));
    m.push(i);
  }
  const sorted = [...members.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const strata = allocate(
    sorted.map((key) => ({ key, size: members.get(key)!.length })),
    k,
  );
  const indices: number[] = [];
  for (const s of strata) {
    const m = members.get(s.key)!;
    for (const j of selectIndices(m.length, s.n, 'random', stratumSeed(seed, s.key))) indices.push(m[j]!);
  }
  return { indices: indices.sort((a, b) => a - b), strata };
}

/** Draws as the object path did: population, digest, picked items and the indices of items with findings. */
export function referenceDraw(
  db: BetterSqlite3.Database,
  engagementId: number,
  actionTypes: readonly string[],
  n: number,
  method: SampleMethod,
  seed: string,
  stratify?: StratifyBy,
): ReferenceDraw {
  const refs = engagementScope(db, engagementId).exportRefs;
  const withEnvironment = stratify === 'environment';
  const q = db.prepare<
    (number | string)[],
    {
      pos: number;
      ts: string | null;
      action_type: string;
      agent_id: string | null;
      leaf_hash: Buffer;
      environment: string | null;
    }
  >(
    `SELECT pos, ts, action_type, agent_id, leaf_hash,
       ${withEnvironment ? "json_extract(CAST(line AS TEXT), '$.data.target.environment')" : 'NULL'} AS environment FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?)
       AND action_type IN (SELECT value FROM json_each(?))`,
  );
  const items: PopulationItem[] = [];
  for (const run of acceptedRuns(db, refs))
    for (const r of q.all(run.logId, run.from, run.logId, run.to, JSON.stringify(actionTypes))) {
      const item: PopulationItem = {
        origin: run.origin,
        seq: r.pos,
        ts: r.ts,
        action_type: r.action_type,
        agent_id: r.agent_id,
        leaf_hash: r.leaf_hash.toString('hex'),
      };
      if (withEnvironment) item.environment = r.environment;
      items.push(item);
    }
  items.sort((a, b) => (a.leaf_hash < b.leaf_hash ? -1 : a.leaf_hash > b.leaf_hash ? 1 : 0));
  const digest = createHash('sha256')
    .update(Buffer.from(items.map((it) => it.leaf_hash).join(''), 'hex'))
    .digest('hex');
  const keys = stratify ? items.map((it) => stratumKey(stratify, it)) : undefined;
  const picked = keys
    ? selectStratifiedByLists(keys, n, seed)
    : { indices: selectIndices(items.length, n, method as 'random' | 'systematic', seed) };
  const flagged = new Set(
    db
      .prepare<[string], { k: string }>(
        "SELECT x.origin || ':' || f.seq AS k FROM findings f JOIN exports x ON x.id = f.export_ref WHERE f.seq IS NOT NULL AND f.export_ref IN (SELECT value FROM json_each(?))",
      )
      .all(JSON.stringify(refs))
      .map((r) => r.k),
  );
  return {
    size: items.length,
    digest,
    items: picked.indices.map((index) => {
      const { origin, seq, ts, action_type, agent_id, leaf_hash } = items[index]!;
      return {
        origin,
        seq,
        ts,
        action_type,
        agent_id,
        leaf_hash,
        index,
        ...(keys ? { stratum: keys[index]! } : {}),
      };
    }),
    ...('strata' in picked ? { strata: picked.strata } : {}),
    riskIndices: items.flatMap((it, i) => (flagged.has(`${it.origin}:${it.seq}`) ? [i] : [])),
  };
}
