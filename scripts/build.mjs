// Bundles the Node side (CLI, workers, Electron main/preload) with esbuild, then the renderer with Vite.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { removeChunks } from './chunks.mjs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  cli: 'electron/cli/main.ts',
};
const optional = {
  'import-worker': 'electron/core/import/import-worker.ts',
  'line-worker': 'electron/core/verify/line-worker.ts',
};
for (const [name, file] of Object.entries(optional)) if (existsSync(path.join(root, file))) entries[name] = file;

// Code split into chunks: a dynamic import (react-pdf behind the PDF renderer) loads only when
// it runs, instead of at every command's start. Chunks sit beside the entries, so paths relative
// to a module (workers, migrations) resolve the same from either; old chunks go first.
removeChunks(path.join(root, 'dist'));
await build({
  absWorkingDir: root,
  entryPoints: entries,
  splitting: true,
  chunkNames: 'chunk-[name]-[hash]',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  jsx: 'automatic',
});

// SQL migrations are read at run time next to the bundle (dist/migrations).
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync(path.join(root, 'dist', 'migrations'), { recursive: true });
cpSync(path.join(root, 'electron/core/store/migrations'), path.join(root, 'dist', 'migrations'), { recursive: true });
// The app's own build steps (renderer via Vite, Electron main/preload) live beside this script.
if (existsSync(path.join(root, 'scripts/build-app.mjs')) && !process.argv.includes('--cli-only')) {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-app.mjs')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
