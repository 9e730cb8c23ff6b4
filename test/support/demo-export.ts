/** A small VALID export from our own generator, with the export key that re-signs it after an edit. */
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Keyring, Manifest } from '../../shared/format/export-types.js';
import { demoKeys, generateDemo } from '../../electron/core/demo/generate-demo.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import type { SigningKey } from '../../electron/core/producer/keys.js';
import { envelopeJson, manifestPayload, signEnvelope } from '../../electron/core/producer/signing.js';

export interface DemoExport {
  bundleDir: string;
  keyring: Keyring;
  exportKey: SigningKey;
}

/** Generates `entries` entries of `seed` into `outDir` (folder only) and finds its export key. */
export async function demoExport(outDir: string, seed: string, entries = 120): Promise<DemoExport> {
  const g = await generateDemo({ outDir, entries, seed, zip: false });
  const keyring = parseKeyring(readFileSync(g.keyringPath, 'utf8'));
  const slug = keyring.keys.map((k) => /^(.*)-export-2026$/.exec(k.name)?.[1]).find((s) => s !== undefined)!;
  return { bundleDir: g.bundleDir, keyring, exportKey: demoKeys(seed, slug).exp };
}

/** A fresh copy of the export's folder at `dir`. */
export function copyExport(demo: DemoExport, dir: string): string {
  cpSync(demo.bundleDir, dir, { recursive: true });
  return dir;
}

/** The manifest inside a folder's envelope. */
export function manifestOf(dir: string): Manifest {
  const env = JSON.parse(readFileSync(path.join(dir, 'manifest.dsse.json'), 'utf8')) as { payload: string };
  return JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
}

/**
 * The producer's move after an edit: every listed file re-digested from the folder, `edit` applied
 * to the manifest, and the payload (`payload`, JCS by default) signed again with the export key.
 */
export function resignExport(
  demo: DemoExport,
  dir: string,
  edit: (m: Manifest) => Manifest = (m) => m,
  payload: (m: Manifest) => Buffer = manifestPayload,
): void {
  const m = manifestOf(dir);
  m.files = m.files.map((f) => {
    const b = readFileSync(path.join(dir, f.path));
    return { ...f, sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length };
  });
  const env = signEnvelope(payload(edit(m)), [demo.exportKey]);
  writeFileSync(path.join(dir, 'manifest.dsse.json'), envelopeJson(env));
}
