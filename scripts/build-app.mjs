// The app's build: the renderer (Vite → dist/renderer), `serve` and the import worker
// (esbuild → dist/), Electron main and preload (esbuild → dist/electron/). Called by scripts/build.mjs.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeChunks } from './chunks.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--node-only') ? 'node' : process.argv.includes('--renderer-only') ? 'renderer' : 'all';

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  // react-pdf and the PDF code load only when a PDF is rendered (see scripts/build.mjs).
  splitting: true,
  chunkNames: 'chunk-[name]-[hash]',
};

function copyMigrations(dir) {
  // The store finds its migrations beside the bundle that opens it (MIGRATIONS_DIR).
  mkdirSync(path.join(root, dir), { recursive: true });
  cpSync(path.join(root, 'electron/core/store/migrations'), path.join(root, dir, 'migrations'), { recursive: true });
}

if (only !== 'renderer') {
  await build({
    ...common,
    format: 'esm',
    outdir: 'dist',
    entryPoints: {
      serve: 'electron/serve/serve-cli.ts',
      'app-import-worker': 'electron/services/import-worker.ts',
      'app-bench': 'electron/services/bench/app-bench.ts',
      'app-import-bench': 'electron/services/bench/import-bench.ts',
      'frameworks-bench': 'electron/services/bench/frameworks-bench.ts',
    },
  });
  copyMigrations('dist');
  // The verification worker sits beside the app's bundles (the CLI build puts dist/'s there):
  // without it the desktop app's imports were verified on the import job's thread alone, one core
  // instead of two.
  removeChunks(path.join(root, 'dist/electron'));
  await build({
    ...common,
    format: 'esm',
    outdir: 'dist/electron',
    external: ['electron'],
    entryPoints: {
      main: 'electron/main/main.ts',
      'app-import-worker': 'electron/services/import-worker.ts',
      'line-worker': 'electron/core/verify/line-worker.ts',
    },
  });
  // A sandboxed preload runs as CommonJS and may require only `electron` and a few polyfilled
  // built-ins: everything else is bundled in (test/unit/preload-sandbox.test.ts loads it that way).
  await build({
    ...common,
    format: 'cjs',
    splitting: false,
    platform: 'node',
    packages: 'bundle',
    outfile: 'dist/electron/preload.cjs',
    external: ['electron'],
    entryPoints: ['electron/preload/preload.ts'],
  });
  copyMigrations('dist/electron');
}

if (only !== 'node') {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
