/** A store holding one demo export imported by the CLI (its engagement is #1), in `dir`/store. */
import path from 'node:path';
import { crosscheck } from './cli.js';

/**
 * Generates a demo export of `entries` entries with `seed` (and a planted defect, if asked),
 * imports it and returns the store folder.
 */
export function demoStore(dir: string, seed: string, entries: number, opts: { plant?: string } = {}): string {
  const store = path.join(dir, 'store');
  const demo = path.join(dir, 'demo');
  const plant = opts.plant === undefined ? [] : ['--plant', opts.plant];
  const made = crosscheck(['demo', '--out', demo, '--entries', String(entries), '--seed', seed, ...plant]);
  if (made.code !== 0) throw new Error(`crosscheck demo failed: ${made.stderr}`);
  const imported = crosscheck([
    'import',
    path.join(demo, 'bundle'),
    '--keyring',
    path.join(demo, 'keyring.json'),
    '--store',
    store,
  ]);
  // Exit 1 is an import with findings: still imported.
  if (imported.code > 1) throw new Error(`crosscheck import failed: ${imported.stderr}`);
  return store;
}
