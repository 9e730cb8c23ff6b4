/**
 * An export voided between two others of the same log leaves the engagement's package population:
 * its lines are not counted, the exports either side are, and nothing is deleted.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/result.js';
import type { EngagementView } from '../../shared/engagement/engagement-types.js';
import type { ExportSummary, JobStatus, PackageView } from '../../shared/api/view-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { listPackages } from '../../electron/core/package/records.js';
import { exportBinder } from '../../electron/core/package/generate.js';
import { loadOrCreateAuditorKey } from '../../electron/core/binder/auditor-key.js';
import { verifyBinder } from '../../electron/core/binder/verify-binder.js';
import { jobOfKind } from '../support/job-kind.js';

const ipc = { transport: 'ipc' as const };
let dir: string;
let services: Services;

async function value<T>(method: MethodName, args: unknown): Promise<T> {
  const r = (await dispatch(services.handlers, method, args, ipc)) as Result<T>;
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function job(method: MethodName, args: unknown): Promise<JobStatus> {
  const started = await value<JobStatus>(method, args);
  for (;;) {
    const s = await value<JobStatus>('jobs.get', { jobId: started.id });
    if (s.state !== 'running') return s;
    await new Promise((res) => setTimeout(res, 10));
  }
}

beforeAll(async () => {
  dir = tempDir('cc-void-pop-');
  services = await createServices({ storeDir: path.join(dir, 'store'), user: 'auditor-a' });
  // One log cut into three consecutive exports of 1,000 entries (the generator's runs chain up on its grid).
  for (const [i, firstSeq] of [0, 1_000, 2_000].entries()) {
    const d = await generateDemo({
      outDir: path.join(dir, `part-${i}`),
      entries: 1_000,
      firstSeq,
      seed: 'void-pop',
      zip: false,
    });
    const s = await job('imports.start', {
      bundle: { kind: 'path', path: d.bundleDir },
      ...(i === 0 ? { keyring: { kind: 'path', path: d.keyringPath } } : {}),
    });
    expect(s.state, s.error ?? '').toBe('done');
  }
}, 180_000);

afterAll(async () => {
  await services?.close();
  removeDir(dir);
});

async function orgPackageEntries(engagementId: string): Promise<number> {
  const s = await job('packages.generate', { org: true, engagementId });
  expect(s.state, s.error ?? '').toBe('done');
  const view = await value<PackageView>('packages.get', {
    packageId: jobOfKind(s, 'package').result!.packageId,
  });
  return view.doc.population.entries;
}

describe('a voided export in the middle of a log', () => {
  it('leaves the package population with a hole where its lines were', async () => {
    const [engagement] = await value<EngagementView[]>('engagements.list', {});
    const id = engagement!.id;
    const exports = await value<ExportSummary[]>('exports.list', { engagementId: id });
    expect(exports).toHaveLength(3);
    expect(await orgPackageEntries(id)).toBe(3_000);
    const middle = exports.find((x) => x.firstSeq === 1_000)!;
    await value('exports.void', {
      engagementId: id,
      exportRef: middle.exportRef,
      reason: 'imported into the wrong engagement',
    });
    expect(await orgPackageEntries(id)).toBe(2_000);
    // Its binder holds the same population: 2,000 rows, not the voided export's lines too.
    const [latest] = listPackages(services.store.db, { engagementId: Number(id) });
    const key = loadOrCreateAuditorKey(path.join(dir, 'keys'), 'auditor-a');
    const zip = path.join(dir, 'after-void.zip');
    await exportBinder(services.store.db, latest!.id, zip, key);
    const v = await verifyBinder(zip, Buffer.from(key.publicKeyB64, 'base64'));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    // Nothing deleted: the store still holds every line.
    const n = services.store.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number };
    expect(n.n).toBe(3_000);
  });
});
