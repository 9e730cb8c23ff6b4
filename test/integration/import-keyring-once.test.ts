/**
 * The app's import resolves its keyring once, from the trust store: the import (in the worker, and
 * in-process) verifies with the keyring parsed from the bytes it records, so the store's record
 * of what verified an export is exactly what did. A real `crosscheck demo` bundle, through the services.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../shared/format/export-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { openStore } from '../../electron/core/store/store.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { createServices, WORKER_FILE } from '../../electron/services/services.js';
import { exportDetail } from '../../electron/services/queries/exports-queries.js';
import { TRUST_STORE_KEYRING, trustedKeyringKeys } from '../../electron/services/queries/notes-queries.js';
import { builtFile } from '../support/built.js';
import { crosscheck } from '../support/cli.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { jobOfKind } from '../support/job-kind.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';
import { importViaServices } from '../support/service-import.js';

let dir: string;
let demoBundle: string;
let demoKeyring: string;

beforeAll(() => {
  dir = tempDir('cc-keyring-once-');
  const out = path.join(dir, 'demo');
  const r = crosscheck(['demo', '--out', out, '--entries', '1200', '--seed', 'keyring-once', '--no-zip']);
  expect(r.code, r.stderr).toBe(0);
  demoBundle = path.join(out, 'bundle');
  demoKeyring = path.join(out, 'keyring.json');
});

afterAll(() => removeDir(dir));

describe.each([
  ['in the import worker', () => builtFile(WORKER_FILE)],
  // From the sources there is no worker file next to the services: the job runs on this thread.
  ['in-process', () => undefined],
])('an app import %s', (_where, worker) => {
  it('records the trust store keyring it verified with, byte for byte, once', async () => {
    const storeDir = path.join(dir, `store-${worker() === undefined ? 'inline' : 'worker'}`);
    const services = await createServices({ storeDir, workerScript: worker() });
    let trusted: Keyring;
    let ref: string;
    try {
      // Two clients' keyrings in the trust store: the demo's import verifies against both.
      const sample = jobOfKind(await importViaServices(services, SAMPLE_BUNDLE, SAMPLE_KEYRING), 'import');
      expect(sample.outcome?.status).toBe('VALID');
      const demo = jobOfKind(await importViaServices(services, demoBundle, demoKeyring), 'import');
      expect(demo.state, demo.error ?? '').toBe('done');
      expect(demo.outcome?.status).toBe('VALID');
      ref = demo.outcome!.exportRef;
    } finally {
      await services.close();
    }
    const store = openStore(storeDir, { readonly: true });
    try {
      trusted = { keys: trustedKeyringKeys(store).map((k) => k.key) };
      const demoFile = JSON.parse(readFileSync(demoKeyring, 'utf8')) as Keyring;
      expect(trusted.keys.length).toBeGreaterThan(demoFile.keys.length);
      const recorded = store
        .prepare<[number], { name: string | null; json: string; sha256: string }>(
          'SELECT k.name, k.json, k.sha256 FROM exports e JOIN imports i ON i.id = e.import_id JOIN keyrings k ON k.id = i.keyring_id WHERE e.id = ?',
        )
        .get(Number(ref))!;
      // The whole trust store, as the services resolved it, not the file the auditor just added.
      expect(recorded.json).toBe(canonicalize(trusted));
      expect(recorded.sha256).toBe(sha256Hex(recorded.json));
      expect(recorded.name).toBe(TRUST_STORE_KEYRING);
      // One row per distinct keyring: the sample's import under a smaller trust store has its own.
      expect(store.prepare<[], { n: number }>('SELECT count(*) AS n FROM keyrings').get()!.n).toBe(2);
      const detail = exportDetail(store, Number(ref), null)!;
      expect(detail.provenance).toMatchObject({
        keyringName: TRUST_STORE_KEYRING,
        keyringSha256: recorded.sha256,
      });

      // Verifying again with the recorded bytes reproduces the stored verdict, check for check…
      const again = await verifyBundle(demoBundle, { keyring: JSON.parse(recorded.json) as Keyring });
      expect(again.report.integrity.status).toBe('VALID');
      expect(again.report.integrity.checks.map((c) => [c.id, c.status])).toEqual(
        detail.checks.map((c) => [c.id, c.status]),
      );
      // …and those bytes decided it: the sample's keys alone cannot verify the demo.
      const sampleOnly = JSON.parse(readFileSync(SAMPLE_KEYRING, 'utf8')) as Keyring;
      expect((await verifyBundle(demoBundle, { keyring: sampleOnly })).report.integrity.status).toBe(
        'UNVERIFIABLE',
      );
    } finally {
      store.close();
    }
  });
});
