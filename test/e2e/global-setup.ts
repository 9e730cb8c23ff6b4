/** Builds the app once and generates the fixture bundles with our own generator. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { E2E_TMP, FIXTURES_JSON, NODE, ROOT, SCREENS_DIR } from './support/paths.js';

function run(args: string[]): string {
  const r = spawnSync(NODE, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

// Playwright loads globalSetup as the module's default export.
// eslint-disable-next-line no-restricted-exports
export default async function globalSetup(): Promise<void> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  if (!process.env.CROSSCHECK_E2E_NO_BUILD) run(['scripts/build-app.mjs']);
  rmSync(E2E_TMP, { recursive: true, force: true });
  mkdirSync(E2E_TMP, { recursive: true });
  const script = path.join(E2E_TMP, 'make-fixtures.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['test/e2e/support/make-fixtures.ts'],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
  });
  const out = run([script, path.join(E2E_TMP, 'bundles')]);
  writeFileSync(FIXTURES_JSON, out.trim());
}
