// `npm run bench`: the speed and memory targets, measured against baselines run on the same machine
// in the same run. Figures print as a table and land in bench/out/results.json.
//   BENCH_ENTRIES (default 1000000), BENCH_SMALL (default 250000) for the RSS-flatness run;
//   BENCH_CURVE (default 1000000,2000000; BENCH_CURVE_4M=1 adds 4000000) the sizes of the cost curve,
//   BENCH_CURVE=0 skips it; BENCH_SECTIONS=0 skips the bench/*.bench.mjs sections; BENCH_HEAVY=0 the
//   call-heavy variant; BENCH_MAIN=0 the default bundle's baselines and runs (its figures are then
//   kept from the last results.json), so a loaded machine can take the bench in parts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', 'out');
const N = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const MAIN = process.env.BENCH_MAIN !== '0';
const SMALL = Number(process.env.BENCH_SMALL ?? 250_000);
const node = process.execPath;
const cli = path.join(root, 'bin', 'crosscheck.js');
mkdirSync(out, { recursive: true });

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0 && !opts.allowFail) {
    process.stderr.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  }
  return r;
}

/**
 * Runs a command under GNU time: wall seconds and peak RSS (MB). Dirty pages the step before left
 * (the baselines write 2.8 GB) are flushed first, untimed, so the kernel's writeback does not
 * compete with the step being timed.
 */
function timed(label, cmd, args, opts = {}) {
  sh('sync', []);
  const r = sh('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], opts);
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  const secs = Number(m[1]);
  const rssMb = Number(m[2]) / 1024;
  process.stdout.write(`  ${label.padEnd(44)} ${secs.toFixed(2).padStart(8)} s   peak RSS ${rssMb.toFixed(0).padStart(5)} MB\n`);
  return { secs, rssMb, stdout: r.stdout };
}

function bundleFor(entries, tag = '', mixFlags = []) {
  const dir = path.join(out, `demo-${entries}${tag}`);
  if (!existsSync(path.join(dir, 'bundle', 'manifest.dsse.json'))) {
    rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`generating a ${entries.toLocaleString('en-US')}-entry bundle (cached in ${path.relative(root, dir)})…\n`);
    timed(`demo --entries ${entries} ${mixFlags.join(' ')}`.trim(), node, [cli, 'demo', '--out', dir, '--entries', String(entries), '--seed', 'bench', '--no-zip', ...mixFlags]);
  }
  return dir;
}

/** The call-heavy variant of issue 24: nearly all activity calls, more agents, many rules and configs each. */
const HEAVY_MIX = ['--calls', '0.98', '--agents', '12', '--rules-per-agent', '40', '--configs-per-agent', '4'];

function mb(file) {
  return statSync(file).size / 1e6;
}

if (!existsSync(path.join(root, 'dist', 'cli.js'))) sh('node', ['scripts/build.mjs'], { stdio: 'inherit' });

const results = { entries: N, date: new Date().toISOString(), cores: (await import('node:os')).cpus().length };
process.stdout.write(`\nCrosscheck benchmark — ${N.toLocaleString('en-US')} entries, ${results.cores} cores\n\n`);

const big = bundleFor(N);
const bundle = path.join(big, 'bundle');
const keyring = path.join(big, 'keyring.json');
const entriesFile = path.join(bundle, 'entries.jsonl');
const bundleMb = readdirSync(bundle).reduce((a, f) => a + mb(path.join(bundle, f)), 0);
process.stdout.write(`bundle: ${bundleMb.toFixed(0)} MB\n\nbaselines\n`);

// Baseline 1: sha256sum over the bundle's files.
const sha = !MAIN ? null : timed('sha256sum over the bundle', 'sha256sum', readdirSync(bundle).map((f) => path.join(bundle, f)));

// Baseline 2: the sqlite3 CLI's .import of the same rows into the same tables and indexes.
const csvE = path.join(out, `entries-${N}.csv`);
const csvS = path.join(out, `search-${N}.csv`);
// Rebuilt every run: the search text it writes comes from the importer's own code.
sh('node_modules/.bin/esbuild', ['--bundle', '--platform=node', '--format=esm', '--packages=external', 'bench/baseline-csv.ts', `--outfile=${path.join(out, 'baseline-csv.mjs')}`, '--log-level=warning']);
if (!existsSync(csvE) || !existsSync(csvS)) sh(node, [path.join(out, 'baseline-csv.mjs'), entriesFile, csvE, csvS]);
// The page size a new store gets: read from the header of a store the CLI creates by importing
// the bundled sample (bytes 16–17, big-endian; 1 stands for 65536).
const probeStore = path.join(out, 'store-probe');
rmSync(probeStore, { recursive: true, force: true });
sh(node, [cli, 'import', path.join(root, 'resources', 'sample', 'bundle'), '--keyring', path.join(root, 'resources', 'sample', 'keyring.json'), '--store', probeStore]);
const header = readFileSync(path.join(probeStore, 'crosscheck.db')).subarray(16, 18);
const STORE_PAGE_SIZE = header.readUInt16BE(0) === 1 ? 65536 : header.readUInt16BE(0);
rmSync(probeStore, { recursive: true, force: true });
const baseDb = path.join(out, 'baseline.db');
rmSync(baseDb, { force: true });
const schema = `CREATE TABLE entries (id INTEGER PRIMARY KEY, seq INTEGER, ts TEXT, agent_id TEXT, actor_type TEXT, actor_id TEXT, action_type TEXT, verdict TEXT, status TEXT, leaf_hash BLOB NOT NULL, line BLOB NOT NULL);
CREATE INDEX entries_agent ON entries(agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX entries_action ON entries(action_type, id, leaf_hash, agent_id, ts);
CREATE INDEX entries_verdict ON entries(verdict) WHERE verdict IS NOT NULL;
CREATE INDEX entries_status ON entries(status) WHERE status IS NOT NULL;
CREATE INDEX entries_ts ON entries(ts);
CREATE TABLE entry_search (id INTEGER PRIMARY KEY, text TEXT NOT NULL);`;
sh('sqlite3', [baseDb, schema]);
const base = !MAIN ? null : timed('sqlite3 .import (same rows, same indexes)', 'sqlite3', [baseDb, '.mode csv', `.import ${csvE} entries`, `.import ${csvS} entry_search`]);
// The same with the page size Crosscheck gives a new store (the sqlite3 default is 4 KiB): shown
// beside the target's baseline, so the ratio can also be read like for like.
rmSync(baseDb, { force: true });
sh('sqlite3', [baseDb, `PRAGMA page_size = ${STORE_PAGE_SIZE};\n${schema}`]);
const base16 = !MAIN ? null : timed(`  the same with ${STORE_PAGE_SIZE / 1024} KiB pages (as the store)`, 'sqlite3', [baseDb, '.mode csv', `.import ${csvE} entries`, `.import ${csvS} entry_search`]);
rmSync(baseDb, { force: true });

const store = path.join(out, 'store-1m');
const appStore = path.join(out, 'store-app');
const appBench = path.join(root, 'dist', 'app-import-bench.js');
if (!existsSync(appBench)) sh(node, [path.join(root, 'scripts', 'build-app.mjs'), '--node-only'], { stdio: 'inherit' });
let imp = null;
if (MAIN) {
process.stdout.write('\ncrosscheck\n');
const vNo = timed('verify --no-eval', node, [cli, 'verify', bundle, '--keyring', keyring, '--no-eval', '--json'], { allowFail: true });
const vEval = timed('verify (with re-evaluation)', node, [cli, 'verify', bundle, '--keyring', keyring, '--json'], { allowFail: true });
const status = JSON.parse(vEval.stdout).integrity.status;
rmSync(store, { recursive: true, force: true });
imp = timed('import (full verification + re-evaluation)', node, [cli, 'import', bundle, '--keyring', keyring, '--store', store]);
// What a user of the app waits for (issue 24): the import through the app's services, as the UI
// starts it, until the search index and the explanations' snapshots have caught up.
rmSync(appStore, { recursive: true, force: true });
const searchable = timed('import until searchable (app service path)', node, [appBench, bundle, keyring, appStore]);
const searchablePhases = JSON.parse(searchable.stdout.trim().split('\n').pop());
process.stdout.write(`    (job done after ${searchablePhases.imported_s.toFixed(2)} s; phases from the start: ${Object.entries(searchablePhases.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})\n`);

const small = bundleFor(SMALL);
const smallStore = path.join(out, 'store-small');
rmSync(smallStore, { recursive: true, force: true });
const impSmall = timed(`import of ${SMALL.toLocaleString('en-US')} entries (RSS flatness)`, node, [cli, 'import', path.join(small, 'bundle'), '--keyring', path.join(small, 'keyring.json'), '--store', smallStore]);
rmSync(smallStore, { recursive: true, force: true });

const rate = (s) => Math.round(N / s).toLocaleString('en-US');
const mbs = (s) => (bundleMb / s).toFixed(0);
const rows = [
  ['verify --no-eval', `${rate(vNo.secs)} entries/s, ${mbs(vNo.secs)} MB/s`, `${(vNo.secs / sha.secs).toFixed(2)}× sha256sum`, `${vNo.rssMb.toFixed(0)} MB`],
  ['verify', `${rate(vEval.secs)} entries/s, ${mbs(vEval.secs)} MB/s`, `re-evaluation adds ${(((vEval.secs / vNo.secs) - 1) * 100).toFixed(0)}% (target ≤ 30%)`, `${vEval.rssMb.toFixed(0)} MB`],
  ['import', `${rate(imp.secs)} entries/s, ${mbs(imp.secs)} MB/s`, `${(imp.secs / base.secs).toFixed(2)}× sqlite3 .import (target ≤ 0.70)`, `${imp.rssMb.toFixed(0)} MB (target < 400)`],
  ['', '', `${(imp.secs / base16.secs).toFixed(2)}× it with ${STORE_PAGE_SIZE / 1024} KiB pages`, ''],
  ['searchable', `${rate(searchable.secs)} entries/s`, `${(searchable.secs / base16.secs).toFixed(2)}× sqlite3 .import, ${STORE_PAGE_SIZE / 1024} KiB pages (target ≤ 1.0)`, `${searchable.rssMb.toFixed(0)} MB`],
  ['', '', `${(searchable.secs / base.secs).toFixed(2)}× it with 4 KiB pages`, ''],
  [`import ${SMALL.toLocaleString('en-US')}`, `${Math.round(SMALL / impSmall.secs).toLocaleString('en-US')} entries/s`, `RSS ${(imp.rssMb / impSmall.rssMb).toFixed(2)}× at ${(N / SMALL).toFixed(0)}× the entries`, `${impSmall.rssMb.toFixed(0)} MB`],
];
process.stdout.write(`\nresults (verify said ${status})\n`);
for (const r of rows) process.stdout.write(`  ${r[0].padEnd(16)} ${r[1].padEnd(34)} ${r[2].padEnd(46)} ${r[3] ? `peak RSS ${r[3]}` : ''}`.trimEnd() + '\n');
Object.assign(results, {
  bundle_mb: bundleMb,
  baselines: { sha256sum_s: sha.secs, sqlite3_import_s: base.secs, sqlite3_import_store_pages_s: base16.secs, store_page_size: STORE_PAGE_SIZE },
  verify_no_eval: vNo,
  verify: { ...vEval, stdout: undefined },
  import: { ...imp, stdout: undefined },
  import_small: { entries: SMALL, ...impSmall, stdout: undefined },
  import_searchable: { secs: searchable.secs, rssMb: searchable.rssMb, ...searchablePhases },
  ratios: {
    import_vs_sqlite3: imp.secs / base.secs,
    import_vs_sqlite3_store_pages: imp.secs / base16.secs,
    import_searchable_vs_sqlite3: searchable.secs / base.secs,
    import_searchable_vs_sqlite3_store_pages: searchable.secs / base16.secs,
    eval_overhead: vEval.secs / vNo.secs - 1,
    verify_vs_sha256sum: vNo.secs / sha.secs,
  },
});
delete results.verify_no_eval.stdout;
} else if (existsSync(path.join(out, 'results.json'))) {
  // Only some parts run: the others' figures stay as the last full run left them.
  const last = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  for (const [k, v] of Object.entries(last)) if (!(k in results)) results[k] = v;
}

// The call-heavy shape (issue 24): re-evaluation overhead and the imports on it too.
if (process.env.BENCH_HEAVY !== '0') {
  const heavy = bundleFor(N, '-heavy', HEAVY_MIX);
  const hb = path.join(heavy, 'bundle');
  const hk = path.join(heavy, 'keyring.json');
  const byType = JSON.parse(readFileSync(path.join(heavy, 'expected.json'), 'utf8')).entries_by_action_type;
  const callShare = byType['connector.called'] / Object.values(byType).reduce((a, b) => a + b, 0);
  process.stdout.write(`\ncall-heavy variant (${HEAVY_MIX.join(' ')}: ${(callShare * 100).toFixed(0)}% calls)\n`);
  const hNo = timed('verify --no-eval', node, [cli, 'verify', hb, '--keyring', hk, '--no-eval', '--json'], { allowFail: true });
  const hEval = timed('verify (with re-evaluation)', node, [cli, 'verify', hb, '--keyring', hk, '--json'], { allowFail: true });
  const hs = path.join(out, 'store-heavy');
  rmSync(hs, { recursive: true, force: true });
  // The fair baseline of these rows: the same sqlite3 .import with the store's pages.
  const hE = path.join(out, `entries-${N}-heavy.csv`);
  const hS = path.join(out, `search-${N}-heavy.csv`);
  if (!existsSync(hE) || !existsSync(hS)) sh(node, [path.join(out, 'baseline-csv.mjs'), path.join(hb, 'entries.jsonl'), hE, hS]);
  rmSync(baseDb, { force: true });
  sh('sqlite3', [baseDb, `PRAGMA page_size = ${STORE_PAGE_SIZE};\n${schema}`]);
  const hBase = timed(`sqlite3 .import, ${STORE_PAGE_SIZE / 1024} KiB pages (same rows)`, 'sqlite3', [baseDb, '.mode csv', `.import ${hE} entries`, `.import ${hS} entry_search`]);
  rmSync(baseDb, { force: true });
  const hImp = timed('import (full verification + re-evaluation)', node, [cli, 'import', hb, '--keyring', hk, '--store', hs]);
  rmSync(hs, { recursive: true, force: true });
  const hSearch = timed('import until searchable (app service path)', node, [appBench, hb, hk, hs]);
  rmSync(hs, { recursive: true, force: true });
  process.stdout.write(
    `  re-evaluation adds ${((hEval.secs / hNo.secs - 1) * 100).toFixed(0)}% (target ≤ 30%); import ${(hImp.secs / hBase.secs).toFixed(2)}×, searchable ${(hSearch.secs / hBase.secs).toFixed(2)}× (target ≤ 1.0) the sqlite3 baseline of the same rows with ${STORE_PAGE_SIZE / 1024} KiB pages\n`,
  );
  results.heavy = {
    mix: HEAVY_MIX.join(' '),
    call_share: callShare,
    sqlite3_import_store_pages_s: hBase.secs,
    import_vs_sqlite3_store_pages: hImp.secs / hBase.secs,
    import_searchable_vs_sqlite3_store_pages: hSearch.secs / hBase.secs,
    verify_no_eval_s: hNo.secs,
    verify_s: hEval.secs,
    eval_overhead: hEval.secs / hNo.secs - 1,
    import_s: hImp.secs,
    import_rss_mb: hImp.rssMb,
    import_searchable_s: hSearch.secs,
    import_searchable_rss_mb: hSearch.rssMb,
  };
}

// Cost curve (issue 24): the CLI import at growing sizes, entries/s and peak RSS at each; the
// size the bench already imported reuses that figure.
const curveSizes = process.env.BENCH_CURVE === '0' ? [] : (process.env.BENCH_CURVE ?? '1000000,2000000').split(',').map(Number).concat(process.env.BENCH_CURVE_4M === '1' ? [4_000_000] : []);
results.curve = [];
if (curveSizes.length) process.stdout.write('\ncost curve (crosscheck import)\n');
for (const n of [...new Set(curveSizes)].sort((a, b) => a - b)) {
  let run = imp;
  if (n !== N || !run) {
    const d = bundleFor(n);
    const s = path.join(out, 'store-curve');
    rmSync(s, { recursive: true, force: true });
    run = timed(`import of ${n.toLocaleString('en-US')} entries`, node, [cli, 'import', path.join(d, 'bundle'), '--keyring', path.join(d, 'keyring.json'), '--store', s]);
    rmSync(s, { recursive: true, force: true });
  }
  results.curve.push({ entries: n, entries_per_s: Math.round(n / run.secs), peak_rss_mb: Math.round(run.rssMb), secs: run.secs });
  process.stdout.write(`  ${n.toLocaleString('en-US').padStart(10)} entries   ${Math.round(n / run.secs).toLocaleString('en-US').padStart(8)} entries/s   peak RSS ${run.rssMb.toFixed(0)} MB\n`);
}
if (results.curve.length > 1) {
  const r = results.curve.map((c) => c.entries_per_s);
  results.ratios ??= {};
  results.ratios.curve_throughput_spread = Math.max(...r) / Math.min(...r) - 1;
  process.stdout.write(`  throughput spread ${(results.ratios.curve_throughput_spread * 100).toFixed(0)}% (target within 15%), peak RSS max ${Math.max(...results.curve.map((c) => c.peak_rss_mb))} MB (target < 400)\n`);
}

// Sections other parts of the product add: bench/*.bench.mjs, each given the 1M-entry store.
for (const f of process.env.BENCH_SECTIONS === '0' ? [] : readdirSync(path.join(root, 'bench')).filter((x) => x.endsWith('.bench.mjs')).sort()) {
  process.stdout.write(`\n${f}\n`);
  // A section that fails or hangs is reported, not allowed to sink the figures already taken.
  const r = sh(node, [path.join(root, 'bench', f)], { env: { ...process.env, BENCH_STORE: appStore, BENCH_BUNDLE: bundle, BENCH_KEYRING: keyring, BENCH_OUT: out }, stdio: ['ignore', 'pipe', 'inherit'], allowFail: true, timeout: 15 * 60 * 1000, killSignal: 'SIGKILL' });
  process.stdout.write(r.stdout ?? '');
  if (r.status !== 0) process.stdout.write(`  ${f} did not finish (${r.signal ? `killed after the 15-minute limit` : `exit ${r.status}`})\n`);
  try {
    results[f] = JSON.parse(r.stdout.split('\n').filter((l) => l.startsWith('{')).pop() ?? 'null');
  } catch {
    results[f] = null;
  }
}
writeFileSync(path.join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nwritten: ${path.relative(root, path.join(out, 'results.json'))}\n`);
