/** A real store holding one demo export with a planted defect, in its own engagement (framework tests). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateDemo, type PlantKind } from '../../electron/core/demo/generate-demo.js';
import { listEngagements } from '../../electron/core/engagement/engagements.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { openStore, type Store } from '../../electron/core/store/store.js';

/** Generates `entries` entries of `seed` with `plant`, imports them into `<dir>/store`, returns the open store and its engagement. */
export async function plantedStore(
  dir: string,
  seed: string,
  plant: PlantKind,
  entries = 400,
): Promise<{ store: Store; engagement: number; storeDir: string }> {
  const g = await generateDemo({ outDir: path.join(dir, 'demo'), entries, seed, plant, zip: false });
  const storeDir = path.join(dir, 'store');
  const store = openStore(storeDir);
  await importBundle(store, g.bundleDir, { keyring: parseKeyring(readFileSync(g.keyringPath, 'utf8')) });
  return { store, engagement: Number(listEngagements(store.db)[0]!.id), storeDir };
}
