/**
 * The selection step of audit sampling on a population of BENCH_POPULATION (default 1,000,000)
 * items held in memory: canonical order + digest, then random, systematic and stratified (by
 * agent and by month) selection of 59. Prints one JSON line of milliseconds.
 */
import { createHash } from 'node:crypto';
import { canonicalOrder, pickSample, type PopulationItem } from '../electron/core/sampling/workpaper.js';

const n = Number(process.env.BENCH_POPULATION ?? 1_000_000);
const agents = Array.from({ length: 40 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
const items: PopulationItem[] = Array.from({ length: n }, (_, i) => ({
  origin: 'bench',
  seq: i,
  ts: `2026-${String((i % 12) + 1).padStart(2, '0')}-01T00:00:00.000Z`,
  action_type: 'connector.called',
  agent_id: agents[i % agents.length]!,
  leaf_hash: createHash('sha256').update(String(i)).digest('hex'),
}));

function ms(f: () => unknown): number {
  const t = performance.now();
  f();
  return Math.round(performance.now() - t);
}

const out = {
  population: n,
  order_and_digest_ms: ms(() => canonicalOrder(items)),
  random_ms: ms(() => pickSample(items, 59, 'random', 'bench')),
  systematic_ms: ms(() => pickSample(items, 59, 'systematic', 'bench')),
  stratified_agent_ms: ms(() => pickSample(items, 59, 'stratified', 'bench', 'agent')),
  stratified_month_ms: ms(() => pickSample(items, 59, 'stratified', 'bench', 'month')),
};
process.stdout.write(`${JSON.stringify(out)}\n`);
