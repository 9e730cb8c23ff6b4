/** A finding's explanation replayed from a kept state snapshot equals the one replayed from the export's start. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingDetail, FindingGroupView } from '../../shared/api/view-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { importViaServices } from '../support/service-import.js';
import { SNAPSHOT_EVERY } from '../../electron/services/search-index.js';

let dir: string;
let services: Services;
let plantedSeq: number;
const ipc = { transport: 'ipc' as const };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-explain-'));
  const demo = await generateDemo({ outDir: path.join(dir, 'demo'), entries: 100_000, seed: 'explain', plant: 'verdict_mismatch', zip: false });
  plantedSeq = demo.expected.findings.find((f) => f.kind === 'verdict_mismatch')!.seq!;
  services = await createServices({ storeDir: path.join(dir, 'store') });
  await importViaServices(services, demo.bundleDir, demo.keyringPath);
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('explanations deep in an export', () => {
  it('start from the nearest snapshot and agree with a replay from the start', async () => {
    expect(plantedSeq).toBeGreaterThan(SNAPSHOT_EVERY);
    const snapshots = services.store.db.prepare('SELECT count(*) AS n FROM si.state_snapshots').get() as { n: number };
    expect(snapshots.n).toBe(Math.floor((100_000 - 1) / SNAPSHOT_EVERY));

    const groups = (await dispatch(services.handlers, 'findings.groups', { by: 'kind' }, ipc)) as { value: FindingGroupView[] };
    const finding = groups.value.find((g) => g.key === 'verdict_mismatch')!.findings[0]!;
    expect(finding.seq).toBe(plantedSeq);
    const fromSnapshot = ((await dispatch(services.handlers, 'findings.get', { findingId: finding.id }, ipc)) as { value: FindingDetail }).value;
    expect(fromSnapshot.trace.length).toBeGreaterThan(1);
    expect(fromSnapshot.decidedBy).not.toBeNull();

    services.store.db.exec('DELETE FROM si.state_snapshots');
    const fromStart = ((await dispatch(services.handlers, 'findings.get', { findingId: finding.id }, ipc)) as { value: FindingDetail }).value;
    expect(fromSnapshot.trace).toEqual(fromStart.trace);
    expect(fromSnapshot.decidedBy).toBe(fromStart.decidedBy);
  });
});
