/**
 * Plants inside a later segment of the log (firstSeq > 0, so state.json carries approvals,
 * suspensions and recent calls over): the real verifier, and for two-export plants the real store,
 * must report exactly what expected.json says. DEMO_PLANT_SEEDS=a,b,c sweeps more seeds.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo, PLANTABLE_KINDS, type ExpectedOutcome } from '../../electron/core/demo/generate-demo.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { exitCodeFor } from '../../electron/core/verify/report-status.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { openStore } from '../../electron/core/store/store.js';
import { createContinuityView } from '../../electron/core/store/continuity.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import type { Report } from '../../shared/report/report-types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-plants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const seeds = (process.env.DEMO_PLANT_SEEDS ?? 'segment').split(',');

function outcome(r: Report): ExpectedOutcome {
  const key = (f: { kind: string; seq: number | null }): string => `${String(f.seq ?? -1).padStart(12, '0')}:${f.kind}`;
  const findings = r.findings.map((f) => ({ kind: f.kind, seq: f.seq })).sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return { integrity: r.integrity.status, exit_code: exitCodeFor(r), findings };
}

function norm(o: ExpectedOutcome): ExpectedOutcome {
  const key = (f: { kind: string; seq: number | null }): string => `${String(f.seq ?? -1).padStart(12, '0')}:${f.kind}`;
  return { integrity: o.integrity, exit_code: o.exit_code, findings: [...o.findings].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((f) => ({ kind: f.kind, seq: f.seq })) };
}

for (const seed of seeds) {
  describe(`plants in the segment 1000..1999 of seed ${seed}`, () => {
    for (const plant of PLANTABLE_KINDS) {
      it(plant, async () => {
        const out = path.join(tmp, `${seed}-${plant.replace(':', '-')}`);
        const g = await generateDemo({ outDir: out, entries: 1000, firstSeq: 1000, seed, plant });
        const ex = g.expected;
        expect(ex.generator.first_seq).toBe(1000);
        const keyring = parseKeyring(readFileSync(g.keyringPath, 'utf8'));
        expect(outcome((await verifyBundle(g.bundleDir, { keyring })).report)).toEqual(norm(ex));
        expect(outcome((await verifyBundle(g.zipPath!, { keyring })).report)).toEqual(norm(ex.zip_outcome!));
        if (ex.with_previous) {
          const store = openStore(path.join(out, 'store'));
          try {
            const prev = await importBundle(store, path.join(out, ex.with_previous.bundle), { keyring });
            expect(prev.integrity).toBe('VALID');
            const view = createContinuityView(store);
            const r = (await verifyBundle(g.bundleDir, { keyring, continuity: view })).report;
            (view as { close?: () => void }).close?.();
            expect(r.integrity.continuity).toBe(ex.with_previous.continuity);
            expect(outcome(r)).toEqual(norm(ex.with_previous));
          } finally {
            store.close();
          }
        }
      });
    }
  });
}
