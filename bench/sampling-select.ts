/**
 * The selection step of audit sampling on a population of BENCH_POPULATION (default 1,000,000)
 * members held as raw data (32-byte leaf hash, rowid, stratum code), as the first pass of
 * `crosscheck sample` holds them: canonical order + digest, then random, systematic and
 * stratified (by agent and by month) selection of 59. Prints one JSON line of milliseconds.
 */
import { createHash } from 'node:crypto';
import { inCanonicalOrder, type PopulationIndex } from '../electron/core/sampling/population-scan.js';
import { pickSample } from '../electron/core/sampling/workpaper.js';

const n = Number(process.env.BENCH_POPULATION ?? 1_000_000);
const hashes = Buffer.alloc(n * 32);
const ids = new Float64Array(n);
const agentCodes = new Uint32Array(n);
const monthCodes = new Uint32Array(n);
for (let i = 0; i < n; i++) {
  createHash('sha256')
    .update(String(i))
    .digest()
    .copy(hashes, i * 32);
  ids[i] = 2 ** 40 + i;
  agentCodes[i] = i % 40;
  monthCodes[i] = i % 12;
}
const agents = Array.from({ length: 40 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function ms(f: () => unknown): number {
  const t = performance.now();
  f();
  return Math.round(performance.now() - t);
}

let pop: PopulationIndex | undefined;
// The same members keyed by month instead of agent (their order is the same; only the codes differ).
const byMonth = inCanonicalOrder(hashes, ids, monthCodes, months);
const out = {
  population: n,
  order_and_digest_ms: ms(() => (pop = inCanonicalOrder(hashes, ids, agentCodes, agents))),
  random_ms: ms(() => pickSample(pop!, 59, 'random', 'bench')),
  systematic_ms: ms(() => pickSample(pop!, 59, 'systematic', 'bench')),
  stratified_agent_ms: ms(() => pickSample(pop!, 59, 'stratified', 'bench')),
  stratified_month_ms: ms(() => pickSample(byMonth, 59, 'stratified', 'bench')),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
