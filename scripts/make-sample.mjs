// Writes resources/sample/ (the sample export `npm start` and the README use) with the demo
// generator: 2000 entries of seed 1, folder + zip + keyring + expected.json.
// `--check` regenerates into a temporary folder and fails when the committed files differ, so the
// sample can never drift from the generator.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'resources', 'sample');
const check = process.argv.includes('--check');

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-sample-'));
try {
  const bundled = path.join(tmp, 'generate-demo.mjs');
  await build({
    absWorkingDir: root,
    entryPoints: ['electron/core/demo/generate-demo.ts'],
    outfile: bundled,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    // Resolve yazl from the repository, not from the temporary folder.
    packages: 'external',
    logLevel: 'warning',
  });
  const shim = path.join(root, 'node_modules', '.crosscheck-make-sample.mjs');
  const code = readFileSync(bundled, 'utf8');
  writeFileSync(shim, code);
  try {
    const { generateDemo } = await import(pathToFileURL(shim).href);
    const out = check ? path.join(tmp, 'sample') : target;
    const r = await generateDemo({ outDir: out, entries: 2000, seed: 1 });
    if (check) {
      const diffs = compareTrees(out, target);
      if (diffs.length > 0) {
        process.stderr.write(`resources/sample is stale (${diffs.join(', ')}); run node scripts/make-sample.mjs\n`);
        process.exitCode = 1;
      } else {
        process.stdout.write('resources/sample matches the generator\n');
      }
    } else {
      process.stdout.write(`wrote ${path.relative(root, out)}: ${r.manifest.range.count} entries, root ${r.manifest.tree.root}\n`);
    }
  } finally {
    rmSync(shim, { force: true });
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

function compareTrees(a, b) {
  const list = (dir, base = dir) =>
    readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? list(p, base) : [path.relative(base, p)];
    });
  const left = list(a).sort();
  let right;
  try {
    right = list(b).sort();
  } catch {
    return ['missing'];
  }
  const diffs = [];
  for (const f of new Set([...left, ...right])) {
    let same;
    try {
      same = readFileSync(path.join(a, f)).equals(readFileSync(path.join(b, f)));
    } catch {
      same = false;
    }
    if (!same) diffs.push(f);
  }
  return diffs;
}
