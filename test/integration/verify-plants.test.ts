/**
 * Every defect the generator can plant, run through the real verifier (and the store for the
 * two-export plants): the report must hold exactly the findings the spec prescribes, each at its
 * seq, with the prescribed status and exit code — and a clean bundle none.
 */
import { readFileSync } from 'node:fs';
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
import { removeDir, tempDir } from '../support/bundle-files.js';

const root = tempDir('crosscheck-plants-');
afterAll(() => removeDir(root));

function outcome(r: Report): ExpectedOutcome {
  return {
    integrity: r.integrity.status,
    exit_code: exitCodeFor(r),
    findings: r.findings.map((f) => ({ kind: f.kind, seq: f.seq })),
  };
}

function sorted(o: ExpectedOutcome): ExpectedOutcome {
  const key = (f: { kind: string; seq: number | null }) => `${f.seq ?? -1}:${f.kind}`;
  return {
    integrity: o.integrity,
    exit_code: o.exit_code,
    findings: o.findings.map((f) => ({ kind: f.kind, seq: f.seq })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)),
  };
}

describe('clean generated bundles of several sizes report nothing', () => {
  for (const [entries, firstSeq] of [[1, 0], [250, 0], [3000, 0], [1200, 1000]] as const) {
    it(`${entries} entries from seq ${firstSeq}`, async () => {
      const out = path.join(root, `clean-${entries}-${firstSeq}`);
      const g = await generateDemo({ outDir: out, entries, seed: 'clean', firstSeq });
      const keyring = parseKeyring(readFileSync(g.keyringPath, 'utf8'));
      for (const p of [g.bundleDir, g.zipPath!]) {
        const r = (await verifyBundle(p, { keyring })).report;
        expect(outcome(r)).toEqual({ integrity: 'VALID', exit_code: 0, findings: [] });
      }
    });
  }
});

describe('every plantable defect is found exactly where the spec says', () => {
  for (const plant of PLANTABLE_KINDS) {
    it(plant, async () => {
      const out = path.join(root, plant);
      const g = await generateDemo({ outDir: out, entries: 1500, seed: `plant-${plant}`, plant });
      const ex = g.expected;
      const keyring = parseKeyring(readFileSync(g.keyringPath, 'utf8'));
      const folder = (await verifyBundle(g.bundleDir, { keyring })).report;
      expect(sorted(outcome(folder))).toEqual(sorted({ integrity: ex.integrity, exit_code: ex.exit_code, findings: ex.findings }));
      if (g.zipPath && ex.zip_outcome) {
        const zip = (await verifyBundle(g.zipPath, { keyring })).report;
        expect(sorted(outcome(zip))).toEqual(sorted(ex.zip_outcome));
      }
      if (ex.with_previous) {
        const store = openStore(path.join(out, 'store'));
        try {
          const prev = await importBundle(store, path.join(out, ex.with_previous.bundle), { keyring });
          expect(prev.integrity).toBe('VALID');
          const view = createContinuityView(store);
          const r = (await verifyBundle(g.bundleDir, { keyring, continuity: view })).report;
          (view as { close?: () => void }).close?.();
          expect(r.integrity.continuity).toBe(ex.with_previous.continuity);
          expect(sorted(outcome(r))).toEqual(sorted(ex.with_previous));
        } finally {
          store.close();
        }
      }
    });
  }
});
