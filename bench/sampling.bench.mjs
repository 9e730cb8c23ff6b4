// Audit sampling on the bench's 1M-entry store (issue 23 §5): drawing a sample of the largest
// population (connector calls, nearly every entry) under 1 s, by random, systematic and stratified
// selection, plus `sample verify` re-deriving it. Run by scripts/bench.mjs with BENCH_STORE set.
// BENCH_BASELINE_CLI (another build's bin/crosscheck.js) with BENCH_BASELINE_STORE (a store that
// build can open) runs each command with both, alternating, BENCH_ROUNDS times (default 1), and
// checks that both draw the same workpaper (all but generated_at).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = process.env.BENCH_STORE;
const out = process.env.BENCH_OUT ?? path.join(root, 'bench', 'out');
const out_ = out;
const cli = path.join(root, 'bin', 'crosscheck.js');
const baseCli = process.env.BENCH_BASELINE_CLI;
const baseStore = process.env.BENCH_BASELINE_STORE;
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const TARGET_S = 1;

function timed(label, args, bin = cli) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', process.execPath, bin, ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  const m = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    process.stderr.write(r.stderr);
    throw new Error(`${label} failed (exit ${r.status})`);
  }
  const secs = Number(m[1]);
  const rssMb = Number(m[2]) / 1024;
  const cpuSecs = Number(m[3]) + Number(m[4]);
  process.stdout.write(
    `  ${label.padEnd(58)} ${secs.toFixed(2).padStart(6)} s (${(secs / TARGET_S).toFixed(2)}× the ${TARGET_S} s target; cpu ${cpuSecs.toFixed(2)} s)   peak RSS ${rssMb.toFixed(0).padStart(4)} MB\n`,
  );
  return { secs, cpuSecs, rssMb };
}

const withoutTime = (file) => {
  const w = JSON.parse(readFileSync(file, 'utf8'));
  delete w.generated_at;
  return JSON.stringify(w);
};

/** Runs one command with this build and, when given, the baseline build, alternating; keeps the best of each. */
function compared(name, label, args, outFlag) {
  const best = {};
  for (let round = 0; round < rounds; round++)
    for (const [who, bin, st] of [
      ...(baseCli ? [['baseline', baseCli, baseStore]] : []),
      ['this build', cli, store],
    ]) {
      const out = outFlag
        ? ['--out', path.join(out_, `${name}-${who === 'baseline' ? 'base' : 'new'}.json`)]
        : [];
      const r = timed(`${label} [${who}]`, [...args(st), ...out], bin);
      if (!best[who] || r.secs < best[who].secs) best[who] = r;
    }
  if (baseCli && outFlag) {
    const same =
      withoutTime(path.join(out_, `${name}-base.json`)) === withoutTime(path.join(out_, `${name}-new.json`));
    process.stdout.write(`    same workpaper as the baseline: ${same ? 'yes' : 'NO'}\n`);
    if (!same) process.exitCode = 1;
  }
  return { ...best['this build'], ...(baseCli ? { baseline: best.baseline } : {}) };
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
  ['stratified_month', ['--method', 'stratified', '--stratify', 'month']],
]) {
  results[name] = compared(
    `workpaper-${name}`,
    `sample, connector calls, ${name}`,
    (st) => [
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
      st,
      ...extra,
    ],
    true,
  );
  results[name].population = JSON.parse(
    readFileSync(path.join(out, `workpaper-${name}-new.json`), 'utf8'),
  ).population.size;
}
process.stdout.write(
  `  (population: ${results.random.population.toLocaleString('en-US')} connector calls)\n`,
);
results.verify = compared('verify', 'sample verify (re-derives population and sample)', (st) => [
  'sample',
  'verify',
  path.join(out, 'workpaper-stratified_agent-new.json'),
  '--store',
  st,
]);
process.stdout.write(`${JSON.stringify(results)}\n`);
