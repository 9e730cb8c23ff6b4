// Coverage of both frameworks plus the SoA draft on the bench's 1M-entry store (issue 21 §6): < 2 s median.
// Run by scripts/bench.mjs with BENCH_STORE set; the measuring code is electron/services/bench/frameworks-bench.ts.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bench = path.join(root, 'dist', 'frameworks-bench.js');
if (!existsSync(bench))
  spawnSync(process.execPath, [path.join(root, 'scripts', 'build-app.mjs'), '--node-only'], {
    stdio: 'inherit',
    cwd: root,
  });
const r = spawnSync(process.execPath, [bench, process.env.BENCH_STORE ?? ''], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
process.stdout.write(r.stdout ?? '');
process.exit(r.status ?? 1);
