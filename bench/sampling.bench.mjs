// Audit sampling on the bench's 1M-entry store (issue 23 §5): drawing a sample of the largest
// population (connector calls, nearly every entry) under 1 s, by random, systematic and stratified
// selection, plus `sample verify` re-deriving it. Run by scripts/bench.mjs with BENCH_STORE set.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = process.env.BENCH_STORE;
const out = process.env.BENCH_OUT ?? path.join(root, 'bench', 'out');
const cli = path.join(root, 'bin', 'crosscheck.js');

function timed(label, args) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', process.execPath, cli, ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    process.stderr.write(r.stderr);
    throw new Error(`${label} failed (exit ${r.status})`);
  }
  const secs = Number(m[1]);
  const rssMb = Number(m[2]) / 1024;
  process.stdout.write(
    `  ${label.padEnd(52)} ${secs.toFixed(2).padStart(7)} s   peak RSS ${rssMb.toFixed(0).padStart(4)} MB\n`,
  );
  return { secs, rssMb };
}

// The selection step alone, on a population of exactly 1,000,000 items held in memory.
const sel = path.join(out, 'sampling-select.mjs');
spawnSync(
  path.join(root, 'node_modules', '.bin', 'esbuild'),
  [
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    'bench/sampling-select.ts',
    `--outfile=${sel}`,
    '--log-level=warning',
  ],
  { cwd: root, stdio: 'inherit' },
);
const select = JSON.parse(
  spawnSync(process.execPath, [sel], { encoding: 'utf8', cwd: root }).stdout.trim().split('\n').pop(),
);
for (const [k, v] of Object.entries(select))
  if (k.endsWith('_ms'))
    process.stdout.write(
      `  selection from 1,000,000 in memory: ${k.replace(/_ms$/, '').padEnd(30)} ${String(v).padStart(6)} ms\n`,
    );

const results = { select };
for (const [name, extra] of [
  ['random', ['--method', 'random']],
  ['systematic', ['--method', 'systematic']],
  ['stratified_agent', ['--method', 'stratified', '--stratify', 'agent']],
]) {
  const wp = path.join(out, `workpaper-${name}.json`);
  results[name] = timed(`sample, connector calls, ${name} (target < 1 s)`, [
    'sample',
    '--framework',
    'iso27001',
    '--control',
    '8.3',
    '--seed',
    'bench',
    '--engagement',
    '1',
    '--store',
    store,
    '--out',
    wp,
    ...extra,
  ]);
  results[name].population = JSON.parse(readFileSync(wp, 'utf8')).population.size;
}
process.stdout.write(
  `  (population: ${results.random.population.toLocaleString('en-US')} connector calls)\n`,
);
results.verify = timed('sample verify (re-derives population and sample)', [
  'sample',
  'verify',
  path.join(out, 'workpaper-stratified_agent.json'),
  '--store',
  store,
]);
process.stdout.write(`${JSON.stringify(results)}\n`);
