/** Writes the e2e bundles with our own generator: a clean one, a tampered one, one with decision findings. */
import path from 'node:path';
import { generateDemo } from '../../../electron/core/demo/generate-demo.js';

export interface FixtureSet {
  clean: { zip: string; keyring: string };
  tampered: { zip: string; keyring: string };
  findings: { zip: string; keyring: string };
  /** Two exports of one log with entries missing between them (plant export_gap). */
  gap: { previousZip: string; zip: string; keyring: string };
  /** Big enough that an import is seen running, to be cancelled. */
  large: { zip: string; keyring: string };
  /** Two more clients (other seeds, other organisations): engagements must keep them apart. */
  clientB: { zip: string; keyring: string };
  clientC: { zip: string; keyring: string };
}

async function one(root: string, name: string, plant: Parameters<typeof generateDemo>[0]['plant'], seed = 'e2e', entries = 1200): Promise<{ zip: string; keyring: string }> {
  const r = await generateDemo({ outDir: path.join(root, name), entries, seed, plant: plant ?? null, zip: true });
  if (!r.zipPath) throw new Error('the generator wrote no zip');
  return { zip: r.zipPath, keyring: r.keyringPath };
}

async function gap(root: string): Promise<FixtureSet['gap']> {
  const outDir = path.join(root, 'gap');
  const r = await generateDemo({ outDir, entries: 600, seed: 'e2e-gap', plant: 'export_gap', zip: true });
  const prev = r.expected.with_previous;
  if (!r.zipPath || !prev?.zip) throw new Error('the generator wrote no previous zip for export_gap');
  return { previousZip: path.join(outDir, prev.zip), zip: r.zipPath, keyring: r.keyringPath };
}

export async function makeFixtures(root: string): Promise<FixtureSet> {
  return {
    gap: await gap(root),
    large: await (async () => {
      const r = await generateDemo({ outDir: path.join(root, 'large'), entries: 150_000, seed: 'e2e-large', plant: null, zip: true });
      return { zip: r.zipPath!, keyring: r.keyringPath };
    })(),
    clean: await one(root, 'clean', null),
    tampered: await one(root, 'tampered', 'chain_broken'),
    findings: await one(root, 'findings', 'scope_violation'),
    clientB: await one(root, 'client-b', null, 'e2e-client-b', 700),
    clientC: await one(root, 'client-c', 'scope_violation', 'e2e-client-c', 500),
  };
}

const out = process.argv[2];
if (out) {
  const set = await makeFixtures(out);
  process.stdout.write(JSON.stringify(set) + '\n');
}
