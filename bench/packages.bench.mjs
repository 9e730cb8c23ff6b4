// Compliance packages on the bench's 1M-entry store (issue 5 §6): package + PDF for an agent with
// 100,000 calls (the fewest-call agent above that, its period cut at its 100,000th call) under 5 s,
// the same agent's whole history for reference, and an organisation package under 30 s.
// Run by scripts/bench.mjs with BENCH_STORE and BENCH_OUT set.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = process.env.BENCH_STORE;
const out = process.env.BENCH_OUT ?? path.join(root, 'bench', 'out');
const cli = path.join(root, 'bin', 'crosscheck.js');

const top = spawnSync('sqlite3', [path.join(store, 'crosscheck.db'), "SELECT agent_id, count(*) FROM entries WHERE action_type = 'connector.called' GROUP BY agent_id HAVING count(*) >= 100000 ORDER BY count(*) LIMIT 1"], { encoding: 'utf8' });
const [agent, calls] = top.stdout.trim().split('|');

function timed(label, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', process.execPath, cli, ...args], { encoding: 'utf8', cwd: root });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    process.stderr.write(r.stderr);
    throw new Error(`${label} failed (exit ${r.status})`);
  }
  const secs = Number(m[1]);
  const rssMb = Number(m[2]) / 1024;
  process.stdout.write(`  ${label.padEnd(52)} ${secs.toFixed(2).padStart(7)} s   peak RSS ${rssMb.toFixed(0).padStart(4)} MB\n`);
  return { secs, rssMb };
}

const at = '2026-11-22T00:00:00.000Z';
// The target names an agent with 100,000 calls: the period ends at this agent's 100,000th call.
const cutTs = spawnSync('sqlite3', [path.join(store, 'crosscheck.db'), `SELECT ts FROM entries WHERE agent_id = '${agent}' AND action_type = 'connector.called' ORDER BY id LIMIT 1 OFFSET 99999`], { encoding: 'utf8' }).stdout.trim();
const cutJson = path.join(out, 'agent-100k.json');
const cutRun = timed('package + PDF, agent cut at its 100,000th call (target < 5 s)', ['package', '--agent', agent, '--store', store, '--to', cutTs, '--pdf', path.join(out, 'agent-100k.pdf'), '--json', cutJson, '--generated-at', at]);
const cutCalls = JSON.parse(readFileSync(cutJson, 'utf8')).execution.totals.calls;
process.stdout.write(`  (that package holds ${cutCalls.toLocaleString('en-US')} calls)\n`);
const agentRun = timed(`package + PDF, the same agent's whole ${Number(calls).toLocaleString('en-US')} calls`, ['package', '--agent', agent, '--store', store, '--pdf', path.join(out, 'agent.pdf'), '--generated-at', at]);
const orgRun = timed('organisation package over the store (target < 30 s)', ['package', '--org', '--store', store, '--json', path.join(out, 'org.json'), '--generated-at', at]);
process.stdout.write(`${JSON.stringify({ agent_calls: Number(calls), agent_100k_package_pdf: { ...cutRun, calls: cutCalls }, agent_package_pdf: agentRun, org_package: orgRun })}\n`);
