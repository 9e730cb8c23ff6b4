/**
 * The first pass of a sample (docs/sampling.md, "Speed"): a population held as raw data, not as
 * one object per member. Each member is its 32-byte leaf hash, its entry rowid and, when
 * stratified, an interned stratum code, in typed arrays, put in canonical order (leaf hash
 * ascending, equal hashes by rowid, which is the order the object path's stable sort kept) and
 * digested. Only the members a workpaper lists are then read as rows.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import type { AcceptedRun } from '../engagement/accepted-runs.js';
import { stratumKey, type StratifyBy } from './stratified.js';

type Db = BetterSqlite3.Database;

/** A population in canonical order: member i's leaf hash is `hashes[32i, 32i + 32)`, its entry rowid `ids[i]`. */
export interface PopulationIndex {
  size: number;
  hashes: Buffer;
  ids: Float64Array;
  /** With a stratification: member i is in stratum `keys[codes[i]]`. */
  codes?: Uint32Array;
  keys?: string[];
  /** SHA-256 over the raw leaf hashes in canonical order. */
  digest: string;
}

// Rowids are (log id << 40) + position; one chunk spans at most 2^16 positions, so a member is
// 34 bytes: its 32 of leaf hash, then its offset in the chunk (big-endian).
const CHUNK = 65536;
const RECORD_BYTES = 34;
const LOG_SHIFT = 2 ** 40;

// The same expressions the object path read the keys with; a month is grouped by its first seven
// characters, which fix the first seven UTF-16 code units the key is cut to.
const KEY_SQL: Record<StratifyBy, string> = {
  agent: 'agent_id',
  month: 'substr(ts, 1, 7)',
  environment: "json_extract(CAST(line AS TEXT), '$.data.target.environment')",
};

function scanSql(stratify: StratifyBy | undefined, raw: boolean): string {
  // One aggregate per chunk (per stratum value) keeps the per-member work inside SQLite: the
  // records come back as one value, not as a row object and a Buffer per member. Concatenated
  // as bytes they are half the size of hex; that needs text to be UTF-8, where SQLite passes a
  // blob's bytes through unchanged.
  const recs = raw
    ? "CAST(group_concat(leaf_hash || unhex(printf('%04X', id - @lo)), '') AS BLOB)"
    : "group_concat(hex(leaf_hash) || printf('%04X', id - @lo), '')";
  const where =
    'FROM entries WHERE id >= @lo AND id <= @hi AND action_type IN (SELECT value FROM json_each(@types))';
  return stratify
    ? `SELECT ${KEY_SQL[stratify] ?? 'NULL'} AS k, ${recs} AS recs ${where} GROUP BY 1`
    : `SELECT NULL AS k, ${recs} AS recs ${where}`;
}

interface Chunk {
  base: number;
  records: Buffer;
  code: number;
}

/** Reads the members of `actionTypes` in `runs` (leaf hash, rowid, stratum) and puts them in canonical order. */
export function scanPopulation(
  db: Db,
  runs: readonly AcceptedRun[],
  actionTypes: readonly string[],
  stratify?: StratifyBy,
): PopulationIndex {
  const raw = String(db.pragma('encoding', { simple: true })) === 'UTF-8';
  const q = db.prepare<
    { lo: number; hi: number; types: string },
    { k: unknown; recs: Buffer | string | null }
  >(scanSql(stratify, raw));
  const types = JSON.stringify(actionTypes);
  const chunks: Chunk[] = [];
  const codeOf = new Map<string, number>();
  const keys: string[] = [];
  let n = 0;
  for (const run of runs) {
    const first = run.logId * LOG_SHIFT + run.from;
    const last = run.logId * LOG_SHIFT + run.to;
    for (let lo = first; lo <= last; lo += CHUNK) {
      const hi = Math.min(last, lo + CHUNK - 1);
      for (const r of q.all({ lo, hi, types })) {
        if (!r.recs) continue;
        let code = 0;
        if (stratify) {
          const key = stratumKey(stratify, {
            agent_id: r.k as string | null,
            ts: r.k as string | null,
            environment: r.k as string | null,
          });
          code = codeOf.get(key) ?? -1;
          if (code < 0) {
            code = keys.push(key) - 1;
            codeOf.set(key, code);
          }
        }
        const records = typeof r.recs === 'string' ? Buffer.from(r.recs, 'hex') : r.recs;
        chunks.push({ base: lo, records, code });
        n += records.length / RECORD_BYTES;
      }
    }
  }
  const hashes = Buffer.from(new ArrayBuffer(n * 32));
  const ids = new Float64Array(n);
  const codes = stratify ? new Uint32Array(n) : undefined;
  let i = 0;
  // Byte loops, not Buffer#copy: a native call per member costs more than its 32 bytes.
  for (const c of chunks) {
    const rec = c.records;
    for (let off = 0; off < rec.length; off += RECORD_BYTES, i++) {
      for (let b = 0, to = i * 32; b < 32; b++) hashes[to + b] = rec[off + b]!;
      ids[i] = c.base + ((rec[off + 32]! << 8) | rec[off + 33]!);
      if (codes) codes[i] = c.code;
    }
  }
  return inCanonicalOrder(hashes, ids, codes, stratify ? keys : undefined);
}

/** Orders raw members canonically and digests them; `hashes` holds 32 bytes per member. */
export function inCanonicalOrder(
  hashes: Buffer,
  ids: Float64Array,
  codes?: Uint32Array,
  keys?: string[],
): PopulationIndex {
  const n = ids.length;
  const order = canonicalPermutation(hashes, ids);
  const sorted = Buffer.from(new ArrayBuffer(n * 32));
  const sortedIds = new Float64Array(n);
  const sortedCodes = codes ? new Uint32Array(n) : undefined;
  const from = words(hashes);
  const to = words(sorted)!;
  for (let j = 0; j < n; j++) {
    const o = order[j]!;
    if (from) for (let w = 0; w < 8; w++) to[j * 8 + w] = from[o * 8 + w]!;
    else for (let b = 0; b < 32; b++) sorted[j * 32 + b] = hashes[o * 32 + b]!;
    sortedIds[j] = ids[o]!;
    if (sortedCodes) sortedCodes[j] = codes![o]!;
  }
  return {
    size: n,
    hashes: sorted,
    ids: sortedIds,
    ...(sortedCodes ? { codes: sortedCodes, keys: keys ?? [] } : {}),
    digest: createHash('sha256').update(sorted).digest('hex'),
  };
}

/** A 32-bit view of the bytes when they are aligned for one (a pooled Buffer may not be). */
function words(b: Buffer): Uint32Array | undefined {
  return b.byteOffset % 4 === 0 ? new Uint32Array(b.buffer, b.byteOffset, b.length / 4) : undefined;
}

function compareMembers(hashes: Buffer, ids: Float64Array, a: number, b: number): number {
  return hashes.compare(hashes, b * 32, b * 32 + 32, a * 32, a * 32 + 32) || ids[a]! - ids[b]!;
}

/** The canonical order by comparison alone: leaf hash bytes ascending, then rowid. */
export function comparedPermutation(hashes: Buffer, ids: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: ids.length }, (_, i) => i);
  return order.sort((a, b) => compareMembers(hashes, ids, a, b));
}

/**
 * The canonical order as a permutation of member indices. A member's sort key is one 64-bit
 * integer, the top bits of its leaf hash with its index in the low bits, so the engine's native
 * numeric sort does the work; members whose hashes share those top bits (about one pair in a
 * hundred at a million) are then put in order by their whole hash and rowid.
 */
export function canonicalPermutation(hashes: Buffer, ids: Float64Array): Uint32Array {
  const n = ids.length;
  if (n === 0) return new Uint32Array(0);
  // The key's halves are written through a 32-bit view, which needs the platform's byte order.
  if (os.endianness() !== 'LE' || n > 2 ** 31) return comparedPermutation(hashes, ids);
  const bits = Math.max(1, Math.ceil(Math.log2(n)));
  const low = 2 ** bits - 1;
  const keys = new BigUint64Array(n);
  const w = new Uint32Array(keys.buffer);
  for (let i = 0; i < n; i++) {
    w[2 * i + 1] = hashes.readUInt32BE(i * 32);
    w[2 * i] = (hashes.readUInt32BE(i * 32 + 4) & ~low) | i;
  }
  keys.sort();
  const order = new Uint32Array(n);
  for (let j = 0; j < n; j++) order[j] = w[2 * j]! & low;
  for (let j = 0; j < n;) {
    let e = j + 1;
    while (e < n && w[2 * e + 1] === w[2 * j + 1] && (w[2 * e]! & ~low) === (w[2 * j]! & ~low)) e++;
    if (e - j > 1) order.subarray(j, e).sort((a, b) => compareMembers(hashes, ids, a, b));
    j = e;
  }
  return order;
}

/** Member i's leaf hash as hex. */
export function leafHex(pop: PopulationIndex, i: number): string {
  return pop.hashes.toString('hex', i * 32, i * 32 + 32);
}
