/**
 * Import benchmark, run on demand: CROSSCHECK_BENCH=1 [CROSSCHECK_BENCH_ENTRIES=1000000] npx vitest run test/integration/import-bench.test.ts
 * Generates a demo export, imports it in a child process (peak RSS and wall time as the CLI would
 * see them), runs `sqlite3` `.import` of the same rows into the same table and indexes, and times
 * the app's deep paging and search. Prints the numbers; asserts only the paging budget.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { MIGRATIONS_DIR } from '../../electron/core/store/migrations.js';
import { openStore } from '../../electron/core/store/store.js';
import { exportLines } from '../../electron/services/queries/export-lines.js';
import { queryEntries } from '../../electron/services/queries/entries-queries.js';
import { DerivedCache } from '../../electron/services/queries/derived-cache.js';
import { REPO_ROOT } from '../support/paths.js';

const ENABLED = process.env.CROSSCHECK_BENCH === '1';
const ENTRIES = Number(process.env.CROSSCHECK_BENCH_ENTRIES ?? 100_000);
const root = mkdtempSync(path.join(os.tmpdir(), 'cc-bench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ESBUILD = path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild');
const NODE = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');

/** Bundles the import child, and the verifier's line worker beside it as a production build would. */
function buildChild(): string {
  const dir = path.join(REPO_ROOT, 'node_modules', '.cache', 'crosscheck-store-bench');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  const entry = path.join(root, 'bench-child.ts');
  writeFileSync(
    entry,
    `import { readFileSync } from 'node:fs';
import { importBundle } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/import/import-bundle.ts'))};
import { openStore } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/store/store.ts'))};
const [storeDir, bundle, keyringFile, migrationsDir] = process.argv.slice(2);
const t0 = performance.now();
const store = openStore(storeDir, { migrationsDir });
const r = await importBundle(store, bundle, { keyring: JSON.parse(readFileSync(keyringFile, 'utf8')) });
const imported = performance.now() - t0;
store.close();
const closed = performance.now() - t0;
process.stdout.write(JSON.stringify({ integrity: r.integrity, newEntries: r.newEntries, importMs: imported, withCloseMs: closed, maxRssMB: process.resourceUsage().maxRSS / 1024, cpu: process.cpuUsage() }));
`,
  );
  const out = path.join(dir, 'bench-child.js');
  const common = [
    '--bundle',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    '--log-level=warning',
  ];
  execFileSync(ESBUILD, [entry, ...common, `--outfile=${out}`]);
  execFileSync(ESBUILD, [
    path.join(REPO_ROOT, 'electron/core/verify/line-worker.ts'),
    ...common,
    `--outfile=${path.join(dir, 'line-worker.js')}`,
  ]);
  return out;
}

describe.skipIf(!ENABLED)(`import benchmark (${ENTRIES} entries)`, () => {
  it('imports, compares with sqlite3 .import, and pages deep within budget', async () => {
    const demo = await generateDemo({
      outDir: path.join(root, 'demo'),
      entries: ENTRIES,
      seed: 7,
      zip: false,
    });
    const child = buildChild();
    const storeDir = path.join(root, 'store');
    const run = spawnSync(NODE, [child, storeDir, demo.bundleDir, demo.keyringPath, MIGRATIONS_DIR], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
    expect(run.status, run.stderr).toBe(0);
    const imp = JSON.parse(run.stdout) as {
      integrity: string;
      newEntries: number;
      importMs: number;
      withCloseMs: number;
      maxRssMB: number;
      cpu: { user: number; system: number };
    };
    expect(imp.newEntries).toBe(ENTRIES);

    // The same rows, the same table and indexes, through the sqlite3 CLI.
    const csv = path.join(root, 'rows.csv');
    const db = path.join(storeDir, 'crosscheck.db');
    execFileSync('sqlite3', [
      '-csv',
      db,
      `.output ${csv}`,
      'SELECT id, seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, leaf_hash, CAST(line AS TEXT) FROM entries',
    ]);
    const ddl = [
      'CREATE TABLE entries (id INTEGER PRIMARY KEY, seq INTEGER, ts TEXT, agent_id TEXT, actor_type TEXT, actor_id TEXT, action_type TEXT, verdict TEXT, status TEXT, leaf_hash BLOB NOT NULL, line BLOB NOT NULL);',
      'CREATE INDEX entries_agent ON entries(agent_id) WHERE agent_id IS NOT NULL;',
      'CREATE INDEX entries_action ON entries(action_type, id, leaf_hash, agent_id, ts);',
      'CREATE INDEX entries_verdict ON entries(verdict) WHERE verdict IS NOT NULL;',
      'CREATE INDEX entries_status ON entries(status) WHERE status IS NOT NULL;',
      'CREATE INDEX entries_ts ON entries(ts);',
      '.mode csv',
      `.import ${csv} entries`,
    ].join('\n');
    const cliDb = path.join(root, 'cli.db');
    const t0 = performance.now();
    const cli = spawnSync('sqlite3', [cliDb], { input: ddl, encoding: 'utf8' });
    const cliMs = performance.now() - t0;
    expect(cli.status, cli.stderr).toBe(0);

    const store = openStore(storeDir);
    const ref = 1;
    const deep = Math.floor(ENTRIES * 0.9);
    let t = performance.now();
    const page = exportLines(store, ref, deep - 1, 100);
    const pageMs = performance.now() - t;
    t = performance.now();
    // The entry list's own query (offset paging, as the app pages it).
    const filtered = queryEntries(
      store,
      new DerivedCache(store),
      { exportRef: String(ref), verdict: 'DENY' },
      0,
      100,
    );
    const filteredMs = performance.now() - t;
    t = performance.now();
    queryEntries(
      store,
      new DerivedCache(store),
      { exportRef: String(ref), text: 'no-such-text-anywhere' },
      0,
      100,
    );
    const searchMs = performance.now() - t;
    store.close();

    const lines = [
      `entries                 ${ENTRIES}`,
      `import (verify+store)   ${imp.importMs.toFixed(0)} ms  (${imp.withCloseMs.toFixed(0)} ms with close/checkpoint), integrity ${imp.integrity}`,
      `  cpu user/sys          ${(imp.cpu.user / 1000).toFixed(0)} / ${(imp.cpu.system / 1000).toFixed(0)} ms (all threads)`,
      `  peak RSS              ${imp.maxRssMB.toFixed(0)} MB`,
      `sqlite3 .import         ${cliMs.toFixed(0)} ms  → ratio ${(imp.importMs / cliMs).toFixed(2)}× (target ≤ 0.7×)`,
      `page at ${deep}          ${pageMs.toFixed(1)} ms (${page.rows.length} rows)`,
      `DENY first page         ${filteredMs.toFixed(1)} ms (${filtered.rows.length} rows)`,
      `text search, no match   ${searchMs.toFixed(1)} ms (full scan)`,
    ];
    console.log(lines.join('\n'));
    expect(pageMs).toBeLessThan(100);
    expect(filteredMs).toBeLessThan(100);
  }, 1_800_000);
});
