// A customer's 300-question workbook filled against the bench's 1M-entry store (issue 22 §4:
// under 10 s), timed as the auditor runs it: `crosscheck questionnaire fill`, the workbook read,
// every question matched and answered from the engagement's evidence, the filled copy written.
// Run by scripts/bench.mjs with BENCH_STORE and BENCH_OUT set (it adds one custody record).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const store = process.env.BENCH_STORE;
const out = process.env.BENCH_OUT ?? path.join(root, 'bench', 'out');
const cli = path.join(root, 'bin', 'crosscheck.js');
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 300);
if (!store) throw new Error('BENCH_STORE names the store to fill against');
mkdirSync(out, { recursive: true });

function run(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', process.execPath, cli, ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) {
    process.stderr.write(r.stderr);
    throw new Error(`crosscheck ${args[0]} ${args[1]} failed (exit ${r.status})`);
  }
  return { secs: Number(m[1]), rssMb: Number(m[2]) / 1024 };
}

const workbook = path.join(out, `questionnaire-${QUESTIONS}.xlsx`);
run(['questionnaire', 'sample', '--layout', 'caiq', '--questions', String(QUESTIONS), '--out', workbook]);
const report = path.join(out, `questionnaire-${QUESTIONS}.json`);
const fill = run([
  'questionnaire',
  'fill',
  workbook,
  '--store',
  store,
  '--out',
  path.join(out, `questionnaire-${QUESTIONS}-filled.xlsx`),
  '--json',
  report,
]);
const r = JSON.parse(readFileSync(report, 'utf8'));
const entries = spawnSync('sqlite3', [path.join(store, 'crosscheck.db'), 'SELECT count(*) FROM entries'], {
  encoding: 'utf8',
}).stdout.trim();
process.stdout.write(
  `  ${`questionnaire fill, ${r.questions} questions, ${Number(entries).toLocaleString('en-US')}-entry store (target < 10 s)`.padEnd(60)} ${fill.secs.toFixed(2).padStart(7)} s   peak RSS ${fill.rssMb.toFixed(0).padStart(4)} MB\n` +
    `  (matched ${r.matchedById} by id, ${r.matchedByText} by text, ${r.unmatched} unmatched; answers ${JSON.stringify(r.answers)})\n`,
);
process.stdout.write(
  `${JSON.stringify({ questions: r.questions, store_entries: Number(entries), fill, target_s: 10, answers: r.answers })}\n`,
);
