/**
 * The raw first pass of a sample (population-scan.ts) against the object path it replaced
 * (test/support/sampling-reference.ts), on a generated store of two logs, one exported twice
 * with an overlap, and planted findings: the same population size and digest, the same picked
 * items in the same order, the same strata and the same risk-based additions, for every
 * population, method and stratification.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { updateEngagement } from '../../electron/core/engagement/engagements.js';
import { drawSample, verifyWorkpaper } from '../../electron/core/sampling/workpaper.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { POPULATIONS, populationForControl } from '../../shared/sampling/populations.js';
import type { SampleMethod, StratifyBy } from '../../shared/sampling/workpaper-types.js';
import { referenceDraw } from '../support/sampling-reference.js';

let tmp: string;
let store: Store;
const AT = '2026-04-01T10:00:00.000Z';

async function importDemo(name: string, o: Partial<Parameters<typeof generateDemo>[0]>): Promise<void> {
  const demo = await generateDemo({ outDir: path.join(tmp, name), entries: 1000, zip: false, ...o });
  updateEngagement(store.db, 1, { addOrgIds: [demo.manifest.org.id] }, { at: AT, by: 'test' });
  const r = await importBundle(store, demo.bundleDir, {
    keyring: parseKeyring(readFileSync(demo.keyringPath, 'utf8')),
    engagement: 1,
    now: () => new Date(AT),
  });
  expect(r.trusted).toBe(true);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-sampling-fast-'));
  store = openStore(path.join(tmp, 'store'));
  const first = await generateDemo({
    outDir: path.join(tmp, 'a'),
    entries: 2500,
    seed: 'fast-a',
    plant: 'scope_violation',
    zip: false,
  });
  const r = await importBundle(store, first.bundleDir, {
    keyring: parseKeyring(readFileSync(first.keyringPath, 'utf8')),
    now: () => new Date(AT),
  });
  expect(r.trusted).toBe(true);
  await importDemo('b', { entries: 1500, seed: 'fast-b' });
  await importDemo('b2', { entries: 1000, seed: 'fast-b', firstSeq: 1000 });
}, 180_000);

afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const DRAWS: { method: SampleMethod; stratify?: StratifyBy; size?: number }[] = [
  { method: 'random' },
  { method: 'random', size: 400 },
  { method: 'systematic' },
  { method: 'stratified', stratify: 'agent' },
  { method: 'stratified', stratify: 'month' },
  { method: 'stratified', stratify: 'environment' },
];

describe('the raw first pass draws exactly what the object path drew', () => {
  it('spans two logs and an overlap, and carries findings', () => {
    const logs = store.db.prepare("SELECT count(*) AS n FROM logs WHERE kind = 'origin'").get() as {
      n: number;
    };
    expect(logs.n).toBe(2);
    const w = drawSample(store.db, {
      engagementId: 1,
      framework: 'iso27001',
      control: '8.3',
      seed: 'x',
      generatedAt: AT,
      generatedBy: 't',
    });
    expect(w.population.exports.length).toBe(3);
    expect(w.risk_items.length).toBeGreaterThan(0);
  });

  for (const def of POPULATIONS)
    for (const d of DRAWS)
      it(`${def.id}, ${d.method}${d.stratify ? ` by ${d.stratify}` : ''}${d.size ? `, n = ${d.size}` : ''}`, () => {
        // A control whose population is this one (a control tested by two populations draws the first).
        const [framework, control] = (['soc2', 'iso27001'] as const)
          .flatMap((f) => def.controls[f].map((c) => [f, c] as const))
          .find(([f, c]) => populationForControl(f, c)?.id === def.id)!;
        const w = drawSample(store.db, {
          engagementId: 1,
          framework,
          control,
          seed: 'same-seed',
          method: d.method,
          ...(d.stratify ? { stratify: d.stratify } : {}),
          ...(d.size ? { size: d.size, reason: 'wider test' } : {}),
          generatedAt: AT,
          generatedBy: 't',
        });
        const ref = referenceDraw(store.db, 1, def.actionTypes, w.size.n, d.method, 'same-seed', d.stratify);
        expect(w.population.id).toBe(def.id);
        expect(w.population.size).toBe(ref.size);
        expect(w.population.digest).toBe(ref.digest);
        expect(w.items.map(({ findings: _f, ...it }) => it)).toEqual(ref.items);
        expect(w.selection.strata).toEqual(ref.strata);
        expect(w.risk_items.map((r) => r.index)).toEqual(ref.riskIndices);
        expect(verifyWorkpaper(store.db, w)).toEqual({ ok: true, problems: [] });
      });
});
